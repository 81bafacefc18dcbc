"""The status picker for every marked market at once: one status, one note for all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widgets import Static
from textual.widgets.option_list import Option

from roadmap_tui.model import Market
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.status import status_label, status_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

# Codes named in the picker's heading before "and N more".
_CODES_NAMED = 8


def codes_named(markets: Sequence[Market]) -> str:
    """`DE, FR, IT` — or the first few codes and `and 12 more`."""
    codes = [one_line(market.code) for market in markets[:_CODES_NAMED]]
    more = len(markets) - len(codes)
    return ", ".join(codes) + (f" and {more} more" if more else "")


class MarkedStatusPicker(StatusPicker):
    """`StatusPicker` for `markets` (two or more, or one marked): the answer is the
    same `StatusChoice`, applied to each market whose status it changes."""

    def __init__(
        self,
        markets: Sequence[Market],
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
        today: date | None = None,
    ) -> None:
        super().__init__(markets[0], workflow, today)
        self.markets = list(markets)

    def on_mount(self) -> None:
        super().on_mount()
        count = len(self.markets)
        heading = f"{count} marked market{'s' if count != 1 else ''}: {codes_named(self.markets)}"
        self.query_one("#picker-market", Static).update(Text(heading, style="bold"))
        statuses = Counter(market.status for market in self.markets)
        named = [*self.names, *(status for status in statuses if status not in self.names)]
        now = " · ".join(f"{statuses[status]} {status}" for status in named if statuses[status])
        self.query_one("#picker-current", Static).update(Text(f"Status now: {now}"))

    def _options(self) -> list[Option]:
        if len({market.status for market in self.markets}) == 1:
            return super()._options()  # all the same: "(current)" is true of each
        variables = self.app.theme_variables
        return [
            Option(
                Text.assemble(
                    (f"{number}" if number <= 9 else " ", "bold"),
                    "  ",
                    Text(one_line(status_label(status)), style=status_style(status, variables)),
                )
            )
            for number, status in enumerate(self.workflow, start=1)
        ]

    def _show_message(self, status: str) -> bool:
        """Say when every marked market has `status` already; True when it changes one."""
        message = self.query_one("#picker-message", Static)
        is_change = any(market.status != status for market in self.markets)
        message.update(
            "" if is_change else Text(f"Every marked market is {status}: choose another status.")
        )
        message.set_class(not is_change, "-shown")
        return is_change
