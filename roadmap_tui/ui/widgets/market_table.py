"""The table of markets: one row per market, updated row by row as markets change."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from roadmap_tui.controls import has_controls
from roadmap_tui.model import Market
from roadmap_tui.ui.text import one_line, visible
from roadmap_tui.ui.widgets.market_view import COLUMN_HEADINGS, COLUMN_KEYS
from roadmap_tui.ui.widgets.status import STATUS_LABEL_WIDTH, status_text

NO_DATE = "—"
DATE_WIDTH = 10
# Columns that share the width left over; their widest and narrowest sizes.
_FLEXIBLE = ("name", "region", "notes")
_NAME_MOST, _NAME_LEAST = 28, 10
_REGION_MOST = 18
_NOTES_LEAST = 10
# Above this many changed rows a full refill is cheaper than row-by-row edits.
_INCREMENTAL_LIMIT = 16
# Rows added before the first frame of a refill; the rest follow right after it, so a
# big roadmap shows at once (taller than any terminal, so no gap is ever seen).
_FIRST_ROWS = 200


# Put before the name of a market a comparison found changed: readable without colour.
CHANGE_MARK = "Δ "


def _shown(value: str) -> str:
    """`value` with control characters visible; most text has none, so check first."""
    return visible(value) if has_controls(value) else value


def _first_line(value: str) -> str:
    """Like `one_line`: the first line, control characters visible, `…` if more follows."""
    return one_line(value) if has_controls(value) else value


def _cell(value: str, style: str = "") -> Text:
    # User text is data: a Text is never parsed as markup, and `ellipsis` marks a cut.
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", end="")


def _date_cell(value: object) -> Text:
    return _cell(value.isoformat(), "") if value is not None else _cell(NO_DATE, "dim")  # type: ignore[attr-defined]


def cell_values(market: Market) -> dict[str, object]:
    """What each column shows for `market`, before styling (compared to skip unchanged cells)."""
    return {
        "code": market.code,
        "name": market.name,
        "region": market.region,
        "status": market.status,
        "since": market.since,
        "target": market.target,
        "notes": market.first_note_line,
    }


class MarketTable(DataTable[Text]):
    """A DataTable whose rows are markets, keyed by their casefolded code.

    `show()` reconciles the rows with a list of markets: rows whose market did not change
    are left alone, changed markets have only their changed cells updated, and a new
    order is applied with a sort rather than a rebuild."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._markets: dict[str, Market] = {}
        self._order: list[str] = []
        self._pending: list[Market] = []  # rows of a refill still to add
        self._cells: dict[int, tuple[Market, list[Text]]] = {}
        self._filling_soon = False
        self._theme_variables: Mapping[str, str] = {}
        self._widest = {"code": 4, "name": 4, "region": 6, "notes": 5}
        self._marked: frozenset[str] = frozenset()  # keys of markets marked Δ
        for key in COLUMN_KEYS:
            self.add_column(COLUMN_HEADINGS[key], key=key, width=self._initial_width(key))

    @staticmethod
    def _initial_width(key: str) -> int:
        return {
            "code": 4,
            "status": STATUS_LABEL_WIDTH,
            "since": DATE_WIDTH,
            "target": DATE_WIDTH,
        }.get(key, 12)

    # -- rows ---------------------------------------------------------------------------

    @property
    def shown_keys(self) -> list[str]:
        """Keys of the markets shown, top to bottom."""
        self.finish_filling()
        return list(self._order)

    @property
    def selected_key(self) -> str | None:
        """Key of the market under the cursor, or None when the table is empty."""
        if not self._order or not self.is_valid_row_index(self.cursor_row):
            return None
        row_key, _column = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def market(self, key: str | None) -> Market | None:
        """The market a row shows (as of the last `show()`), or None."""
        if key is None:
            return None
        market = self._markets.get(key)
        if market is None and self._pending:
            market = next((m for m in self._pending if m.key == key), None)
        return market

    def select_key(self, key: str | None) -> bool:
        """Put the cursor on the market with `key`; False when it is not shown."""
        if key is None:
            return False
        if key not in self._markets and any(market.key == key for market in self._pending):
            self.finish_filling()
        if key not in self._markets:
            return False
        self.move_cursor(row=self.get_row_index(key), animate=False)
        return True

    def cells(self, market: Market) -> list[Text]:
        """The row of cells for `market`, in column order.

        Kept per market object (markets are immutable), so a filter or sort that brings
        rows back does not build their cells again."""
        cached = self._cells.get(id(market))
        if cached is not None and cached[0] is market:
            return cached[1]
        name = _cell(_first_line(market.name))
        if market.key in self._marked:
            name = Text.assemble((CHANGE_MARK, "bold"), name, no_wrap=True, overflow="ellipsis")
            name.end = ""
        cells = [
            _cell(_shown(market.code), "bold"),
            name,
            _cell(_first_line(market.region or "")),
            status_text(market.status, self._theme_variables),
            _date_cell(market.since),
            _date_cell(market.target),
            _cell(_shown(market.first_note_line)),
        ]
        # The market is kept with its cells, so its id cannot be reused while cached.
        self._cells[id(market)] = (market, cells)
        return cells

    @property
    def marked_keys(self) -> frozenset[str]:
        """Keys of the markets marked Δ (changed since a snapshot compared with)."""
        return self._marked

    def set_marked(self, keys: Iterable[str]) -> None:
        """Mark the rows of these markets (casefolded codes) with Δ, and only these."""
        marked = frozenset(keys)
        flipped = marked ^ self._marked
        if not flipped:
            return
        self._marked = marked
        self._cells.clear()  # cached cells carry the old marks
        for key in flipped:
            market = self._markets.get(key)
            if market is not None:
                self._set_row_cells(key, {"name": self.cells(market)[1]})

    def show(self, markets: list[Market], theme_variables: Mapping[str, str]) -> None:
        """Make the rows show `markets`, in this order, touching only what changed."""
        self.finish_filling()
        restyle = theme_variables != self._theme_variables
        self._theme_variables = dict(theme_variables)
        if restyle or len(self._cells) > 4 * max(len(markets), 1000):
            self._cells.clear()  # new status colours; or old revisions piling up
        if not restyle and self._same_rows(markets):
            return
        wanted = {market.key: market for market in markets}
        order = list(wanted)
        added = [key for key in order if key not in self._markets]
        removed = [key for key in self._order if key not in wanted]
        if len(added) + len(removed) > _INCREMENTAL_LIMIT or len(wanted) != len(markets):
            self._refill(markets)
            return
        for key in removed:
            self.remove_row(key)
            del self._markets[key]
        for key in added:
            self.add_row(*self.cells(wanted[key]), key=key)
            self._markets[key] = wanted[key]
        for market in markets:
            if self._markets[market.key] is not market or restyle:
                self._update_row(self._markets[market.key], market, restyle)
        # Rows now stand in their old order, less the removed, with the added at the end.
        self._order = [key for key in self._order if key in wanted] + added
        self._reorder(order)
        if added or removed:
            self._measure(markets)

    def _same_rows(self, markets: list[Market]) -> bool:
        """The common case, an edit of one market: the same rows in the same order.
        Compares markets by identity (unchanged markets are the same objects from one
        revision to the next) and updates the rows that differ; False if rows moved."""
        shown = self._markets
        if len(markets) != len(self._order):
            return False
        changed = []
        for key, market in zip(self._order, markets, strict=True):
            old = shown[key]
            if old is not market:
                if market.key != key:
                    return False
                changed.append((old, market))
        for old, market in changed:
            self._update_row(old, market, restyle=False)
        return True

    def _refill(self, markets: list[Market]) -> None:
        self.clear()
        self._markets, self._order = {}, []
        self._measure(markets)
        self._add_rows(markets[:_FIRST_ROWS])
        self._pending = markets[_FIRST_ROWS:]

    def _add_rows(self, markets: list[Market]) -> None:
        add_row, cells = self.add_row, self.cells
        for market in markets:
            if market.key in self._markets:
                continue  # the core keeps codes unique; a duplicate would break row keys
            add_row(*cells(market), key=market.key)
            self._markets[market.key] = market
            self._order.append(market.key)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The first paint of a refill is under way: add the remaining rows once this
        # frame is out (call_later runs after the current refresh has been written).
        if self._pending and not self._filling_soon:
            self._filling_soon = True
            self.call_later(self.finish_filling)
        return super().render_lines(crop)

    def finish_filling(self) -> None:
        """Add the rows a refill left for after the first frame (at once if asked first)."""
        self._filling_soon = False
        if self._pending:
            pending, self._pending = self._pending, []
            self._add_rows(pending)

    def _update_row(self, old: Market, new: Market, restyle: bool) -> None:
        before, after = cell_values(old), cell_values(new)
        cells = dict(zip(COLUMN_KEYS, self.cells(new), strict=True))
        changed = {
            column: cells[column]
            for column, value in after.items()
            if before[column] != value or (restyle and column == "status")
        }
        self._markets[new.key] = new
        if restyle:
            for column, cell in changed.items():
                self.update_cell(new.key, column, cell)
        elif changed:
            self._set_row_cells(new.key, changed)

    def _set_row_cells(self, key: str, cells: dict[str, Text]) -> None:
        """Replace cells of one row and repaint only that row.

        `DataTable.update_cell` bumps the counter that keys every render cache, so the
        next frame renders every visible cell again (tens of milliseconds at 160×50).
        Column widths here are fixed, so a changed cell cannot move any other: this
        forgets the cached renders of this one row and refreshes its region, and every
        other row is drawn from the cache even when the whole screen is repainted.
        (Uses DataTable internals; Textual is pinned and the pilot and snapshot tests
        check the result.)"""
        row = self._data[key]  # type: ignore[index]
        for column, cell in cells.items():
            row[column] = cell  # type: ignore[index]
        row_index = self.get_row_index(key)
        region = self._get_row_region(row_index)
        lines = range(region.y, region.bottom)
        self._row_renderable_cache.discard((self._update_count, row_index))
        caches: tuple[tuple[LRUCache[Any, Any], Callable[[Any], bool]], ...] = (
            (self._cell_render_cache, lambda cache_key: cache_key[0] == key),
            (self._row_render_cache, lambda cache_key: cache_key[0] == key),
            (self._line_cache, lambda cache_key: cache_key[0] in lines),
        )
        for cache, belongs in caches:
            # An LRUCache is not a dict: keys() is how it lists them.
            stale = [cache_key for cache_key in cache.keys() if belongs(cache_key)]  # noqa: SIM118
            for cache_key in stale:
                cache.discard(cache_key)
        self.refresh_row(row_index)

    def _reorder(self, order: list[str]) -> None:
        if order == self._order:
            return
        position = {key: index for index, key in enumerate(order)}
        # The code cell holds the code itself (codes are plain letters, digits, - and _),
        # so it leads back to the row's key.
        self.sort("code", key=lambda code: position[code.plain.casefold()])
        self._order = order

    # -- columns ------------------------------------------------------------------------

    def show_sort(self, column: str | None, reverse: bool) -> None:
        """Mark the sorted column's heading with ▲ or ▼."""
        for key in COLUMN_KEYS:
            heading = COLUMN_HEADINGS[key]
            if key == column:
                heading += " ▼" if reverse else " ▲"
            self.columns[key].label = Text(heading)  # type: ignore[index]
        self._fit_columns()

    def _measure(self, markets: list[Market]) -> None:
        """Remember the widest code, name, region and note, so short columns are not padded out."""
        self._widest = {
            "code": max((len(market.code) for market in markets), default=4),
            "name": max((cell_len(market.name) for market in markets), default=4),
            "region": max((cell_len(market.region or "") for market in markets), default=6),
            "notes": max((cell_len(market.first_note_line) for market in markets), default=5),
        }
        self._fit_columns()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        # Every column here has a fixed width and every row one line, so there is
        # nothing to measure: DataTable would render each new cell only to learn a
        # width it does not use. Only the scrollable size needs setting.
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Share the table's width between the columns; long text ends in an ellipsis."""
        available = self.scrollable_content_region.width or self.size.width
        if available <= 0:
            return
        pad = 2 * self.cell_padding
        widths = {
            "code": max(4, self._widest.get("code", 4)),
            "status": STATUS_LABEL_WIDTH,
            "since": DATE_WIDTH,
            "target": DATE_WIDTH,
        }
        for key in widths:
            widths[key] = max(widths[key], cell_len(self.columns[key].label.plain))  # type: ignore[index]
        rest = available - sum(widths.values()) - pad * len(COLUMN_KEYS)
        labels = {key: cell_len(self.columns[key].label.plain) for key in _FLEXIBLE}  # type: ignore[index]
        name = min(max(self._widest["name"], labels["name"]), _NAME_MOST)
        region = min(max(self._widest["region"], labels["region"]), _REGION_MOST)
        # On narrow terminals the region gives way first, then the name, so the notes
        # keep a readable start; on wide ones the notes take all that is left.
        over = name + region + _NOTES_LEAST - rest
        if over > 0:
            region = max(labels["region"], region - over)
            over = name + region + _NOTES_LEAST - rest
        if over > 0:
            name = max(_NAME_LEAST, name - over)
        widths |= {"name": name, "region": region, "notes": max(_NOTES_LEAST, rest - name - region)}
        changed = False
        for key, width in widths.items():
            column = self.columns[key]  # type: ignore[index]
            if column.width != width or column.auto_width:
                column.width, column.auto_width = width, False
                changed = True
        if changed:
            total = sum(column.get_render_width(self) for column in self.columns.values())
            self.virtual_size = Size(total, self.virtual_size.height)
            self._clear_caches()  # cell renders are cached per width-agnostic key
            self.refresh()
