"""The save-as prompt: a path to save the roadmap to when its own file cannot be used."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from roadmap_tui.ui.text import visible


class SaveAsScreen(ModalScreen[str | None]):
    """Asks for a path; dismisses with it (as typed) or None when cancelled.

    `reason` says why it is asked (the file was deleted, the disk is full ...)."""

    CSS_PATH = "save_as.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc", id="save-as.cancel"),
    ]

    def __init__(self, suggestion: str, reason: str = "") -> None:
        super().__init__()
        self.suggestion = suggestion
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as-dialog"):
            if self.reason:
                yield Static(
                    Text(visible(self.reason, keep_newlines=True)),
                    id="save-as-reason",
                    markup=False,
                )
            yield Input(self.suggestion, id="save-as-path", select_on_focus=False)
            yield Static(
                Text("enter saves to this path (a new file) · esc cancels", style="dim"),
                id="save-as-hint",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#save-as-dialog").border_title = Content("Save the roadmap as")
        self.query_one(Input).focus()

    @on(Input.Submitted, "#save-as-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
