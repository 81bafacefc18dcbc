"""What the timeline draws, as plain cells: the scale of dates, the axis, and each
market's bar from `since` to `target`. No Textual: the view styles each run of cells by
its kind, and tests read the characters.

A month is a whole number of cells at every zoom (8 at month zoom, 3 at quarter zoom, 1
at year zoom), so month, quarter and year boundaries always fall on a cell edge and the
labels of the axis line up with them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum

from roadmap_tui.model import Market
from roadmap_tui.share.drift import MarketDrift

BAR = "━"
OPEN_END = "→"  # the bar of a market without a target runs to the end
TARGET = "◆"
GHOST = "◇"  # the baseline's target
TODAY = "│"
BAR_AT_TODAY = "┿"  # the today line through a bar
TODAY_ON_AXIS = "▼"
_MONTH_NAMES = tuple(calendar.month_abbr)  # "", "Jan", … "Dec" (English, like the app)


class Zoom(Enum):
    """How much time a cell shows: `cells` per month, `title` as the caption says it."""

    MONTH = ("month", 8)
    QUARTER = ("quarter", 3)
    YEAR = ("year", 1)

    def __init__(self, title: str, cells: int) -> None:
        self.title = title
        self.cells = cells


ZOOMS: tuple[Zoom, ...] = (Zoom.YEAR, Zoom.QUARTER, Zoom.MONTH)  # from far to near


def zoomed(zoom: Zoom, step: int) -> Zoom:
    """The zoom `step` places nearer (+1) or farther (−1), kept within `ZOOMS`."""
    index = max(0, min(len(ZOOMS) - 1, ZOOMS.index(zoom) + step))
    return ZOOMS[index]


@dataclass(frozen=True)
class Scale:
    """Dates to cells: `months` whole months from the month of `first`, at `zoom`."""

    first: date  # the first day of the first month shown
    months: int
    zoom: Zoom

    @property
    def width(self) -> int:
        """Cells the whole range takes."""
        return self.months * self.zoom.cells

    def column(self, day: date) -> int:
        """The cell `day` falls in (may be outside 0…width−1 for a day out of range)."""
        cells = self.zoom.cells
        month = (day.year - self.first.year) * 12 + day.month - self.first.month
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        return month * cells + (day.day - 1) * cells // days_in_month

    def month_start(self, index: int) -> date:
        """The first day of the `index`-th month of the range."""
        months = self.first.month - 1 + index
        return date(self.first.year + months // 12, months % 12 + 1, 1)

    def day_at(self, column: int) -> date:
        """The first day the cell `column` shows."""
        cells = self.zoom.cells
        month = self.month_start(column // cells)
        days_in_month = calendar.monthrange(month.year, month.month)[1]
        return month.replace(day=-(-(column % cells) * days_in_month // cells) + 1)


def dates_of(markets: Iterable[Market], ghosts: Iterable[date]) -> list[date]:
    """Every `since` and `target` of the markets, and the baseline's targets."""
    found = [day for market in markets for day in (market.since, market.target) if day]
    return found + list(ghosts)


def scale_for(days: Sequence[date], today: date, zoom: Zoom) -> Scale:
    """A range from the month before the earliest date (or today) to the month after the
    latest, so no bar starts or ends on the chart's edge."""
    earliest, latest = min((*days, today)), max((*days, today))
    first = _add_months(date(earliest.year, earliest.month, 1), -1)
    months = (latest.year - first.year) * 12 + latest.month - first.month + 2
    return Scale(first, months, zoom)


def fitting_zoom(days: Sequence[date], today: date, width: int) -> Zoom:
    """The nearest zoom that shows the whole range in `width` cells (year zoom when none
    does)."""
    for zoom in reversed(ZOOMS):
        if scale_for(days, today, zoom).width <= width:
            return zoom
    return Zoom.YEAR


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


class Cell(StrEnum):
    """What a run of cells is, for its style."""

    EMPTY = "empty"
    BAR = "bar"  # the bar and its status glyph, in the status's colour
    TARGET = "target"
    GHOST = "ghost"
    TODAY = "today"
    AXIS = "axis"


@dataclass(frozen=True)
class Run:
    """Cells of one kind: their characters, one per cell."""

    text: str
    kind: Cell


def runs_of(chars: Sequence[str], kinds: Sequence[Cell]) -> list[Run]:
    """Neighbouring cells of one kind joined into runs."""
    runs: list[Run] = []
    start = 0
    for index in range(1, len(chars) + 1):
        if index == len(chars) or kinds[index] is not kinds[start]:
            runs.append(Run("".join(chars[start:index]), kinds[start]))
            start = index
    return runs


def bar_runs(
    since: date | None,
    target: date | None,
    ghost: date | None,
    glyph: str,
    scale: Scale,
    start: int,
    width: int,
    today: date,
) -> list[Run]:
    """One market's row of the chart, cells `start` to `start + width`: the bar from
    `since` (its status glyph) to `target` (◆), open-ended (→ at the range's end) without
    a target; only ◆ without a `since`; the baseline's target `ghost` as ◇; the today
    line, crossing the bar as ┿."""
    chars = [" "] * width
    kinds = [Cell.EMPTY] * width

    def put(column: int, char: str, kind: Cell) -> None:
        if start <= column < start + width:
            chars[column - start] = char
            kinds[column - start] = kind

    at_today = scale.column(today)
    put(at_today, TODAY, Cell.TODAY)
    at_since = scale.column(since) if since is not None else None
    at_target = scale.column(target) if target is not None else None
    if at_since is not None:
        end = at_target if at_target is not None else scale.width - 1
        low, high = min(at_since, end), max(at_since, end)
        for column in range(max(low, start), min(high, start + width - 1) + 1):
            put(column, BAR, Cell.BAR)
        if at_target is None and end > at_since:
            put(end, OPEN_END, Cell.BAR)
        if low <= at_today <= high and at_today not in (at_since, end):
            put(at_today, BAR_AT_TODAY, Cell.TODAY)
        put(at_since, glyph, Cell.BAR)
    if ghost is not None:
        put(scale.column(ghost), GHOST, Cell.GHOST)
    if at_target is not None:
        put(at_target, TARGET, Cell.TARGET)
    return runs_of(chars, kinds)


def _unit_label(month: date, zoom: Zoom) -> str | None:
    """The label a month starts on the axis: the year in January, else the month's name
    (month zoom) or the quarter (quarter zoom); None where nothing starts."""
    if month.month == 1:
        return str(month.year)
    if zoom is Zoom.MONTH:
        return _MONTH_NAMES[month.month]
    if zoom is Zoom.QUARTER and month.month in (4, 7, 10):
        return f"Q{(month.month - 1) // 3 + 1}"
    return None


def axis_text(scale: Scale) -> str:
    """The axis under the caption across the whole range: years, and months or quarters
    by zoom, each label from the cell its period starts on (a label is left out where
    it would run into the next, or past the end)."""
    chars = [" "] * scale.width
    # the range may start in any month: its first label is the year, whatever the month
    labels = [(0, str(scale.first.year))]
    for index in range(1, scale.months):
        label = _unit_label(scale.month_start(index), scale.zoom)
        if label is not None:
            labels.append((index * scale.zoom.cells, label))
    for number, (column, label) in enumerate(labels):
        following = labels[number + 1][0] if number + 1 < len(labels) else scale.width
        # a space before the next label; the last one only where it fits whole
        if column + len(label) < following or column + len(label) == scale.width:
            chars[column : column + len(label)] = label
    return "".join(chars)


def axis_runs(scale: Scale, axis: str, start: int, width: int, today: date) -> list[Run]:
    """The window `start` to `start + width` of `axis` (a label cut by its left edge left
    out), with ▼ above the today line where no label is."""
    chars = list(axis[start : start + width].ljust(width))
    if start > 0 and axis[start - 1 : start] not in ("", " "):
        for index, char in enumerate(chars):
            if char == " ":
                break
            chars[index] = " "
    kinds = [Cell.AXIS] * width
    at_today = scale.column(today) - start
    if 0 <= at_today < width and chars[at_today] == " ":
        chars[at_today] = TODAY_ON_AXIS
        kinds[at_today] = Cell.TODAY
    return runs_of(chars, kinds)


# -- rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line under the axis: a market (dated, without dates, or dropped since the
    baseline) or a heading over the markets without dates."""

    market: Market | None
    drift: MarketDrift | None = None
    dated: bool = True
    dropped: bool = False
    heading: str = ""

    @property
    def key(self) -> str | None:
        return self.market.key if self.market is not None else None


def timeline_rows(
    markets: Sequence[Market],
    drift_by_key: Mapping[str, MarketDrift],
    dropped: Sequence[MarketDrift] = (),
) -> list[Row]:
    """The markets with a date (or a baseline target), in the order given; the markets
    dropped since the baseline; then a heading and the markets without any date."""
    dated: list[Row] = []
    undated: list[Row] = []
    for market in markets:
        drift = drift_by_key.get(market.key)
        has_date = market.since or market.target or (drift is not None and drift.baseline)
        (dated if has_date else undated).append(Row(market, drift, dated=bool(has_date)))
    rows = dated + [Row(item.market, item, dated=True, dropped=True) for item in dropped]
    if undated:
        heading = f"Without dates ({len(undated)}): no since, no target"
        rows += [Row(None, heading=heading), *undated]
    return rows
