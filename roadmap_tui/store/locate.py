"""Where a problem is in a roadmap's text: line and column of tables, keys and values.

Only the error and warning paths need positions, so this scans the whole text line by
line (`scan.scan_blocks`), which is slower than the parse itself; a valid file never
gets here.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from roadmap_tui.errors import Diagnostic, Severity
from roadmap_tui.store.scan import LineIndex, ScanError, scan_blocks

_INDENT = re.compile(r"[ \t]*")


@dataclass(frozen=True)
class Problem:
    """A problem before it has a position: where in the data, and which part to point at."""

    path: tuple[Any, ...]
    point: str  # "key", "value", "table" (the table's header) or "start" (top of the file)
    message: str
    severity: Severity = Severity.ERROR
    other: tuple[Any, ...] | None = None  # a second place the message names by its line


class Locator:
    """Line and column of tables, keys and values, for messages about a file's content."""

    def __init__(self, body: str, path: str) -> None:
        self.path = path
        self._index = LineIndex(body)
        self._tables: dict[tuple[Any, ...], int] = {}
        self._keys: dict[tuple[Any, ...], tuple[int, int]] = {}
        self._under: dict[tuple[Any, ...], int] | None = None
        # if the scan stops early, positions fall back to the nearest table found
        with contextlib.suppress(ScanError):
            self._scan(body)

    def _scan(self, body: str) -> None:
        counts: dict[tuple[Any, ...], int] = {}
        for block in scan_blocks(body):
            table: tuple[Any, ...] = ()
            if block.header is not None:
                table = self._resolve(block.header.key, block.header.is_array, counts)
                self._tables.setdefault(
                    table, block.header.start + _indent(body, block.header.start)
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

    def position(self, path: tuple[Any, ...], point: str = "value") -> tuple[int, int]:
        """1-based (line, column) of the place `offset` finds."""
        if point == "start":
            return 1, 1
        return self._index.position(self.offset(path, point))

    def diagnose(self, problem: Problem) -> Diagnostic:
        line, col = self.position(problem.path, problem.point)
        message = problem.message
        if problem.other is not None:
            message += f" at line {self.position(problem.other)[0]}"
        return Diagnostic(self.path, line, col, message, problem.severity)


def _indent(body: str, start: int) -> int:
    # matched in place: slicing `body[start:]` copied the rest of the file for every
    # header, which made locating one warning in a 10,000-market roadmap take minutes
    spaces = _INDENT.match(body, start)  # matches everywhere, if only nothing
    return spaces.end() - start if spaces else 0
