"""The notes editor: keep, cancel, and a question before changes are thrown away."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from roadmap_tui.model import Market
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from tests.ui_modals.host import TRICKY_NAME_SHOWN, HostApp, screen_text, sync


def editor_app(market: Market) -> HostApp:
    return HostApp(lambda: NotesEditor(market))


def cursor_to_end(app: HostApp) -> None:
    """Put the editor's cursor after the last character (no key does this)."""
    area = app.screen.query_one(TextArea)
    area.move_cursor(area.document.end)


@sync
async def test_opens_with_the_notes_and_focus_in_the_editor(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text == germany.notes
        assert app.screen.focused is area
        assert area.soft_wrap
        assert "Paused in July 2022 after the UK pilot" in screen_text(app)


@sync
async def test_ctrl_s_keeps_the_edited_text(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        cursor_to_end(app)
        await pilot.press("enter", *"Store tab", "ctrl+s")
    assert app.result == germany.notes + "\nStore tab"


@sync
async def test_keep_button_keeps_the_text(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.click("#notes-keep")
    assert app.result == "x" + germany.notes


@sync
async def test_escape_without_changes_cancels_at_once(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
    assert app.result is None


@sync
async def test_escape_after_a_change_asks_and_can_keep_editing(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Discard your changes to the notes of Germany?" in screen_text(app)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert isinstance(app.screen.focused, TextArea)
        assert not app.results
        await pilot.press("y", "ctrl+s")
    assert app.result == "xy" + germany.notes


@sync
async def test_escape_after_a_change_can_discard(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "escape")
        await pilot.pause()
        await pilot.press("d")
    assert app.result is None


@sync
async def test_cancel_button_asks_too(germany: Market) -> None:
    app = editor_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x")
        await pilot.click("#notes-cancel")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.click("#choice-0")
    assert app.result is None


@sync
async def test_market_without_notes_starts_empty(germany: Market) -> None:
    bare = germany.model_copy(update={"notes": None})
    app = editor_app(bare)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")  # nothing typed: no question
    assert app.result is None
    app = editor_app(bare)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"first", "ctrl+s")
    assert app.result == "first"


@sync
async def test_unicode_is_typed_and_kept(germany: Market) -> None:
    text = "Store tab テスト 🙂 — שלום مرحبا"
    app = editor_app(germany.model_copy(update={"notes": ""}))
    async with app.run_test(size=(80, 24)) as pilot:
        # The pilot cannot type an emoji key by key; a terminal pastes it.
        app.screen.post_message(events.Paste(text))
        await pilot.pause()
        assert "Store tab テスト 🙂" in screen_text(app)
        await pilot.press("ctrl+s")
    assert app.result == text


@sync
async def test_a_100_kb_note_opens_and_comes_back_whole(germany: Market) -> None:
    line = "Live-shopping in Jakarta: audiences grew week on week, Store tab next. 日本 🙂\n"
    notes = line * (100_000 // len(line) + 1)
    assert len(notes.encode()) > 100_000
    app = editor_app(germany.model_copy(update={"notes": notes}))
    async with app.run_test(size=(80, 24)) as pilot:
        cursor_to_end(app)
        await pilot.press(*"end", "ctrl+s")
    assert app.result == notes + "end"


@sync
async def test_markup_and_escapes_in_notes_and_name_show_literally(tricky: Market) -> None:
    notes = "[bold]x[/]\n[/\n[link=https://example.com]x[/link]\n\x1b[31mred"
    app = editor_app(tricky.model_copy(update={"notes": notes}))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        await pilot.press("ctrl+s")
    for line in ("[bold]x[/]", "[/", "[link=https://example.com]x[/link]"):
        assert line in text
    assert "\x1b" not in text
    # The title shows the name literally; the border cuts it to the dialog's width.
    assert f"Notes · XX {TRICKY_NAME_SHOWN}"[:40] in text
    assert app.result == notes
