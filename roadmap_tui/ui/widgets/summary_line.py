"""The summary line above the table: counts per status and region, and what is shown."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.widget import Widget

from roadmap_tui.model import Market, counts_by_status
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import status_content_style

_MUTED = "$text-muted"
_SEP = (" · ", _MUTED)


def summary(markets: list[Market], shown: int, view: MarketView) -> Content:
    """`showing 3 of 12 · 7 live · 5 paused · 0 planned │ Asia 6 · Europe 5`."""
    parts: list[str | tuple[str, str]] = []
    total = len(markets)
    if view.filtered:
        parts += [("showing ", _MUTED), (f"{shown} of {total}", "bold"), ("  │  ", _MUTED)]
    elif total != 1:
        parts += [(f"{total} markets", "bold"), ("  │  ", _MUTED)]
    else:
        parts += [("1 market", "bold"), ("  │  ", _MUTED)]
    # Live first: what is running matters most when reading the line.
    counts = counts_by_status(markets)
    for index, status in enumerate(reversed(list(counts))):
        if index:
            parts.append(_SEP)
        parts.append((f"{counts[status]} {status}", status_content_style(status)))
    regions = Counter(market.region for market in markets if market.region)
    if regions:
        parts.append(("  │  ", _MUTED))
        for index, (region, count) in enumerate(
            sorted(regions.items(), key=lambda item: (-item[1], item[0].casefold()))
        ):
            if index:
                parts.append(_SEP)
            parts.append(f"{one_line(region)} {count}")
    return Content.assemble(*parts)


class SummaryLine(Widget):
    """One line of counts; too long for the terminal, it ends in an ellipsis."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summary = Content("")

    def render(self) -> Content:
        return self._summary

    def update_summary(self, markets: list[Market], shown: int, view: MarketView) -> None:
        """Show the counts for `markets`, `shown` of them through `view`."""
        summary_now = summary(markets, shown, view)
        if summary_now != self._summary:
            self._summary = summary_now
            # Always one line high: a repaint, not a new layout of the screen.
            self.refresh()
