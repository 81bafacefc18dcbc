"""The map view: the world in the terminal, each market's country in its status colour.

Each terminal cell shows two pixels (`▀`: the top one in the foreground colour, the
bottom one in the background), which keeps a country's fill solid; braille would give
eight dots a cell but one colour, and a country would read as a dotted outline.
With NO_COLOR the map is drawn a character a cell instead: a market's country in its
status glyph (`●`, `◐`, `○`), other land `·`, the selected market in reverse.

The map shows the part of the world the shown markets are in when they are all in one
part (a European roadmap: Europe), else the whole world. Under the map: the selected
market, then the legend. Markets the map cannot show — a
country too small to cover a cell at this size, a code that is not a country — are
listed beside the map (under it below 100 columns). The arrow keys move to the nearest
market drawn in that direction; `[` and `]` step through every shown market in the
table's order, those listed beside included; a click selects the country under it;
`enter` opens the selected market's notes, as in the table.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from roadmap_tui.share.world import Box, MapUnavailable, Raster, raster, world
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.views import MarketChosen, MarketHighlighted, Shown
from roadmap_tui.ui.views.world_map_paint import PLAIN, MapPainter
from roadmap_tui.ui.views.world_map_places import Places, markets_box, nearest, places

# From this width the markets left off the map are listed beside it, not under it.
WIDE = 100
ASIDE_WIDTH = 30


@dataclass(frozen=True)
class _Frame:
    """How the view's area is shared at one size."""

    map_width: int
    map_height: int
    aside_width: int  # 0: the list goes under the legend
    under_lines: int  # selected + legend + (narrow) the list


class MapView(Widget, can_focus=True):
    """The world map of the shown markets (see the module's docstring)."""

    BINDINGS = [  # noqa: RUF012 (Textual types it)
        *bindings("map"),
        # the arrows move as the table's do, so they are the view's own (the line under
        # the map names them), not commands of the palette
        *(Binding(key, f"map_{key}", show=False) for key in ("left", "right", "up", "down")),
        Binding("enter", "choose", show=False),  # as in the table: the market's notes
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        self._selected: str | None = None  # the market key under the cursor
        self._lines: list[Strip] = []
        self._drawn_for: tuple[object, ...] | None = None
        self._places: Places | None = None
        self._raster: Raster | None = None
        self._frame: _Frame | None = None
        # where each market listed beside the map is: (y, first x, end x, market key)
        self._aside_spans: list[tuple[int, int, int, str]] = []
        self._painter: MapPainter | None = None
        self._map_lines: list[Strip] = []  # the map alone, a strip per line
        self._line_codes: list[frozenset[str]] = []  # the countries on each line

    # -- the MarketPane contract ------------------------------------------------------

    def show(self, shown: Shown, selected: str | None) -> None:
        self._shown = shown
        keys = {market.key for market in shown.markets}
        self._selected = selected if selected in keys else None
        if self._selected is None and shown.markets:
            self._selected = shown.markets[0].key
        self.refresh()

    def select(self, key: str | None) -> bool:
        if self._shown is None or key not in {market.key for market in self._shown.markets}:
            return False
        if key != self._selected:
            self._selected = key
            self.refresh()
        return True

    # -- moving -----------------------------------------------------------------------

    def _move_to(self, key: str | None) -> None:
        if key is None or key == self._selected:
            return
        self._selected = key
        self.refresh()
        self.post_message(MarketHighlighted(key))

    def _arrow(self, direction: str) -> None:
        place = self._ready_places()
        if place is None or not place.drawn:
            return
        if self._selected in place.drawn:
            self._move_to(nearest(place.drawn, self._selected, direction))
        else:  # on a market listed beside the map: onto the map, the first one drawn
            self._move_to(next(iter(place.drawn)))

    def action_map_left(self) -> None:
        self._arrow("left")

    def action_map_right(self) -> None:
        self._arrow("right")

    def action_map_up(self) -> None:
        self._arrow("up")

    def action_map_down(self) -> None:
        self._arrow("down")

    def action_choose(self) -> None:
        if self._selected is not None:
            self.post_message(MarketChosen(self._selected))

    def action_step(self, by: int) -> None:
        """The next (`by` 1) or previous (-1) shown market in the table's order."""
        if self._shown is None or not self._shown.markets:
            return
        keys = [market.key for market in self._shown.markets]
        index = keys.index(self._selected) if self._selected in keys else -by
        self._move_to(keys[(index + by) % len(keys)])

    def on_click(self, event: events.Click) -> None:
        frame, grid, place = self._frame, self._raster, self._places
        if frame is None or grid is None or place is None:
            return
        if event.x < frame.map_width and event.y < frame.map_height:
            top, bottom = grid.cell(event.x, event.y)
            market = place.by_country.get(top) or place.by_country.get(bottom)
            if market is not None:
                self._move_to(market.key)
            return
        for y, start, end, key in self._aside_spans:
            if event.y == y and start <= event.x < end:
                self._move_to(key)

    # -- drawing ----------------------------------------------------------------------

    def _ready_places(self) -> Places | None:
        self._prepare(self.size)
        return self._places

    def render_line(self, y: int) -> Strip:
        self._prepare(self.size)
        return (
            self._lines[y]
            if y < len(self._lines)
            else Strip.blank(self.size.width, self.rich_style)
        )

    def _prepare(self, size: Size) -> None:
        """Draw every line for this size, markets, selection and theme (once: a line
        asked for again is the one drawn). A move of the cursor draws again only the
        lines that hold the country it left or the one it reached, and the lines under
        the map: at 200×60 with 2,000 markets, 2 ms instead of 16."""
        shown = self._shown
        key = (size, shown, self._selected, self.app.no_color, self.rich_style)
        if key == self._drawn_for:
            return
        before = self._drawn_for
        # the same markets at the same size and look: only the cursor moved
        same_map = (
            before is not None
            and before[1] is shown
            and (before[0], before[3], before[4]) == (key[0], key[3], key[4])
        )
        self._drawn_for = key
        if shown is None or size.width <= 0 or size.height <= 0:
            self._lines = []
            return
        if not same_map or self._painter is None:
            try:
                frame, grid, self._places = _laid_out(size, shown)
            except MapUnavailable as error:
                self._places = None
                self._lines = [Strip([Segment(str(error), PLAIN)])]
                return
            self._frame, self._raster = frame, grid
            self._painter = MapPainter(shown, self._places, self._selected, key[3])
            self._map_lines = [
                self._painter.map_line(grid, line, frame.map_width)
                for line in range(frame.map_height)
            ]
            self._line_codes = [
                frozenset(grid.codes[2 * line]) | frozenset(grid.codes[2 * line + 1])
                if 2 * line + 1 < grid.rows
                else frozenset()
                for line in range(frame.map_height)
            ]
        else:
            assert self._frame is not None and self._raster is not None
            changed = self._painter.select(self._selected)
            for line, codes in enumerate(self._line_codes):
                if codes & changed:
                    self._map_lines[line] = self._painter.map_line(
                        self._raster, line, self._frame.map_width
                    )
        self._lines = self._joined(size, self._painter, self._frame)

    def _joined(self, size: Size, painter: MapPainter, frame: _Frame | None) -> list[Strip]:
        """The map's lines with the list beside or under them and the two lines under."""
        assert frame is not None
        map_lines = self._map_lines
        aside = self._aside_lines(painter, frame)
        if frame.aside_width:
            width = frame.map_width
            gap = Strip([Segment(" ", PLAIN)])
            map_lines = [
                Strip.join([line.crop_extend(0, width, PLAIN), gap, side])
                for line, side in zip(
                    map_lines, _padded(aside, frame.map_height, frame.aside_width), strict=True
                )
            ]
            aside = []
        under = [painter.selected_line(), painter.legend_line(), *aside]
        # the widget's own colours under every cell the map leaves without (the sea)
        base = self.rich_style
        return [
            line.crop_extend(0, size.width, PLAIN).apply_style(base) for line in map_lines + under
        ]

    def _aside_lines(self, painter: MapPainter, frame: _Frame) -> list[Strip]:
        """The markets left off the map: a line each beside it, or a few lines under it
        (as many markets as fit, then how many more)."""
        place = self._places
        self._aside_spans = []
        if place is None or not place.left_off:
            return []
        if frame.aside_width:
            return self._aside_column(painter, place, frame)
        width, room = frame.map_width, frame.under_lines - 2
        first_line = frame.map_height + 2
        lines: list[list[Segment]] = [[Segment("Not on the map: ", painter.muted_text)]]
        used = len(lines[0][0].text)
        for index, market in enumerate(place.left_off):
            words = painter.market_words(market)
            length = sum(segment.cell_length for segment in words) + 2
            more = len(place.left_off) - index
            if used + length > width and lines[-1]:
                if len(lines) == room:  # the last line: say how many are left
                    lines[-1].append(Segment(f"… {more} more", painter.muted_text))
                    break
                lines.append([])
                used = 0
            self._aside_spans.append(
                (first_line + len(lines) - 1, used, used + length - 2, market.key)
            )
            lines[-1] += [*words, Segment("  ", PLAIN)]
            used += length
        return [Strip(line).crop_extend(0, width, PLAIN) for line in lines]

    def _aside_column(self, painter: MapPainter, place: Places, frame: _Frame) -> list[Strip]:
        width, height = frame.aside_width, frame.map_height
        start = frame.map_width + 1
        lines: list[Strip] = []
        groups = (("Too small to see", place.too_small), ("Not a country", place.not_countries))
        for heading, markets in groups:
            if not markets:
                continue
            if lines:
                lines.append(Strip([Segment("", PLAIN)]))
            lines.append(Strip([Segment(heading, painter.heading_text)]))
            for market in markets:
                self._aside_spans.append((len(lines), start, start + width, market.key))
                lines.append(Strip(painter.market_words(market)).crop(0, width))
        if len(lines) > height:  # no room for all: say how many are not shown
            last = max(height - 1, 0)
            hidden = sum(1 for span in self._aside_spans if span[0] >= last)
            self._aside_spans = [span for span in self._aside_spans if span[0] < last]
            lines = [*lines[:last], Strip([Segment(f"… {hidden} more", painter.muted_text)])]
        return lines


def _laid_out(size: Size, shown: Shown) -> tuple[_Frame, Raster, Places]:
    """Share the area between the map, the two lines under it and the markets left off
    the map: beside it (from 100 columns) or under it, whichever leaves the map bigger.
    The map shows the markets' part of the world when they are all in one part of it
    (Europe for a European roadmap), filling the area; the whole world, as high as its
    shape needs at that width, when they are spread over it. The lines follow the map."""
    shapes = world()
    width, height = size.width, max(size.height - 2, 0)
    codes = [market.code.upper() for market in shown.markets]

    def fitted(area_width: int, area_height: int) -> tuple[int, int, float, Box]:
        area_width, area_height = max(area_width, 0), max(area_height, 0)
        box = markets_box(codes, shapes, area_width / max(2 * area_height, 1))
        scale = min(area_width / box[2], 2 * area_height / box[3])
        rows = min(area_height, math.ceil(box[3] * scale / 2))
        return area_width, rows, scale, box

    def frame(
        area_width: int, area_height: int, aside: int, under: int
    ) -> tuple[_Frame, Raster, Places]:
        map_width, map_height, _, box = fitted(area_width, area_height)
        grid = raster(map_width, map_height, None if box == shapes.box else box)
        return (
            _Frame(map_width, map_height, aside, under),
            grid,
            places(shown.markets, shapes, grid),
        )

    whole = frame(width, height, 0, 2)
    if not whole[2].left_off:
        return whole
    words = sum(len(market.code) + len(market.name) + 5 for market in whole[2].left_off) + 16
    under_lines = min(math.ceil(words / max(width, 1)), 2 if size.height < 40 else 4)
    under_area = (width, max(height - under_lines, 0))
    if width >= WIDE and fitted(width - ASIDE_WIDTH - 1, height)[2] > fitted(*under_area)[2]:
        return frame(width - ASIDE_WIDTH - 1, height, ASIDE_WIDTH, 2)
    return frame(*under_area, 0, 2 + under_lines)


def _padded(lines: list[Strip], height: int, width: int) -> Iterable[Strip]:
    for index in range(height):
        line = lines[index] if index < len(lines) else Strip([Segment("", PLAIN)])
        yield line.crop_extend(0, width, PLAIN)
