"""The world map as an SVG picture: each market's country filled in its status colour,
the other countries muted, a legend under the map. For the HTML export, which inlines it.

Every colour is an SVG presentation attribute (never a `style`), so the page's
Content-Security-Policy, which allows only its own stylesheet, lets the picture show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from roadmap_tui.model import Market
from roadmap_tui.share.world import LEFT_OFF, Country, World, world

# Points closer than this (map units, 2,638 across; the page draws it about 1,000 pixels
# wide) are merged: the picture looks the same and the file is a third of the size.
_SVG_CLOSE = 3.0
_LAND = "#d9dee5"  # the page's --line: a country without a market
_BORDER = "#ffffff"
_INK = "#1f2933"
_MUTED = "#5f6b7a"
_DOT = 7.0  # the radius of the dot that shows a market too small to see


@dataclass(frozen=True)
class MapKey:
    """A status in the legend: its name, glyph and fill colour."""

    name: str
    glyph: str
    colour: str


def markets_on_map(markets: Sequence[Market], shapes: World) -> dict[str, Market]:
    """The markets the map can show, by upper-case alpha-2 code (the first market of a
    code wins; a code the map does not know is not there)."""
    shown: dict[str, Market] = {}
    for market in markets:
        code = market.code.upper()
        if code in shapes.countries and code not in LEFT_OFF and code not in shown:
            shown[code] = market
    return shown


def world_svg(
    markets: Sequence[Market],
    keys: Sequence[MapKey],
    title: str = "Markets on a world map",
    in_html: bool = False,
) -> str:
    """An `<svg>` of the world: each market's country in its status's colour (`keys`),
    with a `<title>` naming it, a dot for one too small to see; the legend of the statuses
    under the map. `in_html`: for a page's own markup, which needs no namespace (and so
    the exported page names no address at all)."""
    shapes = world()
    colours = {key.name: key.colour for key in keys}
    on_map = markets_on_map(markets, shapes)
    left, top = shapes.left, shapes.top
    width, height = round(shapes.width), round(shapes.height)
    legend, legend_height = _legend(keys, height + 20, width, on_map)
    namespace = "" if in_html else ' xmlns="http://www.w3.org/2000/svg"'
    parts = [
        f'<svg{namespace} viewBox="0 0 {width} {height + legend_height}" '
        f'role="img" aria-labelledby="world-map-title" width="100%" '
        f'font-family="system-ui, sans-serif" font-size="26">',
        f'<title id="world-map-title">{escape(title)}</title>',
        f'<g stroke="{_BORDER}" stroke-width="1" stroke-linejoin="round">',
    ]
    dots = []
    for code, country in shapes.countries.items():
        if code in LEFT_OFF or not country.rings:
            continue
        market = on_map.get(code)
        fill = colours.get(market.status, _INK) if market else _LAND
        path = _path_data(country, left, top)
        if market is None:
            parts.append(f'<path d="{path}" fill="{fill}"/>')
            continue
        parts.append(f'<path d="{path}" fill="{fill}"><title>{_label(market)}</title></path>')
        if _too_small(country):
            x, y = country.centre
            dots.append(
                f'<circle cx="{x - left:.0f}" cy="{y - top:.0f}" r="{_DOT}" fill="{fill}" '
                f'stroke="{_INK}" stroke-width="2"><title>{_label(market)}</title></circle>'
            )
    parts.append("</g>")
    for code, market in on_map.items():
        country = shapes.countries[code]
        if not country.rings and country.dot is not None:
            x, y = country.dot
            fill = colours.get(market.status, _INK)
            dots.append(
                f'<circle cx="{x - left:.0f}" cy="{y - top:.0f}" r="{_DOT}" fill="{fill}" '
                f'stroke="{_INK}" stroke-width="2"><title>{_label(market)}</title></circle>'
            )
    parts += dots
    parts += legend
    parts.append("</svg>")
    return "\n".join(parts)


def _label(market: Market) -> str:
    return escape(f"{market.code} {market.name} — {market.status}", quote=True)


def _too_small(country: Country) -> bool:
    """Under 12 map units across: a few pixels on a page; a dot marks it."""
    xs = [x for ring in country.rings for x, _ in ring]
    ys = [y for ring in country.rings for _, y in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys)) < 12


def _path_data(country: Country, left: float, top: float) -> str:
    pieces = []
    for ring in country.rings:
        kept: list[tuple[int, int]] = []
        last: tuple[float, float] | None = None
        for x, y in ring:
            if last is None or abs(last[0] - x) + abs(last[1] - y) >= _SVG_CLOSE:
                kept.append((round(x - left), round(y - top)))
                last = (x, y)
        if len(kept) < 3:
            continue
        first_x, first_y = kept[0]
        steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in pairwise(kept))
        pieces.append(f"M{first_x} {first_y}l{steps}z")
    return "".join(pieces)


def _legend(
    keys: Sequence[MapKey], top: float, width: float, on_map: Mapping[str, Market]
) -> tuple[list[str], float]:
    """Each status's swatch and `glyph name (count)`, in rows as wide as the map; and the
    height the legend takes under the map."""
    counts = {key.name: 0 for key in keys}
    for market in on_map.values():
        if market.status in counts:
            counts[market.status] += 1
    parts = [f'<g font-size="26" fill="{_INK}">']
    x, y = 10.0, top
    for key in [*keys, MapKey("no market", "", _LAND)]:
        words = f"{key.glyph} {key.name}".strip()
        if key.name in counts:
            words += f" ({counts[key.name]})"
        step = 60 + 16 * len(words)
        if x > 10 and x + step > width:  # a new row
            x, y = 10.0, y + 44
        parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="30" height="30" rx="4" fill="{key.colour}" '
            f'stroke="{_MUTED}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{x + 40:.0f}" y="{y + 24:.0f}">{escape(words)}</text>')
        x += step
    parts.append("</g>")
    return parts, y - top + 60
