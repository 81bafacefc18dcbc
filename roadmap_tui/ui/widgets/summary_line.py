"""The summary line above the table: counts per status and region, and what is shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from roadmap_tui.model import STATUSES, Market, counts_by_status
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import look_of, status_content_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

_MUTED = "$text-muted"
_SEP = (" · ", _MUTED)


def summary(
    markets: list[Market],
    shown: int,
    view: MarketView,
    counts: tuple[dict[str, int], Counter[str]] | None = None,
    marked: int = 0,
    workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
) -> Content:
    """`5 marked │ showing 3 of 12 · 7 live · 5 paused · 0 planned │ Asia 6 · Europe 5`.

    `counts` are `count(markets)` when the caller has them already; `marked` is how
    many markets are marked for an edit of many."""
    parts: list[str | tuple[str, str]] = []
    if marked:
        parts += [(f"{marked} marked", "bold $text-accent"), ("  │  ", _MUTED)]
    total = len(markets)
    if view.filtered:
        parts += [("showing ", _MUTED), (f"{shown} of {total}", "bold"), ("  │  ", _MUTED)]
    elif total != 1:
        parts += [(f"{total} markets", "bold"), ("  │  ", _MUTED)]
    else:
        parts += [("1 market", "bold"), ("  │  ", _MUTED)]
    names = tuple(status.name for status in workflow)
    statuses, regions = counts if counts is not None else count(markets, names)
    # Live first: what is running matters most when reading the line. A roadmap that
    # declares its statuses has put them in the order it reads them in.
    order = list(reversed(list(statuses))) if names == STATUSES else list(statuses)
    for index, status in enumerate(order):
        if index:
            parts.append(_SEP)
        look = look_of(status, workflow)
        parts.append((f"{statuses[status]} {status}", status_content_style(look)))
    if regions:
        parts.append(("  │  ", _MUTED))
        for index, (region, number) in enumerate(
            sorted(regions.items(), key=lambda item: (-item[1], item[0].casefold()))
        ):
            if index:
                parts.append(_SEP)
            parts.append(f"{one_line(region)} {number}")
    return Content.assemble(*parts)


def count(
    markets: list[Market], names: tuple[str, ...] = STATUSES
) -> tuple[dict[str, int], Counter[str]]:
    """How many markets have each status (of `names`, in order), and each region."""
    regions = Counter(market.region for market in markets if market.region)
    return counts_by_status(markets, names), regions


class SummaryLine(Widget):
    """One line of counts; too long for the terminal, it ends in an ellipsis."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summary = Content("")
        # The counts of the last roadmap summed up: a roadmap's markets are a new list
        # whenever they change, so a filter or sort of the same list counts nothing.
        self._counted: tuple[list[Market], tuple[dict[str, int], Counter[str]]] | None = None

    def render(self) -> Content:
        return self._summary

    def update_summary(
        self,
        markets: list[Market],
        shown: int,
        view: MarketView,
        marked: int = 0,
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
    ) -> None:
        """Show the counts for `markets` (per status of `workflow`), `shown` of them
        through `view`, `marked` of them marked."""
        names = tuple(status.name for status in workflow)
        if self._counted is None or self._counted[0] is not markets:
            self._counted = (markets, count(markets, names))
        summary_now = summary(markets, shown, view, self._counted[1], marked, workflow)
        if summary_now != self._summary:
            self._summary = summary_now
            # Always one line high: a repaint, not a new layout of the screen.
            self.refresh()
