"""Saving is atomic, keeps permissions and symlinks, and never overwrites someone's edit."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.errors import ConflictError, FileProblem, ReadOnlyError
from roadmap_tui.store import RoadmapDocument, files
from tests.core.helpers import fixed_clock

ROADMAP = """\
[roadmap]
title = "Saving"

# Germany
[[markets]]
code = "DE"
name = "Germany"
status = "planned"
"""


def load(path: Path) -> RoadmapDocument:
    return RoadmapDocument.load(path, clock=fixed_clock)


def test_save_writes_the_edit(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "paused")
    assert document.dirty
    fingerprint = document.save()
    assert path.read_text(encoding="utf-8") == document.text
    assert not document.dirty
    assert fingerprint.size == path.stat().st_size
    assert load(path).market("DE").status == "paused"
    assert not document.changed_on_disk()


def test_failed_replace_leaves_the_original_and_no_temporary_file(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "paused")

    def no_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", no_replace)
    with pytest.raises(FileProblem, match="cannot save: the disk is full"):
        document.save()
    assert path.read_text(encoding="utf-8") == ROADMAP
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    assert document.dirty  # the edit is still there to save later

    monkeypatch.undo()
    document.save()
    assert path.read_text(encoding="utf-8") == document.text


def test_failed_write_of_the_temporary_file_leaves_nothing_behind(
    write: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_notes("DE", "new notes")

    def no_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", no_fsync)
    with pytest.raises(FileProblem):
        document.save()
    assert path.read_text(encoding="utf-8") == ROADMAP
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_permissions_are_kept(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    path.chmod(0o640)
    document = load(path)
    document.set_status("DE", "live")
    document.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o604)
    document.set_notes("DE", "x")
    document.save()
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_symlinked_roadmap_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real" / "roadmap.toml"
    target.parent.mkdir()
    target.write_text(ROADMAP, encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    document = load(link)
    document.set_status("DE", "paused")
    document.save()
    assert link.is_symlink()
    assert os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == document.text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["roadmap.toml"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.toml", "real"]


def test_an_edit_on_disk_after_loading_is_a_conflict(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "paused")
    hand_edit = ROADMAP.replace('Germany"', 'Deutschland"')
    path.write_text(hand_edit, encoding="utf-8")
    assert document.changed_on_disk()
    with pytest.raises(ConflictError, match="changed on disk"):
        document.save()
    assert path.read_text(encoding="utf-8") == hand_edit
    document.save(force=True)
    assert path.read_text(encoding="utf-8") == document.text


def test_same_size_edit_with_the_same_mtime_is_still_a_conflict(
    write: Callable[..., Path],
) -> None:
    """The content hash catches an edit that stat alone would miss."""
    path = write(ROADMAP)
    before = path.stat()
    document = load(path)
    document.set_notes("DE", "mine")
    path.write_text(ROADMAP.replace("planned", "paused!"), encoding="utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(ConflictError):
        document.save()


def test_a_touched_but_unchanged_file_is_not_a_conflict(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    document = load(path)
    os.utime(path, ns=(1, 1))
    document.set_notes("DE", "mine")
    document.save()
    assert "mine" in path.read_text(encoding="utf-8")


def test_a_deleted_file_is_a_conflict(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "live")
    path.unlink()
    assert document.changed_on_disk()
    with pytest.raises(ConflictError, match="deleted or moved"):
        document.save()
    assert not path.exists()
    document.save(force=True)
    assert path.read_text(encoding="utf-8") == document.text


def test_saving_twice_tracks_its_own_write(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "paused")
    document.save()
    document.set_status("DE", "live")
    document.save()  # no conflict with its own earlier save
    assert load(path).market("DE").history[-1].to == "live"


def test_save_as_refuses_to_overwrite_and_then_moves_the_document(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write(ROADMAP)
    other = write("x", name="other.toml")
    document = load(path)
    with pytest.raises(FileProblem, match="already exists"):
        document.save_as(other)
    assert other.read_text() == "x"
    copy = tmp_path / "copy.toml"
    document.save_as(copy)
    assert copy.read_text(encoding="utf-8") == ROADMAP
    assert document.path == copy


def test_a_snapshot_is_read_only(write: Callable[..., Path]) -> None:
    snapshot = ROADMAP + (
        '\n[snapshot]\ntaken_at = 2022-07-05T09:30:00Z\nsource = "roadmap.toml"\n'
        'source_sha256 = "0"\n'
    )
    path = write(snapshot)
    document = load(path)
    assert document.read_only
    with pytest.raises(ReadOnlyError):
        document.set_status("DE", "live")
    with pytest.raises(ReadOnlyError):
        document.save()
    assert path.read_text(encoding="utf-8") == snapshot


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.toml", "no such file"),
        (lambda tmp: tmp, "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_load_problems_are_file_problems(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    with pytest.raises(FileProblem, match=reason):
        RoadmapDocument.load(make(tmp_path))


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_a_file_problem(write: Callable[..., Path]) -> None:
    path = write(ROADMAP)
    path.chmod(0)
    try:
        with pytest.raises(FileProblem, match="permission denied"):
            RoadmapDocument.load(path)
    finally:
        path.chmod(0o600)


def test_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(FileProblem, match="not a regular file"):
        RoadmapDocument.load(fifo)


def test_a_failed_save_as_leaves_the_document_on_its_own_file(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    path = write(ROADMAP)
    document = load(path)
    document.set_status("DE", "paused")
    with pytest.raises(FileProblem, match="no such file"):
        document.save_as(tmp_path / "missing-directory" / "copy.toml")
    assert document.path == path
    assert document.dirty
    document.save()  # still saves to the file it was loaded from, without a conflict
    assert load(path).market("DE").status == "paused"


def test_a_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    """The rename could replace a 0444 file, but its owner made it read-only on purpose."""
    path = tmp_path / "roadmap.toml"
    path.write_text(
        '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "planned"\n'
    )
    path.chmod(0o444)
    document = RoadmapDocument.load(path)
    document.set_status("DE", "paused")
    with pytest.raises(FileProblem, match="read-only"):
        document.save()
    assert 'status = "planned"' in path.read_text()
    assert document.dirty
