"""Quitting or pressing esc never drops what was typed into the notes editor or the
market form without asking (failure 9)."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.notes_editor import NotesEditor


async def open_notes_of_de_and_type(pilot, text: str) -> None:
    await pilot.press("down", "n")  # DE is the second row
    await pilot.pause()
    assert isinstance(pilot.app.screen, NotesEditor)
    await pilot.press(*text)
    await pilot.pause()


async def test_quit_from_notes_keep_then_save_writes_the_typed_text(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_notes_of_de_and_type(pilot, "Typed ")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app._exit
        assert isinstance(app.screen, Confirm)
        assert "Keep what you typed" in app.screen.question
        await pilot.press("k")
        await pilot.pause()
        assert app.document.market("DE").notes.startswith("Typed ")
        assert isinstance(app.screen, Confirm)  # the normal quit prompt follows
        assert app.screen.question == "tiktok_shop.toml has unsaved changes."
        await pilot.press("s")
        await pilot.pause()
        assert app._exit
    assert RoadmapDocument.load(tiktok).market("DE").notes.startswith("Typed ")


async def test_quit_from_notes_cancel_stays_with_the_text(tiktok, open_app):
    before = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_notes_of_de_and_type(pilot, "Typed ")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app._exit
        editor = app.screen
        assert isinstance(editor, NotesEditor)
        assert editor.text.startswith("Typed ")
        assert editor.focused is editor.query_one(TextArea)
        assert not app.document.dirty
    assert tiktok.read_bytes() == before


async def test_quit_from_notes_discard_drops_the_text_and_exits(tiktok, open_app):
    before = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_notes_of_de_and_type(pilot, "Typed ")
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
        assert app._exit
        assert not app.document.market("DE").notes.startswith("Typed ")
    assert tiktok.read_bytes() == before


async def test_quit_from_unchanged_notes_exits_at_once(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_notes_of_de_and_type(pilot, "")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app._exit


async def test_quit_from_a_changed_form_asks_and_does_not_exit(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MarketForm)
        await pilot.press(*"PL")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app._exit
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MarketForm)
        assert app.screen.query_one("#field-code", Input).value == "PL"


async def test_quit_from_a_form_keep_adds_the_market_and_saves(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"PL", "tab", *"Poland")
        await pilot.press("ctrl+q", "k")
        await pilot.pause()
        assert app.document.market("PL").name == "Poland"
        await pilot.press("s")
        await pilot.pause()
        assert app._exit
    assert RoadmapDocument.load(tiktok).market("PL").name == "Poland"


async def test_quit_from_an_invalid_form_keep_stays_and_shows_what_to_fix(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"PL")  # no name: the form cannot be kept
        await pilot.press("ctrl+q", "k")
        await pilot.pause()
        assert not app._exit
        assert isinstance(app.screen, MarketForm)
        assert app.screen.query_one("#field-code", Input).value == "PL"
        assert "-invalid" in app.screen.query_one("#row-name").classes


async def test_escape_on_a_changed_form_asks_like_the_notes_editor(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MarketForm)
        form.query_one("#field-name", Input).value = "Deutschland"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == "Discard your changes to the fields of Germany?"
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#field-name", Input).value == "Deutschland"
        await pilot.press("escape", "d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("DE").name == "Germany"


async def test_escape_on_an_unchanged_form_closes_at_once(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
