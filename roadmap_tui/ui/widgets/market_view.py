"""Which markets the table shows and in what order: filters and sort, no Textual."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import attrgetter, is_not
from typing import Any

from roadmap_tui.model import STATUSES, Market

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


def _folded(texts: Iterable[str | None]) -> list[str | None]:
    return [text.casefold() if text else None for text in texts]


def sort_values(
    column: str,
    markets: list[Market],
    lookups: MarketLookups | None = None,
    statuses: Sequence[str] = STATUSES,
) -> list[Any]:
    """What each market is sorted by in `column` (text casefolded), None where it has
    nothing: those go last either way. One pass over the markets; the first line of
    the notes is the one value worth keeping between sorts (`lookups`)."""
    if column == "code":
        return list(map(str.casefold, map(attrgetter("code"), markets)))
    if column in ("name", "region"):
        return _folded(map(attrgetter(column), markets))
    if column == "status":
        # the workflow's order; a status it lacks (an unchecked file) goes last
        order = {status: index for index, status in enumerate(statuses)}
        return [order.get(market.status, len(order)) for market in markets]
    if column in ("since", "target"):
        return list(map(attrgetter(column), markets))
    if column == "notes":
        lookups = lookups if lookups is not None else MarketLookups()
        return _folded(lookups.first_note_lines(markets))
    raise ValueError(f"no such column: {column}")


def search_text(market: Market) -> str:
    """Everything the filter looks at, casefolded: code, name, region, tags, notes."""
    parts = [market.code, market.name, market.region or "", *market.tags, market.notes or ""]
    return "\n".join(parts).casefold()


@dataclass(frozen=True)
class MarketView:
    """The table's filters and sort. Every word of `query` must appear in a market's
    code, name, region, tags or notes (any case); `status` and `region` narrow further."""

    query: str = ""
    status: str | None = None
    region: str | None = None
    # the roadmap's statuses in order (`Roadmap.status_names`): the status filter cycles
    # through them and the status column sorts by them
    statuses: tuple[str, ...] = STATUSES
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

    def apply(self, markets: list[Market], lookups: MarketLookups | None = None) -> list[Market]:
        """The markets to show, filtered and sorted (ties keep the file's order).

        `lookups` keeps what the filter and the sort read from each market between
        calls, so filtering and sorting a big roadmap again costs a pass over the
        markets and a sort of keys; without it the values are worked out afresh."""
        lookups = lookups if lookups is not None else MarketLookups()
        lookups.tidy(len(markets))
        shown = markets
        if self.status is not None:
            shown = [market for market in shown if market.status == self.status]
        if self.region is not None:
            shown = [market for market in shown if (market.region or "") == self.region]
        words = self.query.casefold().split()
        if words:
            texts = lookups.search_texts(shown)
            for word in words:  # each word narrows the markets left by the last
                kept = [index for index, text in enumerate(texts) if word in text]
                shown, texts = [shown[index] for index in kept], [texts[index] for index in kept]
        if shown is markets:
            shown = list(markets)
        if self.sort_column is not None:
            values = sort_values(self.sort_column, shown, lookups, self.statuses)
            rows: Iterable[int] = range(len(values))
            blank: list[int] = []
            if None in values:
                rows = list(compress(rows, map(is_not, values, repeat(None))))
                blank = [index for index, value in enumerate(values) if value is None]
            # Reversed or not, the sort is stable (ties keep the file's order) and the
            # markets without a value go last.
            order = sorted(rows, key=values.__getitem__, reverse=self.reverse)
            shown = list(map(shown.__getitem__, order + blank))
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
        """Show all statuses, then each of the workflow's (planned, paused, live unless the
        roadmap declares others) in turn, then all again."""
        order: list[str | None] = [None, *self.statuses]
        current = order.index(self.status) if self.status in order else 0
        return replace(self, status=order[(current + 1) % len(order)])

    def next_region(self, regions: list[str]) -> MarketView:
        """Show all regions, then each of `regions` in turn, then all again."""
        order: list[str | None] = [None, *regions]
        current = order.index(self.region) if self.region in order else 0
        return replace(self, region=order[(current + 1) % len(order)])


def regions_of(markets: list[Market]) -> list[str]:
    """The regions used by `markets`, sorted, without blanks."""
    return sorted({market.region for market in markets if market.region}, key=str.casefold)


class MarketLookups:
    """What the filter and the sort read from each market that takes a while to work
    out (its search text, the first line of its notes), once per market object. Markets are immutable, so an edited
    market is a new object and is looked at afresh; markets no longer in the roadmap
    are forgotten once they outnumber the ones that are."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Market, str]] = {}
        self._note_lines: dict[int, tuple[Market, str]] = {}

    def search_texts(self, markets: list[Market]) -> list[str]:
        """The search text of each market (see `search_text`)."""
        texts = self._texts
        result = []
        for market in markets:
            entry = texts.get(id(market))
            if entry is None or entry[0] is not market:
                # The market is kept with its text, so its id is not reused while kept.
                entry = texts[id(market)] = (market, search_text(market))
            result.append(entry[1])
        return result

    def prepare(self, markets: list[Market], start: int, count: int) -> int:
        """Work out the search texts of `count` markets from `start` ahead of the first
        filter; returns where to go on from (len(markets) when done)."""
        end = min(len(markets), start + count)
        self.search_texts(markets[start:end])
        return end

    def first_note_lines(self, markets: list[Market]) -> list[str]:
        """The first line of each market's notes (see `Market.first_note_line`)."""
        lines = self._note_lines
        result = []
        for market in markets:
            entry = lines.get(id(market))
            if entry is None or entry[0] is not market:
                entry = lines[id(market)] = (market, market.first_note_line)
            result.append(entry[1])
        return result

    def tidy(self, roadmap_size: int) -> None:
        """Forget everything once the markets kept outnumber twice the roadmap's (edits
        leave old market objects behind); small roadmaps never bother."""
        limit = 2 * roadmap_size + 1_000
        for kept in (self._texts, self._note_lines):
            if len(kept) > limit:
                kept.clear()
