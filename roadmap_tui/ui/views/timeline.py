"""The timeline view: a row per market with a bar from `since` to `target`, in its
status's colour and glyph, a today line, and the drift of each target against a baseline.

Drawn a line at a time (`render_line`), like the market table: `show()` works out the
rows and the range of dates once, and a frame draws only the rows on screen, so the view
opens and its cursor moves as fast at 2,000 markets as at ten. The label and drift
columns stay put while the chart scrolls sideways under the caption and the axis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from roadmap_tui.due import Due, due
from roadmap_tui.model import Market
from roadmap_tui.share.drift import Baseline, DriftKind, MarketDrift, drift_of_markets
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.views import MarketChosen, MarketHighlighted, Shown
from roadmap_tui.ui.views.due_marks import DUE_GLYPHS
from roadmap_tui.ui.views.timeline_lines import (
    GHOST,
    TARGET,
    Cell,
    Row,
    Run,
    Scale,
    Zoom,
    axis_runs,
    axis_text,
    bar_runs,
    dates_of,
    fitting_zoom,
    scale_for,
    timeline_rows,
    zoomed,
)
from roadmap_tui.ui.widgets.status import look_of, status_label, status_style

HEADER = 2  # the caption and the axis stay at the top
_LINES_KEPT = 1024
_LABEL_MIN, _LABEL_MAX = 12, 26
_DRIFT_HEADING = "vs baseline"
# the style of each kind of drift, by component class (the words say it without colour)
_DRIFT_LOOKS = {
    DriftKind.NEW: "timeline--new",
    DriftKind.DROPPED: "timeline--dropped",
    DriftKind.TARGET_SET: "timeline--muted",
    DriftKind.TARGET_REMOVED: "timeline--muted",
    DriftKind.SAME: "timeline--muted",
    DriftKind.NO_TARGET: "timeline--muted",
}


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with `…`, or padded with spaces."""
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    return set_cell_size(text, max(0, width - 1)) + "…" if width > 0 else ""


class TimelineView(ScrollView, can_focus=True):
    """The markets shown, one row each, on a scale of months, quarters or years."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("timeline"),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "first", "First market", show=False),
        Binding("ctrl+end", "last", "Last market", show=False),
        Binding("enter", "choose", "Choose", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--caption",
        "timeline--axis",
        "timeline--today",
        "timeline--ghost",
        "timeline--muted",
        "timeline--heading",
        "timeline--cursor",
        "timeline--later",
        "timeline--earlier",
        "timeline--new",
        "timeline--dropped",
        "timeline--overdue",
        "timeline--soon",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}  # key → row of the markets shown
        self._cursor = 0
        self._zoom: Zoom | None = None  # None: fitted to the width at the next frame
        # the months the dates need; the scale drawn fills the chart's width at least
        self._range = Scale(date(2000, 1, 1), 1, Zoom.YEAR)
        self._scale = self._range
        self._axis = ""
        self._chart_x = 0  # the first cell of the chart shown
        self._longest_label = _LABEL_MIN
        self._dates: list[date] = []  # every date drawn, for the range and the first zoom
        self._baseline: Baseline | None = None
        self._drift_width = 0
        self._generation = 0  # bumped when what every line depends on changes
        self._lines: LRUCache[tuple[object, ...], tuple[Row | None, Strip]] = LRUCache(_LINES_KEPT)
        self._styles: dict[tuple[str, bool], Style] = {}
        # the width, label, drift and chart columns, scroll and focus of the frame drawn
        self._frame: tuple[int, int, int, int, int, bool] = (0, 0, 0, 0, 0, False)

    # -- what is shown (MarketPane) ---------------------------------------------------------

    def show(self, shown: Shown, selected: str | None) -> None:
        """Show `shown`'s markets (in its order), the cursor on `selected`."""
        self._shown = shown
        self._rebuild()
        row = self._index.get(selected) if selected is not None else None
        self._cursor = row if row is not None else self._first_market_row()
        self._scroll_cursor_into_view()

    def select(self, key: str | None) -> bool:
        """Put the cursor on the market with `key`, without saying so (the screen moved it)."""
        row = self._index.get(key) if key is not None else None
        if row is None:
            return False
        self._place_cursor(row)
        return True

    @property
    def rows(self) -> Sequence[Row]:
        """The lines under the axis, top to bottom."""
        return self._rows

    @property
    def cursor_key(self) -> str | None:
        """Key of the market under the cursor (None: none, or a dropped one)."""
        row = self._rows[self._cursor] if self._rows else None
        return row.key if row is not None and not row.dropped else None

    @property
    def zoom(self) -> Zoom:
        return self._zoom or Zoom.YEAR

    @property
    def chart_x(self) -> int:
        """The first cell of the chart shown (the chart scrolls sideways on its own)."""
        return self._chart_x

    @property
    def scale(self) -> Scale:
        return self._scale

    @property
    def baseline(self) -> Baseline | None:
        return self._baseline

    def set_baseline(self, baseline: Baseline | None) -> None:
        """Draw the drift against `baseline` (None: no baseline)."""
        self._baseline = baseline
        key = self.cursor_key
        self._rebuild()
        row = self._index.get(key) if key is not None else None
        self._cursor = row if row is not None else min(self._cursor, max(0, len(self._rows) - 1))
        self._scroll_cursor_into_view()
        self.refresh_bindings()

    def _rebuild(self) -> None:
        """The rows, the range of dates and the widths, from `_shown` and the baseline."""
        shown = self._shown
        if shown is None:
            return
        by_key: dict[str, MarketDrift] = {}
        dropped: list[MarketDrift] = []
        if self._baseline is not None:
            rows = drift_of_markets(self._baseline.roadmap.markets, shown.everything)
            by_key = {row.key: row for row in rows}
            # a filter picks among the roadmap's markets; a dropped one is shown unfiltered
            if not shown.filtered:
                dropped = [row for row in rows if row.kind is DriftKind.DROPPED]
        self._rows = timeline_rows(shown.markets, by_key, dropped)
        self._index = {
            row.market.key: number
            for number, row in enumerate(self._rows)
            if row.market is not None and not row.dropped
        }
        markets = [row.market for row in self._rows if row.market is not None]
        ghosts = [row.drift.baseline for row in self._rows if row.drift and row.drift.baseline]
        current = (row.market for row in self._rows if row.market is not None and not row.dropped)
        self._dates = dates_of(current, ghosts)
        self._range = scale_for(self._dates, shown.today, self.zoom)
        # a due mark takes two cells more: ` !`
        self._longest_label = max(
            (
                cell_len(self._label(m)) + (2 if due(m, shown.today, shown.soon_days) else 0)
                for m in markets
            ),
            default=0,
        )
        self._drift_width = (
            max(
                (len(row.drift.words) for row in self._rows if row.drift is not None),
                default=0,
            )
            if self._baseline is not None
            else 0
        )
        if self._drift_width:
            self._drift_width = max(self._drift_width, len(_DRIFT_HEADING))
        self.virtual_size = Size(self.size.width, HEADER + len(self._rows))
        self._forget_lines()

    def _first_market_row(self) -> int:
        return next((n for n, row in enumerate(self._rows) if row.market is not None), 0)

    # -- zoom and sideways scroll --------------------------------------------------------

    def action_zoom_in(self) -> None:
        """Nearer: year → quarter → month, the middle of the chart kept in place."""
        self._zoom_to(zoomed(self.zoom, +1))

    def action_zoom_out(self) -> None:
        """Farther: month → quarter → year."""
        self._zoom_to(zoomed(self.zoom, -1))

    def _zoom_to(self, zoom: Zoom) -> None:
        if zoom is self.zoom and self._zoom is not None:
            return
        chart = self._chart_width()
        middle = self._scale.day_at(self._chart_x + chart // 2)
        self._zoom = zoom
        self._fit_scale(chart)
        # from a month's first cell, so the labels at the left edge show whole
        start = self._scale.column(middle) - chart // 2
        self._set_chart_x(start - start % zoom.cells)
        self._forget_lines()

    def _fit_scale(self, chart: int) -> None:
        """The scale drawn: the dates' range at the zoom, and months enough to fill the
        chart (an open-ended bar runs to its edge)."""
        zoom = self.zoom
        months = max(self._range.months, -(-chart // zoom.cells))
        scale = Scale(self._range.first, months, zoom)
        if scale != self._scale:
            self._scale = scale
            self._axis = axis_text(scale)
            self._lines.clear()
            self.refresh()

    @property
    def _step(self) -> int:
        """Cells one press of ← or → scrolls: a month, a quarter or a year."""
        return {Zoom.MONTH: 8, Zoom.QUARTER: 9, Zoom.YEAR: 12}[self.zoom]

    def action_scroll_earlier(self) -> None:
        """Scroll the chart to earlier dates."""
        self._set_chart_x(self._chart_x - self._step)

    def action_scroll_later(self) -> None:
        """Scroll the chart to later dates."""
        self._set_chart_x(self._chart_x + self._step)

    def action_scroll_start(self) -> None:
        """Scroll to the earliest date."""
        self._set_chart_x(0)

    def action_scroll_end(self) -> None:
        """Scroll to the latest date."""
        self._set_chart_x(self._scale.width)

    def _set_chart_x(self, cells: int) -> None:
        chart = self._chart_width()
        most = max(0, self._scale.width - chart) if chart else self._scale.width
        cells = max(0, min(cells, most))
        if cells != self._chart_x:
            self._chart_x = cells
            self.refresh()

    # -- baseline ------------------------------------------------------------------------

    class BaselineWanted(Message):
        """`b`: the screen asks which baseline to draw, and hands it to `set_baseline`."""

        def __init__(self, view: TimelineView) -> None:
            super().__init__()
            self.view = view

    def action_pick_baseline(self) -> None:
        """Pick the baseline the targets are drawn against: a snapshot, a commit, a file."""
        self.post_message(self.BaselineWanted(self))

    def action_clear_baseline(self) -> None:
        """Draw no baseline."""
        self.set_baseline(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_baseline":
            return self._baseline is not None
        return True

    # -- the cursor ----------------------------------------------------------------------

    def _move_cursor(self, row: int) -> None:
        """The keys or the mouse moved the cursor: say so when it is on another market."""
        before = self.cursor_key
        self._place_cursor(row)
        after = self.cursor_key
        if after is not None and after != before:
            self.post_message(MarketHighlighted(after))

    def _place_cursor(self, row: int) -> None:
        row = max(0, min(row, len(self._rows) - 1))
        if self._rows and self._rows[row].market is None:  # a heading: step past it
            row = row + 1 if row >= self._cursor and row + 1 < len(self._rows) else row - 1
            row = max(0, row)
        if row != self._cursor:
            self._refresh_row(self._cursor)
            self._cursor = row
            self._refresh_row(row)
        self._scroll_cursor_into_view()

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER)

    @property
    def _top(self) -> int:
        return round(self.scroll_offset.y)

    def _scroll_cursor_into_view(self) -> None:
        if not self.display:
            return  # another view is shown; `show()` brings the cursor in when this one is
        if self.scrollable_content_region.height <= HEADER:
            self.call_after_refresh(self._scroll_cursor_into_view)
            return
        top, page = self._top, self._page
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, force=True)

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.scroll_to(y=self._top - self._page, animate=False, force=True)
        self._move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        self.scroll_to(y=self._top + self._page, animate=False, force=True)
        self._move_cursor(self._cursor + self._page)

    def action_first(self) -> None:
        self._move_cursor(0)

    def action_last(self) -> None:
        self._move_cursor(len(self._rows) - 1)

    def action_choose(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(MarketChosen(key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER:
            return
        row = offset.y - HEADER + self._top
        if row >= len(self._rows) or self._rows[row].market is None:
            return
        event.stop()
        if row == self._cursor:
            self.action_choose()
        else:
            self._move_cursor(row)

    # -- drawing -------------------------------------------------------------------------

    def _refresh_row(self, row: int) -> None:
        y = row - self._top + HEADER
        if HEADER <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _forget_lines(self) -> None:
        self._generation += 1
        self._lines.clear()
        self._styles.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_lines()

    def _columns(self, width: int) -> tuple[int, int, int]:
        """The label's, the drift's and the chart's widths for a line of `width` cells:
        a space before the label, and a space after each column."""
        label = max(_LABEL_MIN, min(self._longest_label, _LABEL_MAX, width * 2 // 7))
        drift = self._drift_width
        chart = width - 1 - (label + 1) - (drift + 1 if drift else 0)
        return label, drift, max(0, chart)

    def _chart_width(self) -> int:
        return self._columns(self.scrollable_content_region.width)[2]

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if self.virtual_size.width != width:
            self.virtual_size = Size(width, HEADER + len(self._rows))
        label, drift, chart = self._columns(width)
        if self._zoom is None and chart > 0 and self._shown is not None:
            # first drawn: the nearest zoom that shows every date, else today in view
            self._zoom = fitting_zoom(self._dates, self._shown.today, chart)
            self._fit_scale(chart)
            if self._scale.width > chart:
                self._set_chart_x(self._scale.column(self._shown.today) - chart * 2 // 3)
        self._fit_scale(chart)
        most = max(0, self._scale.width - chart)
        self._chart_x = min(self._chart_x, most)
        self._frame = (width, label, drift, chart, self._chart_x, self.has_focus)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._frame[0]
        if self._shown is None:
            return Strip.blank(width, self.rich_style)
        if y == 0:
            return self._cached(("caption",), None, self._caption_line)
        if y == 1:
            return self._cached(("axis",), None, self._axis_line)
        number = y - HEADER + self._top
        if number >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[number]
        cursor = number == self._cursor
        return self._cached((id(row), cursor), row, lambda: self._row_line(row, cursor))

    def _cached(self, key: tuple[object, ...], row: Row | None, draw: Callable[[], Strip]) -> Strip:
        """A line drawn once per frame layout; a row's is kept with the row, so its id is
        not reused while the line is kept."""
        full_key = (*key, *self._frame, self._scale.zoom, self._generation)
        cached = self._lines.get(full_key)
        if cached is None or cached[0] is not row:
            cached = (row, draw())
            self._lines.set(full_key, cached)
        return cached[1]

    # -- the lines -----------------------------------------------------------------------

    def _style(self, name: str, cursor: bool = False) -> Style:
        """A component class's style over the widget's, with the cursor's on top."""
        key = (name, cursor)
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            if name:
                style += self.get_component_rich_style(name, partial=True)
            if cursor:
                style += self._cursor_style()
            self._styles[key] = style
        return style

    def _cursor_style(self) -> Style:
        return self.get_component_rich_style("timeline--cursor", partial=True)

    def _status_style(self, status: str, cursor: bool) -> Style:
        key = (f"status:{status}", cursor)
        style = self._styles.get(key)
        if style is None:
            shown = self._shown
            assert shown is not None
            look = look_of(status, shown.workflow)
            style = self.rich_style + status_style(look, shown.theme)
            if cursor:
                style += self._cursor_style()
            self._styles[key] = style
        return style

    def _label(self, market: Market) -> str:
        shown = self._shown
        glyph = look_of(market.status, shown.workflow).glyph if shown is not None else "?"
        return f"{glyph} {market.code} {one_line(market.name)}"

    def _caption_line(self) -> Strip:
        width = self._frame[0]
        shown = self._shown
        assert shown is not None
        parts = [f" {self.zoom.title.capitalize()} zoom + −", f"{TARGET} target"]
        if self._baseline is not None:
            parts.append(f"{GHOST} baseline: {self._baseline.short or 'picked'} · B clears")
        else:
            parts.append(f"today {shown.today.isoformat()}")
            parts.append("b picks a baseline")
        text = _fit(" · ".join(parts), width)
        return Strip([Segment(text, self._style("timeline--caption"))], width)

    def _axis_line(self) -> Strip:
        width, label, drift, chart, chart_x, _ = self._frame
        shown = self._shown
        assert shown is not None
        heading = self._style("timeline--axis")
        # the year at the chart's left edge, unless the axis itself starts with it there
        year = str(self._scale.day_at(chart_x).year)
        shown_there = self._axis[chart_x : chart_x + len(year)] == year
        market = "Market" if shown_there else _fit("Market", label - len(year) - 1) + " " + year
        segments = [Segment(" " + _fit(market, label) + " ", heading)]
        if drift:
            segments.append(Segment(_fit(_DRIFT_HEADING, drift) + " ", heading))
        runs = axis_runs(self._scale, self._axis, chart_x, chart, shown.today)
        segments += [Segment(run.text, self._run_style(run, heading, False)) for run in runs]
        return Strip(segments, width).adjust_cell_length(width, self.rich_style)

    def _run_style(self, run: Run, bar: Style, cursor: bool) -> Style:
        if run.kind is Cell.BAR or run.kind is Cell.AXIS:
            return bar
        if run.kind is Cell.TARGET:
            return bar
        if run.kind is Cell.GHOST:
            return self._style("timeline--ghost", cursor)
        if run.kind is Cell.TODAY:
            return self._style("timeline--today", cursor)
        return self._style("", cursor)

    def _row_line(self, row: Row, cursor: bool) -> Strip:
        width, label, drift, chart, chart_x, _ = self._frame
        shown = self._shown
        assert shown is not None
        plain = self._style("", cursor)
        if row.market is None:
            text = _fit(" " + row.heading, width)
            return Strip([Segment(text, self._style("timeline--heading"))], width)
        market = row.market
        status = self._status_style(market.status, cursor)
        label_style = self._style("timeline--muted", cursor) if row.dropped else plain
        # overdue or due soon: its glyph at the label's end, always in view (not live, and
        # the target passed or near: `roadmap_tui/due.py`)
        state = None if row.dropped else due(market, shown.today, shown.soon_days)
        segments = [Segment(" ", plain)]
        if state is None:
            segments.append(Segment(_fit(self._label(market), label), label_style))
        else:
            mark = "timeline--overdue" if state is Due.OVERDUE else "timeline--soon"
            segments += [
                Segment(_fit(self._label(market), label - 2) + " ", label_style),
                Segment(DUE_GLYPHS[state], self._style(mark, cursor)),
            ]
        segments.append(Segment(" ", plain))
        if drift:
            said = row.drift is not None and row.drift.kind is not DriftKind.NO_TARGET
            words = row.drift.words if said and row.drift is not None else ""
            segments += [
                Segment(_fit(words, drift), self._drift_style(row.drift, cursor)),
                Segment(" ", plain),
            ]
        if row.dropped:
            ghost = row.drift.baseline if row.drift is not None else None
            runs = bar_runs(None, None, ghost, "", self._scale, chart_x, chart, shown.today)
        elif row.dated:
            ghost = row.drift.baseline if row.drift is not None else None
            runs = bar_runs(
                market.since,
                market.target,
                ghost,
                look_of(market.status, shown.workflow).glyph,
                self._scale,
                chart_x,
                chart,
                shown.today,
            )
        else:
            runs = [Run(status_label(look_of(market.status, shown.workflow)), Cell.BAR)]
        segments += [Segment(run.text, self._run_style(run, status, cursor)) for run in runs]
        return Strip(segments).adjust_cell_length(width, plain)

    def _drift_style(self, drift: MarketDrift | None, cursor: bool) -> Style:
        if drift is None:
            return self._style("", cursor)
        days = drift.days
        if drift.kind is DriftKind.MOVED and days is not None:
            return self._style("timeline--later" if days > 0 else "timeline--earlier", cursor)
        return self._style(_DRIFT_LOOKS[drift.kind], cursor)
