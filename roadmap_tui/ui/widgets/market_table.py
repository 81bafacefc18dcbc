"""The table of markets: a line-API widget that draws only the rows on screen.

`show()` hands the table the markets to show, in order; the table keeps that list, and
no widget or stored row per market. Each frame draws the lines on screen from it, and a
drawn line is kept in a bounded cache (keyed by the market object, which is new whenever
the market changes) until the columns, the theme or the cursor's place change. So
opening, sorting, filtering and moving the cursor cost the same with 10 markets as with
10,000.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import compress, count, repeat
from operator import attrgetter, is_
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import PseudoClasses

from roadmap_tui.due import DUE_SOON_DAYS, due
from roadmap_tui.model import Market
from roadmap_tui.store.layout import differing
from roadmap_tui.ui.widgets.market_view import COLUMN_HEADINGS, COLUMN_KEYS
from roadmap_tui.ui.widgets.status import status_label_width
from roadmap_tui.ui.widgets.table_cells import MARK, MARK_COLUMN, market_cells
from roadmap_tui.ui.widgets.table_columns import (
    Column,
    Widest,
    fit_widths,
    measure,
    measure_changed,
)
from roadmap_tui.ui.widgets.table_lines import RowLook, paint_row
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

# Drawn lines kept: a few screens' worth, with and without the cursor on them.
_LINES_KEPT = 1024
# Cells kept, per market object: more than any screen shows, so scrolling back is cheap.
_CELLS_KEPT = 1024
# Markets changed by one edit that are measured alone; more, and all are measured again.
_REMEASURED = 64
_HEADER = -1  # the row index of the heading line (the header is not a market)
_CODE = attrgetter("code")


class _Measured:
    """The widest code, name and region of the last few lists of markets shown, by the
    list object (kept with its widths, so the identity is never reused meanwhile)."""

    _KEPT = 32

    def __init__(self) -> None:
        self._widths: dict[int, tuple[Sequence[Market], tuple[int, object, Widest]]] = {}

    def get(self, markets: Sequence[Market], due_on: object) -> Widest | None:
        """The widths of `markets`, their due marks as of `due_on` (today, soon days)."""
        entry = self._widths.get(id(markets))
        if entry is None or entry[0] is not markets or entry[1][:2] != (len(markets), due_on):
            return None
        return entry[1][2]

    def set(self, markets: Sequence[Market], due_on: object, widest: Widest) -> None:
        if len(self._widths) >= self._KEPT:
            del self._widths[next(iter(self._widths))]
        self._widths[id(markets)] = (markets, (len(markets), due_on, widest))


class MarketTable(ScrollView, can_focus=True):
    """The markets, one line each under a line of headings, with a row cursor.

    Looks and behaves as a `DataTable` with row cursor and zebra stripes did: click a
    heading to sort by it, click a row to put the cursor on it (click it again, or press
    enter, to choose it), and the keys move the cursor a row, a page or to either end."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first", "First market", show=False),
        Binding("end,ctrl+end", "last", "Last market", show=False),
    ]

    # The DataTable's look, under this widget's own names (its CSS, rule for rule).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "market-table--cursor",
        "market-table--hover",
        "market-table--header",
        "market-table--header-hover",
        "market-table--odd-row",
        "market-table--even-row",
    }

    DEFAULT_CSS = """
    MarketTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .market-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .market-table--header {
                background-tint: $foreground 5%;
            }
        }

        &:dark {
            & > .market-table--even-row {
                background: $surface-darken-1 40%;
            }
        }

        & > .market-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .market-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }

        & > .market-table--odd-row {
        }

        & > .market-table--even-row {
            background: $surface-lighten-1 50%;
        }

        & > .market-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }

        & > .market-table--header-hover {
            background: $accent 30%;
        }

        & > .market-table--hover {
            background: $block-hover-background;
        }
    }
    """

    cell_padding: ClassVar[int] = 1  # blank cells on each side of each cell
    header_height: ClassVar[int] = 1

    class _Said(Message):
        """A message from the table; `control` is the table, for `@on(..., "#id")`."""

        def __init__(self, table: MarketTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> MarketTable:
            return self.table

    class Highlighted(_Said):
        """The cursor is on another market (or the market under it changed)."""

        def __init__(self, table: MarketTable, key: str | None) -> None:
            super().__init__(table)
            self.key = key

    class Chosen(_Said):
        """Enter, or a click on the market under the cursor: act on that market."""

        def __init__(self, table: MarketTable, key: str) -> None:
            super().__init__(table)
            self.key = key

    class HeadingClicked(_Said):
        """A click on a column's heading (the screen sorts by that column)."""

        def __init__(self, table: MarketTable, column: str) -> None:
            super().__init__(table)
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Market] = []
        # the ids of the markets in `_shown`, when the last `show()` worked them out
        self._shown_ids: set[int] | None = set()
        # The widths of the last few lists of markets shown, by the list handed to
        # `show()` (a filter's kept result comes back when a key is typed back).
        self._measured = _Measured()
        self._unsorted: Sequence[Market] = ()  # the last `unsorted` handed to `show()`
        self._index: dict[str, int] | None = None  # key → row, built when first asked
        self._cursor = 0
        self._hover: int | None = None  # the row under the mouse (_HEADER: the headings)
        self._show_hover = False  # the mouse moved last, not the keys
        self._theme_variables: dict[str, str] = {}
        self._workflow: tuple[WorkflowStatus, ...] = DEFAULT_WORKFLOW
        # today and the days that are soon, for the due marks (no marks without a day)
        self._due_on: tuple[date | None, int] = (None, DUE_SOON_DAYS)
        self._marked: frozenset[str] = frozenset()  # keys of markets marked Δ
        # Keys of the markets marked with space for an edit of many ("ticked" here, so
        # the name is not taken for the Δ marks of a comparison).
        self._ticked: frozenset[str] = frozenset()
        self._headings: dict[str, str] = {MARK_COLUMN: "", **COLUMN_HEADINGS}
        self._visible: tuple[str, ...] = COLUMN_KEYS  # the columns the user shows
        self._drawn: tuple[str, ...] = COLUMN_KEYS  # those and, while any, the marks
        self._widest = Widest()
        self._fitted_for = -1  # the width the columns were last shared out for
        self.columns: dict[str, Column] = {}
        self._set_columns(dict.fromkeys(COLUMN_KEYS, 4))
        # Everything a drawn line depends on besides its market, cursor and hover:
        # bumped when the columns, theme or styles change, which forgets every line.
        self._generation = 0
        self._cells: LRUCache[int, tuple[Market, tuple[bool, bool], dict[str, Text]]] = LRUCache(
            _CELLS_KEPT
        )
        self._lines: LRUCache[tuple[object, ...], tuple[Market | None, Strip]] = LRUCache(
            _LINES_KEPT
        )
        self._looks: dict[tuple[object, ...], RowLook] = {}
        self._base_styles: dict[PseudoClasses, Style] = {}
        # The width, horizontal scroll, first row, pseudo-classes and generation of the
        # frame being drawn (set by render_lines for its render_line calls).
        self._frame: tuple[int, int, int, PseudoClasses, int] = (
            0,
            0,
            0,
            PseudoClasses(False, False, False),
            0,
        )

    # -- what is shown ------------------------------------------------------------------

    def show(
        self,
        markets: Sequence[Market],
        theme_variables: Mapping[str, str],
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
        today: date | None = None,
        soon_days: int = DUE_SOON_DAYS,
        unsorted: Sequence[Market] | None = None,
    ) -> None:
        """Show `markets`, in this order, their statuses as `workflow` draws them and
        their targets marked overdue or due soon as of `today` (none without it). The
        cursor stays on the market it was on (the same market object, else the same
        code) if it is still shown; only the lines whose market changed are drawn again.
        A list handed over is not to be changed afterwards: handed again, it is taken to
        hold the same markets (its widths are kept).

        `unsorted`, when given, holds the same markets as `markets` in another order (the
        filters' result before the sort, a list the caller keeps unchanged): the widths
        are those measured for it, so a sort of the same markets is not checked market
        by market."""
        workflow = tuple(workflow)
        due_on = (today, soon_days)
        due_changed = due_on != self._due_on
        if due_changed:  # another day (or soon_days): every mark may have changed
            self._due_on = due_on
            self._cells.clear()
            self._forget_lines()
        if dict(theme_variables) != self._theme_variables or workflow != self._workflow:
            self._theme_variables = dict(theme_variables)
            self._cells.clear()
            self._forget_lines()
            if workflow != self._workflow:
                self._workflow = workflow
                self._widest = replace(self._widest, status=status_label_width(workflow))
                self._fit_columns()
        old, old_top = self._shown, self._top
        under_cursor = old[self._cursor] if old else None
        self._shown = list(markets)
        self._index = None
        if unsorted is not None:
            # The caller says which markets these are: their widths are kept by that list
            # (a set of 10,000 ids to compare costs more than the rest of a sort).
            same_markets = False
            self._shown_ids = None
            measured = unsorted
            before = self._unsorted
            if (
                before is not unsorted
                and len(before) == len(unsorted)
                and self._measured.get(unsorted, due_on) is None
            ):
                self._measure_from(before, unsorted, due_on)
            self._unsorted = unsorted
        else:
            # A sort shows the same markets, and the widths stay. Only as many markets as
            # before can be the same ones: a filter that changed the count skips the check.
            # The ids of the markets shown are kept from the last check, so a sort builds
            # one set.
            shown_ids = set(map(id, self._shown)) if len(old) == len(self._shown) else None
            old_ids = self._shown_ids if self._shown_ids is not None else set(map(id, old))
            same_markets = shown_ids is not None and shown_ids == old_ids and not due_changed
            self._shown_ids = shown_ids
            self._unsorted = ()
            measured = markets
        if not same_markets:
            widest = self._measured.get(measured, due_on)
            if widest is None:
                widest = measure(self._shown, today, soon_days)
                self._measured.set(measured, due_on, widest)
            widest = replace(widest, status=self._widest.status)
            if widest != self._widest:
                self._widest = widest
                self._fit_columns()
        self._set_virtual_size()
        row = self._row_of(under_cursor) if under_cursor is not None else None
        self._place_cursor(row if row is not None else min(self._cursor, self.row_count - 1))
        self._refresh_changed(old, old_top)
        now_under = self._shown[self._cursor] if self._shown else None
        if now_under is not under_cursor:
            self.post_message(self.Highlighted(self, self.selected_key))

    def _measure_from(
        self, before: Sequence[Market], after: Sequence[Market], due_on: tuple[date | None, int]
    ) -> None:
        """Keep the widths of `after`, as many markets as `before` in the same places, from
        those of `before` when that is quicker than measuring them all: a filter typed on
        that found the same markets (the same widths), or an edit of a few of them (those
        measured alone, see `measure_changed`)."""
        kept = self._measured.get(before, due_on)
        if kept is None:
            return
        changed = differing(before, after)
        if len(changed) > _REMEASURED:
            return
        widest = measure_changed(kept, before, after, changed, *due_on) if changed else kept
        if widest is not None:
            self._measured.set(after, due_on, widest)

    @property
    def row_count(self) -> int:
        """How many markets are shown."""
        return len(self._shown)

    @property
    def shown_markets(self) -> Sequence[Market]:
        """The markets shown, top to bottom (the list the table holds: read it only)."""
        return self._shown

    @property
    def shown_keys(self) -> list[str]:
        """Keys of the markets shown, top to bottom."""
        return [market.key for market in self._shown]

    def market(self, key: str | None) -> Market | None:
        """The market shown with `key` (as of the last `show()`), or None."""
        if key is None:
            return None
        row = self._row_of_key(key)
        return self._shown[row] if row is not None else None

    @property
    def selected_market(self) -> Market | None:
        """The market under the cursor, or None when the table is empty."""
        return self._shown[self._cursor] if self._shown else None

    @property
    def selected_key(self) -> str | None:
        """Key of the market under the cursor, or None when the table is empty."""
        market = self.selected_market
        return market.key if market is not None else None

    def select_key(self, key: str | None) -> bool:
        """Put the cursor on the market with `key`; False when it is not shown."""
        if key is None:
            return False
        row = self._row_of_key(key)
        if row is None:
            return False
        self.move_cursor(row=row)
        return True

    def _row_of(self, market: Market) -> int | None:
        """The row of this market object, else of a market with its code."""
        same = compress(count(), map(is_, self._shown, repeat(market)))  # no Python loop
        row = next(same, None)
        return row if row is not None else self._row_of_key(market.key)

    def _row_of_key(self, key: str) -> int | None:
        if self._cursor < len(self._shown) and self._shown[self._cursor].key == key:
            return self._cursor  # the usual question: the market under the cursor
        if self._index is None:
            # Once per `show()` at most, and only when a market off the cursor is asked
            # for; built bottom up so a code shown twice maps to its first row, and in C
            # (`Market.key` is the code casefolded), since a filter asks on most keys.
            shown = self._shown
            keys = map(str.casefold, map(_CODE, reversed(shown)))
            self._index = dict(zip(keys, range(len(shown) - 1, -1, -1), strict=True))
        return self._index.get(key)

    # -- cells --------------------------------------------------------------------------

    def _cells_of(self, market: Market) -> dict[str, Text]:
        """The cells of `market`, built once per market object (markets are immutable,
        so an edited market is a new object and gets new cells)."""
        marks = (market.key in self._marked, market.key in self._ticked)
        cached = self._cells.get(id(market))
        if cached is not None and cached[0] is market and cached[1] == marks:
            return cached[2]
        today, soon_days = self._due_on
        cells = market_cells(
            market,
            marks[0],
            self._theme_variables,
            ticked=marks[1],
            workflow=self._workflow,
            due_state=due(market, today, soon_days) if today is not None else None,
        )
        # The market is kept with its cells, so its id cannot be reused while cached.
        self._cells.set(id(market), (market, marks, cells))
        return cells

    def get_row(self, key: str) -> list[Text]:
        """The cells of the shown market with `key`, in the order of the shown columns."""
        market = self.market(key)
        if market is None:
            raise KeyError(key)
        cells = self._cells_of(market)
        return [cells[column] for column in self._visible]

    def get_cell(self, key: str, column: str) -> Text:
        """The cell the shown market with `key` has in `column`."""
        market = self.market(key)
        if market is None:
            raise KeyError(key)
        return self._cells_of(market)[column]

    @property
    def marked_keys(self) -> frozenset[str]:
        """Keys of the markets marked Δ (changed since a snapshot compared with)."""
        return self._marked

    def set_marked(self, keys: Iterable[str]) -> None:
        """Mark the rows of these markets (casefolded codes) with Δ, and only these."""
        marked = frozenset(keys)
        if marked != self._marked:
            self._marked = marked
            # The lines are keyed by their market, not by its mark: draw them again.
            self._forget_lines()

    @property
    def ticked_keys(self) -> frozenset[str]:
        """Keys of the markets marked with space (for an edit of many), shown or not."""
        return self._ticked

    def set_ticked(self, keys: Iterable[str]) -> None:
        """Mark these markets (casefolded codes) with `●`, and only these. The mark
        column comes with the first mark and goes with the last."""
        ticked = frozenset(keys)
        if ticked == self._ticked:
            return
        column_before = bool(self._ticked)
        self._ticked = ticked
        if bool(ticked) != column_before:
            self._fit_columns(force=True)
        else:
            # A line is kept per mark state: only the lines whose mark changed are new.
            self.refresh()

    # -- columns ------------------------------------------------------------------------

    @property
    def visible_columns(self) -> tuple[str, ...]:
        """Keys of the columns shown, in their order on screen."""
        return self._visible

    def show_columns(self, keys: Iterable[str]) -> None:
        """Show only these columns (in the table's own order); the others are hidden."""
        wanted = set(keys)
        unknown = wanted - set(COLUMN_KEYS)
        if unknown:
            raise ValueError(f"no such column: {', '.join(sorted(unknown))}")
        if not wanted:
            raise ValueError("a table shows at least one column")
        visible = tuple(key for key in COLUMN_KEYS if key in wanted)
        if visible != self._visible:
            self._visible = visible
            self._fit_columns(force=True)

    def show_sort(self, column: str | None, reverse: bool) -> None:
        """Mark the sorted column's heading with ▲ or ▼."""
        for key in COLUMN_KEYS:
            heading = COLUMN_HEADINGS[key]
            if key == column:
                heading += " ▼" if reverse else " ▲"
            self._headings[key] = heading
        # The lines of the markets stay unless a heading's mark changed a column's width:
        # the line of headings is kept by its words.
        self._fit_columns()
        self._refresh_row(_HEADER)

    def _fit_columns(self, force: bool = False) -> None:
        """Share the table's width between the columns; long text ends in an ellipsis.
        Every line is drawn again if a column changed (or when `force`d)."""
        available = self.scrollable_content_region.width or self.size.width
        marks = (MARK_COLUMN,) if self._ticked else ()
        if available > 0:
            self._fitted_for = available
            mark = len(MARK) + 2 * self.cell_padding if self._ticked else 0
            widths = fit_widths(
                self._visible, self._headings, self._widest, available - mark, self.cell_padding
            )
            self._drawn = (*marks, *widths)  # a narrow table leaves some columns out
        else:  # not laid out yet: the widths come with the first resize
            widths = {key: column.width for key, column in self.columns.items()}
            self._drawn = (*marks, *self._visible)
        widths[MARK_COLUMN] = len(MARK)
        before = self._layout()
        self._set_columns(widths)
        if force or self._layout() != before:
            self._set_virtual_size()
            self._forget_lines()

    def _layout(self) -> list[tuple[str, int]]:
        """What the lines of the markets depend on: the columns drawn and their widths."""
        return [(column.key, column.width) for column in self.columns.values()]

    def _set_columns(self, widths: Mapping[str, int]) -> None:
        self.columns = {
            key: Column(key, Text(self._headings[key]), widths.get(key, 4)) for key in self._drawn
        }

    def _set_virtual_size(self) -> None:
        width = sum(column.get_render_width(self) for column in self.columns.values())
        self.virtual_size = Size(width, self.row_count + self.header_height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    # -- the cursor ---------------------------------------------------------------------

    @property
    def cursor_row(self) -> int:
        """The row of the cursor (0 when the table is empty)."""
        return self._cursor

    def move_cursor(self, *, row: int, scroll: bool = True) -> None:
        """Put the cursor on `row` (kept within the table) and tell the screen."""
        before = self.selected_market
        self._place_cursor(row, scroll=scroll)
        if self.selected_market is not before:
            self.post_message(self.Highlighted(self, self.selected_key))

    def _place_cursor(self, row: int, scroll: bool = True) -> None:
        row = max(0, min(row, self.row_count - 1))
        if row != self._cursor:
            self._refresh_row(self._cursor)
            self._cursor = row
            self._refresh_row(row)
        if scroll:
            self._scroll_cursor_into_view()

    @property
    def _page(self) -> int:
        """How many rows one screen of the table shows."""
        return max(1, self.scrollable_content_region.height - self.header_height)

    @property
    def _top(self) -> int:
        """The row shown first, under the headings."""
        return round(self.scroll_offset.y)

    def _scroll_cursor_into_view(self) -> None:
        if not self.display:
            # Hidden behind another view, which moves the selection: asking again after
            # each refresh would keep the event loop busy until the table is shown
            # (showing it brings the cursor into view: `MainScreen.action_show_view`).
            return
        if self.scrollable_content_region.height <= self.header_height:
            # Not laid out yet: once it is, the cursor is brought into view.
            self.call_after_refresh(self._scroll_cursor_into_view)
            return
        top, page = self._top, self._page
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, force=True)

    def _keys_moved(self) -> None:
        # The keys took over from the mouse: the hover highlight goes (as in DataTable).
        if self._show_hover:
            self._show_hover = False
            self._refresh_row(self._hover)

    def action_cursor_up(self) -> None:
        self._keys_moved()
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._keys_moved()
        self.move_cursor(row=self._cursor + 1)

    def action_page_down(self) -> None:
        """Down one screen: the view scrolls a page and the cursor keeps its place on it."""
        self._keys_moved()
        page = self._page
        self.scroll_to(y=self._top + page, animate=False, force=True)
        self.move_cursor(row=self._cursor + page)

    def action_page_up(self) -> None:
        """Up one screen: the view scrolls a page and the cursor keeps its place on it."""
        self._keys_moved()
        page = self._page
        self.scroll_to(y=self._top - page, animate=False, force=True)
        self.move_cursor(row=self._cursor - page)

    def action_first(self) -> None:
        self._keys_moved()
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self._keys_moved()
        self.move_cursor(row=self.row_count - 1)

    def action_choose(self) -> None:
        self._keys_moved()
        key = self.selected_key
        if key is not None:
            self.post_message(self.Chosen(self, key))

    # -- the mouse ----------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse (_HEADER on the headings), or None past the last."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        if offset.y < self.header_height:
            return _HEADER
        row = offset.y - self.header_height + self._top
        return row if row < self.row_count else None

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover or not self._show_hover:
            self._refresh_row(self._hover)
            self._hover, self._show_hover = row, True
            self._refresh_row(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_at(event))

    def on_leave(self, event: events.Leave) -> None:
        if self._show_hover:
            self._show_hover = False
            self._refresh_row(self._hover)

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        self._set_hover(row)
        if row == _HEADER:
            index = event.style.meta.get("column")
            if isinstance(index, int) and 0 <= index < len(self._drawn):
                column = self._drawn[index]
                if column != MARK_COLUMN:
                    self.post_message(self.HeadingClicked(self, column))
        elif row is not None:
            event.stop()
            if row == self._cursor:
                self.action_choose()
            else:
                self.move_cursor(row=row)

    # -- drawing ------------------------------------------------------------------------

    def _refresh_row(self, row: int | None) -> None:
        """Repaint the line of `row` (or of the headings), if it is on screen."""
        if row is None:
            return
        y = 0 if row == _HEADER else row - self._top + self.header_height
        if row != _HEADER and y < self.header_height:
            return
        if y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _refresh_changed(self, old: list[Market], old_top: int) -> None:
        """Repaint the lines on screen whose market changed (the common edit changes one)."""
        top = self._top
        if top != old_top:
            return  # scrolled: every line is repainted anyway
        changed = [
            row
            for row in range(top, top + self._page)
            if (old[row] if row < len(old) else None)
            is not (self._shown[row] if row < len(self._shown) else None)
        ]
        if len(changed) > 2:
            self.refresh()  # one region for the lot (the lines themselves may be kept)
        else:
            for row in changed:
                self._refresh_row(row)

    def _forget_lines(self) -> None:
        self._generation += 1
        self._lines.clear()
        self._looks.clear()
        self._base_styles.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_lines()

    def render_lines(self, crop: Region) -> list[Strip]:
        # A scrollbar that came or went changes the width without a resize event.
        available = self.scrollable_content_region.width
        if available and available != self._fitted_for:
            self._fit_columns()
        # What every line of this frame shares, worked out once for the frame.
        self._frame = (
            self.size.width,
            round(self.scroll_offset.x),
            self._top,
            self.get_pseudo_class_state(),
            self._generation,
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, scroll_x, top, state, generation = self._frame
        if y < self.header_height:
            hover = self._show_hover and self._hover == _HEADER
            headings = tuple(self._headings[column] for column in self._drawn)
            key: tuple[object, ...] = (_HEADER, headings, hover, width, scroll_x, state, generation)
            cached = self._lines.get(key)
            if cached is None:
                labels = [Text(heading) for heading in headings]
                look = self._look(_HEADER, False, hover, state)
                line = self._line(labels, look, width, scroll_x, self._base_style(state))
                cached = (None, line)
                self._lines.set(key, cached)
            return cached[1]
        row = y - self.header_height + top
        if row >= self.row_count:
            return Strip.blank(width, self._base_style(state))
        market = self._shown[row]
        cursor = row == self._cursor
        hover = self._show_hover and row == self._hover
        ticked = market.key in self._ticked
        key = (id(market), ticked, row % 2, cursor, hover, width, scroll_x, state, generation)
        cached = self._lines.get(key)
        if cached is None or cached[0] is not market:
            cells = self._cells_of(market)
            look = self._look(row % 2, cursor, hover, state)
            shown = [cells[column] for column in self._drawn]
            line = self._line(shown, look, width, scroll_x, self._base_style(state))
            cached = (market, line)
            self._lines.set(key, cached)
        return cached[1]

    def _line(
        self, cells: list[Text], look: RowLook, width: int, scroll_x: int, base: Style
    ) -> Strip:
        widths = [column.width for column in self.columns.values()]
        segments = paint_row(cells, widths, self.cell_padding, look, self.app.console, width)
        # paint_row joins neighbours of equal style: the strip is already simplified.
        strip = Strip(segments, max(width, sum(widths) + 2 * self.cell_padding * len(widths)))
        if scroll_x:
            strip = strip.crop(scroll_x)
        return strip.adjust_cell_length(width, base)

    def _base_style(self, state: PseudoClasses) -> Style:
        """The widget's own style (of the lines past the last market), once per frame."""
        style = self._base_styles.get(state)
        if style is None:
            style = self._base_styles[state] = self.rich_style
        return style

    def _look(self, row: int, cursor: bool, hover: bool, state: PseudoClasses) -> RowLook:
        """The styles of the headings (`row` _HEADER) or of an even (0) or odd (1) row."""
        key = (row, cursor, hover, state)
        look = self._looks.get(key)
        if look is not None:
            return look
        header = row == _HEADER
        if header:
            row_style = self.get_component_styles("market-table--header").rich_style
        else:
            zebra = "market-table--odd-row" if row else "market-table--even-row"
            row_style = self.get_component_styles(zebra).rich_style
        over = Style()
        if hover:
            over += self.get_component_rich_style("market-table--hover")
            if header:
                over += self.get_component_rich_style("market-table--header-hover")
        if cursor:
            over += self.get_component_rich_style("market-table--cursor")
        # The cursor's text colour wins over a cell's own (a status colour); its
        # background does not replace a cell's own background.
        on_top = Style.from_color(color=over.color)
        under = tuple(
            (row_style + Style.from_meta({"column": index})) + over
            for index in range(len(self._drawn))
        )
        filler = (row_style + over) + Style.from_meta({"out_of_bounds": True})
        look = RowLook(under=under, over=(on_top,) * len(under), filler=filler)
        self._looks[key] = look
        return look
