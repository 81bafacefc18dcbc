"""The date an export speaks for."""

from __future__ import annotations

from datetime import date

from roadmap_tui.model import Roadmap
from roadmap_tui.moments import day_of


def as_of(roadmap: Roadmap, today: date | None = None) -> date | None:
    """The date an export speaks for: `today` if given, a snapshot's date, or the newest
    `since` or history date in the roadmap (None for a roadmap that records no date)."""
    if today is not None:
        return today
    if roadmap.snapshot is not None:
        return day_of(roadmap.snapshot.taken_at)
    dates = [market.since for market in roadmap.markets if market.since is not None]
    dates += [day_of(change.at) for market in roadmap.markets for change in market.history]
    return max(dates, default=None)
