"""Where a problem is in a roadmap's text: line and column of tables, keys and values.

Only the error and warning paths need positions. They come from scanning the text line by
line (`scan.scan_blocks`), which is slower than parsing it: a whole 10,000-market roadmap
takes seconds. So when the locator knows what the text reads as, a problem in a market is
placed by scanning that market's text alone, and one in the head (`[roadmap]`, keys above
the markets) by scanning the text above the first market, each piece only once it is
proven to hold exactly what the whole text holds there (see `Locator`). Anything else, and
any piece that cannot be proven, is placed by scanning the whole text; both give the same
positions. A valid file never gets here.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, pairwise
from typing import Any

from roadmap_tui.errors import Diagnostic, Severity
from roadmap_tui.store.scan import LineIndex, ScanError, find_tables, scan_blocks
from roadmap_tui.store.toml_read import loads as read_toml

_INDENT = re.compile(r"[ \t]*")
_MARKETS = ("markets",)
_HEAD = -1  # the head's key among the pieces scanned, which are otherwise market indexes


@dataclass(frozen=True)
class Problem:
    """A problem before it has a position: where in the data, and which part to point at."""

    path: tuple[Any, ...]
    point: str  # "key", "value", "table" (the table's header) or "start" (top of the file)
    message: str
    severity: Severity = Severity.ERROR
    other: tuple[Any, ...] | None = None  # a second place the message names by its line


class Locator:
    """Line and column of tables, keys and values, for messages about a file's content.

    Given `read`, what the whole text reads as (`tomllib.loads(body)`), positions in the
    markets and the head come from scanning only the piece they are in. The pieces are
    cut where `scan.find_tables` finds header lines: each market's piece runs from its
    `[[markets]]` line to the next table's header line (its own sub-tables stay in it).
    A piece is scanned instead of the whole text only when that gives the whole scan's
    positions, which holds when:

    - the head (the text above the first `[[markets]]` line) reads alone, so that line
      is a real header: nothing above it is left open, a multi-line string above all;
    - for a market, the head holds no `markets` and the `[[markets]]` lines found are
      as many as the markets read: every real `[[markets]]` header is such a line (the
      scanner reads headers with spaces, quotes, escapes, tabs or indents too), so when
      none of the lines found is inside a string, each is a real header, market i's the
      i-th;
    - the piece, read alone, is exactly what the whole text holds there: for market i
      `{"markets": [read["markets"][i]]}`, for a key of the head the same value as in
      `read`. So no table elsewhere adds to it (`[markets.extra]` below a `[snapshot]`),
      and the piece is not cut short by a header-looking line in its own notes. (nan
      never equals nan: such a piece is simply scanned whole.)

    Problems elsewhere (in `[snapshot]` or another table below the markets, or about
    `markets` itself) are placed by the whole scan, made once when first needed; a
    "start" point is the top of the file, and needs no scan. Without `read` (a settings
    file), every position comes from the whole scan.
    """

    def __init__(self, body: str, path: str, read: dict[str, Any] | None = None) -> None:
        self.path = path
        self._body = body
        self._read = read
        self._pieces: dict[int, _Scan | None] = {}  # by market index, and _HEAD

    @cached_property
    def _whole(self) -> _Scan:
        return _Scan(self._body)

    @cached_property
    def _cut(self) -> _Cut | None:
        return None if self._read is None else _cut(self._body)

    def position(self, path: tuple[Any, ...], point: str = "value") -> tuple[int, int]:
        """1-based (line, column) of the key, value or table at `path`, else of its
        nearest ancestor written in the file."""
        if point == "start":
            return 1, 1
        found = self._in_piece(path)
        if found is None:
            return self._whole.position(path, point)
        piece, inside, lines_above = found
        line, col = piece.position(inside, point)
        return lines_above + line, col  # a piece starts a line: columns are the file's

    def _in_piece(self, path: tuple[Any, ...]) -> tuple[_Scan, tuple[Any, ...], int] | None:
        """The scanned piece that holds `path`, the path inside it and the lines above it;
        None when no piece is proven to (see the class note)."""
        cut, read = self._cut, self._read
        if cut is None or read is None or not path:
            return None
        if path[0] != "markets":
            top = path[0]
            if top not in cut.head or top not in read or cut.head[top] != read[top]:
                return None
            if _HEAD not in self._pieces:
                self._pieces[_HEAD] = _Scan(self._body[: cut.markets[0][0]])
            piece = self._pieces[_HEAD]
            return None if piece is None else (piece, path, 0)
        markets = read.get("markets")
        index = path[1] if len(path) > 1 else None
        if (
            type(index) is not int
            or "markets" in cut.head
            or not isinstance(markets, list)
            or len(markets) != len(cut.markets)
            or not 0 <= index < len(markets)
        ):
            return None
        if index not in self._pieces:
            start, end = cut.markets[index]
            text = self._body[start:end]
            self._pieces[index] = _Scan(text) if _reads_as(text, markets[index]) else None
        piece = self._pieces[index]
        # the piece's `[[markets]]` is the first it holds: market 0 there
        return None if piece is None else (piece, (*_MARKETS, 0, *path[2:]), cut.lines[index])

    def diagnose(self, problem: Problem) -> Diagnostic:
        line, col = self.position(problem.path, problem.point)
        message = problem.message
        if problem.other is not None:
            message += f" at line {self.position(problem.other)[0]}"
        return Diagnostic(self.path, line, col, message, problem.severity)


@dataclass(frozen=True)
class _Cut:
    """A roadmap's text cut where the markets start (see `Locator`)."""

    head: dict[str, Any]  # the text above the first market, read alone
    markets: list[tuple[int, int]]  # (start, end) of each `[[markets]]` line's piece
    lines: list[int]  # how many lines are above each of those pieces


def _cut(body: str) -> _Cut | None:
    """The text's market pieces and its head, read; None without a `[[markets]]` line, or
    when the text above the first one does not read alone."""
    try:
        tables = find_tables(body)
    except ScanError:
        return None
    ends = [table.start for table in tables[1:]]
    markets = [
        (table.start, end)
        for table, end in zip(tables, [*ends, len(body)], strict=False)
        if table.is_array and table.key == _MARKETS
    ]
    if not markets:
        return None
    try:
        head = read_toml(body[: markets[0][0]])
    except (ValueError, RecursionError):  # tomllib.TOMLDecodeError is a ValueError
        return None
    starts = [0, *(start for start, _ in markets)]
    # line endings counted a piece at a time: one pass over the text, in C
    above = accumulate(body.count("\n", start, end) for start, end in pairwise(starts))
    return _Cut(head, markets, list(above))


def _reads_as(text: str, market: Any) -> bool:
    """Whether `text` alone reads as exactly one market, `market`."""
    try:
        return read_toml(text) == {"markets": [market]}
    except (ValueError, RecursionError):  # tomllib.TOMLDecodeError is a ValueError
        return False


class _Scan:
    """The tables and keys of one text, from `scan.scan_blocks`, by their paths in the data."""

    def __init__(self, text: str) -> None:
        self._index = LineIndex(text)
        self._tables: dict[tuple[Any, ...], int] = {}
        self._keys: dict[tuple[Any, ...], tuple[int, int]] = {}
        self._under: dict[tuple[Any, ...], int] | None = None
        # if the scan stops early, positions fall back to the nearest table found
        with contextlib.suppress(ScanError):
            self._scan(text)

    def _scan(self, text: str) -> None:
        counts: dict[tuple[Any, ...], int] = {}
        for block in scan_blocks(text):
            table: tuple[Any, ...] = ()
            if block.header is not None:
                table = self._resolve(block.header.key, block.header.is_array, counts)
                self._tables.setdefault(
                    table, block.header.start + _indent(text, block.header.start)
                )
            for entry in block.entries:
                self._keys.setdefault((*table, *entry.key), (entry.key_start, entry.value_start))

    @staticmethod
    def _resolve(
        key: tuple[str, ...], is_array: bool, counts: dict[tuple[Any, ...], int]
    ) -> tuple[Any, ...]:
        resolved: list[Any] = []
        for depth, part in enumerate(key):
            resolved.append(part)
            prefix = tuple(resolved)
            if depth == len(key) - 1 and is_array:
                counts[prefix] = counts.get(prefix, -1) + 1
                resolved.append(counts[prefix])
            elif prefix in counts:
                resolved.append(counts[prefix])
        return tuple(resolved)

    def offset(self, path: tuple[Any, ...], point: str) -> int:
        """Offset of the key, value or table at `path`, else of its nearest ancestor."""
        if point == "table" and path in self._tables:
            return self._tables[path]
        if point != "table" and path in self._keys:
            key_start, value_start = self._keys[path]
            return key_start if point == "key" else value_start
        if path in self._tables:  # a key whose value is written as a [table] of its own
            return self._tables[path]
        under = self._first_under().get(path)
        if under is not None:  # written in parts: `a.b = 1` or a `[a.b]` header for `a`
            return under
        for depth in range(len(path) - 1, -1, -1):
            prefix = path[:depth]
            if prefix in self._keys:
                return self._keys[prefix][1]
            if prefix in self._tables:
                return self._tables[prefix]
        return 0

    def _first_under(self) -> dict[tuple[Any, ...], int]:
        """For each path, the first key or table written inside it (built when first asked)."""
        if self._under is None:
            self._under = {}
            places = [(key, start) for key, (start, _) in self._keys.items()]
            for key, start in [*places, *self._tables.items()]:
                for depth in range(1, min(len(key), 8)):  # problems sit a few levels deep
                    prefix = key[:depth]
                    if start < self._under.get(prefix, start + 1):
                        self._under[prefix] = start
        return self._under

    def position(self, path: tuple[Any, ...], point: str) -> tuple[int, int]:
        """1-based (line, column) in this text of the place `offset` finds."""
        return self._index.position(self.offset(path, point))


def _indent(body: str, start: int) -> int:
    # matched in place: slicing `body[start:]` copied the rest of the file for every
    # header, which made locating one warning in a 10,000-market roadmap take minutes
    spaces = _INDENT.match(body, start)  # matches everywhere, if only nothing
    return spaces.end() - start if spaces else 0
