"""Dialogs that hold typed text (notes, market fields): esc and quitting ask before
that text is thrown away."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widget import Widget

from roadmap_tui.ui.screens.confirm import Confirm

Result = TypeVar("Result")

DISCARD = "discard"
KEEP_EDITING = "keep-editing"


class TypingDialog(ModalScreen[Result | None]):
    """A dialog the user types into; dismisses with `kept()`, or None when cancelled.

    Subclasses say what the text belongs to (`typed_what`), whether it differs from what
    the dialog opened with (`changed`), and what keeping it means (`kept`). Cancelling
    after a change asks first, so an `escape` never throws work away; the app asks the
    same before quitting (`RoadmapApp.action_quit`)."""

    @property
    def typed_what(self) -> str:
        """What the typed text belongs to, for questions: "the notes of Germany"."""
        raise NotImplementedError

    @property
    def changed(self) -> bool:
        """Whether the dialog holds text that differs from what it opened with."""
        raise NotImplementedError

    def kept(self) -> Result | None:
        """The result that keeps what was typed, or None when it cannot be kept as it
        stands (the dialog then shows what to fix)."""
        raise NotImplementedError

    def action_keep(self) -> None:
        """Close with what was typed, if it can be kept."""
        result = self.kept()
        if result is not None:
            self.dismiss(result)

    def action_cancel(self) -> None:
        """Close without the typed text, asking first if there is any."""
        if not self.changed:
            self.dismiss(None)
            return
        typing_in = self.focused

        def answered(answer: str | None) -> None:
            if answer == DISCARD:
                self.dismiss(None)
            else:
                self.resume_typing(typing_in)

        self.app.push_screen(
            Confirm(
                f"Discard your changes to {self.typed_what}?",
                [("d", "Discard", DISCARD), ("escape", "Keep editing", KEEP_EDITING)],
            ),
            answered,
        )

    def resume_typing(self, widget: Widget | None) -> None:
        """Put the focus back where the user was typing before a question."""
        if widget is not None and widget.screen is self:
            self.set_focus(widget)
