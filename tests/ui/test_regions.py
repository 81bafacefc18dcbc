"""The regions view (key 4): markets grouped by region with their counts per status and
earliest target, collapsing and expanding like a tree, sorted by count or name, and the
selection shared with the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.ui.commands import RoadmapCommands
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.views.regions import RegionsView
from tests.ui.scenarios import SAMPLES, run_from_palette, screen_lines, screen_text, table

MORE_MARKETS = """
[[markets]]
code = "ZA"
name = "South Africa"
status = "planned"
region = "Africa"
target = 2024-05-20

[[markets]]
code = "NG"
name = "Nigeria"
status = "planned"
region = "Africa"

[[markets]]
code = "XK"
name = "Kosovo"
status = "planned"
"""


@pytest.fixture
def with_africa(tiktok: Path) -> Path:
    """TikTok plus two planned markets in Africa (one due soon) and one without a region:
    by count Asia 6, Europe 5, Africa 2, North America 1; by name Africa comes first."""
    with tiktok.open("a", encoding="utf-8") as file:
        file.write(MORE_MARKETS)
    return tiktok


def regions(app) -> RegionsView:
    return app.main_screen.query_one(RegionsView)


def selected(app) -> str | None:
    return table(app).selected_key


def line_with(app, words: str) -> str:
    return next(line for line in screen_lines(app) if words in line)


def region_lines(app) -> list[str]:
    """The regions' names, top to bottom, as drawn (▼ expanded, ▶ collapsed)."""
    names = []
    for line in screen_lines(app):
        for icon in ("▼ ", "▶ "):
            if line.lstrip().startswith(icon):
                names.append(line.lstrip()[:2] + line.lstrip()[2:].split("  ")[0].strip())
    return names


def on_region(app) -> str | None:
    """The region whose line the cursor is on (None: on a market's line)."""
    view = regions(app)
    group = view.cursor_group
    return group.title if group is not None and view.cursor_market is None else None


async def open_regions(pilot) -> RegionsView:
    await pilot.pause()
    await pilot.press("4")
    await pilot.pause()
    view = regions(pilot.app)
    assert pilot.app.main_screen.focused is view
    return view


async def test_each_region_counts_its_markets_per_status_and_names_its_earliest_target(
    tiktok, open_app
):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        assert region_lines(app) == ["▼ Asia", "▼ Europe", "▼ North America"]
        asia = line_with(app, "▼ Asia")
        assert "○ 0  ◐ 0  ● 6" in asia and "no target" in asia
        europe = line_with(app, "▼ Europe")
        assert "○ 0  ◐ 4  ● 1" in europe
        america = line_with(app, "▼ North America")
        assert "○ 0  ◐ 1  ● 0" in america
        assert "earliest 2022-11-01  ! 1 overdue" in america
        united_states = line_with(app, "US  United States")
        assert "◐ paused" in united_states and "! overdue 2022-11-01" in united_states


async def test_no_region_is_a_group_of_its_own_last_and_o_sorts_by_name(with_africa, open_app):
    app = open_app(with_africa)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_regions(pilot)
        # by count (most markets first), the markets without a region last
        assert region_lines(app) == [
            "▼ Asia",
            "▼ Europe",
            "▼ Africa",
            "▼ North America",
            "▼ No region",
        ]
        africa = line_with(app, "▼ Africa")
        assert "○ 2  ◐ 0  ● 0" in africa
        assert "earliest 2024-05-20  ◷ 1 due soon" in africa  # 14 days after today
        assert "XK  Kosovo" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert region_lines(app) == [
            "▼ Africa",
            "▼ Asia",
            "▼ Europe",
            "▼ North America",
            "▼ No region",
        ]
        assert selected(app) == "gb"
        assert view.cursor_market is not None and view.cursor_market.code == "GB"
        await pilot.press("o")
        await pilot.pause()
        assert region_lines(app)[:3] == ["▼ Asia", "▼ Europe", "▼ Africa"]


async def test_regions_collapse_and_expand_like_a_tree(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        assert selected(app) == "gb"  # the table's first row, in Europe
        await pilot.press("left")  # from a market: to its region
        assert on_region(app) == "Europe" and selected(app) == "gb"
        await pilot.press("left")  # collapse
        await pilot.pause()
        assert "▶ Europe" in region_lines(app)
        assert "─ GB  United Kingdom" not in screen_text(app)
        await pilot.press("right")  # expand
        await pilot.pause()
        assert "▼ Europe" in region_lines(app)
        assert "─ GB  United Kingdom" in screen_text(app)
        await pilot.press("right")  # expanded: to its first market
        assert on_region(app) is None and regions(app).cursor_market.code == "GB"
        await pilot.press("up", "space")  # space on a region collapses it
        await pilot.pause()
        assert "▶ Europe" in region_lines(app)
        await pilot.press("enter")  # and enter expands it
        await pilot.pause()
        assert "▼ Europe" in region_lines(app)


async def test_space_on_a_market_marks_it_as_in_the_table(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert table(app).ticked_keys == {"gb"}
        assert "1 marked" in screen_text(app)


async def test_the_cursor_on_a_market_selects_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        await pilot.press("down")
        await pilot.pause()
        assert selected(app) == "de"
        assert "Paused with the rest of the first EU wave" in screen_text(app)  # details
        await pilot.press("down", "down", "down", "down")  # past Spain to North America
        await pilot.pause()
        assert on_region(app) == "North America" and selected(app) == "es"
        await pilot.press("down")
        assert selected(app) == "us"


async def test_the_selected_markets_region_is_expanded_when_the_view_is_shown(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        await pilot.press("left", "left")  # Europe collapsed
        await pilot.pause()
        assert "▶ Europe" in region_lines(app)
        await pilot.press("1")
        await pilot.press("down")  # the table's second row: DE, in Europe
        assert selected(app) == "de"
        await open_regions(pilot)
        assert "▼ Europe" in region_lines(app)
        assert regions(app).cursor_market.code == "DE"
        await pilot.press("down")
        await pilot.press("1")
        await pilot.pause()
        assert selected(app) == "fr"  # and back in the table, on the market moved to
        await open_regions(pilot)
        await pilot.press("left", "left")  # Europe collapsed again, the selection kept
        await pilot.pause()
        assert "▶ Europe" in region_lines(app) and selected(app) == "fr"
        await pilot.press("1")
        await open_regions(pilot)  # shown again: France's region is expanded
        assert "▼ Europe" in region_lines(app)
        assert regions(app).cursor_market.code == "FR"


async def test_collapsed_regions_stay_so_through_an_edit_and_a_filter(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        await pilot.press("left", "up")  # Europe's line, then Philippines, Asia's last
        assert selected(app) == "ph"
        await pilot.press("left", "left")  # to Asia's line; collapse it
        await pilot.pause()
        assert on_region(app) == "Asia" and "▶ Asia" in region_lines(app)
        await pilot.press("s", "2", "enter")  # PH (still selected) to paused
        await pilot.pause()
        assert app.document.market("PH").status == "paused"
        assert "▶ Asia" in region_lines(app) and on_region(app) == "Asia"
        assert "○ 0  ◐ 1  ● 5" in line_with(app, "▶ Asia")
        await pilot.press("slash", *"i", "enter")  # Asia: Indonesia, China, Philippines…
        await pilot.pause()
        assert "▶ Asia" in region_lines(app)
        assert "Indonesia" not in screen_text(app)


async def test_filters_and_the_tables_sort_carry_into_the_regions(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("o")  # the table sorted by code
        await open_regions(pilot)
        lines = screen_lines(app)
        start = next(i for i, line in enumerate(lines) if "▼ Europe" in line)
        codes = [lines[start + n].split()[1] for n in range(1, 6)]
        assert codes == ["DE", "ES", "FR", "GB", "IT"]
        await pilot.press("slash", *"status:paused", "enter")
        await pilot.pause()
        assert region_lines(app) == ["▼ Europe", "▼ North America"]
        assert "○ 0  ◐ 4  ● 0" in line_with(app, "▼ Europe")


async def test_enter_on_a_market_edits_its_notes(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "DE"


async def test_the_palette_offers_the_regions_keys_while_they_are_shown(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_regions(pilot)
        titles = [hit.text async for hit in RoadmapCommands(app.screen).discover()]
        assert "Regions: sort the regions by count or by name" in titles
        await run_from_palette(
            pilot, "sort the regions by count", lambda: regions(app).order == "name"
        )


async def test_a_click_selects_a_market_and_a_click_on_a_region_folds_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_regions(pilot)

        def row_of(words: str) -> int:
            return next(i for i, line in enumerate(screen_lines(app)) if words in line)

        await pilot.click(RegionsView, offset=(10, row_of("FR  France") - view.region.y))
        await pilot.pause()
        assert selected(app) == "fr"
        await pilot.click(RegionsView, offset=(10, row_of("▼ Asia") - view.region.y))
        await pilot.pause()
        assert "▶ Asia" in region_lines(app) and "Indonesia" not in screen_text(app)
        assert selected(app) == "fr"  # a region's line selects no market
        await pilot.click(RegionsView, offset=(4, row_of("▶ Asia") - view.region.y))
        await pilot.pause()
        assert "▼ Asia" in region_lines(app)


async def test_no_market_through_the_filters_is_said(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_regions(pilot)
        await pilot.press("slash", *"zzz", "enter")
        await pilot.pause()
        assert "No market matches the filters; esc clears them." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert region_lines(app)[0] == "▼ Asia"


async def test_home_end_and_pages_move_through_the_lines(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_regions(pilot)
        await pilot.press("end")
        assert selected(app) == "us"  # the last line: North America's only market
        assert "US  United States" in screen_text(app)
        await pilot.press("home")
        await pilot.pause()
        assert on_region(app) == "Asia" and selected(app) == "us"  # a region selects none
        assert "▼ Asia" in screen_lines(app)[2]  # scrolled back to the top
        await pilot.press("pagedown")  # 12 lines on screen: 11 lines on, Europe's fourth
        assert selected(app) == "it"


async def test_six_statuses_count_in_each_region_and_a_long_line_keeps_its_overdue(
    tmp_path, open_app
):
    stages = tmp_path / "tiktok_stages.toml"
    stages.write_bytes((SAMPLES / "tiktok_stages.toml").read_bytes())
    app = open_app(stages)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_regions(pilot)
        assert "◌ 1  ○ 0  ◑ 0  ● 1  ◐ 0  ✕ 0   no target" in line_with(app, "▼ Asia")
        # too long with every status: the ones at 0 make room for the overdue count
        america = line_with(app, "▼ North America")
        assert "○ 1   earliest 2023-09-01  ! 1 overdue" in america and "◌" not in america
