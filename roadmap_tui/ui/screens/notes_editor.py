"""The notes editor: a market's notes in a multi-line editor, kept or cancelled."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, TextArea

from roadmap_tui.model import Market
from roadmap_tui.ui.forms import shown_in_field
from roadmap_tui.ui.screens.typing_dialog import TypingDialog
from roadmap_tui.ui.text import one_line


class NotesArea(TextArea):
    """A TextArea that draws control characters as visible symbols.

    The text itself is untouched: what is kept is exactly what was typed or loaded."""

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: control characters replaced by their symbols."""
        line = self.document.get_line(line_index)
        return Text(shown_in_field(line), end="", no_wrap=True)


class NotesEditor(TypingDialog[str]):
    """Edit `market`'s notes; dismisses with the new text, or None when cancelled.

    Cancelling (or quitting) after a change asks first: see TypingDialog."""

    CSS_PATH = "notes_editor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep notes", id="notes-keep"),
        Binding("escape", "cancel", "Cancel", key_display="esc", id="notes-cancel"),
    ]

    def __init__(self, market: Market) -> None:
        super().__init__()
        self.market = market
        self.original = market.notes or ""

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-dialog"):
            yield NotesArea(
                self.original,
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                id="notes-text",
            )
            with Horizontal(id="notes-buttons"):
                yield Button("Keep", variant="primary", id="notes-keep", compact=True)
                yield Button("Cancel", id="notes-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#notes-dialog")
        # The title holds the market's name: plain Content, never markup.
        dialog.border_title = Content(one_line(f"Notes · {self.market.code} {self.market.name}"))
        dialog.border_subtitle = Content("ctrl+s keep · esc cancel")
        # set_focus, not focus(): keys typed right after the one that opened the editor
        # are routed as soon as it is mounted, and must find the text area focused.
        self.set_focus(self.query_one("#notes-text", TextArea))

    @property
    def text(self) -> str:
        """The notes as they stand in the editor."""
        return self.query_one("#notes-text", TextArea).text

    @property
    def changed(self) -> bool:
        """Whether the notes differ from what the market had."""
        return self.text != self.original

    @property
    def typed_what(self) -> str:
        return f"the notes of {self.market.name}"

    def kept(self) -> str:
        """The notes as typed (any text is a valid note)."""
        return self.text

    @on(Button.Pressed, "#notes-keep")
    def _keep_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_keep()

    @on(Button.Pressed, "#notes-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
