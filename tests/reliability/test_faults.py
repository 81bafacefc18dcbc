"""I/O failures during a save: one clear sentence, the file intact, the edits kept.

Faults are injected by monkeypatching the OS calls a save makes (creating the temporary
file, writing it, fsync, the rename), either while the backup is written or while the
roadmap itself is, with the errors a user meets: no permission, disk full, read-only.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.errors import ConflictError, FileProblem
from roadmap_tui.safety import backups
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import ROADMAP, fixed_clock

ERRORS = {
    errno.EACCES: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
}
CALLS = ["mkstemp", "write", "fsync", "replace"]


def fd_path(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


class FailingStream:
    """A file object whose writes fail, standing in for the temporary file's stream."""

    def __init__(self, stream: Any, error: OSError) -> None:
        self._stream, self._error = stream, error

    def write(self, data: bytes) -> int:
        raise self._error

    def __enter__(self) -> FailingStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def inject(
    monkeypatch: pytest.MonkeyPatch, call: str, code: int, where: Callable[[str], bool]
) -> list[str]:
    """Make `call` fail with `code` when it touches a path `where` accepts; returns the
    paths it failed on."""
    failed: list[str] = []
    error = OSError(code, os.strerror(code))

    def fail(path: str) -> None:
        if where(path):
            failed.append(path)
            raise error

    if call == "mkstemp":
        real_mkstemp = tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            fail(os.path.join(str(kwargs.get("dir", "")), "x"))
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    elif call == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(fd, *args, **kwargs)
            if "w" in (args[0] if args else kwargs.get("mode", "r")) and where(fd_path(fd)):
                failed.append(fd_path(fd))
                return FailingStream(stream, error)
            return stream

        monkeypatch.setattr(os, "fdopen", fdopen)
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            fail(fd_path(fd))
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)
    elif call == "fsync":
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            fail(fd_path(fd))
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    else:
        real_replace = os.replace

        def replace(source: Any, target: Any, **kwargs: Any) -> None:
            fail(os.fspath(target))
            real_replace(source, target, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
    return failed


def edited(path: Path) -> tuple[RoadmapDocument, Journal]:
    """The roadmap opened with two journaled edits."""
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_status("DE", "live", note="Restart")
    journal.record()
    document.set_notes("ID", "Store tab everywhere")
    journal.record()
    return document, journal


def assert_nothing_lost(path: Path, document: RoadmapDocument, error: FileProblem) -> None:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    assert path.read_bytes() == ROADMAP.encode(), "the original file must be intact"
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary files left"
    assert document.dirty and document.market("DE").status == "live"
    recovery = Journal.find(path)
    assert recovery is not None and recovery.ours == document.roadmap


@pytest.mark.parametrize("code", ERRORS, ids=lambda code: errno.errorcode[code])
@pytest.mark.parametrize("call", CALLS)
def test_a_failing_write_of_the_roadmap_keeps_everything(
    roadmap_file: Path, call: str, code: int
) -> None:
    document, _journal = edited(roadmap_file)
    folder = str(roadmap_file.parent)
    with pytest.MonkeyPatch.context() as faults, pytest.raises(FileProblem) as caught:
        failed = inject(faults, call, code, lambda path: path.startswith(folder + os.sep))
        backups.save(document)
    assert failed, f"the {call} fault was never hit"
    assert str(caught.value) == f"{roadmap_file}: cannot save: {ERRORS[code]}"
    assert_nothing_lost(roadmap_file, document, caught.value)
    backups.save(document)  # once the fault is gone, the same document saves
    assert RoadmapDocument.load(roadmap_file).roadmap == document.roadmap
    assert Journal.find(roadmap_file) is None


@pytest.mark.parametrize("code", ERRORS, ids=lambda code: errno.errorcode[code])
@pytest.mark.parametrize("call", CALLS)
def test_a_backup_that_cannot_be_kept_stops_the_save(
    roadmap_file: Path, call: str, code: int, tmp_path: Path
) -> None:
    document, _journal = edited(roadmap_file)
    backups_folder = str(tmp_path / "state" / "backups")
    with pytest.MonkeyPatch.context() as faults, pytest.raises(FileProblem) as caught:
        failed = inject(faults, call, code, lambda path: path.startswith(backups_folder))
        backups.save(document)
    assert failed
    assert str(caught.value) == (
        f"{roadmap_file}: cannot keep a backup before saving (cannot save: {ERRORS[code]}); "
        "not saved"
    )
    assert_nothing_lost(roadmap_file, document, caught.value)


def test_a_roadmap_whose_folder_is_gone_says_so_and_keeps_the_edits(roadmap_file: Path) -> None:
    document, _journal = edited(roadmap_file)
    shutil.rmtree(roadmap_file.parent)
    with pytest.raises(ConflictError, match="was deleted or moved since it was opened; not saved"):
        backups.save(document)
    with pytest.raises(FileProblem) as caught:
        backups.save(document, force=True)  # "save it back to its path"
    assert str(caught.value).startswith(f"{roadmap_file}: cannot save: ")
    assert "\n" not in str(caught.value)
    assert document.dirty
    assert Journal.find(roadmap_file).ours == document.roadmap
    # saving elsewhere still works
    elsewhere = roadmap_file.parent.parent / "elsewhere.toml"
    document.save_as(elsewhere)
    assert RoadmapDocument.load(elsewhere).roadmap == document.roadmap
