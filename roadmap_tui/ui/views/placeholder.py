"""A view not built yet: it says so. (Scaffolding: each view replaces its own.)"""

from __future__ import annotations

from textual.widgets import Static

from roadmap_tui.ui.views import Shown


class PlaceholderPane(Static, can_focus=True):
    """Shows its name; selects nothing."""

    TITLE = "View"

    def show(self, shown: Shown, selected: str | None) -> None:
        self.update(f"{self.TITLE}: {len(shown.markets)} markets")

    def select(self, key: str | None) -> bool:
        return False
