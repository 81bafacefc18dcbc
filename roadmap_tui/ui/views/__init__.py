"""The roadmap's views besides the table: timeline, board, regions and map.

Each view is a focusable widget with the same small contract (`MarketPane`): the main
screen hands it what to show (`Shown`: the markets through the current filter and sort,
and what they are read with) and the market to put the cursor on; the view says which
market the user moved to (`MarketHighlighted`) or chose (`MarketChosen`). The table
keeps the selection for every view, so edits, marks, filters and sort carry across.

A view's module is imported, and its widget made, the first time it is shown
(`panes.new_pane`): the first frame waits for none of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from textual.message import Message

from roadmap_tui.model import Market, Roadmap
from roadmap_tui.workflow import WorkflowStatus


@dataclass(frozen=True)
class Shown:
    """What a view shows: `markets` after the filters and sort, in order; `everything`
    is all the roadmap's markets (counts, the board's empty columns)."""

    markets: Sequence[Market]
    everything: Sequence[Market]
    roadmap: Roadmap
    workflow: Sequence[WorkflowStatus]
    theme: Mapping[str, str]  # the app's theme variables (`$success` …)
    today: date
    soon_days: int  # what "due soon" means, in days
    filtered: bool = False


class MarketPane(Protocol):
    """What the main screen asks of a view."""

    def show(self, shown: Shown, selected: str | None) -> None:
        """Show `shown`, the cursor on the market with key `selected` where it is
        shown (else on the first). Called when the view is switched to and whenever
        the markets, filters, sort or theme change while it is on screen."""

    def select(self, key: str | None) -> bool:
        """Put the cursor on the market with `key`; False when the view does not show it."""


class MarketHighlighted(Message):
    """The cursor of a view moved to the market with `key` (None: no market)."""

    def __init__(self, key: str | None) -> None:
        super().__init__()
        self.key = key


class MarketChosen(Message):
    """Enter (or a double click) on the market with `key` in a view."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
