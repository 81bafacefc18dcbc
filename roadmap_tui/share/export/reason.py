"""Why a market has its status: the note of the history entry that brought it there."""

from __future__ import annotations

from roadmap_tui.model import Market, StatusChange
from roadmap_tui.moments import moment_order


def status_change(market: Market) -> StatusChange | None:
    """The change that set the market's current status: of the history entries whose `to`
    is that status, the latest in time (of two at the same moment, the one written last).
    None when the history does not record one (a market written by hand as `live`)."""
    changes = [
        (moment_order(change.at), position, change)
        for position, change in enumerate(market.history)
        if change.to == market.status
    ]
    return max(changes, key=lambda entry: entry[:2])[2] if changes else None


def status_note(market: Market) -> str:
    """The note of `status_change` ("Focus on the UK"), or an empty string."""
    change = status_change(market)
    return (change.note or "") if change is not None else ""
