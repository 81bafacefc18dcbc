"""The roadmap form: the roadmap's own title, owner and description, edited in the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, Static

from roadmap_tui.model import RoadmapInfo
from roadmap_tui.ui.screens.notes_editor import NotesArea
from roadmap_tui.ui.screens.typing_dialog import TypingDialog
from roadmap_tui.ui.widgets.shown_input import ShownInput

RoadmapChanges = dict[str, str | None]


class RoadmapForm(TypingDialog[RoadmapChanges]):
    """Edit `info`'s title, owner and description; dismisses with the keys that changed
    (None for an owner or description emptied, which removes it), or None when
    cancelled. Cancelling after a change asks first: see TypingDialog."""

    CSS_PATH = "roadmap_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Save", id="roadmap-form-save"),
        Binding("escape", "cancel", "Cancel", key_display="esc", id="roadmap-form-cancel"),
    ]

    def __init__(self, info: RoadmapInfo) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        with Vertical(id="roadmap-form-dialog"):
            for key, label, value in (
                ("title", "Title", self.info.title),
                ("owner", "Owner", self.info.owner or ""),
            ):
                with Horizontal(classes="roadmap-form-row"):
                    yield Label(label, classes="roadmap-form-label")
                    yield ShownInput(value, compact=True, id=f"roadmap-{key}")
            with Horizontal(classes="roadmap-form-row", id="roadmap-description-row"):
                yield Label("About", classes="roadmap-form-label")
                yield NotesArea(
                    self.info.description or "",
                    soft_wrap=True,
                    tab_behavior="focus",
                    show_line_numbers=False,
                    id="roadmap-description",
                )
            yield Static("", id="roadmap-form-error", markup=False)
            with Horizontal(id="roadmap-form-buttons"):
                yield Button("Save", variant="primary", id="roadmap-form-save", compact=True)
                yield Button("Cancel", id="roadmap-form-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#roadmap-form-dialog")
        dialog.border_title = "The roadmap"
        dialog.border_subtitle = Content("ctrl+s saves · esc cancels")
        self.set_focus(self.query_one("#roadmap-title", Input))

    def values(self) -> dict[str, str]:
        """The title, owner and description as they stand in the form."""
        return {
            "title": self.query_one("#roadmap-title", Input).value,
            "owner": self.query_one("#roadmap-owner", Input).value,
            "description": self.query_one("#roadmap-description", NotesArea).text,
        }

    @property
    def typed_what(self) -> str:
        return "the roadmap's title, owner and description"

    @property
    def changed(self) -> bool:
        return bool(self._changes())

    def _changes(self) -> RoadmapChanges:
        before = {
            "title": self.info.title,
            "owner": self.info.owner or "",
            "description": self.info.description or "",
        }
        return {
            key: value if value.strip() else None
            for key, value in self.values().items()
            if value != before[key]
        }

    def kept(self) -> RoadmapChanges | None:
        changes = self._changes()
        error = self.query_one("#roadmap-form-error", Static)
        if "title" in changes and changes["title"] is None:
            error.update(Text("A roadmap needs a title."))
            error.set_class(True, "-shown")
            self.set_focus(self.query_one("#roadmap-title", Input))
            return None
        return changes

    def action_keep(self) -> None:
        """Close with the changes (closing without any is the same as cancelling)."""
        changes = self.kept()
        if changes is not None:
            self.dismiss(changes or None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#roadmap-form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_keep()

    @on(Button.Pressed, "#roadmap-form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
