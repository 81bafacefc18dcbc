"""Which markets the table shows and in what order: filters and sort, no Textual."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from roadmap_tui.model import STATUSES, Market, Status

# The table's columns: key, heading. The order here is the order on screen.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Code"),
    ("name", "Name"),
    ("region", "Region"),
    ("status", "Status"),
    ("since", "Since"),
    ("target", "Target"),
    ("notes", "Notes"),
)
COLUMN_KEYS: tuple[str, ...] = tuple(key for key, _heading in COLUMNS)
COLUMN_HEADINGS: dict[str, str] = dict(COLUMNS)


def _text(value: str | None) -> tuple[bool, str]:
    return (not value, (value or "").casefold())


def _date(value: date | None) -> tuple[bool, date]:
    return (value is None, value or date.min)


# Each sort key is (missing, value): markets without the value go last either way.
_SORT_KEYS: dict[str, Callable[[Market], tuple[bool, Any]]] = {
    "code": lambda market: (False, market.key),
    "name": lambda market: _text(market.name),
    "region": lambda market: _text(market.region),
    "status": lambda market: (False, STATUSES.index(market.status)),
    "since": lambda market: _date(market.since),
    "target": lambda market: _date(market.target),
    "notes": lambda market: _text(market.first_note_line),
}


def search_text(market: Market) -> str:
    """Everything the filter looks at, casefolded: code, name, region, tags, notes."""
    parts = [market.code, market.name, market.region or "", *market.tags, market.notes or ""]
    return "\n".join(parts).casefold()


@dataclass(frozen=True)
class MarketView:
    """The table's filters and sort. Every word of `query` must appear in a market's
    code, name, region, tags or notes (any case); `status` and `region` narrow further."""

    query: str = ""
    status: Status | None = None
    region: str | None = None
    sort_column: str | None = None
    reverse: bool = False

    @property
    def filtered(self) -> bool:
        """True when some market may be hidden."""
        return bool(self.query.strip()) or self.status is not None or self.region is not None

    def matches(self, market: Market) -> bool:
        """Whether `market` passes the filters."""
        if self.status is not None and market.status != self.status:
            return False
        if self.region is not None and (market.region or "") != self.region:
            return False
        words = self.query.casefold().split()
        if not words:
            return True
        haystack = search_text(market)
        return all(word in haystack for word in words)

    def apply(self, markets: list[Market]) -> list[Market]:
        """The markets to show, filtered and sorted (ties keep the file's order)."""
        shown = (
            [market for market in markets if self.matches(market)]
            if self.filtered
            else list(markets)
        )
        if self.sort_column is not None:
            key = _SORT_KEYS[self.sort_column]
            shown.sort(key=lambda market: key(market)[1], reverse=self.reverse)
            shown.sort(key=lambda market: key(market)[0])  # stable: blanks move last
        return shown

    def next_sort(self) -> MarketView:
        """Sort by the next column (after the last one: the file's order)."""
        order: list[str | None] = [None, *COLUMN_KEYS]
        following = order[(order.index(self.sort_column) + 1) % len(order)]
        return replace(self, sort_column=following, reverse=False)

    def sorted_by(self, column: str) -> MarketView:
        """Sort by `column`; asked again for the same column, the order reverses."""
        if column == self.sort_column:
            return replace(self, reverse=not self.reverse)
        return replace(self, sort_column=column, reverse=False)

    def next_status(self) -> MarketView:
        """Show all statuses, then only planned, paused, live, then all again."""
        order: list[Status | None] = [None, *STATUSES]
        return replace(self, status=order[(order.index(self.status) + 1) % len(order)])

    def next_region(self, regions: list[str]) -> MarketView:
        """Show all regions, then each of `regions` in turn, then all again."""
        order: list[str | None] = [None, *regions]
        current = order.index(self.region) if self.region in order else 0
        return replace(self, region=order[(current + 1) % len(order)])


def regions_of(markets: list[Market]) -> list[str]:
    """The regions used by `markets`, sorted, without blanks."""
    return sorted({market.region for market in markets if market.region}, key=str.casefold)
