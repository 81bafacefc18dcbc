"""Whether a market's launch is overdue or due soon: its target date against today. No I/O.

The filter (`overdue`, `due-soon`) and the views that mark late markets ask here, so
"overdue" means one thing everywhere: the target day has passed and the market is not
live. "Due soon": not live, and the target is today or within `soon_days` days.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from operator import attrgetter

from roadmap_tui.model import Market, Roadmap, Status
from roadmap_tui.settings import DEFAULT_DUE_SOON_DAYS

# Without a setting: the default of the config file's `due_soon_days`.
DUE_SOON_DAYS = DEFAULT_DUE_SOON_DAYS
_TARGET, _STATUS = attrgetter("target"), attrgetter("status")


def soon_days_of(roadmap: Roadmap, setting: int = DUE_SOON_DAYS) -> int:
    """What "due soon" means for `roadmap`, in days: the file's `[roadmap] due_soon_days`
    (one answer for everyone who opens it), else the user's `due_soon_days` `setting`."""
    declared = roadmap.roadmap.due_soon_days
    return setting if declared is None else declared


class Due(StrEnum):
    """Where a market stands against its target date."""

    OVERDUE = "overdue"
    SOON = "due soon"


def due(market: Market, today: date, soon_days: int = DUE_SOON_DAYS) -> Due | None:
    """`Due.OVERDUE` when the target has passed and the market is not live, `Due.SOON`
    when it is not live and the target is within `soon_days` days (today included),
    else None (live, no target, or a target further off)."""
    target = market.target
    if target is None or market.status == Status.LIVE:
        return None
    if target < today:
        return Due.OVERDUE
    if target <= _soon_until(today, soon_days):
        return Due.SOON
    return None


def _soon_until(today: date, soon_days: int) -> date:
    """The last day that is soon: `soon_days` after `today`, or the last day a date can
    hold (a roadmap read "as of" its latest moment may be near year 9999)."""
    if soon_days >= (date.max - today).days:
        return date.max
    return today + timedelta(days=soon_days)


def _pending(markets: Sequence[Market], today: date, soon_days: int) -> list[date]:
    """The targets of the markets that are overdue or due soon (without a call per
    market: the views ask again of a whole roadmap after every edit)."""
    soon_until = _soon_until(today, soon_days)
    return [
        target
        for target, status in zip(map(_TARGET, markets), map(_STATUS, markets), strict=True)
        if target is not None and target <= soon_until and status != Status.LIVE
    ]


def due_counts(
    markets: Sequence[Market], today: date, soon_days: int = DUE_SOON_DAYS
) -> dict[Due, int]:
    """How many of `markets` are overdue and how many due soon on `today`."""
    pending = _pending(markets, today, soon_days)
    overdue = sum(map(today.__gt__, pending))
    return {Due.OVERDUE: overdue, Due.SOON: len(pending) - overdue}


def due_states(markets: Sequence[Market], today: date, soon_days: int = DUE_SOON_DAYS) -> set[Due]:
    """Which states (overdue, due soon) any of `markets` is in on `today`."""
    pending = _pending(markets, today, soon_days)
    if not pending:
        return set()
    states = {Due.OVERDUE} if min(pending) < today else set()
    return states | {Due.SOON} if max(pending) >= today else states


def is_overdue(market: Market, today: date) -> bool:
    """The target day has passed and the market is not live."""
    return market.target is not None and market.target < today and market.status != Status.LIVE


def is_due_soon(market: Market, today: date, soon_days: int = DUE_SOON_DAYS) -> bool:
    """Not live, and the target is today or within `soon_days` days from today."""
    return due(market, today, soon_days) is Due.SOON
