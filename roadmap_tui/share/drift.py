"""How far each market's target moved between a baseline roadmap and the current one.

"Planned vs actual": a snapshot (or a commit, or any other roadmap file) is the plan as
it stood; the current roadmap is what is planned now. Markets are matched by code,
case-insensitively, as `diff` matches them, so a market whose code changed is one
dropped and one new. The timeline view, `roadmap-tui diff --drift` and the Markdown and
HTML exports all read these rows and say them in these words. Pure: no I/O, no Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from roadmap_tui.model import Market, Roadmap

MINUS = "\N{MINUS SIGN}"  # `−10 d`: a minus sign, not a hyphen


class DriftKind(StrEnum):
    """What happened to a market's target between the baseline and now."""

    MOVED = "moved"  # both have a target, and it differs
    SAME = "same"  # both have the same target
    NEW = "new"  # the market is not in the baseline
    DROPPED = "dropped"  # the market was in the baseline and is not now
    TARGET_SET = "target set"  # the baseline had no target, now there is one
    TARGET_REMOVED = "target removed"  # the baseline had a target, now there is none
    NO_TARGET = "no target"  # neither has a target


# Kinds that are a drift: `diff --drift` exits 1 when one is found.
DRIFTED = frozenset(
    {
        DriftKind.MOVED,
        DriftKind.NEW,
        DriftKind.DROPPED,
        DriftKind.TARGET_SET,
        DriftKind.TARGET_REMOVED,
    }
)


@dataclass(frozen=True)
class Baseline:
    """The roadmap drift is measured against, and how it is named (`snapshot of … taken
    2022-06-20 09:00:00 UTC`, `tiktok_shop.toml at HEAD~3`, a file's path); `short` is
    the name in a few words, where room is scarce (the timeline's caption)."""

    label: str
    roadmap: Roadmap
    short: str = ""


@dataclass(frozen=True)
class MarketDrift:
    """One market's target in the baseline and now; `market` is the current market (the
    baseline's for a dropped one)."""

    market: Market
    baseline: date | None  # the baseline's target
    target: date | None  # the target now
    kind: DriftKind

    @property
    def code(self) -> str:
        return self.market.code

    @property
    def key(self) -> str:
        return self.market.key

    @property
    def days(self) -> int | None:
        """Days the target moved (later is positive); None unless both have one."""
        if self.baseline is None or self.target is None:
            return None
        return (self.target - self.baseline).days

    @property
    def words(self) -> str:
        """`target +45 d`, `target −10 d`, `target same`, `new`, `dropped`, `target set`,
        `target removed`, `no target`."""
        days = self.days
        if self.kind is DriftKind.MOVED and days is not None:
            return f"target {days_text(days)}"
        if self.kind is DriftKind.SAME:
            return "target same"
        return str(self.kind)

    @property
    def drifted(self) -> bool:
        return self.kind in DRIFTED


def days_text(days: int) -> str:
    """`+45 d`, `−10 d`, `0 d`."""
    if days > 0:
        return f"+{days} d"
    if days < 0:
        return f"{MINUS}{-days} d"
    return "0 d"


def market_drift(baseline: Market | None, current: Market | None) -> MarketDrift:
    """The drift of one market from its baseline version to its current one (either may
    be absent, not both)."""
    if current is None:
        if baseline is None:
            raise ValueError("a market's drift needs the market on at least one side")
        return MarketDrift(baseline, baseline.target, None, DriftKind.DROPPED)
    if baseline is None:
        return MarketDrift(current, None, current.target, DriftKind.NEW)
    old, new = baseline.target, current.target
    if old is None and new is None:
        kind = DriftKind.NO_TARGET
    elif old is None:
        kind = DriftKind.TARGET_SET
    elif new is None:
        kind = DriftKind.TARGET_REMOVED
    else:
        kind = DriftKind.SAME if old == new else DriftKind.MOVED
    return MarketDrift(current, old, new, kind)


def drift(baseline: Roadmap, current: Roadmap) -> list[MarketDrift]:
    """Every market's drift: the current roadmap's markets in its order, then the markets
    dropped since the baseline, in the baseline's order."""
    return drift_of_markets(baseline.markets, current.markets)


def drift_of_markets(baseline: Sequence[Market], current: Sequence[Market]) -> list[MarketDrift]:
    """`drift` over two lists of markets (a code twice on one side: its first market)."""
    then: dict[str, Market] = {}
    for market in baseline:
        then.setdefault(market.key, market)
    now: set[str] = set()
    rows = []
    for market in current:
        if market.key in now:
            continue
        now.add(market.key)
        rows.append(market_drift(then.get(market.key), market))
    rows += [market_drift(market, None) for key, market in then.items() if key not in now]
    return rows


def reported(rows: Iterable[MarketDrift]) -> list[MarketDrift]:
    """The rows a drift table lists: every market with a target on either side, and
    every new or dropped one (a market without a target then or now says nothing)."""
    return [row for row in rows if row.kind is not DriftKind.NO_TARGET]


_SUMMARY_WORDS = (
    ("later", "target later", "targets later"),
    ("earlier", "target earlier", "targets earlier"),
    ("same", "target the same", "targets the same"),
    (DriftKind.TARGET_SET, "target set", "targets set"),
    (DriftKind.TARGET_REMOVED, "target removed", "targets removed"),
    (DriftKind.NEW, "market new", "markets new"),
    (DriftKind.DROPPED, "market dropped", "markets dropped"),
)


def summary(rows: Iterable[MarketDrift]) -> str:
    """`1 target later, 4 targets removed`, or `no targets to compare`."""
    counts: dict[str, int] = {}
    for row in rows:
        days = row.days
        if row.kind is DriftKind.MOVED and days is not None:
            word = "later" if days > 0 else "earlier"
        elif row.kind is DriftKind.SAME:
            word = "same"
        else:
            word = str(row.kind)
        counts[word] = counts.get(word, 0) + 1
    parts = [
        f"{counts[word]} {one if counts[word] == 1 else many}"
        for word, one, many in _SUMMARY_WORDS
        if counts.get(word)
    ]
    return ", ".join(parts) if parts else "no targets to compare"
