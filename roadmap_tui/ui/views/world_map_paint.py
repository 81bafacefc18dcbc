"""How the map view draws one state: each country's fill (status colour, the selected
market, other land), the line of the selected market and the legend — in colour, or in
glyphs under NO_COLOR. The view (`world_map.py`) decides what is shown and where."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.strip import Strip

from roadmap_tui.due import due
from roadmap_tui.model import Market
from roadmap_tui.share.world import Raster
from roadmap_tui.ui.views import Shown
from roadmap_tui.ui.views.world_map_places import Places
from roadmap_tui.ui.widgets.due_mark import due_label
from roadmap_tui.ui.widgets.status import look_of, readable_colour

LAND_GLYPH = "·"
# Textual's NO_COLOR filter reads every segment's style: none is left without one
PLAIN = Style()


class MapPainter:
    """The styles of one drawing: each country's fill, the legend's words."""

    def __init__(self, shown: Shown, place: Places, selected: str | None, no_color: bool) -> None:
        self.shown = shown
        self.place = place
        self.selected = selected
        self.no_color = no_color
        theme = shown.theme
        foreground = _colour(theme.get("foreground"), "#e0e0e0")
        background = _colour(theme.get("background"), "#121212")
        self.land = background.blend(foreground, 0.2).hex
        self.pick = foreground.hex  # the selected market: the strongest colour there is
        self.muted_text = Style(color=background.blend(foreground, 0.6).hex)
        self.heading_text = Style(bold=True)
        self.fills: dict[str, str] = {}
        self.glyphs: dict[str, str] = {}
        for code, market in place.by_country.items():
            look = look_of(market.status, shown.workflow)
            self.glyphs[code] = look.glyph
            colour = readable_colour(look, theme)
            self.fills[code] = self.pick if market.key == selected else colour or self.land
        self._styles: dict[tuple[str | None, str | None], Style] = {}

    def select(self, selected: str | None) -> frozenset[str]:
        """Move the highlight to the market `selected`; the countries whose look changed."""
        changed = set()
        for code, market in self.place.by_country.items():
            if market.key in (self.selected, selected):
                changed.add(code)
        self.selected = selected
        for code in changed:
            market = self.place.by_country[code]
            look = look_of(market.status, self.shown.workflow)
            colour = readable_colour(look, self.shown.theme)
            self.fills[code] = self.pick if market.key == selected else colour or self.land
        return frozenset(changed)

    def _fill(self, code: str) -> str | None:
        if not code:
            return None
        return self.fills.get(code, self.land)

    def _style(self, color: str | None, bgcolor: str | None) -> Style:
        key = (color, bgcolor)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(color=color, bgcolor=bgcolor)
        return style

    def map_line(self, grid: Raster, line: int, width: int) -> Strip:
        """One line of cells of the map."""
        segments: list[Segment] = []
        text = ""
        style: Style | None = None
        top_row = grid.codes[2 * line] if 2 * line < grid.rows else ()
        bottom_row = grid.codes[2 * line + 1] if 2 * line + 1 < grid.rows else ()
        for column in range(min(width, grid.columns)):
            top = top_row[column] if top_row else ""
            bottom = bottom_row[column] if bottom_row else ""
            character, cell_style = (
                self._cell_without_colour(top, bottom) if self.no_color else self._cell(top, bottom)
            )
            if cell_style is style:
                text += character
                continue
            if text:
                segments.append(Segment(text, style))
            text, style = character, cell_style
        if text:
            segments.append(Segment(text, style))
        return Strip(segments)

    def _cell(self, top: str, bottom: str) -> tuple[str, Style | None]:
        upper, lower = self._fill(top), self._fill(bottom)
        if upper is None and lower is None:
            return " ", PLAIN
        if upper == lower:
            return " ", self._style(None, upper)
        if lower is None:
            return "▀", self._style(upper, None)
        if upper is None:
            return "▄", self._style(lower, None)
        return "▀", self._style(upper, lower)

    def _cell_without_colour(self, top: str, bottom: str) -> tuple[str, Style | None]:
        market_codes = [code for code in (top, bottom) if code in self.place.by_country]
        if market_codes:
            code = market_codes[0]
            for candidate in market_codes:
                if self.place.by_country[candidate].key == self.selected:
                    code = candidate
            if self.place.by_country[code].key == self.selected:
                return self.glyphs[code], self._reverse
            return self.glyphs[code], PLAIN
        if top or bottom:
            return LAND_GLYPH, PLAIN
        return " ", PLAIN

    _reverse = Style(reverse=True, bold=True)

    def swatch(self, market_or_status: str, selected: bool = False) -> Segment:
        """A cell of a status's colour (its glyph without colour)."""
        look = look_of(market_or_status, self.shown.workflow)
        if self.no_color:
            return Segment(look.glyph, self._reverse if selected else PLAIN)
        colour = self.pick if selected else readable_colour(look, self.shown.theme)
        return Segment("█", Style(color=colour))

    def market_words(self, market: Market) -> list[Segment]:
        """`● SG Singapore`, in the status colour; reversed when it is selected."""
        look = look_of(market.status, self.shown.workflow)
        colour = readable_colour(look, self.shown.theme)
        style = Style(color=None if self.no_color else colour)
        if market.key == self.selected:
            style += Style(reverse=True)
        return [Segment(f"{look.glyph} {market.code} {market.name}", style)]

    def selected_line(self) -> Strip:
        """The selected market in words: code, name, status, due state, where it is."""
        market = next(
            (market for market in self.shown.markets if market.key == self.selected), None
        )
        if market is None:
            hint = (
                "No market matches the filters; esc clears them."
                if self.shown.filtered
                else "No markets yet: press a to add one."
            )
            return Strip([Segment(hint, self.muted_text)])
        look = look_of(market.status, self.shown.workflow)
        colour = readable_colour(look, self.shown.theme)
        segments = [
            Segment("▶ ", self.heading_text),
            Segment(f"{market.code} {market.name}", self.heading_text),
            Segment(" · ", self.muted_text),
            Segment(look.label, Style(bold=True, color=None if self.no_color else colour)),
        ]
        late = due(market, self.shown.today, self.shown.soon_days)
        if late is not None:
            segments += [
                Segment(" · ", self.muted_text),
                Segment(due_label(late), Style(bold=True)),
            ]
        if market.target is not None:
            when = f" {market.target.isoformat()}"
            segments.append(Segment(when if late else f" · target{when}", self.muted_text))
        if market.code.upper() not in self.place.by_country:
            segments += [Segment(" · ", self.muted_text), Segment("not a country", self.muted_text)]
        elif market.key not in self.place.drawn:
            segments += [
                Segment(" · ", self.muted_text),
                Segment("too small to see", self.muted_text),
            ]
        segments.append(Segment("   ←↑↓→ move  [ ] step", self.muted_text))
        return Strip(segments)

    def legend_line(self) -> Strip:
        """Each status with its colour and the count of markets shown in it."""
        counts: dict[str, int] = {}
        for market in self.shown.markets:
            counts[market.status] = counts.get(market.status, 0) + 1
        segments: list[Segment] = []
        for status in self.shown.workflow:
            if not self.no_color:  # without colour the label's glyph is the swatch
                segments += [self.swatch(status.name), Segment(" ", PLAIN)]
            segments.append(Segment(f"{status.label} {counts.get(status.name, 0)}  ", PLAIN))
        land = Segment(LAND_GLYPH, PLAIN) if self.no_color else Segment("█", Style(color=self.land))
        segments += [land, Segment(" no market  ", PLAIN)]
        if self.selected is not None:
            selected_status = next(
                (market.status for market in self.shown.markets if market.key == self.selected),
                "",
            )
            segments += [self.swatch(selected_status, selected=True), Segment(" selected", PLAIN)]
        return Strip(segments)


def _colour(value: str | None, default: str) -> Color:
    try:
        return Color.parse(value or default)
    except ColorParseError:
        return Color.parse(default)
