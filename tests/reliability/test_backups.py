"""Backups: every save keeps the file it replaces; the newest 20 are kept; restore is a save."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from roadmap_tui.cli import main
from roadmap_tui.errors import ConflictError, FileProblem, InvalidRoadmap, ReadOnlyError
from roadmap_tui.safety import backups, journal, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument
from tests.journals import find_one
from tests.reliability.helpers import ROADMAP, fixed_clock


def save_notes(path: Path, notes: str, keep: int | None = None) -> RoadmapDocument:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    document.set_notes("DE", notes)
    save.save(document, keep=keep)
    return document


def test_a_save_keeps_the_file_it_replaces(roadmap_file: Path) -> None:
    save_notes(roadmap_file, "first save")
    kept = backups.list_backups(roadmap_file)
    assert len(kept) == 1
    assert kept[0].path.read_bytes() == ROADMAP.encode()
    assert kept[0].name.startswith("roadmap-") and kept[0].name.endswith("Z.toml")
    assert kept[0].path.parent.parent == Path(backups.backup_dir(roadmap_file)).parent
    assert 'notes = "first save"' in roadmap_file.read_text()


def test_21_saves_keep_the_newest_20(roadmap_file: Path) -> None:
    versions = [roadmap_file.read_bytes()]
    for number in range(21):
        save_notes(roadmap_file, f"save {number}")
        versions.append(roadmap_file.read_bytes())
    kept = backups.list_backups(roadmap_file)
    assert len(kept) == 20
    # newest first: the file before save 20, before save 19, ... before save 1
    assert [backup.path.read_bytes() for backup in kept] == versions[-2:0:-1]
    assert versions[0] not in [backup.path.read_bytes() for backup in kept]


def test_how_many_are_kept_is_configurable(
    roadmap_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_TUI_BACKUPS", "3")
    for number in range(5):
        save_notes(roadmap_file, f"save {number}")
    assert len(backups.list_backups(roadmap_file)) == 3
    save_notes(roadmap_file, "keep two", keep=2)
    assert len(backups.list_backups(roadmap_file)) == 2
    monkeypatch.setenv("ROADMAP_TUI_BACKUPS", "lots")  # a typo does not stop saving
    assert backups.keep_count() == 20


def test_saving_the_same_bytes_twice_keeps_one_backup(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    save.save(document)
    save.save(document)
    assert len(backups.list_backups(roadmap_file)) == 1


def test_restore_puts_a_backup_back_and_backs_up_the_file_it_replaces(roadmap_file: Path) -> None:
    save_notes(roadmap_file, "one")
    save_notes(roadmap_file, "two")
    before_restore = roadmap_file.read_bytes()
    oldest = backups.list_backups(roadmap_file)[-1]
    restored = backups.restore(roadmap_file, "2")
    assert restored == oldest
    assert roadmap_file.read_bytes() == ROADMAP.encode()
    newest = backups.list_backups(roadmap_file)[0]
    assert newest.path.read_bytes() == before_restore
    backups.restore(roadmap_file, newest.name)  # undo the restore
    assert roadmap_file.read_bytes() == before_restore


def test_restore_names_an_unknown_backup_clearly(roadmap_file: Path) -> None:
    with pytest.raises(FileProblem, match="has no backups yet"):
        backups.restore(roadmap_file, "1")
    save_notes(roadmap_file, "one")
    with pytest.raises(FileProblem, match="has no backup '7'; run 'roadmap-tui backups"):
        backups.restore(roadmap_file, "7")


def test_restore_refuses_a_backup_that_is_not_a_roadmap(roadmap_file: Path) -> None:
    save_notes(roadmap_file, "one")
    backup = backups.list_backups(roadmap_file)[0]
    backup.path.write_text("[roadmap\n")
    before = roadmap_file.read_bytes()
    with pytest.raises(InvalidRoadmap):
        backups.restore(roadmap_file, backup)
    assert roadmap_file.read_bytes() == before


def test_a_file_changed_on_disk_is_neither_backed_up_nor_overwritten(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    document.set_notes("DE", "ours")
    roadmap_file.write_text(ROADMAP + "# theirs\n")
    with pytest.raises(ConflictError, match="changed on disk since it was opened"):
        save.save(document)
    assert roadmap_file.read_text() == ROADMAP + "# theirs\n"
    assert backups.list_backups(roadmap_file) == []
    assert document.dirty


def test_a_deleted_file_is_saved_back_only_when_asked(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    document.set_notes("DE", "ours")
    roadmap_file.unlink()
    with pytest.raises(ConflictError, match="was deleted or moved"):
        save.save(document)
    save.save(document, new_file=True)
    assert RoadmapDocument.load(roadmap_file).market("DE").notes == "ours"
    assert backups.list_backups(roadmap_file) == []


def test_a_new_file_has_nothing_to_back_up(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    save.save(RoadmapDocument.from_text(ROADMAP, path))
    assert path.read_text() == ROADMAP
    assert backups.list_backups(path) == []


def test_snapshots_are_never_saved(tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.toml"
    snapshot.write_text(
        ROADMAP
        + '\n[snapshot]\ntaken_at = 2022-07-05T09:30:00Z\nsource = "roadmap.toml"\nsource_sha256 = "0"\n'
    )
    document = RoadmapDocument.load(snapshot)
    with pytest.raises(ReadOnlyError):
        save.save(document)
    assert backups.list_backups(snapshot) == []


def test_a_save_removes_the_journal(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    journal = Journal.open(document)
    document.set_notes("DE", "x")
    journal.record()
    assert journal.file.exists()
    save.save(document, journal)
    journal.record()  # clean now: the session's journal goes
    assert not journal.file.exists()
    assert find_one(roadmap_file) is None


def test_a_save_leaves_the_journal_of_another_session_live_or_gone(roadmap_file: Path) -> None:
    """Two sessions on one roadmap: one saving must not delete the other's unsaved work,
    whether that session is alive (its lock held) or gone (its lock free)."""
    journal_file = journal.journal_dir(roadmap_file) / "other.jsonl"
    journal_file.parent.mkdir(parents=True, exist_ok=True)
    journal_file.write_text("another session's edits\n")
    lock = os.open(journal_file.with_suffix(".lock"), os.O_RDWR | os.O_CREAT)
    document = RoadmapDocument.load(roadmap_file)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held like a live session holds it
        document.set_notes("DE", "saved by the first session")
        save.save(document)
        assert journal_file.read_text() == "another session's edits\n"
    finally:
        os.close(lock)
    document.set_notes("DE", "saved again")
    save.save(document)  # that session is gone now: its journal waits for recovery
    assert journal_file.read_text() == "another session's edits\n"


def test_a_set_from_the_command_line_keeps_a_backup(roadmap_file: Path) -> None:
    before = roadmap_file.read_bytes()
    assert main(["set", str(roadmap_file), "DE", "live"]) == 0
    kept = backups.list_backups(roadmap_file)
    assert [backup.path.read_bytes() for backup in kept] == [before]


def test_backups_of_different_roadmaps_are_kept_apart(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "roadmap.toml", tmp_path / "b" / "roadmap.toml"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(ROADMAP)
        save_notes(path, str(path))
    assert backups.backup_dir(first) != backups.backup_dir(second)
    assert len(backups.list_backups(first)) == len(backups.list_backups(second)) == 1


def test_a_save_sweeps_old_temporary_files_a_killed_save_left(roadmap_file: Path) -> None:
    old = roadmap_file.parent / ".roadmap.toml.k1ll3d.tmp"
    fresh = roadmap_file.parent / ".roadmap.toml.n0w.tmp"
    other = roadmap_file.parent / ".other.toml.k1ll3d.tmp"
    for leftover in (old, fresh, other):
        leftover.write_text("half a roadmap")
    os.utime(old, (0, 0))
    os.utime(other, (0, 0))
    save_notes(roadmap_file, "sweep")
    assert not old.exists()
    assert fresh.exists() and other.exists()
