"""Where each shown market is on the world map: drawn (and where), too small to see, or
not a country; and which drawn market lies next in a direction. No Textual here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_tui.model import Market
from roadmap_tui.share.world import LEFT_OFF, Box, Point, Raster, World


@dataclass(frozen=True)
class Places:
    """The shown markets sorted by how the map shows them."""

    by_country: dict[str, Market]  # upper-case alpha-2 → market, drawn or too small
    drawn: dict[str, Point]  # market key → its middle, in pixels
    too_small: tuple[Market, ...]  # covers no pixel at this size (or Antarctica, cut off)
    not_countries: tuple[Market, ...]  # a code the map does not know

    @property
    def left_off(self) -> tuple[Market, ...]:
        """What is listed beside the map, in that order."""
        return self.too_small + self.not_countries


def places(markets: Sequence[Market], shapes: World, raster: Raster) -> Places:
    """Sort `markets` into drawn, too small to see and not countries."""
    by_country: dict[str, Market] = {}
    drawn: dict[str, Point] = {}
    too_small: list[Market] = []
    not_countries: list[Market] = []
    for market in markets:
        code = market.code.upper()
        if code not in shapes.countries:
            not_countries.append(market)
            continue
        by_country[code] = market
        centre = raster.centres.get(code)
        if centre is None or code in LEFT_OFF:
            too_small.append(market)
        else:
            drawn[market.key] = centre
    return Places(by_country, drawn, tuple(too_small), tuple(not_countries))


# The unit steps of the arrow keys, in pixels (y down).
DIRECTIONS: dict[str, Point] = {"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}


def nearest(drawn: dict[str, Point], start: str, direction: str) -> str | None:
    """The drawn market nearest to `start` in `direction` (within 60° either side of it),
    a market straight ahead preferred to one as near but off to the side; None when
    there is none that way."""
    origin = drawn.get(start)
    if origin is None:
        return None
    step_x, step_y = DIRECTIONS[direction]
    best: tuple[float, str] | None = None
    for key, (x, y) in drawn.items():
        if key == start:
            continue
        dx, dy = x - origin[0], y - origin[1]
        ahead = dx * step_x + dy * step_y
        aside = abs(dx * step_y - dy * step_x)
        if ahead <= 0 or aside > ahead * math.tan(math.radians(60)):
            continue
        score = ahead + 2 * aside
        if best is None or score < best[0]:
            best = (score, key)
    return best[1] if best else None


# Around the markets' countries, this much of their box again on each side (neighbours
# for context); a box wider than this share of the world shows the whole world instead.
_MARGIN = 0.4
_WHOLE_WORLD_BEYOND = 0.55


def markets_box(codes: Sequence[str], shapes: World, aspect: float) -> Box:
    """The part of the map to show for markets in the countries `codes`: their box with
    a margin, widened or heightened to `aspect` (width / height, in pixels), within the
    map; the whole map when they spread over most of it (or there are none)."""
    bounds = [
        shapes.countries[code].bounds
        for code in codes
        if code in shapes.countries and code not in LEFT_OFF
    ]
    if not bounds or aspect <= 0:
        return shapes.box
    left = min(box[0] for box in bounds)
    top = min(box[1] for box in bounds)
    right = max(box[0] + box[2] for box in bounds)
    bottom = max(box[1] + box[3] for box in bounds)
    width = max((right - left) * (1 + 2 * _MARGIN), shapes.width * 0.15)
    height = max((bottom - top) * (1 + 2 * _MARGIN), shapes.height * 0.15)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    if width >= shapes.width * _WHOLE_WORLD_BEYOND or height >= shapes.height:
        return shapes.box
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    left = min(max(centre_x - width / 2, shapes.left), shapes.left + shapes.width - width)
    top = min(max(centre_y - height / 2, shapes.top), shapes.top + shapes.height - height)
    return (left, top, width, height)
