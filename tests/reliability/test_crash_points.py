"""Crash-point enumeration, the way SQLite tests atomic commit.

Every operation that changes files — a save, a save back, the journal's first edit, an
append, a rewrite after a merge, recovery's re-apply (app and CLI), a restore, a `set`
from the CLI — is run once in a forked child to count its I/O steps (each write, fsync,
rename, link, unlink … through `store.disk`). Then, for every step k, a fresh child runs
it again and dies right after step k (`os._exit`, no cleanup), once as a process crash and
once as a power cut that also loses every write not yet fsynced. The parent then checks
what a user restarting the app would find:

- the roadmap is exactly one of the versions the operation may leave (old or new bytes);
- no journal is held by a live session (the dead child let go of every lock);
- every edit the user was shown as made is in the file or offered back, exactly once, and
  nothing already in the file is offered back;
- re-applying what is offered duplicates no history entry.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from roadmap_tui.cli import main
from roadmap_tui.safety import backups, recovery, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.safety.merge import Take, apply, merge, resolve_all
from roadmap_tui.safety.watch import merge_with_disk
from roadmap_tui.store import RoadmapDocument, disk
from tests.reliability.helpers import ROADMAP, fixed_clock

CRASHED = 75
COUNTED = 76
DE_NOTE = "Back on after the UK review"
FR_NOTES = "Launch with the Paris creators' programme."
HAND = ROADMAP.replace('name = "France"', 'name = "France (métropole)"')
COVERED: dict[str, int] = {}


@dataclass
class Run:
    """What one scenario's child leaves for the parent to judge."""

    path: Path
    allowed: list[bytes | None]  # the versions of the file the operation may leave
    acknowledged: set[str] = field(default_factory=set)  # edits shown as made: "DE", "FR"


class Power:
    """Counts the I/O steps after `arm()`, and ends the process right after step `crash_at`
    (losing every unsynced write first, when `lose_unsynced`)."""

    def __init__(self, crash_at: int | None, lose_unsynced: bool, count_file: Path) -> None:
        self.crash_at, self.lose_unsynced, self.count_file = crash_at, lose_unsynced, count_file
        self.steps = 0
        self.synced: dict[str, int] = {}  # size at the last fsync, by path
        self.unsynced: set[str] = set()

    def before(self, event: disk.Event) -> None:
        # a file written before the power was armed was synced then: that is its size
        if event.fd is not None and event.path not in self.synced:
            self.synced[event.path] = os.fstat(event.fd).st_size

    def after(self, event: disk.Event) -> None:
        self.steps += 1
        if event.step is disk.Step.WRITE or event.step is disk.Step.TRUNCATE:
            self.unsynced.add(event.path)
        elif event.step is disk.Step.FSYNC and event.fd is not None:
            self.synced[event.path] = os.fstat(event.fd).st_size
            self.unsynced.discard(event.path)
        elif event.step is disk.Step.RENAME and event.target is not None:
            if event.path in self.unsynced:
                self.unsynced.discard(event.path)
                self.unsynced.add(event.target)
            if event.path in self.synced:
                self.synced[event.target] = self.synced.pop(event.path)
        if self.steps == self.crash_at:
            if self.lose_unsynced:
                for path in self.unsynced:
                    if os.path.exists(path):
                        os.truncate(path, self.synced.get(path, 0))
            os._exit(CRASHED)

    def arm(self) -> disk.watching:  # type: ignore[valid-type]
        return disk.watching(before=self.before, after=self.after)

    def done(self) -> None:
        self.count_file.write_text(str(self.steps))
        os._exit(COUNTED)


def edited(path: Path) -> tuple[RoadmapDocument, Journal]:
    """The roadmap with DE back on and FR's notes changed, both journaled."""
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_status("DE", "live", note=DE_NOTE)
    journal.record()
    document.set_notes("FR", FR_NOTES)
    journal.record()
    return document, journal


def crashed_session(path: Path) -> RoadmapDocument:
    """A session that made both edits and died (its lock let go, as the OS does)."""
    document, journal = edited(path)
    journal.close()
    return document


# -- the operations ----------------------------------------------------------------------


def saving(path: Path, power: Power) -> Run:
    document, journal = edited(path)
    with power.arm():
        save.save(document, journal)
        journal.record()
    return Run(path, [ROADMAP.encode(), document.text.encode()], {"DE", "FR"})


def saving_back(path: Path, power: Power) -> Run:
    document, journal = edited(path)
    path.unlink()
    with power.arm():
        save.save(document, journal, new_file=True)
        journal.record()
    return Run(path, [None, document.text.encode()], {"DE", "FR"})


def first_edit(path: Path, power: Power) -> Run:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_status("DE", "live", note=DE_NOTE)
    with power.arm():
        journal.record()
    return Run(path, [ROADMAP.encode()], set())


def appending(path: Path, power: Power) -> Run:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_status("DE", "live", note=DE_NOTE)
    journal.record()
    document.set_notes("FR", FR_NOTES)
    with power.arm():
        journal.record()
    return Run(path, [ROADMAP.encode()], {"DE"})


def rewriting_after_a_merge(path: Path, power: Power) -> Run:
    base = RoadmapDocument.load(path).roadmap
    document, journal = edited(path)
    path.write_text(HAND.replace('name = "Germany"', 'name = "Deutschland"'))
    theirs, result = merge_with_disk(document, base)
    apply(result, theirs)
    with power.arm():
        journal.adopt(theirs)
        journal.record()
    return Run(path, [path.read_bytes()], {"DE", "FR"})


def reapplying_in_the_app(path: Path, power: Power) -> Run:
    crashed_session(path)
    path.write_text(HAND)
    found = recovery.find(path)
    [offered] = found.recoveries
    theirs = offered.theirs()
    result = offered.merge(theirs)
    apply(result, theirs)
    with power.arm():
        journal = Journal.open(theirs)
        journal.absorb(offered.file)
        journal.record()  # this session journals the edits first, naming the old journal …
        offered.discard()  # … and only then the dead session's journal goes
    return Run(path, [HAND.encode()], {"DE", "FR"})


def reapplying_from_the_cli(path: Path, power: Power) -> Run:
    edited_text = crashed_session(path).text
    path.write_text(HAND)
    merged = merged_text(HAND, edited_text)
    with power.arm():
        assert main(["recover", str(path), "--apply"]) == 0
    return Run(path, [HAND.encode(), merged], {"DE", "FR"})


def restoring(path: Path, power: Power) -> Run:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    document.set_notes("GB", "Audiences growing.")
    save.save(document)  # keeps the original as backup 1
    before = path.read_bytes()
    crashed_session(path)
    with power.arm():
        backups.restore(path, "1")
    return Run(path, [before, ROADMAP.encode()], {"DE", "FR"})


def setting_from_the_cli(path: Path, power: Power) -> Run:
    crashed_session(path)
    document = RoadmapDocument.load(path, clock=fixed_clock)
    document.set_status("ID", "paused", note="x")
    # the CLI's clock, fixed so that every run writes the same bytes (this child only)
    RoadmapDocument.load.__func__.__defaults__ = (fixed_clock,)  # type: ignore[attr-defined]
    with power.arm():
        assert main(["set", str(path), "ID", "paused", "--note", "x"]) == 0
    return Run(path, [ROADMAP.encode(), document.text.encode()], {"DE", "FR"})


OPERATIONS: dict[str, Callable[[Path, Power], Run]] = {
    "save": saving,
    "save back": saving_back,
    "first edit": first_edit,
    "append": appending,
    "rewrite after a merge": rewriting_after_a_merge,
    "re-apply in the app": reapplying_in_the_app,
    "re-apply from the CLI": reapplying_from_the_cli,
    "restore": restoring,
    "set from the CLI": setting_from_the_cli,
}


def merged_text(theirs: str, edited_text: str) -> bytes:
    base = RoadmapDocument.from_text(ROADMAP, Path("x.toml")).roadmap
    document = RoadmapDocument.from_text(theirs, Path("x.toml"))
    ours = RoadmapDocument.from_text(edited_text, Path("x.toml")).roadmap
    apply(merge(base, ours, document.roadmap), document)
    return document.text.encode()


# -- running and judging -----------------------------------------------------------------


def in_child(operation: str, root: Path, crash_at: int | None, lose: bool) -> tuple[int, Run]:
    """Run `operation` in a fresh directory in a forked child; its exit code and `Run`."""
    root.mkdir(parents=True)
    path = root / "work" / "roadmap.toml"
    path.parent.mkdir()
    path.write_text(ROADMAP)
    count_file, run_file = root / "count", root / "run"
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.environ["ROADMAP_TUI_STATE_DIR"] = str(root / "state")
            power = Power(crash_at, lose, count_file)
            run = OPERATIONS[operation](path, power)
            run_file.write_text(
                repr(([v.hex() if v else None for v in run.allowed], sorted(run.acknowledged)))
            )
            power.done()
        except BaseException:
            traceback.print_exc()
            os._exit(70)
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return code, path


def judge(operation: str, path: Path, allowed: list[bytes | None], acknowledged: set[str]) -> None:
    state = path.parent.parent / "state"
    os.environ["ROADMAP_TUI_STATE_DIR"] = str(state)
    on_disk = path.read_bytes() if path.exists() else None
    assert on_disk in allowed, f"{operation}: the roadmap is neither the old nor the new version"
    found = recovery.find(path)
    try:
        assert found.in_use == 0, f"{operation}: a dead session still holds a journal"
        if on_disk is None:
            final = RoadmapDocument.from_text(ROADMAP, path) if found.recoveries else None
        else:
            final = RoadmapDocument.load(path)
        for offered in found.recoveries:
            assert offered.usable, f"{operation}: an unusable journal: {offered.summary()}"
            assert final is not None
            result = offered.merge(final)
            assert result.merged_changes or result.conflicts, f"{operation}: offered what is saved"
            apply(result, final, resolve_all(result, Take.OURS))
        roadmap = final.roadmap if final is not None else None
        if "DE" in acknowledged:
            assert roadmap is not None, f"{operation}: the edits are lost"
            germany = roadmap.find("DE")
            assert germany.status == "live", f"{operation}: the DE edit is lost"
            notes = [entry.note for entry in germany.history]
            assert notes.count(DE_NOTE) == 1, f"{operation}: history entry lost or doubled"
        if "FR" in acknowledged:
            assert roadmap is not None and roadmap.find("FR").notes == FR_NOTES, (
                f"{operation}: the FR edit is lost"
            )
        offered_markets = [c.code for r in found.recoveries for c in r.changes()]
        assert len(offered_markets) == len(set(offered_markets)), f"{operation}: offered twice"
    finally:
        found.release()


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_crash_point_leaves_old_or_new_and_loses_no_edit(
    operation: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_TUI_BACKUPS", "20")
    code, path = in_child(operation, tmp_path / "count", None, False)
    assert code == COUNTED, f"{operation} failed without a crash (exit {code})"
    steps = int((tmp_path / "count" / "count").read_text())
    allowed_hex, acknowledged = eval((tmp_path / "count" / "run").read_text())
    allowed = [bytes.fromhex(v) if v else None for v in allowed_hex]
    assert steps >= 2, f"{operation}: too few I/O steps seen; is the seam bypassed?"
    judge(operation, path, allowed, set(acknowledged))
    for lose in (False, True):
        for k in range(1, steps + 1):
            root = tmp_path / f"{'power' if lose else 'crash'}-{k}"
            code, path = in_child(operation, root, k, lose)
            assert code == CRASHED, f"{operation}: no crash at step {k} of {steps} (exit {code})"
            judge(
                f"{operation}, crash after step {k}{' losing unsynced data' if lose else ''}",
                path,
                allowed,
                set(acknowledged),
            )
    COVERED[operation] = 2 * steps
    print(f"\n{operation}: {2 * steps} crash points ({steps} steps, with and without power loss)")


def test_zz_the_crash_points_covered_are_counted() -> None:
    """Prints the total that docs/reliability.md quotes (run with -s to see it)."""
    if len(COVERED) != len(OPERATIONS):
        pytest.skip("run with the enumeration tests above")
    total = sum(COVERED.values())
    print(f"\ncrash points covered: {total} over {len(COVERED)} operations")
    assert total >= 4 * len(OPERATIONS)
