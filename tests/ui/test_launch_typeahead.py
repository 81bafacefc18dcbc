"""Typeahead at launch and into the screens a key opens (failure 10): every key lands
where it was meant to, in order, none lost.

The keys are posted all at once, as a terminal delivers them when the app is busy, so
no key waits for the one before it to be handled (pilot.press would wait)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.status_picker import StatusPicker


def burst(app: RoadmapApp, *keys: str) -> None:
    """Queue `keys` in the app at once, as typed faster than it handles them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def test_keys_typed_while_the_app_starts_reach_the_table(tiktok, open_app, monkeypatch):
    launch = RoadmapApp.on_mount

    def typed_during_launch(app: RoadmapApp) -> None:
        launch(app)  # pushes the main screen; it is not composed yet
        burst(app, "down", "down", "s")

    monkeypatch.setattr(RoadmapApp, "on_mount", typed_during_launch)
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen_stack[1]
        assert isinstance(main, MainScreen)
        assert main.filter_bar.input.value == ""
        assert not main.filter_bar.display
        assert main.table.cursor_row == 2
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.market.code == main.table.market(main.table.selected_key).code


async def test_the_main_screen_starts_with_the_table_focused(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)):
        assert isinstance(app.screen, MainScreen)
        assert app.focused is app.screen.table


async def test_a_burst_that_opens_the_notes_editor_types_into_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")  # DE
        await pilot.pause()
        before = app.document.market("DE").notes
        # s, e, d are main-screen keys: here they are the note's text
        burst(app, "n", *"seeded")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, NotesEditor)
        assert editor.text == "seeded" + before
        assert len(app.screen_stack) == 3  # the default screen, main, the editor


async def test_a_burst_that_opens_the_market_form_types_into_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "a", *"sade")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, MarketForm)
        assert form.query_one("#field-code", Input).value == "sade"
        assert len(app.screen_stack) == 3


async def test_a_burst_after_e_types_as_slow_keys_do(tiktok, open_app):
    typed: list[str] = []
    for fast in (False, True):
        app = open_app(tiktok)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("down")
            await pilot.pause()
            if fast:
                burst(app, "e", *"AT")
            else:
                await pilot.press("e", *"AT")
            await settle(pilot)
            assert isinstance(app.screen, MarketForm)
            typed.append(app.screen.query_one("#field-code", Input).value)
    assert typed[0] == typed[1] == "AT"
