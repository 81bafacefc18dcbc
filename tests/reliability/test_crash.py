"""Crashes: a process killed with SIGKILL mid-save, and one killed with unsaved edits.

Each test starts `tests/reliability/child.py` in a subprocess, kills it at a random
moment, and checks what a user would find afterwards.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from roadmap_tui.safety import backups
from roadmap_tui.store import RoadmapDocument
from tests.journals import find_one
from tests.reliability.child import VERSIONS, apply_edit
from tests.reliability.helpers import ROADMAP, fixed_clock

ROOT = Path(__file__).parents[2]


def start(*args: str) -> subprocess.Popen[str]:
    """The child process, with the test's state directory, once it says it is ready."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


def kill(child: subprocess.Popen[str]) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL


def saved_versions() -> set[str]:
    """Every text the save loop can leave: the original, and the two versions of notes."""
    document = RoadmapDocument.from_text(ROADMAP)
    texts = {document.text}
    for step in range(4):
        document.set_notes("DE", VERSIONS[step % 2])
        texts.add(document.text)
    assert len(texts) == 3
    return texts


def kill_mid_save(path: Path, kills: int, seed: int) -> Iterator[int]:
    """Kill the save loop `kills` times at random moments; yield leftover temporary files."""
    versions = saved_versions()
    chance = random.Random(seed)
    for _ in range(kills):
        child = start("save-loop", str(path))
        time.sleep(chance.uniform(0.0, 0.15))
        kill(child)
        text = path.read_text(encoding="utf-8")
        assert text in versions, "the file must be the old version or the new one, whole"
        RoadmapDocument.load(path)  # and it loads
        for backup in backups.list_backups(path):
            assert backup.path.read_text(encoding="utf-8") in versions
        # a kill between creating the temporary file and renaming it leaves that file
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
        for leftover in leftovers:
            leftover.unlink()
        yield len(leftovers)


def test_sigkill_mid_save_leaves_the_old_or_the_new_file_20_times(roadmap_file: Path) -> None:
    assert sum(1 for _ in kill_mid_save(roadmap_file, kills=20, seed=20)) == 20


@pytest.mark.slow
def test_sigkill_mid_save_leaves_the_old_or_the_new_file_200_times(roadmap_file: Path) -> None:
    mid_write = sum(1 for leftovers in kill_mid_save(roadmap_file, 200, seed=200) if leftovers)
    # evidence that kills landed inside the write, not only around it (27-38 of 200 seen)
    print(f"200 kills, {mid_write} between creating the temporary file and the rename")
    assert mid_write > 0, "no kill landed inside a write: the test did not test the write"


def expected_after(edits: int) -> RoadmapDocument:
    """The roadmap as the edit loop has it after `edits` edits."""
    document = RoadmapDocument.from_text(ROADMAP, clock=fixed_clock)
    for number in range(1, edits + 1):
        apply_edit(document, number)
    return document


def test_unsaved_edits_of_a_killed_process_are_recovered_and_merged(roadmap_file: Path) -> None:
    child = start("edit-loop", str(roadmap_file), "6", "0")
    assert [child.stdout.readline() for _ in range(6)] == [f"edit {n}\n" for n in range(1, 7)]
    kill(child)
    assert roadmap_file.read_text() == ROADMAP  # nothing was saved
    # meanwhile someone edits the file by hand
    by_hand = ROADMAP.replace("# Asia: live.", "# Asia: live (edited by hand).")
    roadmap_file.write_text(by_hand)

    shown = run_cli("recover", str(roadmap_file))
    assert shown.returncode == 0
    assert shown.stdout.splitlines() == [
        f"{roadmap_file}: 6 unsaved edits found",
        "  DE: notes changed",
        "  FR: status paused → planned, since (none) → 2022-07-05, 2 history entries added",
        "  N6: added (New 6)",
        f"run 'roadmap-tui recover {roadmap_file} --apply' to re-apply them, or --discard",
    ]
    applied = run_cli("recover", str(roadmap_file), "--apply")
    assert applied.returncode == 0, applied.stderr
    saved = RoadmapDocument.load(roadmap_file)
    assert saved.roadmap == expected_after(6).roadmap
    assert "# Asia: live (edited by hand)." in saved.text
    assert find_one(roadmap_file) is None
    assert backups.list_backups(roadmap_file)[0].path.read_text() == by_hand


def check_journal_kills(path: Path, kills: int, seed: int) -> None:
    """Kill the edit loop at random moments: the journal gives back every edit it
    acknowledged, and nothing that was never made."""
    chance = random.Random(seed)
    for _ in range(kills):
        find_one(path) and find_one(path).discard()
        child = start("edit-loop", str(path), "40", "0.002")
        time.sleep(chance.uniform(0.0, 0.12))
        kill(child)
        acknowledged = sum(1 for line in child.stdout if line.startswith("edit "))
        recovery = find_one(path)
        if recovery is None:
            assert acknowledged == 0
            continue
        assert recovery.edits_read == recovery.edits_total or "cut short" in recovery.summary()
        made = next(
            count
            for count in range(acknowledged, 41)
            if expected_after(count).roadmap == recovery.ours
        )
        assert made in (acknowledged, acknowledged + 1)


def test_a_process_killed_while_journaling_loses_no_acknowledged_edit(roadmap_file: Path) -> None:
    check_journal_kills(roadmap_file, kills=10, seed=10)


@pytest.mark.slow
def test_a_process_killed_while_journaling_loses_no_acknowledged_edit_100_times(
    roadmap_file: Path,
) -> None:
    check_journal_kills(roadmap_file, kills=100, seed=100)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roadmap_tui", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
    )
