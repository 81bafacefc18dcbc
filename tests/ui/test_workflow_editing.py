"""Editing what is there, in the app: a status change dated when it happened, `since` in
the market form, history entries corrected or deleted (each one undo step), the
roadmap's own title, a market added as live, and a roadmap with statuses of its own.
Each asserts the model and the bytes written on disk."""

from __future__ import annotations

import difflib
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.history_editor import HistoryEditor
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.roadmap_form import RoadmapForm
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import FIXED_NOW, SAMPLES, messages, screen_text


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
    return [line for line in diff if line[:1] in "+-"]


def stages(tmp_path: Path) -> Path:
    copy = tmp_path / "tiktok_stages.toml"
    shutil.copyfile(SAMPLES / "tiktok_stages.toml", copy)
    return copy


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.pause()


async def test_the_picker_takes_the_day_the_change_happened(tiktok, open_app):
    """Germany (paused on 5 July 2022) restarted on 1 March 2023, recorded a year later."""
    app = open_app(tiktok)
    before = tiktok.read_text("utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s")  # DE is the second row
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        await pilot.press("3", *"Restart", "tab", *"2023-03-01", "enter")
        await pilot.pause()
        germany = app.document.market("DE")
        assert (germany.status, germany.since) == ("live", date(2023, 3, 1))
        assert (germany.history[-1].at, germany.history[-1].note) == (date(2023, 3, 1), "Restart")
        await save(pilot)
    after = tiktok.read_text("utf-8")
    assert RoadmapDocument.load(tiktok).market("DE") == germany
    assert changed_lines(before, after) == [
        '- status = "paused"\n',
        '+ status = "live"\n',
        "- since = 2022-07-05\n",
        "+ since = 2023-03-01\n",
        "+ \n",
        "+ [[markets.history]]\n",
        "+ at = 2023-03-01\n",
        '+ from = "paused"\n',
        '+ to = "live"\n',
        '+ note = "Restart"\n',
    ]


async def test_a_wrong_date_in_the_picker_is_said_and_nothing_changes(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s")
        await pilot.pause()
        await pilot.press("3", "tab", *"5 July", "enter")
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        assert "'5 July' is not a date or a date-time" in screen_text(app)
        assert app.document.market("DE").status == "paused"


async def test_the_default_date_is_today_and_records_the_time_of_day(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "3", *"Now", "enter")
        await pilot.pause()
        assert app.document.market("DE").history[-1].at == FIXED_NOW


async def test_the_market_form_edits_since(tiktok, open_app):
    app = open_app(tiktok)
    before = tiktok.read_text("utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        assert isinstance(app.screen, MarketForm)
        await pilot.press("tab", "tab", "tab", "tab", "tab", *"2022-07-04", "ctrl+s")
        await pilot.pause()
        assert app.document.market("DE").since == date(2022, 7, 4)
        await save(pilot)
    after = tiktok.read_text("utf-8")
    assert after == before.replace(
        'status = "paused"\nregion = "Europe"\nowner = "EU expansion"\nsince = 2022-07-05',
        'status = "paused"\nregion = "Europe"\nowner = "EU expansion"\nsince = 2022-07-04',
        1,
    )


async def test_a_history_entry_is_corrected_then_deleted_each_one_undo_step(tiktok, open_app):
    app = open_app(tiktok)
    before = tiktok.read_text("utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        germany = app.document.market("DE")
        entry = germany.history[-1]
        await pilot.press("down", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryEditor)
        await pilot.press("e", "tab", "tab", "tab")  # to the note, its text selected
        await pilot.press(*"Paused with France", "ctrl+s")
        await pilot.pause()
        corrected = app.document.market("DE").history[-1]
        assert (corrected.at, corrected.from_, corrected.to) == (entry.at, entry.from_, entry.to)
        assert corrected.note == "Paused with France"
        await save(pilot)
        edited = tiktok.read_text("utf-8")
        assert edited == before.replace(f'note = "{entry.note}"', 'note = "Paused with France"', 1)

        await pilot.press("h", "d")
        await pilot.pause()
        assert app.document.market("DE").history == germany.history[:-1]
        number = len(germany.history)
        assert f"Deleted history entry {number} of DE. ctrl+z brings it back." in messages(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.market("DE").history[-1].note == "Paused with France"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.market("DE").history[-1] == entry
        await save(pilot)
    assert tiktok.read_text("utf-8") == before


async def test_the_roadmaps_title_is_edited_in_the_app(tiktok, open_app):
    app = open_app(tiktok)
    before = tiktok.read_text("utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapForm)
        await pilot.press("end", *" (2023)", "ctrl+s")
        await pilot.pause()
        title = app.document.roadmap.title
        assert title.endswith(" (2023)") and app.title == title
        await save(pilot)
        after = tiktok.read_text("utf-8")
        old_title = title.removesuffix(" (2023)")
        assert after == before.replace(f'"{old_title}"', f'"{title}"', 1)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.roadmap.title == old_title


async def test_a_market_added_as_live_records_its_start(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"KR", "tab", *"South Korea", "tab", "tab")
        await pilot.pause()
        await pilot.press("enter", "down", "down", "enter", "ctrl+s")  # the status: live
        await pilot.pause()
        korea = app.document.market("KR")
        assert (korea.status, korea.since) == ("live", FIXED_NOW.date())
        assert [(c.at, c.from_, c.to) for c in korea.history] == [(FIXED_NOW, "planned", "live")]


async def test_a_roadmap_with_its_own_statuses_shows_and_changes_them(tmp_path, open_app):
    path = stages(tmp_path)
    app = open_app(path)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        # the summary in the file's order, each status with its glyph in the table
        assert "0 exploring" not in text and "1 exploring · 1 planned · 0 testing" in text
        table = app.screen.query_one(MarketTable)
        assert table.get_cell("jp", "status").plain == "◌ exploring"
        assert table.get_cell("id", "status").plain == "● live"
        await pilot.press("f")  # the status filter cycles in the file's order
        await pilot.pause()
        assert table.shown_keys == ["jp"]
        await pilot.press("f", "f")
        await pilot.pause()
        assert table.shown_keys == []  # nobody is testing now
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("end", "s")  # US, the last row
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        assert "6  ✕ exited" in screen_text(app)
        await pilot.press("3", *"Store tab in the US", "enter")
        await pilot.pause()
        us = app.document.market("US")
        assert (us.status, us.history[-1].from_) == ("testing", "planned")
        assert table.get_cell("us", "status").plain == "◑ testing"
        await save(pilot)
    reread = RoadmapDocument.load(path)
    assert reread.warnings == [] and reread.market("US").status == "testing"
    assert reread.market("US").history[-1].at == datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
