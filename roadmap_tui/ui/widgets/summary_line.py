"""The summary line above the table: counts per status and region, and what is shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Generic, TypeVar

from textual.content import Content
from textual.widget import Widget

from roadmap_tui.due import Due, due_counts
from roadmap_tui.model import STATUSES, Market, counts_by_status
from roadmap_tui.store.layout import differing
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.due_mark import DUE_GLYPHS, due_content_style
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import look_of, status_content_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

_MUTED = "$text-muted"
_SEP = (" · ", _MUTED)
_BAR = ("  │  ", _MUTED)

# How many markets are overdue and due soon (only the states some market is in).
DueCounts = dict[Due, int]
# How many markets have each status (of the workflow, in order), and each region.
Counts = tuple[dict[str, int], Counter[str]]
Key = TypeVar("Key")
Counted = TypeVar("Counted")


def summary(
    markets: list[Market],
    shown: int,
    view: MarketView,
    counts: Counts | None = None,
    marked: int = 0,
    workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
    due_counts: DueCounts | None = None,
) -> Content:
    """`5 marked │ showing 3 of 12 │ ! 2 overdue · ◷ 1 due soon │ 7 live · 5 paused ·
    0 planned │ Asia 6 · Europe 5`.

    `counts` are `count(markets)` when the caller has them already; `marked` is how
    many markets are marked for an edit of many; `due_counts` how many of all the
    markets are overdue and due soon (`due.due_counts`, the states no market is in left
    out). Those come right after the totals: what needs doing first, and the words for the
    glyphs a narrow table shows alone."""
    parts: list[str | tuple[str, str]] = []
    if marked:
        parts += [(f"{marked} marked", "bold $text-accent"), ("  │  ", _MUTED)]
    total = len(markets)
    if view.filtered:
        parts += [("showing ", _MUTED), (f"{shown} of {total}", "bold"), ("  │  ", _MUTED)]
    elif total != 1:
        parts += [(f"{total} markets", "bold"), ("  │  ", _MUTED)]
    else:
        parts += [("1 market", "bold"), ("  │  ", _MUTED)]
    if due_counts:
        for index, (state, number) in enumerate(due_counts.items()):
            if index:
                parts.append(_SEP)
            parts.append((f"{DUE_GLYPHS[state]} {number} {state}", due_content_style(state)))
        parts.append(_BAR)
    names = tuple(status.name for status in workflow)
    statuses, regions = counts if counts is not None else count(markets, names)
    # Live first: what is running matters most when reading the line. A roadmap that
    # declares its statuses has put them in the order it reads them in.
    order = list(reversed(list(statuses))) if names == STATUSES else list(statuses)
    for index, status in enumerate(order):
        if index:
            parts.append(_SEP)
        look = look_of(status, workflow)
        parts.append((f"{statuses[status]} {status}", status_content_style(look)))
    if regions:
        parts.append(("  │  ", _MUTED))
        # most markets first; regions that differ only in case, in one order however counted
        for index, (region, number) in enumerate(
            sorted(regions.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
        ):
            if index:
                parts.append(_SEP)
            parts.append(f"{one_line(region)} {number}")
    return Content.assemble(*parts)


def count(markets: Sequence[Market], names: tuple[str, ...] = STATUSES) -> Counts:
    """How many markets have each status (of `names`, in order), and each region."""
    regions = Counter(market.region for market in markets if market.region)
    return counts_by_status(markets, names), regions


# Markets changed by one edit that are counted alone; more, and all are counted again.
_RECOUNTED = 512


def recount(
    counts: Counts,
    before: Sequence[Market],
    after: Sequence[Market],
    changed: Sequence[int],
    names: tuple[str, ...] = STATUSES,
) -> Counts | None:
    """What `count(after, names)` gives, from `counts` (what it gave for `before`), when
    the markets at the positions `changed` are the only ones that differ: those are taken
    out as they were and counted in as they are. None for a status outside `names` (only
    a full count orders those as it does)."""
    statuses, regions = dict(counts[0]), Counter(counts[1])
    for markets, step in ((before, -1), (after, 1)):
        for index in changed:
            market = markets[index]
            if market.status not in names:
                return None
            statuses[market.status] += step
            if market.region:
                regions[market.region] += step
    return statuses, +regions  # a region no market is in any more goes


class SummaryLine(Widget):
    """One line of counts; too long for the terminal, it ends in an ellipsis."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._summary = Content("")
        self._counts: _Kept[tuple[str, ...], Counts] = _Kept()
        self._due: _Kept[tuple[date, int], dict[Due, int]] = _Kept()

    def render(self) -> Content:
        return self._summary

    def update_summary(
        self,
        markets: list[Market],
        shown: int,
        view: MarketView,
        marked: int = 0,
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
        due_on: tuple[date, int] | None = None,
    ) -> None:
        """Show the counts for `markets` (per status of `workflow`), `shown` of them
        through `view`, `marked` of them marked, and how many are overdue or due soon
        as of `due_on` (today, and the days that are soon)."""
        names = tuple(status.name for status in workflow)
        counts = self._counts.of(markets, names, count, recount)
        due: DueCounts = {}
        if due_on is not None:
            counted = self._due.of(markets, due_on, _due_counts, recount_due)
            due = {state: number for state, number in counted.items() if number}
        summary_now = summary(markets, shown, view, counts, marked, workflow, due)
        if summary_now != self._summary:
            self._summary = summary_now
            # Always one line high: a repaint, not a new layout of the screen.
            self.refresh()


def recount_due(
    counts: dict[Due, int],
    before: Sequence[Market],
    after: Sequence[Market],
    changed: Sequence[int],
    due_on: tuple[date, int],
) -> dict[Due, int]:
    """What `due_counts(after, *due_on)` gives, from `counts` (what it gave for `before`),
    when the markets at the positions `changed` are the only ones that differ."""
    counts = dict(counts)
    for markets, step in ((before, -1), (after, 1)):
        for state, number in due_counts([markets[index] for index in changed], *due_on).items():
            counts[state] += step * number
    return counts


def _due_counts(markets: Sequence[Market], due_on: tuple[date, int]) -> dict[Due, int]:
    return due_counts(markets, *due_on)


class _Kept(Generic[Key, Counted]):
    """Counts of the last list of markets asked for, under a key (the workflow's names,
    the day): a roadmap's markets are a new list whenever they change, so the same list
    counts nothing (a filter, a sort), a list of as many markets that differs in a few
    places counts those (an edit), and any other list is counted whole."""

    def __init__(self) -> None:
        self._kept: tuple[list[Market], Key, Counted] | None = None

    def of(
        self,
        markets: list[Market],
        key: Key,
        count: Callable[[list[Market], Key], Counted],
        recount: Callable[[Counted, list[Market], list[Market], list[int], Key], Counted | None],
    ) -> Counted:
        counted = None
        kept = self._kept
        if kept is not None and kept[1] == key:
            if kept[0] is markets:
                return kept[2]
            changed = _changed(kept[0], markets)
            if changed is not None:
                counted = recount(kept[2], kept[0], markets, changed, key)
        if counted is None:
            counted = count(markets, key)
        self._kept = (markets, key, counted)
        return counted


def _changed(before: list[Market], after: list[Market]) -> list[int] | None:
    """Where two lists of as many markets differ, when that is a few places; else None."""
    if len(before) != len(after):
        return None
    changed = differing(before, after)
    return changed if len(changed) <= _RECOUNTED else None
