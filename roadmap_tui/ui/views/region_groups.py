"""The markets grouped by region, with what a region's line says: how many markets have
each status, the earliest target, how many are overdue or due soon. No drawing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from roadmap_tui.due import Due, due
from roadmap_tui.model import Market
from roadmap_tui.workflow import WorkflowStatus

NO_REGION = "No region"


class RegionOrder(StrEnum):
    """How the regions are sorted: most markets first, or by name."""

    COUNT = "count"
    NAME = "name"

    @property
    def other(self) -> RegionOrder:
        return RegionOrder.NAME if self is RegionOrder.COUNT else RegionOrder.COUNT


@dataclass(frozen=True)
class RegionGroup:
    """One region's markets (in the order given) and what its line says about them.
    `region` None holds the markets without a region."""

    region: str | None
    markets: tuple[Market, ...]
    counts: tuple[tuple[WorkflowStatus, int], ...]  # every status, in the workflow's order
    earliest: date | None  # the earliest target of its markets
    overdue: int
    soon: int

    @property
    def title(self) -> str:
        return self.region if self.region is not None else NO_REGION


def region_of(market: Market) -> str | None:
    """The market's region; a blank one is no region (as the region filter has it)."""
    return market.region if market.region and market.region.strip() else None


def region_groups(
    markets: Sequence[Market],
    workflow: Sequence[WorkflowStatus],
    today: date,
    soon_days: int,
    order: RegionOrder = RegionOrder.COUNT,
) -> list[RegionGroup]:
    """A group per region of `markets`, sorted by `order` (most markets first, ties by
    name; or by name), the markets without a region last."""
    grouped: dict[str | None, list[Market]] = {}
    for market in markets:
        grouped.setdefault(region_of(market), []).append(market)
    groups = [
        _group(region, found, workflow, today, soon_days) for region, found in grouped.items()
    ]

    def sort_key(group: RegionGroup) -> tuple[bool, int, str]:
        count = -len(group.markets) if order is RegionOrder.COUNT else 0
        return (group.region is None, count, group.title.casefold())

    return sorted(groups, key=sort_key)


def _group(
    region: str | None,
    markets: list[Market],
    workflow: Sequence[WorkflowStatus],
    today: date,
    soon_days: int,
) -> RegionGroup:
    counts = dict.fromkeys((status.name for status in workflow), 0)
    targets = [market.target for market in markets if market.target is not None]
    states = [due(market, today, soon_days) for market in markets]
    for market in markets:
        if market.status in counts:
            counts[market.status] += 1
    return RegionGroup(
        region=region,
        markets=tuple(markets),
        counts=tuple((status, counts[status.name]) for status in workflow),
        earliest=min(targets, default=None),
        overdue=states.count(Due.OVERDUE),
        soon=states.count(Due.SOON),
    )
