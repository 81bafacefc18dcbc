"""The history editor: a market's status changes, one to correct or to delete.

It answers with one `HistoryEdit`, which the main screen applies as one undoable edit
(`RoadmapDocument.update_history`), so the file changes by that entry's lines only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from roadmap_tui.model import Market, StatusChange
from roadmap_tui.moments import Moment, describe_moment, parse_moment
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.shown_input import ShownInput
from roadmap_tui.ui.widgets.status import look_of, status_label, status_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus


@dataclass(frozen=True)
class HistoryEdit:
    """Put `change` in place of the entry at `position` (0: the oldest); None deletes it."""

    position: int
    change: StatusChange | None


def moment_text(moment: Moment) -> str:
    """A moment as the editor shows it for editing: `2022-07-05`, `2022-07-05T09:30:00Z`."""
    if isinstance(moment, datetime) and moment.utcoffset() == timedelta(0):
        return moment.replace(tzinfo=None).isoformat() + "Z"
    return moment.isoformat()


class HistoryEditor(ModalScreen[HistoryEdit | None]):
    """`market`'s history, oldest first: `e` (or enter) edits the highlighted entry in the
    fields below the list, `ctrl+s` keeps the edit, `d` deletes the entry, `esc` closes."""

    CSS_PATH = "history_editor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_entry", "Edit", id="history-edit"),
        Binding("d", "delete_entry", "Delete", id="history-delete"),
        Binding("ctrl+s", "keep", "Keep", id="history-keep"),
        Binding("escape", "cancel", "Close", key_display="esc", id="history-close"),
    ]

    def __init__(
        self, market: Market, workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW
    ) -> None:
        super().__init__()
        self.market = market
        self.workflow = tuple(workflow)
        self.editing: int | None = None  # the entry in the fields below, if any

    def compose(self) -> ComposeResult:
        with Vertical(id="history-dialog"):
            yield OptionList(*self._options(), id="history-entries")
            with Vertical(id="history-fields"):
                with Horizontal(classes="history-row"):
                    yield Label("When", classes="history-label")
                    yield ShownInput(placeholder="2022-07-05", compact=True, id="history-at")
                with Horizontal(classes="history-row"):
                    yield Label("From", classes="history-label")
                    yield self._status_select("history-from")
                    yield Label("to", classes="history-label history-to-label")
                    yield self._status_select("history-to")
                with Horizontal(classes="history-row"):
                    yield Label("Note", classes="history-label")
                    yield ShownInput(placeholder="why it changed", compact=True, id="history-note")
            yield Static("", id="history-message", markup=False)
        yield Footer()

    def _status_select(self, id: str) -> Select[str]:
        options = [(one_line(status_label(status)), status.name) for status in self.workflow]
        return Select(options, allow_blank=False, compact=True, id=id)

    def _options(self) -> list[Option]:
        variables = self.app.theme_variables
        options = []
        for change in self.market.history:
            prompt = Text.assemble(
                (describe_moment(change.at), "bold"),
                "  ",
                (
                    one_line(change.from_),
                    status_style(look_of(change.from_, self.workflow), variables),
                ),
                " → ",
                (one_line(change.to), status_style(look_of(change.to, self.workflow), variables)),
            )
            if change.note:
                prompt.append("  " + one_line(change.note), style="italic")
            options.append(Option(prompt))
        return options

    def on_mount(self) -> None:
        dialog = self.query_one("#history-dialog")
        dialog.border_title = Content(one_line(f"History · {self.market.code} {self.market.name}"))
        dialog.border_subtitle = Content("e edit · d delete · esc close")
        entries = self.query_one("#history-entries", OptionList)
        if self.market.history:
            entries.highlighted = len(self.market.history) - 1  # the latest
        self.set_focus(entries)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # e and d are letters in the note while editing; ctrl+s only means something then
        if action in ("edit_entry", "delete_entry"):
            return self.editing is None
        if action == "keep":
            return self.editing is not None
        return True

    @property
    def highlighted(self) -> int | None:
        return self.query_one("#history-entries", OptionList).highlighted

    def action_edit_entry(self) -> None:
        """Show the highlighted entry in the fields, to correct it."""
        position = self.highlighted
        if position is None:
            return
        change = self.market.history[position]
        self.editing = position
        self.query_one("#history-at", Input).value = moment_text(change.at)
        names = {status.name for status in self.workflow}
        for key, name in (("from", change.from_), ("to", change.to)):
            if name in names:
                self.query_one(f"#history-{key}", Select).value = name
        self.query_one("#history-note", Input).value = change.note or ""
        self.query_one("#history-fields").display = True
        self.refresh_bindings()
        self.set_focus(self.query_one("#history-at", Input))

    @on(OptionList.OptionSelected, "#history-entries")
    def _entry_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_entry()

    def action_delete_entry(self) -> None:
        """Delete the highlighted entry (ctrl+z in the app brings it back)."""
        position = self.highlighted
        if position is not None:
            self.dismiss(HistoryEdit(position, None))

    def action_keep(self) -> None:
        """Keep the corrected entry, if its date reads as one."""
        if self.editing is None:
            return
        old = self.market.history[self.editing]
        typed = self.query_one("#history-at", Input).value
        try:
            at = old.at if typed.strip() == moment_text(old.at) else parse_moment(typed)
        except ValueError as error:
            self._say(str(error))
            self.set_focus(self.query_one("#history-at", Input))
            return
        from_ = str(self.query_one("#history-from", Select).value)
        to = str(self.query_one("#history-to", Select).value)
        note = self.query_one("#history-note", Input).value.strip() or None
        # the unknown keys of the entry (kept in the file) stay with it
        extra = dict(old.model_extra or {})
        change = StatusChange.model_validate(
            {**extra, "at": at, "from": from_, "to": to, "note": note}
        )
        self.dismiss(HistoryEdit(self.editing, change))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_keep()

    def action_cancel(self) -> None:
        """Back to the list from the fields; close from the list."""
        if self.editing is not None:
            self.editing = None
            self.query_one("#history-fields").display = False
            self._say("")
            self.refresh_bindings()
            self.set_focus(self.query_one("#history-entries", OptionList))
            return
        self.dismiss(None)

    def _say(self, message: str) -> None:
        shown = self.query_one("#history-message", Static)
        shown.update(Text(message))
        shown.set_class(bool(message), "-shown")
