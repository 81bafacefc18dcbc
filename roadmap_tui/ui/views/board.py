"""The board view (to be built: issue 9)."""

from __future__ import annotations

from roadmap_tui.ui.views.placeholder import PlaceholderPane


class BoardView(PlaceholderPane):
    TITLE = "Board"
