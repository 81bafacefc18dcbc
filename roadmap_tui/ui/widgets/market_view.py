"""Which markets the table shows and in what order: filters and sort, no Textual."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from typing import Any

from roadmap_tui.due import DUE_SOON_DAYS
from roadmap_tui.model import STATUSES, Market
from roadmap_tui.search import MarketText, Query, market_text, parse_query

# The table's columns: key, heading. The order here is the order on screen.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "Code"),
    ("name", "Name"),
    ("region", "Region"),
    ("owner", "Owner"),
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
    if column in ("name", "region", "owner"):
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
    """Everything a word of the filter is looked for in, folded: code, name, region,
    owner, tags, notes and history notes (see `search.market_text`)."""
    return market_text(market).everything


@dataclass(frozen=True)
class MarketView:
    """The table's filters and sort. `query` is read by `search.parse_query` (words,
    fields such as `status:paused`, `overdue`); `status` and `region` (the `f` and `g`
    keys) narrow further."""

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

    @cached_property
    def search(self) -> Query:
        """`query` as read by the search (once per view: views are immutable)."""
        return parse_query(self.query, self.statuses)

    def matches(
        self, market: Market, today: date | None = None, soon_days: int = DUE_SOON_DAYS
    ) -> bool:
        """Whether `market` passes the filters (`today` for overdue and due-soon)."""
        if self.status is not None and market.status != self.status:
            return False
        if self.region is not None and (market.region or "") != self.region:
            return False
        return self.search.matches(market, today=today, soon_days=soon_days)

    def apply(
        self,
        markets: list[Market],
        lookups: MarketLookups | None = None,
        today: date | None = None,
        soon_days: int = DUE_SOON_DAYS,
    ) -> list[Market]:
        """The markets to show, filtered and sorted (ties keep the file's order).

        `lookups` keeps what the filter and the sort read from each market between
        calls, so filtering and sorting a big roadmap again costs a pass over the
        markets and a sort of keys; without it the values are worked out afresh.
        `today` and `soon_days` say what overdue and due soon mean. The list returned
        may be one `lookups` keeps: read it, do not change it."""
        lookups = lookups if lookups is not None else MarketLookups()
        found = self.found(markets, lookups, today, soon_days)
        return self.sorted(markets, found, lookups)

    def found(
        self,
        markets: list[Market],
        lookups: MarketLookups | None = None,
        today: date | None = None,
        soon_days: int = DUE_SOON_DAYS,
    ) -> list[Market]:
        """The markets that pass the filters, in the roadmap's order (`apply` without
        the sort): `markets` itself when nothing is filtered, else a list `lookups` may
        keep and hand back for the same filters. Read it, do not change it."""
        lookups = lookups if lookups is not None else MarketLookups()
        lookups.tidy(len(markets))
        search = self.search
        found = lookups.found_before(markets, self, soon_days, today) if search else None
        if found is not None:
            return found
        shown = markets
        if self.status is not None:
            shown = [market for market in shown if market.status == self.status]
        if self.region is not None:
            shown = [market for market in shown if (market.region or "") == self.region]
        if search:
            shown = lookups.find(markets, shown, self, soon_days, today)
        return shown

    def sorted(
        self, markets: list[Market], found: list[Market], lookups: MarketLookups | None = None
    ) -> list[Market]:
        """`found` (what `found` returned for `markets`) in the view's order: a new list,
        unless nothing is sorted and `found` is a list `lookups` keeps."""
        if self.sort_column is None:
            return list(found) if found is markets else found
        lookups = lookups if lookups is not None else MarketLookups()
        if found is markets:
            return list(
                lookups.sorted_markets(markets, self.sort_column, self.reverse, self.statuses)
            )
        return list(
            lookups.sorted_found(markets, found, self.sort_column, self.reverse, self.statuses)
        )

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


# Searches of one roadmap whose markets are kept (each a list of the markets it found).
_SEARCHES_KEPT = 32
# Sorts of those lists kept (each a list of as many markets).
_SORTS_OF_FOUND_KEPT = 8


class MarketLookups:
    """What the filter and the sort read from each market that takes a while to work
    out (its folded text, the first line of its notes), once per market object. Markets are immutable, so an edited
    market is a new object and is looked at afresh; markets no longer in the roadmap
    are forgotten once they outnumber the ones that are."""

    def __init__(self) -> None:
        self._texts: dict[int, tuple[Market, MarketText]] = {}
        # The texts of the last whole roadmap asked for, in its order: a roadmap's list
        # of markets is a new list whenever it changes, so while it is the same list (a
        # filter typed key by key) its texts need no look-up per market.
        self._aligned: tuple[list[Market], list[MarketText], list[str]] | None = None
        # What the last few searches of that same roadmap found, newest last, by what
        # was asked: a key typed back finds its markets here, and a word typed on
        # looks only through what the shorter word found.
        self._found_in: list[Market] | None = None
        self._found: dict[tuple[object, ...], tuple[Query, list[Market]]] = {}
        self._note_lines: dict[int, tuple[Market, str]] = {}
        # The markets sorted last, and those markets in order by (column, reverse,
        # statuses): a list of the same markets costs what an array of their indexes
        # did, and a sort hands it over without a look-up per market.
        self._sorted_markets: list[Market] = []
        self._orders: dict[tuple[str, bool, tuple[str, ...]], list[Market]] = {}
        # The last few sorts of what a filter found (kept with it), newest last: a key
        # typed back hands the same found list again.
        self._sorted_found: dict[tuple[object, ...], tuple[list[Market], list[Market]]] = {}

    def market_texts(self, markets: list[Market]) -> list[MarketText]:
        """The folded text of each market (see `search.market_text`)."""
        aligned = self._aligned
        if aligned is not None and aligned[0] is markets:
            return aligned[1]
        texts = self._texts
        result = []
        for market in markets:
            entry = texts.get(id(market))
            if entry is None or entry[0] is not market:
                # The market is kept with its text, so its id is not reused while kept.
                entry = texts[id(market)] = (market, market_text(market))
            result.append(entry[1])
        return result

    def everything(self, markets: list[Market]) -> list[str]:
        """Each market's whole folded text (`MarketText.everything`); kept, with the
        texts, for the last list of markets asked for."""
        aligned = self._aligned
        if aligned is None or aligned[0] is not markets:
            texts = self.market_texts(markets)
            aligned = self._aligned = (markets, texts, [text.everything for text in texts])
        return aligned[2]

    @staticmethod
    def _search_key(view: MarketView, soon_days: int, today: date | None) -> tuple[object, ...]:
        search = view.search
        return (view.status, view.region, search.terms, soon_days, search.needs_today and today)

    def found_before(
        self, markets: list[Market], view: MarketView, soon_days: int, today: date | None
    ) -> list[Market] | None:
        """What `view`'s filters found in this same list of markets before, if kept."""
        if markets is not self._found_in:
            return None
        entry = self._found.get(self._search_key(view, soon_days, today))
        return entry[1] if entry is not None else None

    def find(
        self,
        markets: list[Market],
        candidates: list[Market],
        view: MarketView,
        soon_days: int,
        today: date | None,
    ) -> list[Market]:
        """The `candidates` (the markets of `markets` that pass `view`'s status and
        region filters) that `view`'s search finds, kept for `found_before`."""
        search = view.search
        if markets is not self._found_in:
            self._found_in, self._found = markets, {}
        # The fewest markets a broader search of the same filters found: enough to look in.
        base = candidates
        for (status, region, *_rest), (earlier, result) in self._found.items():
            if (
                (status, region) == (view.status, view.region)
                and len(result) < len(base)
                and search.within(earlier)
            ):
                base = result
        texts = self.market_texts(base)
        everything = self.everything(base) if base is markets else None
        result = search.select(base, texts, today, soon_days, everything)
        if len(self._found) >= _SEARCHES_KEPT:
            del self._found[next(iter(self._found))]
        self._found[self._search_key(view, soon_days, today)] = (search, result)
        return result

    def preparation(
        self, markets: list[Market], statuses: tuple[str, ...] = STATUSES, at_once: int = 1_000
    ) -> Iterator[None]:
        """Work out ahead what the first filter and the first sort by each column would
        wait for (search texts, notes' first lines, the order by each column either
        way), a step per `next()`: `at_once` markets, or one order, at a time."""
        for start in range(0, len(markets), at_once):
            some = markets[start : start + at_once]
            self.market_texts(some)
            self.first_note_lines(some)
            yield
        self.everything(markets)  # lined up for the first key
        yield
        for column in COLUMN_KEYS:
            for reverse in (False, True):
                self.sorted_markets(markets, column, reverse, statuses)
                yield

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

    def sorted_markets(
        self,
        markets: list[Market],
        column: str,
        reverse: bool,
        statuses: tuple[str, ...] = STATUSES,
    ) -> list[Market]:
        """`markets` sorted by `column` (see `sort_values`; `statuses` in the workflow's
        order): stable, in either direction, with the markets that have no value last.
        The order of each column, direction and workflow asked for is kept while the
        markets are the same: the list returned is kept, read it, do not change it."""
        before = self._sorted_markets
        # a roadmap's list of markets is a new list whenever it changes: the same list
        # object holds the same markets (a copy with the same markets does too)
        if before is not markets and (
            len(before) != len(markets) or not all(map(is_, before, markets))
        ):
            self._sorted_markets = markets
            self._orders.clear()
            self._sorted_found.clear()
        kept = self._orders.get((column, reverse, statuses))
        if kept is not None:
            return kept
        values = sort_values(column, markets, self, statuses)
        rows: Iterable[int] = range(len(values))
        blank: list[int] = []
        if None in values:
            rows = list(compress(rows, map(is_not, values, repeat(None))))
            blank = [index for index, value in enumerate(values) if value is None]
        # Reversed or not, the sort is stable (ties keep the file's order) and the
        # markets without a value go last.
        order = sorted(rows, key=values.__getitem__, reverse=reverse)
        order.extend(blank)
        ordered = list(map(markets.__getitem__, order))
        self._orders[column, reverse, statuses] = ordered
        return ordered

    def sorted_found(
        self,
        markets: list[Market],
        found: list[Market],
        column: str,
        reverse: bool,
        statuses: tuple[str, ...] = STATUSES,
    ) -> list[Market]:
        """`found` (some of `markets`) sorted as `sorted_markets` sorts them all. The
        last few answers are kept by the found list: read them, do not change them."""
        ordered = self.sorted_markets(markets, column, reverse, statuses)  # first: it
        key = (id(found), column, reverse, statuses)  # forgets the sorts of other markets
        kept = self._sorted_found.get(key)
        if kept is not None and kept[0] is found:
            return kept[1]
        # A stable sort of some of the markets is the sort of all of them, less the
        # others: the order of all of them is kept, so this is one pass (in C).
        ids = set(map(id, found))
        result = list(compress(ordered, map(ids.__contains__, map(id, ordered))))
        if len(self._sorted_found) >= _SORTS_OF_FOUND_KEPT:
            del self._sorted_found[next(iter(self._sorted_found))]
        self._sorted_found[key] = (found, result)
        return result

    def tidy(self, roadmap_size: int) -> None:
        """Forget everything once the markets kept outnumber twice the roadmap's (edits
        leave old market objects behind); small roadmaps never bother."""
        limit = 2 * roadmap_size + 1_000
        for kept in (self._texts, self._note_lines):
            if len(kept) > limit:
                kept.clear()
