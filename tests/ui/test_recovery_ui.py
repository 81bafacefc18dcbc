"""Unsaved edits survive a crash: every edit in the app is journaled at once, and a
journal a dead session left is offered back on opening (re-apply through the merge, or
discard). Asserts on the journal, the screen and the bytes saved."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from roadmap_tui.model import Status
from roadmap_tui.safety.journal import journal_dir
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.conflicts import ConflictScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.recovery import RecoveryScreen
from tests.journals import find_one, journal_path, peek
from tests.ui.scenarios import (
    crashed_session,
    edit_on_disk,
    merged_text,
    messages,
    screen_text,
    set_status,
)

SIZE = (120, 40)


def reapply_edits(document: RoadmapDocument) -> None:
    document.set_status("DE", Status.LIVE, note="Back on after the UK review")
    document.set_notes("FR", "Launch with the Paris creators' programme.")


# -- what the app journals -----------------------------------------------------------------


async def test_every_edit_undo_and_redo_is_journaled_and_a_save_removes_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not journal_path(tiktok).exists()
        await set_status(pilot, "DE", Status.LIVE)
        recovery = peek(tiktok)  # read back at once: record() fsyncs before returning
        assert recovery is not None
        assert [c.describe() for c in recovery.changes()] == [
            "DE: status paused → live, since 2022-07-05 → 2024-05-06, 1 history entry added"
        ]
        app.main_screen._edit("notes of FR", lambda d: d.set_notes("FR", "New note"))
        await pilot.pause()
        assert [c.code for c in peek(tiktok).changes()] == ["DE", "FR"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [c.code for c in peek(tiktok).changes()] == ["DE"]
        await pilot.press("ctrl+z")  # back at the saved version: nothing left to keep
        await pilot.pause()
        assert not journal_path(tiktok).exists()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [c.code for c in peek(tiktok).changes()] == ["DE"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not journal_path(tiktok).exists()
        assert peek(tiktok) is None


async def test_quit_and_discard_removes_the_journal(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        assert journal_path(tiktok).exists()
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("d")
        await pilot.pause()
    assert not journal_path(tiktok).exists()
    assert RoadmapDocument.load(tiktok).market("DE").status is Status.PAUSED


async def test_quitting_any_other_way_keeps_the_journal(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await set_status(pilot, "DE", Status.LIVE)
        await pilot.press("ctrl+q")  # no question: as if the terminal closed
        await pilot.pause()
    recovery = find_one(tiktok)
    assert recovery is not None and recovery.usable  # and free: the lock was let go


# -- offered back on opening ---------------------------------------------------------------


async def test_recovered_edits_are_shown_and_reapplied_over_a_hand_edit(tiktok, open_app):
    crashed_session(tiktok)
    their_text = edit_on_disk(tiktok, 'name = "Italy"', 'name = "Italia"')  # edited meanwhile
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        text = screen_text(app)
        assert "2 unsaved edits found." in text
        assert "DE: status paused → live" in text and "FR: notes changed" in text
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.dirty
        assert app.document.market("IT").name == "Italia"
        assert app.document.market("DE").status is Status.LIVE
        assert any(m.startswith("Re-applied 2 market changes") for m in messages(app))
        assert tiktok.read_text(encoding="utf-8") == their_text  # not saved until asked
        # the edits are journaled again, now against the file as it is
        assert [c.code for c in peek(tiktok).changes()] == ["DE", "FR"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tiktok.read_bytes() == merged_text(their_text, reapply_edits).encode("utf-8")
        assert not journal_path(tiktok).exists()


async def test_discarding_recovered_edits(tiktok, open_app):
    original = tiktok.read_bytes()
    crashed_session(tiktok)
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.document.dirty
        assert not journal_path(tiktok).exists()
        assert any(m.startswith("Discarded the unsaved edits") for m in messages(app))
    assert tiktok.read_bytes() == original


async def test_a_journal_folder_that_cannot_be_read_is_said_not_taken_for_no_edits(
    tiktok, open_app, monkeypatch
):
    original = tiktok.read_bytes()
    crashed_session(tiktok)
    folder = journal_dir(tiktok)
    real = os.scandir

    def scandir(target="."):  # as for a user without permission (the tests run as root)
        if Path(target) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(target)

    app = open_app(tiktok)
    with monkeypatch.context() as denied:
        denied.setattr(os, "scandir", scandir)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            assert (
                f"{folder}: cannot read the unsaved edits kept here: permission denied"
                in messages(app)
            )
    assert tiktok.read_bytes() == original
    assert find_one(tiktok) is not None  # still kept, offered once the folder reads


async def test_quitting_from_the_prompt_keeps_them_for_later(tiktok, open_app):
    crashed_session(tiktok)
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert find_one(tiktok).edits_read == 2


async def test_recovered_edit_conflicting_with_the_file_goes_to_the_conflict_screen(
    tiktok, open_app
):
    crashed_session(tiktok)
    their_text = edit_on_disk(
        tiktok,
        'code = "FR"\nname = "France"',
        'code = "FR"\nname = "France"\nnotes = "Theirs: not before 2026."',
    )
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "FR · notes (France)" in text and "Theirs: not before 2026." in text
        assert "Launch with the Paris creators'" in text  # wrapped in its column
        await pilot.press("o", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tiktok.read_bytes() == merged_text(their_text, reapply_edits).encode("utf-8")


async def test_leaving_the_conflicts_of_a_recovery_asks_again(tiktok, open_app):
    crashed_session(tiktok)
    edit_on_disk(
        tiktok, 'code = "FR"\nname = "France"', 'code = "FR"\nname = "France"\nnotes = "x"'
    )
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        # an edit now would replace the journal: the question comes back instead
        assert isinstance(app.screen, RecoveryScreen)
        assert journal_path(tiktok).exists()


async def test_a_journal_cut_short_says_what_could_be_read(tiktok, open_app):
    crashed_session(tiktok)
    journal = journal_path(tiktok)
    with journal.open("ab") as stream:
        stream.write(b'{"kind": "edit", "n": 3, "markets": {"gb": "[market]\\ncode = ')
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        text = " ".join(screen_text(app).split())
        assert "2 of 3 edits could be read (the last edit (line 4) was cut short)" in text
        await pilot.press("r")
        await pilot.pause()
        assert app.document.market("DE").status is Status.LIVE
        assert app.document.market("FR").notes == "Launch with the Paris creators' programme."


async def test_an_unusable_journal_offers_only_to_discard(tiktok, open_app):
    journal = journal_path(tiktok)
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_bytes(b"\x00\xff not a journal at all\n")
    app = open_app(tiktok)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        text = " ".join(screen_text(app).split())
        assert "cannot be used" in text and "Nothing here can be re-applied." in text
        assert "Re-apply" not in text
        await pilot.press("r")  # not offered: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not journal.exists()


def test_a_long_list_of_recovered_changes_is_cut_and_says_how_many_more():
    from roadmap_tui.safety.merge import Change, ChangeKind
    from roadmap_tui.ui.screens.recovery import SHOWN_CHANGES, changes_text

    changes = [Change(f"M{n}", ChangeKind.ADDED, {"name": "[b]x[/b]"}) for n in range(60)]
    lines = changes_text(changes).plain.splitlines()
    assert len(lines) == SHOWN_CHANGES + 1
    assert lines[0] == "• M0: added ([b]x[/b])"
    assert lines[-1] == "… and 10 more markets"
