"""`roadmap-tui recover`, `backups` and `restore`: output, exit codes, files written."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.cli import main
from roadmap_tui.safety import backups, recovery, save
from roadmap_tui.safety.journal import Journal, journal_dir
from roadmap_tui.store import RoadmapDocument
from tests.journals import find_one, journal_path
from tests.reliability.helpers import ROADMAP, fixed_clock


def crash_with_edits(path: Path) -> RoadmapDocument:
    """Make journaled edits and 'crash' (never save): what the next session finds."""
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_notes("GB", "Audiences shrinking.")
    journal.record()
    document.set_status("FR", "live", note="Launch")
    journal.record()
    journal.close()  # the crash: the lock goes with the process
    return document


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], list[str]]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_recover_without_a_journal(roadmap_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "recover", str(roadmap_file)) == (
        0,
        [f"{roadmap_file}: no unsaved edits were found"],
        [],
    )


def test_recover_shows_the_edits_and_writes_nothing(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_with_edits(roadmap_file)
    code, out, err = run(capsys, "recover", str(roadmap_file))
    assert (code, err) == (0, [])
    assert out == [
        f"{roadmap_file}: 2 unsaved edits found",
        "  GB: notes changed",
        "  FR: status paused → live, since (none) → 2022-07-05, 1 history entry added",
        f"run 'roadmap-tui recover {roadmap_file} --apply' to re-apply them, or --discard",
    ]
    assert roadmap_file.read_text() == ROADMAP
    assert find_one(roadmap_file) is not None


def test_recover_apply_saves_with_a_backup_and_removes_the_journal(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = crash_with_edits(roadmap_file)
    code, out, _err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 0
    assert out[-1] == f"{roadmap_file}: re-applied 2 market change(s) and saved"
    assert roadmap_file.read_text() == edited.text
    assert find_one(roadmap_file) is None
    assert backups.list_backups(roadmap_file)[0].path.read_text() == ROADMAP


def test_recover_apply_stops_on_a_conflict_and_writes_nothing(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_with_edits(roadmap_file)
    theirs = ROADMAP.replace(
        "Audiences small; grow them before new launches.", "Audiences growing."
    )
    roadmap_file.write_text(theirs)
    code, _out, err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 1
    assert err == [
        f"{roadmap_file}: conflict: GB.notes: base Audiences small; grow them before new l…, "
        "on disk Audiences growing., ours Audiences shrinking.",
        f"{roadmap_file}: nothing written; choose with --ours or --theirs, or open it in the app",
    ]
    assert roadmap_file.read_text() == theirs
    assert find_one(roadmap_file) is not None


@pytest.mark.parametrize(
    ("side", "notes"), [("--ours", "Audiences shrinking."), ("--theirs", "Audiences growing.")]
)
def test_recover_apply_settles_conflicts_with_ours_or_theirs(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str], side: str, notes: str
) -> None:
    crash_with_edits(roadmap_file)
    roadmap_file.write_text(
        ROADMAP.replace("Audiences small; grow them before new launches.", "Audiences growing.")
    )
    code, _out, _err = run(capsys, "recover", str(roadmap_file), "--apply", side)
    assert code == 0
    saved = RoadmapDocument.load(roadmap_file)
    assert saved.market("GB").notes == notes
    assert saved.market("FR").status == "live"  # the edit without a conflict, either way
    assert saved.text.startswith("# Live shopping: where it runs")


def test_recover_discard(roadmap_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    crash_with_edits(roadmap_file)
    code, out, _err = run(capsys, "recover", str(roadmap_file), "--discard")
    assert code == 0
    assert out == [f"{roadmap_file}: discarded the unsaved edits (2 unsaved edits found)"]
    assert find_one(roadmap_file) is None
    assert roadmap_file.read_text() == ROADMAP


def test_recover_puts_a_deleted_roadmap_back_with_its_edits(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = crash_with_edits(roadmap_file)
    roadmap_file.unlink()
    code, _out, _err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 0
    assert roadmap_file.read_text() == edited.text


def test_recover_when_the_file_already_holds_the_edits(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = crash_with_edits(roadmap_file)
    roadmap_file.write_text(edited.text)  # saved by other means
    code, out, _err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 0
    assert (
        out[-1]
        == f"{roadmap_file}: the file already holds the unsaved edits found; journal removed"
    )
    assert find_one(roadmap_file) is None


def test_recover_with_an_unusable_journal(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal_path(roadmap_file).parent.mkdir(parents=True)
    journal_path(roadmap_file).write_bytes(b"\x00garbage")
    code, out, err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 1
    assert out == [
        f"{roadmap_file}: a journal of unsaved edits was found but cannot be used: its first "
        "line, the version the edits started from, is unreadable"
    ]
    assert err == ["  nothing can be re-applied; remove the journal with --discard"]


def test_recover_ours_needs_apply(roadmap_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "recover", str(roadmap_file), "--ours") == (
        2,
        [],
        ["roadmap-tui: --ours and --theirs go with --apply"],
    )


def test_recover_an_invalid_file_on_disk_is_one_clear_error(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crash_with_edits(roadmap_file)
    roadmap_file.write_text("[roadmap\n")
    code, _out, err = run(capsys, "recover", str(roadmap_file), "--apply")
    assert code == 1
    assert err[0].startswith(f"{roadmap_file}:1:")
    assert find_one(roadmap_file) is not None


def test_backups_lists_newest_first(roadmap_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backups", str(roadmap_file)) == (
        0,
        [f"{roadmap_file}: no backups yet (one is kept at each save)"],
        [],
    )
    for notes in ("one", "two"):
        document = RoadmapDocument.load(roadmap_file)
        document.set_notes("DE", notes)
        save.save(document)
    code, out, _err = run(capsys, "backups", str(roadmap_file))
    kept = backups.list_backups(roadmap_file)
    assert code == 0
    assert out[0] == f"{roadmap_file}: 2 backup(s) in {backups.backup_dir(roadmap_file)}"
    assert [line.split()[0] for line in out[1:]] == ["1", "2"]
    assert [line.split()[-1] for line in out[1:]] == [backup.name for backup in kept]
    assert f"{len(ROADMAP):,} bytes" in out[2]


def test_restore_by_number_and_errors(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = RoadmapDocument.load(roadmap_file)
    document.set_notes("DE", "one")
    save.save(document)
    code, out, _err = run(capsys, "restore", str(roadmap_file), "1")
    assert code == 0 and out[0].startswith(f"{roadmap_file}: restored roadmap-")
    assert roadmap_file.read_text() == ROADMAP
    code, _out, err = run(capsys, "restore", str(roadmap_file), "9")
    assert code == 2
    assert err == [
        f"roadmap-tui: {roadmap_file}: has no backup '9'; run 'roadmap-tui backups "
        f"{roadmap_file}' to list them"
    ]


def test_recover_leaves_a_live_sessions_edits_alone(
    roadmap_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.child", "edit-loop", str(roadmap_file), "1", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(root)},
    )
    try:
        assert [child.stdout.readline() for _ in range(2)] == ["ready\n", "edit 1\n"]
        for flags, code in (([], 0), (["--apply"], 1), (["--discard"], 1)):
            assert run(capsys, "recover", str(roadmap_file), *flags) == (
                code,
                [],
                [
                    f"{roadmap_file}: another roadmap-tui has this roadmap open with unsaved "
                    "edits right now; save or close it there first"
                ],
            )
        assert recovery.find(roadmap_file).in_use == 1
    finally:
        child.kill()
        child.wait()
    assert roadmap_file.read_text() == ROADMAP


@pytest.mark.parametrize("command", [["recover"], ["backups"], ["restore", "1"]])
def test_a_directory_given_as_the_roadmap_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    code, out, err = run(capsys, command[0], str(folder), *command[1:])
    assert (code, out) == (2, [])
    assert err == [f"roadmap-tui: {folder}: is a directory, not a roadmap file"]


def _denied_to_list(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """`folder` can no longer be listed, as for a user without permission (the tests run
    as root, who may list any folder)."""
    real = os.scandir

    def scandir(target: Any = ".") -> Any:
        if Path(target) == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(target)

    monkeypatch.setattr(os, "scandir", scandir)


@pytest.mark.parametrize("action", [[], ["--apply"], ["--discard"]])
def test_a_journal_folder_that_cannot_be_read_is_never_taken_for_no_edits(
    roadmap_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    action: list[str],
) -> None:
    crash_with_edits(roadmap_file)
    folder = journal_dir(roadmap_file)
    with monkeypatch.context() as denied:
        _denied_to_list(denied, folder)
        code, out, err = run(capsys, "recover", str(roadmap_file), *action)
    assert (code, out) == (2, [])
    assert err == [
        f"roadmap-tui: {folder}: cannot read the unsaved edits kept here: permission denied"
    ]
    assert roadmap_file.read_text() == ROADMAP
    assert find_one(roadmap_file) is not None  # still there, still offered


@pytest.mark.parametrize("command", [["backups"], ["restore", "1"]])
def test_a_backup_folder_that_cannot_be_read_is_never_taken_for_no_backups(
    roadmap_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    document = RoadmapDocument.load(roadmap_file, clock=fixed_clock)
    document.set_notes("GB", "Audiences shrinking.")
    save.save(document)  # one backup kept
    folder = backups.backup_dir(roadmap_file)
    saved = roadmap_file.read_bytes()
    _denied_to_list(monkeypatch, folder)
    code, out, err = run(capsys, command[0], str(roadmap_file), *command[1:])
    assert (code, out) == (2, [])
    assert err == [f"roadmap-tui: {folder}: cannot list the backups kept here: permission denied"]
    assert roadmap_file.read_bytes() == saved
