"""The status history of every market as one chronological timeline (`roadmap-tui log`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from roadmap_tui.errors import EditError, did_you_mean
from roadmap_tui.model import Market, Roadmap
from roadmap_tui.moments import describe_moment, moment_order


@dataclass(frozen=True)
class TimelineEntry:
    """One status change of one market, placed on the roadmap's timeline."""

    at: date | datetime
    code: str
    name: str
    from_: str
    to: str
    note: str | None

    @property
    def when(self) -> str:
        """The moment as the log shows it: a date, or a date and time (UTC when known)."""
        return describe_moment(self.at)


def timeline(roadmap: Roadmap, market: str | None = None) -> list[TimelineEntry]:
    """Every history entry, oldest first; only one market's when `market` is a code.

    A change recorded with only a date sorts before the changes with a time on that day;
    changes at the same moment keep the file's order. Raises EditError (with a suggestion)
    for an unknown code."""
    markets = roadmap.markets
    if market is not None:
        found = roadmap.find(market)
        if found is None:
            hint = did_you_mean(market, [m.code for m in roadmap.markets], cutoff=0.5)
            raise EditError(f"no market with code '{market}' in this roadmap{hint}")
        markets = [found]
    keyed = []
    for market_index, item in enumerate(markets):
        for entry_index, change in enumerate(item.history):
            entry = _entry(item, change.at, change.from_, change.to, change.note)
            keyed.append((moment_order(change.at), market_index, entry_index, entry))
    keyed.sort(key=lambda row: row[:3])
    return [row[3] for row in keyed]


def render_timeline(entries: list[TimelineEntry]) -> str:
    """The timeline as aligned text lines: when, code, name, from → to, note."""
    if not entries:
        return "no status changes recorded\n"
    names = [" ".join(entry.name.split()) for entry in entries]
    when_width = max(len(entry.when) for entry in entries)
    code_width = max(len(entry.code) for entry in entries)
    name_width = max(len(name) for name in names)
    moves = [f"{entry.from_} → {entry.to}" for entry in entries]
    move_width = max(len(move) for move in moves)
    lines = []
    for entry, name, move in zip(entries, names, moves, strict=True):
        note = " ".join((entry.note or "").split())
        line = (
            f"{entry.when:<{when_width}}  {entry.code:<{code_width}}  {name:<{name_width}}  "
            f"{move:<{move_width}}  {note}"
        )
        lines.append(line.rstrip())
    return "\n".join(lines) + "\n"


def _entry(
    market: Market, at: date | datetime, from_: str, to: str, note: str | None
) -> TimelineEntry:
    return TimelineEntry(at, market.code, market.name, from_, to, note)
