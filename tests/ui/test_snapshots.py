"""Snapshots of every screen (pytest-textual-snapshot). Each has an explicit terminal
size, the fixed clock and no cursor blink; paths shown are file names only.

Update after a deliberate change with `--snapshot-update`, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.ui.scenarios import INVALID, tricky_roadmap


def test_main_screen_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), terminal_size=(80, 24))


def test_main_screen_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), terminal_size=(160, 50))


def test_detail_pane_of_a_market_with_history(snap_compare, open_app, tiktok_here):
    # The US: target date, notes on several lines, a history entry with a note.
    assert snap_compare(open_app(tiktok_here), press=["down"] * 5, terminal_size=(200, 60))


def test_status_picker(snap_compare, open_app, tiktok_here):
    press = ["down", "s", "1", *"Restart in 2024"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(100, 30))


def test_status_changed_and_unsaved(snap_compare, open_app, tiktok_here):
    press = ["down", "s", "1", *"Restart", "enter"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 40))


def test_notes_editor(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["n"], terminal_size=(100, 30))


def test_add_market_form_with_a_validation_error(snap_compare, open_app, tiktok_here):
    async def fill(pilot) -> None:
        await pilot.press("a")
        await pilot.pause()
        pilot.app.screen.query_one("#field-code", Input).value = "de"
        pilot.app.screen.query_one("#field-target", Input).value = "2025-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(open_app(tiktok_here), run_before=fill, terminal_size=(100, 30))


def test_help_screen(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["question_mark"], terminal_size=(100, 40))


def test_filter_active(snap_compare, open_app, tiktok_here):
    press = ["slash", *"europe"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(120, 30))


def test_filter_kept_with_status_filter_and_sort(snap_compare, open_app, tiktok_here):
    press = ["slash", *"e", "enter", "f", "f", "o", "o"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(120, 30))


def test_unsaved_changes_prompt(snap_compare, open_app, tiktok_here):
    press = ["s", "2", "enter", "q"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(100, 30))


def test_delete_confirmation(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["down", "d"], terminal_size=(100, 30))


def test_error_screen_for_an_invalid_file(snap_compare, open_app, here):
    Path("broken.toml").write_text(INVALID, encoding="utf-8")
    assert snap_compare(open_app(Path("broken.toml")), terminal_size=(100, 30))


def test_missing_file_screen(snap_compare, open_app, here):
    assert snap_compare(open_app(Path("launch.toml")), terminal_size=(80, 24))


def test_empty_roadmap(snap_compare, open_app, here):
    Path("empty.toml").write_text('[roadmap]\ntitle = "Where we launch next"\n', encoding="utf-8")
    assert snap_compare(open_app(Path("empty.toml")), terminal_size=(80, 24))


def test_light_theme(snap_compare, open_app, tiktok_here):
    async def light(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press("down", "down", "down", "down", "down")
        await pilot.pause()

    assert snap_compare(open_app(tiktok_here), run_before=light, terminal_size=(160, 40))


def test_tricky_user_text(snap_compare, open_app, here):
    tricky_roadmap(here)
    assert snap_compare(open_app(Path("tricky.toml")), terminal_size=(120, 30))


# -- many markets at once, and search (issue 10) ---------------------------------------------

MARK_TWO = ["down", "space", "space"]  # DE and FR marked, the cursor on IT
BAD_QUERY = ["slash", *"status:paused ownr:wien"]  # an unknown field: the sentence under it


def test_marked_markets_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=MARK_TWO, terminal_size=(80, 24))


def test_marked_markets_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=MARK_TWO, terminal_size=(160, 50))


def test_status_picker_for_marked_markets(snap_compare, open_app, tiktok_here):
    press = [*MARK_TWO, "s", "3", *"Restart"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(100, 30))


def test_filter_hint_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=BAD_QUERY, terminal_size=(80, 24))


def test_filter_hint_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=BAD_QUERY, terminal_size=(160, 50))
