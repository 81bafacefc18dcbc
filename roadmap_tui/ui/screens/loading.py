"""The screen shown while a big roadmap is read and checked in a thread."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from roadmap_tui.ui.text import visible


class LoadingScreen(Screen[None]):
    """Says which roadmap is being opened; q or esc quits meanwhile."""

    CSS_PATH = "loading.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        # Still text, no animation: an idle event loop leaves the loading thread the
        # interpreter (an animated indicator made the load twice as slow).
        yield Static(Content(f"Opening {visible(self.path.name)} …"))
