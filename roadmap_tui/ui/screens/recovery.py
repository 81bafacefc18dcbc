"""The recovery prompt: unsaved edits a crashed session left in the journal, offered back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from roadmap_tui.safety.merge import Change
from roadmap_tui.safety.recovery import Recovery
from roadmap_tui.ui.screens.unasked import UnaskedQuestion
from roadmap_tui.ui.text import visible

REAPPLY, DISCARD, LATER = "reapply", "discard", "later"
# A crash after a bulk edit can leave thousands: the list stays short and says the rest.
SHOWN_CHANGES = 50


def changes_text(changes: list[Change]) -> Text:
    """One line per market change (user text shown as typed), the first SHOWN_CHANGES."""
    lines = [f"• {visible(change.describe())}" for change in changes[:SHOWN_CHANGES]]
    if len(changes) > SHOWN_CHANGES:
        lines.append(f"… and {len(changes) - SHOWN_CHANGES} more markets")
    return Text("\n".join(lines))


class RecoveryScreen(UnaskedQuestion, ModalScreen[str]):
    """Shows what the journal holds; dismisses with REAPPLY, DISCARD or LATER (quit and
    keep the journal for another time).

    There is no plain "close": the first edit made here would replace the journal, so
    the user decides before editing."""

    CSS_PATH = "recovery.tcss"
    AUTO_FOCUS = "#recovery-choices Button"  # the first answer: enter presses it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "answer('reapply')", "Re-apply", id="recovery.reapply"),
        Binding("d", "answer('discard')", "Discard", id="recovery.discard"),
        Binding("q", "answer('later')", "Quit, keep them", id="recovery.later"),
    ]

    def __init__(self, recovery: Recovery, file_name: str) -> None:
        super().__init__()
        self.recovery = recovery
        self.file_name = file_name

    def compose(self) -> ComposeResult:
        changes = self.recovery.changes()
        with Vertical(id="recovery-dialog") as dialog:
            dialog.border_title = Content("Unsaved edits found")
            dialog.border_subtitle = Content(visible(self.file_name))
            yield Static(
                Text(visible(f"{self.recovery.summary()}.", keep_newlines=True), style="bold"),
                id="recovery-summary",
                markup=False,
            )
            yield Static(
                Text(self._explanation(), style="dim"), id="recovery-explanation", markup=False
            )
            with VerticalScroll(id="recovery-changes"):
                yield Static(changes_text(changes), markup=False)
                for line in self.recovery.info_changes():
                    yield Static(Text(visible(f"roadmap {line}")), markup=False)
            with Horizontal(id="recovery-choices"):
                if self.usable:
                    yield Button(
                        Text.assemble(("r", "bold"), " Re-apply"),
                        id="choice-reapply",
                        variant="primary",
                        compact=True,
                    )
                yield Button(
                    Text.assemble(("d", "bold"), " Discard"), id="choice-discard", compact=True
                )
                yield Button(
                    Text.assemble(("q", "bold"), " Quit, keep them"),
                    id="choice-later",
                    compact=True,
                )
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.shown)

    @property
    def usable(self) -> bool:
        return self.recovery.usable

    def _explanation(self) -> str:
        if not self.usable:
            return "Nothing here can be re-applied."
        return (
            f"A session that ended without saving left these edits to {visible(self.file_name)}. "
            "Re-applying merges them into the file as it is now; nothing is saved until you save."
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer" and parameters and parameters[0] == REAPPLY:
            return self.usable
        return True

    def action_answer(self, answer: str) -> None:
        """Close with the user's answer."""
        if answer == REAPPLY and not self.usable:
            return
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_answer((event.button.id or "").removeprefix("choice-"))
