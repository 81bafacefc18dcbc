"""I/O failures during a save: one clear sentence, the file intact, the edits kept.

Faults are injected by monkeypatching the OS calls a save makes (creating the temporary
file, writing it, fsync, the rename), either while the backup is written or while the
roadmap itself is, with the errors a user meets: no permission, disk full, read-only.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.errors import ConflictError, FileProblem
from roadmap_tui.safety import backups, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument, disk
from tests.journals import find_one
from tests.reliability.helpers import ROADMAP, fixed_clock

ERRORS = {
    errno.EACCES: "permission denied",
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
}
CALLS = ["create", "write", "fsync", "exchange", "rename"]  # rename: where no exchange
BACKUP_CALLS = ["mkdir", "create", "write", "fsync", "link"]  # a backup is a new file, linked


def inject(
    monkeypatch: pytest.MonkeyPatch, call: str, code: int, where: Callable[[str], bool]
) -> list[str]:
    """Make the `call` step of the I/O seam fail with `code` when it touches a path `where`
    accepts (for a rename: the path renamed onto); returns the paths it failed on."""
    failed: list[str] = []
    error = OSError(code, os.strerror(code))
    step = disk.Step(call)

    def before(event: disk.Event) -> None:
        path = event.target if event.step is disk.Step.RENAME else event.path
        if event.step is step and path is not None and where(path):
            failed.append(path)
            raise error

    monkeypatch.setattr(disk, "_before", [*disk._before, before])  # undone with the patch
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


def assert_nothing_lost(
    path: Path, document: RoadmapDocument, error: FileProblem, journal: Journal
) -> None:
    message = str(error)
    assert "\n" not in message and "Traceback" not in message
    assert path.read_bytes() == ROADMAP.encode(), "the original file must be intact"
    assert [p.name for p in path.parent.iterdir()] == [path.name], "no temporary files left"
    assert document.dirty and document.market("DE").status == "live"
    journal.close()  # the session ends, as in a crash: its edits are there to recover
    recovery = find_one(path)
    assert recovery is not None and recovery.ours == document.roadmap


@pytest.mark.parametrize("code", ERRORS, ids=lambda code: errno.errorcode[code])
@pytest.mark.parametrize("call", CALLS)
def test_a_failing_write_of_the_roadmap_keeps_everything(
    roadmap_file: Path, call: str, code: int
) -> None:
    document, _journal = edited(roadmap_file)
    folder = str(roadmap_file.parent)
    with pytest.MonkeyPatch.context() as faults, pytest.raises(FileProblem) as caught:
        if call == "rename":  # a system or file system that cannot swap two names
            faults.setattr(disk, "exchange", lambda first, second: False)
        failed = inject(faults, call, code, lambda path: path.startswith(folder + os.sep))
        save.save(document)
    assert failed, f"the {call} fault was never hit"
    assert str(caught.value) == f"{roadmap_file}: cannot save: {ERRORS[code]}"
    assert_nothing_lost(roadmap_file, document, caught.value, _journal)
    save.save(document)  # once the fault is gone, the same document saves
    assert RoadmapDocument.load(roadmap_file).roadmap == document.roadmap
    assert find_one(roadmap_file) is None


@pytest.mark.parametrize("code", ERRORS, ids=lambda code: errno.errorcode[code])
@pytest.mark.parametrize("call", BACKUP_CALLS)
def test_a_backup_that_cannot_be_kept_stops_the_save(
    roadmap_file: Path, call: str, code: int, home: Path
) -> None:
    document, _journal = edited(roadmap_file)
    backups_folder = str(home / "state" / "backups")
    with pytest.MonkeyPatch.context() as faults, pytest.raises(FileProblem) as caught:
        failed = inject(faults, call, code, lambda path: path.startswith(backups_folder))
        save.save(document)
    assert failed
    # the message names the folder that is full or locked, not the roadmap
    assert str(caught.value) == (
        f"{backups.backup_dir(roadmap_file)}: cannot keep a backup in this folder before "
        f"saving ({ERRORS[code]}); not saved"
    )
    assert_nothing_lost(roadmap_file, document, caught.value, _journal)


def test_a_roadmap_whose_folder_is_gone_says_so_and_keeps_the_edits(roadmap_file: Path) -> None:
    document, _journal = edited(roadmap_file)
    shutil.rmtree(roadmap_file.parent)
    with pytest.raises(ConflictError, match="was deleted or moved since it was opened; not saved"):
        save.save(document)
    with pytest.raises(FileProblem) as caught:
        save.save(document, new_file=True)  # "save it back to its path"
    assert str(caught.value).startswith(f"{roadmap_file}: cannot save: ")
    assert "\n" not in str(caught.value)
    assert document.dirty
    _journal.close()  # the session ends, as in a crash
    assert find_one(roadmap_file).ours == document.roadmap
    # saving elsewhere still works
    elsewhere = roadmap_file.parent.parent / "elsewhere.toml"
    document.save_as(elsewhere)
    assert RoadmapDocument.load(elsewhere).roadmap == document.roadmap
