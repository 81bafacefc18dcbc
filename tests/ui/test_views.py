"""Switching views: keys 1–5 show each view, the selected market, filters and sort carry
across, edits act on the selected market wherever it is shown, the palette lists the
views, and the next run opens in the view last shown."""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from roadmap_tui import paths
from roadmap_tui.settings import load
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.ui.view_names import VIEW_NAMES
from tests.ui.scenarios import run_from_palette, table


async def test_each_key_shows_its_view_and_gives_it_the_keys(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        main = app.main_screen
        switcher = main.query_one(ContentSwitcher)
        for view in (*VIEW_NAMES[1:], VIEW_NAMES[0]):
            await pilot.press(view.key)
            await pilot.pause()
            assert main.current_view == view.name
            pane = main.view_pane(view.name)
            assert switcher.current == pane.id
            assert pane.display and app.focused is pane
            shown = [child for child in switcher.children if child.display]
            assert shown == [pane]


async def test_the_selected_market_filters_and_sort_carry_across_views(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("o", "o")  # sorted by name
        await pilot.press("slash", *"europe", "enter")
        await pilot.press("down", "down")
        await pilot.pause()
        main = app.main_screen
        selected, order = table(app).selected_key, table(app).shown_keys
        for view in VIEW_NAMES[1:]:
            await pilot.press(view.key)
            await pilot.pause()
            assert (main.view.sort_column, main.view.query) == ("name", "europe")
            assert table(app).selected_key == selected
        await pilot.press("1")
        await pilot.pause()
        assert table(app).shown_keys == order
        assert table(app).selected_key == selected


async def test_an_edit_key_acts_on_the_selected_market_in_another_view(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down", "down", "3", "s")
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.market.code == table(app).selected_market.code == "FR"


async def test_the_palette_offers_every_view(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await run_from_palette(pilot, "board view", lambda: app.main_screen.current_view == "board")
        assert app.main_screen.current_view == "board"


async def test_the_next_run_opens_in_the_view_last_shown(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
    assert load(paths.config_file()).settings.view == "regions"

    again = open_app(tiktok)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert again.main_screen.current_view == "regions"
        assert again.focused is again.main_screen.view_pane("regions")
