"""The file changes on disk while the app has it open: reload, merge, conflicts, deletion,
and saves that fail. Asserts on the model, on the screen and on the bytes written."""

from __future__ import annotations

import asyncio
import errno
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from roadmap_tui.model import Status
from roadmap_tui.safety.journal import journal_dir
from roadmap_tui.safety.merge import Take
from roadmap_tui.store import RoadmapDocument, disk
from roadmap_tui.ui.app import UNSAVED_MARKER
from roadmap_tui.ui.safekeeping import GONE_MARKER
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.conflicts import ConflictScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.prompt import TextPrompt
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.journals import journal_path, peek
from tests.ui.scenarios import (
    DE_NOTES,
    edit_on_disk,
    merged_text,
    messages,
    screen_text,
    set_status,
    table,
)

SIZE = (160, 50)


async def notice_of_disk(pilot) -> None:
    """One check of the file, as the once-a-second timer makes it."""
    pilot.app.safekeeping.poll()
    await pilot.pause()


# -- no unsaved edits: reload in place -----------------------------------------------------


async def test_no_local_edits_reload_keeps_cursor_filter_and_sort(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"europe", "enter", "o")  # filter, then sort by code
        await pilot.pause()
        main = app.main_screen
        assert table(app).select_key("fr")
        await pilot.pause()
        view_before = main.view
        edit_on_disk(tiktok, DE_NOTES, '"Restart planned for 2025, Europe first."')
        await notice_of_disk(pilot)
        assert app.document.market("DE").notes == "Restart planned for 2025, Europe first."
        assert not app.document.dirty
        assert main.view == view_before and main.view.query == "europe"
        assert main.view.sort_column == "code"
        assert table(app).selected_key == "fr"
        assert table(app).shown_keys == sorted(table(app).shown_keys)
        assert "reloaded: changed on disk (1 note edited)" in messages(app)
        assert app.sub_title == "tiktok_shop.toml"


async def test_the_timer_notices_a_change_without_a_key_pressed(tiktok, open_app):
    # The timer ticks about once a second; how soon is not asserted here (a busy machine
    # delays every tick), only that a tick, with no key, reloads the file.
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit_on_disk(tiktok, 'name = "Germany"', 'name = "Deutschland"')
        started = time.monotonic()
        while time.monotonic() - started < 30:
            await asyncio.sleep(0.1)
            if app.document.market("DE").name == "Deutschland":
                break
        assert app.document.market("DE").name == "Deutschland"
        await pilot.pause()
        assert table(app).get_cell("de", "name").plain == "Deutschland"
        assert any(m.startswith("reloaded: changed on disk") for m in messages(app))


async def test_a_tick_that_lands_while_the_app_shuts_down_does_nothing(tiktok, open_app):
    # The timer runs outside the message queue: a tick can come after the screens went.
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    before = tiktok.read_bytes()
    edit_on_disk(tiktok, 'name = "Germany"', 'name = "Deutschland"')
    app.safekeeping.poll()
    assert app.document.market("DE").name == "Germany"
    assert tiktok.read_bytes() == before.replace(b'"Germany"', b'"Deutschland"', 1)


async def test_a_file_made_invalid_on_disk_is_not_loaded(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        edit_on_disk(tiktok, 'status = "paused"', 'status = "somewhere"')
        await notice_of_disk(pilot)
        assert app.document.market("DE").status is Status.PAUSED
        assert any("cannot be used now" in m and "keeps the version" in m for m in messages(app))


# -- unsaved edits: merge --------------------------------------------------------------------


async def test_disjoint_edits_merge_keeping_the_files_comments(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.PLANNED, "Restart in 2024")
        their_text = edit_on_disk(
            tiktok,
            '[[markets]]\ncode = "FR"',
            '# France: the team changed on 1 May.\n[[markets]]\ncode = "FR"',
        )
        their_text = edit_on_disk(tiktok, 'owner = "EU expansion"', 'owner = "EU launch team"')
        await notice_of_disk(pilot)
        assert isinstance(app.screen, MainScreen)
        notice = next(m for m in messages(app) if m.startswith("Merged with the file on disk"))
        assert "DE: owner EU expansion → EU launch team" in notice
        assert "your edits are kept, not saved" in notice
        assert app.document.dirty and UNSAVED_MARKER in app.sub_title
        assert app.document.market("DE").status is Status.PLANNED
        assert app.document.market("DE").owner == "EU launch team"
        assert tiktok.read_text(encoding="utf-8") == their_text  # nothing written yet
        await pilot.press("ctrl+s")
        await pilot.pause()
        expected = merged_text(
            their_text, lambda d: d.set_status("DE", Status.PLANNED, note="Restart in 2024")
        )
        assert tiktok.read_bytes() == expected.encode("utf-8")
        assert "# France: the team changed on 1 May." in expected
        assert not app.document.dirty


async def test_a_merge_clears_undo_and_says_so(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.PLANNED)
        edit_on_disk(tiktok, 'name = "France"', 'name = "France (métropole)"')
        await notice_of_disk(pilot)
        assert any(m.endswith("; undo history cleared") for m in messages(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Nothing to undo." in messages(app)
        assert app.document.market("DE").status is Status.PLANNED
        assert app.document.market("FR").name == "France (métropole)"


async def test_save_after_an_unseen_change_merges_instead_of_overwriting(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.safekeeping.watching = False  # the save comes before the timer's check
        await set_status(pilot, "DE", Status.LIVE)
        their_text = edit_on_disk(tiktok, 'name = "France"', 'name = "France (métropole)"')
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tiktok.read_text(encoding="utf-8") == their_text  # not overwritten
        assert any("changed on disk" in m and "not saved" in m for m in messages(app))
        assert any(m.startswith("Merged with the file on disk: FR: name") for m in messages(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        expected = merged_text(their_text, lambda d: d.set_status("DE", Status.LIVE))
        assert tiktok.read_bytes() == expected.encode("utf-8")


# -- the same field on both sides: the conflict screen --------------------------------------


async def open_conflict(pilot, tiktok: Path) -> str:
    """Ours and theirs both change DE's notes (and the file also renames FR)."""
    pilot.app.main_screen.query_one(MarketTable).select_key("de")
    pilot.app.main_screen._edit("notes of DE", lambda d: d.set_notes("DE", "Ours: wait for Q3."))
    await pilot.pause()
    edit_on_disk(tiktok, 'name = "France"', 'name = "France (métropole)"')
    their_text = edit_on_disk(tiktok, DE_NOTES, '"Theirs: restart in 2025."')
    await notice_of_disk(pilot)
    assert isinstance(pilot.app.screen, ConflictScreen)
    return their_text


async def test_same_field_opens_the_conflict_screen_and_nothing_is_written(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        their_text = await open_conflict(pilot, tiktok)
        text = screen_text(app)
        assert "DE · notes (Germany)" in text
        for shown in ("Paused with the rest", "Theirs: restart in 2025.", "Ours: wait for Q3."):
            assert shown in text
        await pilot.press("enter")  # nothing settled yet: merge is not offered
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("ctrl+s")  # merges only once settled: nothing written meanwhile
        await pilot.pause()
        assert tiktok.read_text(encoding="utf-8") == their_text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("DE").notes == "Ours: wait for Q3."  # our edit kept
        assert app.document.market("FR").name == "France"  # nothing merged either
        assert tiktok.read_text(encoding="utf-8") == their_text
        assert any("Conflicts left unsettled" in m for m in messages(app))
        await pilot.press("ctrl+s")  # the save asks again rather than overwrite
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert tiktok.read_text(encoding="utf-8") == their_text


@pytest.mark.parametrize("take", [Take.THEIRS, Take.OURS])
async def test_pick_a_side_then_save_writes_exactly_that(tiktok, open_app, take):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        their_text = await open_conflict(pilot, tiktok)
        await pilot.press("t" if take is Take.THEIRS else "o")
        await pilot.pause()
        assert "All settled" in screen_text(app)
        assert tiktok.read_text(encoding="utf-8") == their_text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("FR").name == "France (métropole)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        if take is Take.THEIRS:
            expected = their_text
        else:
            expected = merged_text(their_text, lambda d: d.set_notes("DE", "Ours: wait for Q3."))
        assert tiktok.read_bytes() == expected.encode("utf-8")


async def test_notes_written_by_hand_settle_a_conflict(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        their_text = await open_conflict(pilot, tiktok)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        editor = app.screen.query_one(TextArea)
        assert editor.text == "Theirs: restart in 2025.\n\nOurs: wait for Q3."
        editor.text = "Restart in 2025, after Q3 [bold]review[/]."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert "Written by hand" in screen_text(app)
        assert "[bold]review[/]" in screen_text(app)  # shown as typed
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        expected = merged_text(
            their_text, lambda d: d.set_notes("DE", "Restart in 2025, after Q3 [bold]review[/].")
        )
        assert tiktok.read_bytes() == expected.encode("utf-8")


# -- the file deleted or moved away -----------------------------------------------------------


async def test_a_deleted_file_is_said_and_saved_back(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        expected = app.document.text
        tiktok.unlink()
        await notice_of_disk(pilot)
        await notice_of_disk(pilot)  # missing twice: an editor's delete-and-recreate is not this
        assert isinstance(app.screen, Confirm)
        assert "was deleted or moved away" in app.screen.question
        assert GONE_MARKER in app.sub_title
        await pilot.press("s")
        await pilot.pause()
        assert tiktok.read_bytes() == expected.encode("utf-8")
        assert GONE_MARKER not in app.sub_title and UNSAVED_MARKER not in app.sub_title
        assert isinstance(app.screen, MainScreen)


async def test_a_deleted_file_can_be_saved_elsewhere(tiktok, tmp_path, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        expected = app.document.text
        tiktok.rename(tmp_path / "moved.toml")
        await notice_of_disk(pilot)
        await notice_of_disk(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        target = tmp_path / "elsewhere.toml"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_bytes() == expected.encode("utf-8")
        assert app.document.path == target
        assert app.sub_title == "elsewhere.toml"
        assert not tiktok.exists()


async def test_ctrl_s_on_a_deleted_file_offers_to_save_it_back(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.safekeeping.watching = False
        await set_status(pilot, "DE", Status.LIVE)
        tiktok.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("s")
        await pilot.pause()
        assert RoadmapDocument.load(tiktok).market("DE").status is Status.LIVE


async def test_save_it_back_merges_with_a_file_that_came_back_meanwhile(tiktok, open_app):
    """Issue 8, failure 6: "save it back" never writes over a file another program put back
    while the question was on screen; the app merges with it instead."""
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.safekeeping.watching = False
        await set_status(pilot, "DE", Status.LIVE)
        original = tiktok.read_text(encoding="utf-8")
        tiktok.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        theirs = original.replace('name = "France"', 'name = "France (métropole)"', 1)
        tiktok.write_text(theirs, encoding="utf-8")  # put back by git, say, meanwhile
        await pilot.press("s")
        await pilot.pause()
        assert tiktok.read_text(encoding="utf-8") == theirs  # not forced over
        assert any("has come back on disk" in m for m in messages(app))
        assert app.document.market("FR").name == "France (métropole)"
        assert app.document.market("DE").status is Status.LIVE  # and the edit is kept
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = RoadmapDocument.load(tiktok)
        assert saved.market("DE").status is Status.LIVE
        assert saved.market("FR").name == "France (métropole)"


# -- saves that fail ---------------------------------------------------------------------------

FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EACCES: "permission denied",
    errno.EROFS: "the file system is read-only",
}


@pytest.mark.parametrize("code", list(FAULTS))
async def test_a_failed_save_keeps_file_and_edits_and_offers_elsewhere(
    tiktok, tmp_path, open_app, monkeypatch, code
):
    original = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE, "Back on")

        def failing_to_replace(event: disk.Event) -> None:
            replacing = event.step in (disk.Step.RENAME, disk.Step.EXCHANGE)
            if replacing and Path(event.target).resolve() == tiktok.resolve():
                raise OSError(code, os.strerror(code))

        with disk.watching(before=failing_to_replace):
            await pilot.press("ctrl+s")
            await pilot.pause()
        error = next(n.message for n in app._notifications if n.severity == "error")
        assert FAULTS[code] in error and "edits are kept" in error
        assert error.count("\n") == 0
        assert tiktok.read_bytes() == original
        assert not list(tiktok.parent.glob(".tiktok_shop.toml.*.tmp"))
        assert app.document.dirty and app.document.market("DE").status is Status.LIVE
        recovery = peek(tiktok)
        assert recovery is not None
        first = recovery.changes()[0].describe()
        assert first.startswith("DE: status paused → live")
        assert isinstance(app.screen, TextPrompt)
        target = tmp_path / "safe.toml"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert RoadmapDocument.load(target).market("DE").status is Status.LIVE
        assert tiktok.read_bytes() == original
        assert not journal_path(tiktok).exists()


# -- big files: read in a thread ---------------------------------------------------------------


async def wait_for_the_read(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_a_big_file_is_reloaded_from_a_thread(tiktok, open_app, monkeypatch):
    from roadmap_tui import opening

    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(opening, "LOAD_IN_BACKGROUND_BYTES", 100)  # "big" from here on
        assert table(app).select_key("fr")
        edit_on_disk(tiktok, 'name = "Germany"', 'name = "Deutschland"')
        await notice_of_disk(pilot)
        assert "tiktok_shop.toml changed on disk: reading it …" in messages(app)
        await wait_for_the_read(pilot)
        assert app.document.market("DE").name == "Deutschland"
        assert table(app).selected_key == "fr"
        assert any(m.startswith("reloaded: changed on disk") for m in messages(app))


async def test_a_big_file_is_merged_from_a_thread(tiktok, open_app, monkeypatch):
    from roadmap_tui import opening
    from roadmap_tui.safety import session

    release = threading.Event()
    real_merge = session.merge_with_disk

    def slow_merge(*args):
        assert release.wait(10)  # a big file takes seconds: hold the thread until told
        return real_merge(*args)

    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(opening, "LOAD_IN_BACKGROUND_BYTES", 100)
        monkeypatch.setattr(session, "merge_with_disk", slow_merge)
        await set_status(pilot, "DE", Status.LIVE)
        their_text = edit_on_disk(tiktok, 'name = "France"', 'name = "France (métropole)"')
        await notice_of_disk(pilot)
        await pilot.press("ctrl+s")  # while it reads: not saved, and said so
        await pilot.pause()
        assert any(m.startswith("Still reading the file") for m in messages(app))
        assert tiktok.read_text(encoding="utf-8") == their_text
        release.set()
        await wait_for_the_read(pilot)
        assert any(m.startswith("Merged with the file on disk: FR: name") for m in messages(app))
        await pilot.press("ctrl+s")
        await pilot.pause()
        expected = merged_text(their_text, lambda d: d.set_status("DE", Status.LIVE))
        assert tiktok.read_bytes() == expected.encode("utf-8")


async def test_a_file_put_back_unchanged_clears_the_deleted_marker(tiktok, tmp_path, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tiktok.rename(tmp_path / "aside.toml")
        await notice_of_disk(pilot)
        await notice_of_disk(pilot)
        await pilot.press("escape")  # later
        await pilot.pause()
        assert GONE_MARKER in app.sub_title
        (tmp_path / "aside.toml").rename(tiktok)
        await notice_of_disk(pilot)
        assert app.sub_title == "tiktok_shop.toml"
        assert not any(m.startswith("reloaded") for m in messages(app))  # the same bytes


async def test_a_market_removed_here_and_edited_on_disk_is_a_whole_market_conflict(
    tiktok, open_app
):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.main_screen._edit("delete FR", lambda d: d.remove_market("FR"))
        await pilot.pause()
        their_text = edit_on_disk(tiktok, 'name = "France"', 'name = "France (métropole)"')
        await notice_of_disk(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "FR · the whole market (France (métropole))" in text
        assert "(removed)" in text and 'name = "France (métropole)"' in text
        await pilot.press("e")  # notes only: nothing to write by hand here
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("t", "enter", "ctrl+s")
        await pilot.pause()
        assert tiktok.read_text(encoding="utf-8") == their_text
        assert app.document.market("FR").name == "France (métropole)"


async def test_another_live_session_keeps_its_journal_and_this_one_journals_its_own(
    tiktok, open_app
):
    # another roadmap-tui with unsaved edits: its journal, and its lock held by a live process
    other = journal_dir(tiktok) / "other.jsonl"
    lock = other.with_suffix(".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        other.write_text('{"kind": "base"}\n', encoding="utf-8")
        app = open_app(tiktok)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)  # not offered: that session is alive
            assert any("another roadmap-tui has this roadmap open" in m for m in messages(app))
            await set_status(pilot, "DE", Status.LIVE)
            await set_status(pilot, "FR", Status.LIVE)
            assert not [m for m in messages(app) if "not journaled" in m]
            assert other.read_text(encoding="utf-8") == '{"kind": "base"}\n'
            ours = app.safekeeping.journal.file
            assert ours != other and ours.exists()  # this session's edits have their own
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert not ours.exists()
            assert other.read_text(encoding="utf-8") == '{"kind": "base"}\n'
    finally:
        holder.kill()
        holder.wait()


async def test_save_elsewhere_onto_an_existing_file_asks_again(tiktok, tmp_path, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        taken = tmp_path / "taken.toml"
        taken.write_text("someone's file\n", encoding="utf-8")
        tiktok.unlink()
        await notice_of_disk(pilot)
        await notice_of_disk(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = str(taken)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # asked again, saying why
        assert "already exists; choose another name" in app.screen.message
        assert taken.read_text(encoding="utf-8") == "someone's file\n"
        app.screen.query_one(Input).value = str(tmp_path / "free.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert RoadmapDocument.load(tmp_path / "free.toml").market("DE").status is Status.LIVE
