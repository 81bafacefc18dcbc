"""The map view's keys and mouse: the cursor on the map selects markets, the table's
selection comes along, and an edit works on the market selected on the map."""

from __future__ import annotations

from textual.geometry import Offset

from roadmap_tui.ui.views.world_map import MapView
from tests.ui.scenarios import screen_text, table


def map_view(app) -> MapView:
    return app.screen.query_one(MapView)


async def test_the_selection_comes_from_the_table_and_shows_under_the_map(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("down", "down", "down", "down", "down", "5")  # the US
        await pilot.pause()
        assert app.focused is map_view(app)
        assert map_view(app)._selected == "us"
        assert "▶ US United States · ◐ paused" in screen_text(app)


async def test_arrows_move_to_the_nearest_market_that_way_and_the_table_follows(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        view = map_view(app)
        assert view._selected == "gb"
        await pilot.press("left")
        assert view._selected == "us"  # west of Britain: the United States
        await pilot.press("right")
        assert view._selected == "es"  # east of the US, the nearest at its latitude
        assert view._places is not None
        drawn = view._places.drawn
        axis = {"left": (0, -1), "right": (0, 1), "up": (1, -1), "down": (1, 1)}
        for key in ("right", "right", "down", "down", "up", "left"):
            before = view._selected
            await pilot.press(key)
            if view._selected != before:  # moved: the way the arrow points
                index, sign = axis[key]
                assert (drawn[view._selected][index] - drawn[before][index]) * sign > 0, key
        await pilot.pause()
        assert table(app).selected_key == view._selected


async def test_up_from_the_northernmost_market_stays_put(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5", "up")  # Britain: nothing north of it
        await pilot.pause()
        assert map_view(app)._selected == "gb"
        assert table(app).selected_key == "gb"


async def test_brackets_step_through_every_shown_market_in_the_tables_order(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert map_view(app)._selected == "fr"
        assert table(app).selected_key == "fr"
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        assert map_view(app)._selected == "ph"  # round to the last


async def test_a_click_on_a_country_selects_its_market(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        view = map_view(app)
        grid = view._raster
        assert grid is not None
        x, y = grid.centres["CN"]
        await pilot.click(MapView, offset=Offset(round(x), round(y) // 2))
        assert view._selected == "cn"
        await pilot.pause()
        assert table(app).selected_key == "cn"


async def test_an_edit_from_the_map_changes_the_market_selected_on_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5", "left")  # the United States
        await pilot.pause()
        await pilot.press("s", "3", "enter")  # the status picker: live
        await pilot.pause()
        assert app.document is not None
        assert app.document.market("US").status == "live"
        assert "▶ US United States · ● live" in screen_text(app)


async def test_a_code_that_is_not_a_country_is_listed_beside_the_map(tiktok, open_app):
    text = tiktok.read_text("utf-8").replace('code = "PH"', 'code = "SEA-1"', 1)
    tiktok.write_text(text, "utf-8")
    app = open_app(tiktok)
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        shown = screen_text(app)
        assert "Not a country" in shown or "Not on the map" in shown
        assert "● SEA-1 Philippines" in shown
        await pilot.press("left_square_bracket")  # the last market: SEA-1
        await pilot.pause()
        assert "▶ SEA-1 Philippines · ● live · not a country" in screen_text(app)


async def test_a_filter_leaves_only_its_markets_on_the_map(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5", "slash", *"asia", "enter")
        await pilot.pause()
        view = map_view(app)
        assert view._places is not None
        assert set(view._places.by_country) == {"ID", "CN", "MY", "TH", "VN", "PH"}
        assert view._selected == "id"


async def test_the_palette_offers_the_maps_commands_while_the_map_is_shown(tiktok, open_app):
    from roadmap_tui.ui.commands import RoadmapCommands

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        provider = RoadmapCommands(app.screen)
        assert "Map: next market in the table's order" not in [
            hit.text async for hit in provider.discover()
        ]
        await pilot.press("5")
        await pilot.pause()
        hits = [hit async for hit in provider.search("map next market")]
        assert hits and hits[0].text == "Map: next market in the table's order"
        await hits[0].command()
        await pilot.pause()
        assert map_view(app)._selected == "de"


async def test_enter_on_the_map_opens_the_selected_markets_notes(tiktok, open_app):
    from roadmap_tui.ui.screens.notes_editor import NotesEditor

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("5", "left", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "US"


async def test_an_empty_roadmap_and_a_filter_that_hides_every_market_say_so(tmp_path, open_app):
    empty = tmp_path / "empty.toml"
    empty.write_text('[roadmap]\ntitle = "Nothing yet"\n', encoding="utf-8")
    app = open_app(empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "right", "right_square_bracket")
        await pilot.pause()
        assert "No markets yet: press a to add one." in screen_text(app)


async def test_a_filter_that_hides_every_market_leaves_an_empty_map(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("5", "slash", *"nowhere at all", "enter")
        await pilot.pause()
        assert "No market matches the filters; esc clears them." in screen_text(app)
        view = map_view(app)
        assert view._places is not None and not view._places.by_country


async def test_a_regional_roadmap_is_shown_in_its_region(tmp_path, open_app):
    from tests.ui.scenarios import SAMPLES

    german = tmp_path / "expansion_de.toml"
    german.write_bytes((SAMPLES / "expansion_de.toml").read_bytes())
    app = open_app(german)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await pilot.pause()
        view = map_view(app)
        assert view._places is not None
        assert set(view._places.drawn) == {"de", "at", "ch", "nl", "pl", "dk"}
        assert "Not on the map" not in screen_text(app)
