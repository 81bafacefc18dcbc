"""The status picker: choose a market's next status and a note for its history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.model import STATUSES, Market, Status
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.shown_input import ShownInput


@dataclass(frozen=True)
class StatusChoice:
    """The picker's answer: the new status and the note for the history entry."""

    status: Status
    note: str


class StatusPicker(ModalScreen[StatusChoice | None]):
    """Choose a new status for `market` (`1` planned, `2` paused, `3` live, or arrows),
    then write an optional note; `enter` in the note confirms, `escape` cancels."""

    CSS_PATH = "status_picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose('planned')", "Planned", id="status-planned"),
        Binding("2", "choose('paused')", "Paused", id="status-paused"),
        Binding("3", "choose('live')", "Live", id="status-live"),
        # Arrows reach the screen only from the note field: they still move the choice.
        Binding("up", "move(-1)", "Previous status", show=False),
        Binding("down", "move(1)", "Next status", show=False),
        Binding("escape", "cancel", "Cancel", key_display="esc", id="status-cancel"),
    ]

    def __init__(self, market: Market) -> None:
        super().__init__()
        self.market = market
        self._note_next = False  # a status is chosen: what is typed now is the note

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
            yield ShownInput(
                placeholder="note for the history (optional), enter confirms",
                compact=True,
                # the note starts empty: selecting "all" on focus would select the first
                # characters typed ahead of the focus, and the next one replaced them
                select_on_focus=False,
                id="picker-note",
            )
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for number, status in enumerate(STATUSES, start=1):
            prompt = Text.assemble((f"{number}", "bold"), "  ", str(status))
            if status == self.market.status:
                prompt.append("  (current)", style="italic")
            options.append(Option(prompt, id=str(status)))
        return options

    def on_mount(self) -> None:
        dialog = self.query_one("#picker-dialog")
        dialog.border_title = "Change status"
        dialog.border_subtitle = Content("enter confirms · esc cancels")
        statuses = self.query_one("#picker-statuses", OptionList)
        statuses.highlighted = STATUSES.index(self.market.status)
        self.set_focus(statuses)  # at once: keys typed right after `s` are routed next

    @property
    def highlighted_status(self) -> Status:
        """The status the picker would confirm now."""
        index = self.query_one("#picker-statuses", OptionList).highlighted
        return STATUSES[index or 0]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Digits typed in the note are part of the note, so 1/2/3 leave the footer there.
        return not (action == "choose" and isinstance(self.focused, Input))

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def action_choose(self, status: str) -> None:
        """Choose `status` and move on to the note."""
        statuses = self.query_one("#picker-statuses", OptionList)
        statuses.highlighted = STATUSES.index(Status(status))
        self._chosen(Status(status))

    def action_move(self, step: int) -> None:
        """Move the choice up or down the list of statuses."""
        statuses = self.query_one("#picker-statuses", OptionList)
        statuses.highlighted = ((statuses.highlighted or 0) + step) % len(STATUSES)
        self._show_message(self.highlighted_status)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)

    def _chosen(self, status: Status) -> None:
        self._note_next = self._show_message(status)
        if self._note_next:
            self.set_focus(self.query_one("#picker-note", Input))
        else:
            self.query_one("#picker-statuses", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        """Typeahead, in the order typed. A key the list did not use reaches this screen
        after the keys before it, but a binding would run later, and focus moves to the
        note later still: so `1`-`3` choose here, and text typed after a choice is the
        note's, even while focus is on its way there. (The note's own keys stop in it.)"""
        if event.character is None or not event.is_printable:
            return
        choice = {"1": "planned", "2": "paused", "3": "live"}.get(event.key)
        if choice is None and not self._note_next:
            return
        event.stop()
        event.prevent_default()
        if choice is not None:
            self.action_choose(choice)
            return
        note = self.query_one("#picker-note", Input)
        note.insert_text_at_cursor(event.character)
        self.set_focus(note)

    def _show_message(self, status: Status) -> bool:
        """Say when `status` is the current one; True when it is a change."""
        message = self.query_one("#picker-message", Static)
        is_change = status != self.market.status
        message.update(
            "" if is_change else Text(f"{status} is the current status: choose another one.")
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
        self._chosen(STATUSES[event.option_index])

    @on(Input.Submitted, "#picker-note")
    def _note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        status = self.highlighted_status
        if self._show_message(status):
            self.dismiss(StatusChoice(status=status, note=event.value.strip()))
        else:
            self.query_one("#picker-statuses", OptionList).focus()
