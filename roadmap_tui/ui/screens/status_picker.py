"""The status picker: choose a market's next status (from the roadmap's workflow), a note
for its history and the day it happened (today unless told otherwise)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.model import Market
from roadmap_tui.moments import Moment, parse_moment
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.shown_input import ShownInput
from roadmap_tui.ui.widgets.status import status_label, status_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus


@dataclass(frozen=True)
class StatusChoice:
    """The picker's answer: the new status, the note for the history entry, and when it
    happened (None: now)."""

    status: str
    note: str
    at: Moment | None = None


class StatusPicker(ModalScreen[StatusChoice | None]):
    """Choose a new status for `market` from `workflow` (`1` to `9` in its order, or
    arrows; `preset` comes chosen), then write an optional note and, if it happened on
    another day than `today`, its date; `enter` in the note or the date confirms,
    `escape` cancels."""

    CSS_PATH = "status_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Arrows reach the screen only from the note field: they still move the choice.
        Binding("up", "move(-1)", "Previous status", show=False),
        Binding("down", "move(1)", "Next status", show=False),
    ]

    def __init__(
        self,
        market: Market,
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
        today: date | None = None,
        preset: str | None = None,
    ) -> None:
        super().__init__()
        self.market = market
        self.preset = preset  # a status that comes chosen (a card moved on the board)
        self.workflow = tuple(workflow)
        self.names = [status.name for status in self.workflow]
        self.today = today or date.today()
        self._note_next = False  # a status is chosen: what is typed now is the note
        # one digit per status, in the workflow's order, named in the footer; then esc
        for number, status in enumerate(self.workflow[:9], start=1):
            label = status.name[:1].upper() + status.name[1:]
            self._bindings.bind(str(number), f"choose_number({number})", one_line(label))
        self._bindings.bind("escape", "cancel", "Cancel", key_display="esc")

    def compose(self) -> ComposeResult:
        market = self.market
        with Vertical(id="picker-dialog"):
            yield Static(
                Text(one_line(f"{market.code}  {market.name}"), style="bold"),
                id="picker-market",
                markup=False,
            )
            since = f" since {market.since.isoformat()}" if market.since else ""
            yield Static(
                Text(f"Status now: {market.status}{since}"), id="picker-current", markup=False
            )
            yield OptionList(*self._options(), id="picker-statuses")
            yield Static("", id="picker-message", markup=False)
            with Horizontal(id="picker-fields"):
                yield ShownInput(
                    placeholder="note for the history (optional)",
                    compact=True,
                    # the note starts empty: selecting "all" on focus would select the
                    # first characters typed ahead of the focus, and the next one
                    # replaced them
                    select_on_focus=False,
                    id="picker-note",
                )
                yield ShownInput(
                    self.today.isoformat(),
                    placeholder="YYYY-MM-DD",
                    compact=True,
                    tooltip="When it happened: 2022-07-05, or 2022-07-05T09:30Z",
                    id="picker-at",
                )
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        variables = self.app.theme_variables
        for number, status in enumerate(self.workflow, start=1):
            key = f"{number}" if number <= 9 else " "
            # glyph and word: the status reads the same without colour
            label = Text(one_line(status_label(status)), style=status_style(status, variables))
            prompt = Text.assemble((key, "bold"), "  ", label)
            if status.name == self.market.status:
                prompt.append("  (current)", style="italic")
            options.append(Option(prompt))
        return options

    def on_mount(self) -> None:
        dialog = self.query_one("#picker-dialog")
        dialog.border_title = "Change status"
        dialog.border_subtitle = Content("enter confirms · esc cancels")
        statuses = self.query_one("#picker-statuses", OptionList)
        if self.market.status in self.names:
            statuses.highlighted = self.names.index(self.market.status)
        self.set_focus(statuses)  # at once: keys typed right after `s` are routed next
        if self.preset is not None:  # on to the note, as a digit would
            self.action_choose(self.preset)

    @property
    def highlighted_status(self) -> str:
        """The status the picker would confirm now."""
        index = self.query_one("#picker-statuses", OptionList).highlighted
        return self.names[index or 0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Digits typed in the note are part of the note, so they leave the footer there.
        return not (action == "choose_number" and isinstance(self.focused, Input))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_choose_number(self, number: int) -> None:
        """Choose the workflow's `number`-th status and move on to the note."""
        if not 1 <= number <= len(self.names):
            return
        statuses = self.query_one("#picker-statuses", OptionList)
        statuses.highlighted = number - 1
        self._chosen(self.names[number - 1])

    def action_choose(self, status: str) -> None:
        """Choose `status` and move on to the note."""
        if status in self.names:
            self.action_choose_number(self.names.index(status) + 1)

    def action_move(self, step: int) -> None:
        """Move the choice up or down the list of statuses."""
        statuses = self.query_one("#picker-statuses", OptionList)
        statuses.highlighted = ((statuses.highlighted or 0) + step) % len(self.names)
        self._show_message(self.highlighted_status)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    def _chosen(self, status: str) -> None:
        self._note_next = self._show_message(status)
        if self._note_next:
            self.set_focus(self.query_one("#picker-note", Input))
        else:
            self.query_one("#picker-statuses", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typeahead, in the order typed. A key the list did not use reaches this screen
        after the keys before it, but a binding would run later, and focus moves to the
        note later still: so the digits choose here, and text typed after a choice is the
        note's, even while focus is on its way there. (The note's own keys stop in it.)"""
        if event.character is None or not event.is_printable:
            return
        number = int(event.key) if event.key in "123456789" and len(event.key) == 1 else None
        choice = number if number is not None and number <= len(self.names) else None
        if choice is None and not self._note_next:
            return
        event.stop()
        event.prevent_default()
        if choice is not None:
            self.action_choose_number(choice)
            return
        note = self.query_one("#picker-note", Input)
        note.insert_text_at_cursor(event.character)
        self.set_focus(note)

    def _show_message(self, status: str) -> bool:
        """Say when `status` is the current one; True when it is a change."""
        message = self.query_one("#picker-message", Static)
        is_change = status != self.market.status
        message.update(
            ""
            if is_change
            else Text(f"{one_line(status)} is the current status: choose another one.")
        )
        message.set_class(not is_change, "-shown")
        return is_change

    @on(OptionList.OptionHighlighted, "#picker-statuses")
    def _status_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # A new highlight clears an old "current status" message.
        if self.highlighted_status != self.market.status:
            self._show_message(self.highlighted_status)

    @on(OptionList.OptionSelected, "#picker-statuses")
    def _status_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._chosen(self.names[event.option_index])

    @on(Input.Submitted, "#picker-note, #picker-at")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        status = self.highlighted_status
        if not self._show_message(status):
            self.query_one("#picker-statuses", OptionList).focus()
            return
        typed = self.query_one("#picker-at", Input).value.strip()
        try:
            # today's date as shown means now: the entry gets the time of day, as always
            at = None if typed in ("", self.today.isoformat()) else parse_moment(typed)
        except ValueError as error:
            message = self.query_one("#picker-message", Static)
            message.update(Text(str(error)))
            message.set_class(True, "-shown")
            self.set_focus(self.query_one("#picker-at", Input))
            return
        note = self.query_one("#picker-note", Input).value.strip()
        self.dismiss(StatusChoice(status=status, note=note, at=at))
