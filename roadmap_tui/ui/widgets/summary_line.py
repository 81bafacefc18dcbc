"""The summary line above the table: counts per status and region, and what is shown."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.widget import Widget

from roadmap_tui.model import Market, Status, counts_by_status
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import status_content_style

_MUTED = "$text-muted"
_SEP = (" · ", _MUTED)


def summary(
    markets: list[Market],
    shown: int,
    view: MarketView,
    counts: tuple[dict[Status, int], Counter[str]] | None = None,
    marked: int = 0,
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
    statuses, regions = counts if counts is not None else count(markets)
    # Live first: what is running matters most when reading the line.
    for index, status in enumerate(reversed(list(statuses))):
        if index:
            parts.append(_SEP)
        parts.append((f"{statuses[status]} {status}", status_content_style(status)))
    if regions:
        parts.append(("  │  ", _MUTED))
        for index, (region, number) in enumerate(
            sorted(regions.items(), key=lambda item: (-item[1], item[0].casefold()))
        ):
            if index:
                parts.append(_SEP)
            parts.append(f"{one_line(region)} {number}")
    return Content.assemble(*parts)


def count(markets: list[Market]) -> tuple[dict[Status, int], Counter[str]]:
    """How many markets have each status, and each region."""
    return counts_by_status(markets), Counter(market.region for market in markets if market.region)


class SummaryLine(Widget):
    """One line of counts; too long for the terminal, it ends in an ellipsis."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summary = Content("")
        # The counts of the last roadmap summed up: a roadmap's markets are a new list
        # whenever they change, so a filter or sort of the same list counts nothing.
        self._counted: tuple[list[Market], tuple[dict[Status, int], Counter[str]]] | None = None

    def render(self) -> Content:
        return self._summary

    def update_summary(
        self, markets: list[Market], shown: int, view: MarketView, marked: int = 0
    ) -> None:
        """Show the counts for `markets`, `shown` of them through `view`, `marked` of
        them marked."""
        if self._counted is None or self._counted[0] is not markets:
            self._counted = (markets, count(markets))
        summary_now = summary(markets, shown, view, self._counted[1], marked)
        if summary_now != self._summary:
            self._summary = summary_now
            # Always one line high: a repaint, not a new layout of the screen.
            self.refresh()
