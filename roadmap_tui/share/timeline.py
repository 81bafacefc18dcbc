"""The status history of every market as one chronological timeline (`roadmap-tui log`),
with the git commits that brought each change folded in (`log --git`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from roadmap_tui.errors import EditError, did_you_mean
from roadmap_tui.git import Commit
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
    # `log --git`: the commit that brought the change, and whether the file had no history
    # entry for it (a status edited by hand, seen only by comparing commits)
    commit: Commit | None = None
    unrecorded: bool = False

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


def fold_commits(
    entries: list[TimelineEntry],
    versions: Sequence[tuple[Commit, Roadmap]],
    market: str | None = None,
) -> list[TimelineEntry]:
    """`entries` with the commit that first held each one (`versions` oldest first), and
    an entry for each status change a commit made without a history entry. An entry no
    commit holds yet keeps no commit (it is in the working file only)."""
    first_seen: dict[tuple[object, ...], Commit] = {}
    extra: list[tuple[tuple[int, int, int], TimelineEntry]] = []
    previous: dict[str, Market] = {}
    wanted = None if market is None else market.casefold()
    for commit, roadmap in versions:
        for item in roadmap.markets:
            for change in item.history:
                first_seen.setdefault(_key(item.key, change.at, change.from_, change.to), commit)
            before = previous.get(item.key)
            recorded = before is not None and len(item.history) > len(before.history)
            shown = wanted is None or item.key == wanted
            if before is not None and before.status != item.status and not recorded and shown:
                entry = TimelineEntry(
                    commit.at, item.code, item.name, before.status, item.status, None,
                    commit, unrecorded=True,
                )  # fmt: skip
                extra.append((moment_order(commit.at), entry))
        previous = {item.key: item for item in roadmap.markets}
    folded = [
        replace(entry, commit=first_seen.get(_key(entry.code.casefold(), entry.at, entry.from_, entry.to)))
        for entry in entries
    ]  # fmt: skip
    if not extra:
        return folded
    keyed = [(moment_order(entry.at), index, entry) for index, entry in enumerate(folded)]
    keyed += [(order, len(folded) + index, entry) for index, (order, entry) in enumerate(extra)]
    keyed.sort(key=lambda row: row[:2])
    return [row[2] for row in keyed]


def _key(code: str, at: date | datetime, from_: str | None, to: str) -> tuple[object, ...]:
    return (code, moment_order(at), from_, to)


def render_timeline(entries: list[TimelineEntry]) -> str:
    """The timeline as aligned text lines: when, code, name, from → to, note; with commits
    folded in, who committed each change and when comes before the note."""
    if not entries:
        return "no status changes recorded\n"
    if any(entry.commit is not None or entry.unrecorded for entry in entries):
        entries = [
            replace(entry, note=_committed(entry) + ("  " + entry.note if entry.note else ""))
            for entry in entries
        ]
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


def _committed(entry: TimelineEntry) -> str:
    """`[abc1234 Ada Author 2022-07-06]`, or `[not committed]` for the working file's own."""
    if entry.commit is None:
        return "[not committed]"
    commit = entry.commit
    what = " status edited, no history entry" if entry.unrecorded else ""
    return f"[{commit.short} {commit.author} {commit.at.date().isoformat()}{what}]"


def _entry(
    market: Market, at: date | datetime, from_: str, to: str, note: str | None
) -> TimelineEntry:
    return TimelineEntry(at, market.code, market.name, from_, to, note)
