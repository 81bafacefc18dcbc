"""Typeahead at launch and into the screens a key opens (failure 10): every key lands
where it was meant to, in order, none lost.

The keys are posted all at once, as a terminal delivers them when the app is busy, so
no key waits for the one before it to be handled (pilot.press would wait)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.recovery import RecoveryScreen
from roadmap_tui.ui.screens.status_picker import StatusPicker
from tests.journals import peek
from tests.ui.scenarios import crashed_session, messages, set_status

CHARACTERS = {"space": " ", "enter": "\r", "ctrl+j": "\n"}


def typed(*keys: str) -> list[events.Key]:
    """Key events for `keys`, stamped now: the moment they were typed."""
    return [events.Key(key, key if len(key) == 1 else CHARACTERS.get(key)) for key in keys]


def burst(app: RoadmapApp, *keys: str | events.Key) -> None:
    """Queue `keys` in the app at once, as typed faster than it handles them."""
    for key in keys:
        app.post_message(key if isinstance(key, events.Key) else typed(key)[0])


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


# -- keys typed before a question the app raises by itself never answer it ------------------

# What a user typed in a terminal while the app started: meant for the table and a note.
AT_LAUNCH = ("down", "down", "s", "3", *"Typed", "space", *"fast", "enter")


async def test_keys_typed_at_launch_never_answer_the_recovery_prompt(tiktok, open_app, monkeypatch):
    # The 'd' of "Typed" was taken as "Discard": a crashed session's edits were gone.
    crashed_session(tiktok)
    launch = RoadmapApp.on_mount

    def typed_during_launch(app: RoadmapApp) -> None:
        burst(app, *AT_LAUNCH)
        launch(app)

    monkeypatch.setattr(RoadmapApp, "on_mount", typed_during_launch)
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecoveryScreen)
        assert peek(tiktok) is not None  # the crash's edits are still offered
        assert app.document.market("FR").status is Status.PAUSED  # and nothing else ran
        assert not app.document.dirty
        assert "Keys typed before this question appeared were not taken as answers." in (
            messages(app)
        )
        await pilot.press("r")  # typed once the question is there: an answer
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("DE").status is Status.LIVE


async def test_keys_typed_before_the_file_was_found_deleted_never_answer(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        keys = typed(*"sa")  # typed on the table: 's' would be "Save it back"
        tiktok.unlink()
        for _ in range(2):  # missing on two checks in a row: deleted
            app.safekeeping.poll()
            await pilot.pause()
        assert isinstance(app.screen, Confirm)
        burst(app, *keys)
        await settle(pilot)
        assert isinstance(app.screen, Confirm)  # still asking
        assert not tiktok.exists()
        await pilot.press("s")
        await pilot.pause()
        assert RoadmapDocument.load(tiktok).market("DE").status is Status.LIVE


async def test_keys_the_user_asked_a_question_with_still_answer_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down")  # DE
        await pilot.pause()
        burst(app, "d", "d")  # delete, and "Delete" in the question it opens
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "DE" not in [market.code for market in app.document.markets]


async def test_enter_typed_at_launch_submits_the_note(tiktok, open_app, monkeypatch):
    # Typed before the app put the terminal in raw mode, enter arrives as a newline,
    # which Textual reads as ctrl+j.
    launch = RoadmapApp.on_mount

    def typed_during_launch(app: RoadmapApp) -> None:
        burst(app, "down", "s", "3", *"Go", "ctrl+j")
        launch(app)

    monkeypatch.setattr(RoadmapApp, "on_mount", typed_during_launch)
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        germany = app.document.market("DE")
        assert germany.status is Status.LIVE
        assert germany.history[-1].note == "Go"
