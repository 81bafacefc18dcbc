"""Finding the unsaved edits of sessions that ended without saving. No Textual.

`find(path)` looks at every journal of the roadmap (one per session, plus the single
journal older versions wrote) and claims the lock of each one whose session is gone, so
no other process offers the same edits at the same time. It leaves out, and removes,
journals with nothing to give back: edits that cancel out, edits the file already holds,
and journals whose save finished just before the crash (their `saving` line names bytes
that reached the file). Journals of live sessions are counted, never read or touched.

A `Recovery` holds its lock until the caller is done: `discard()` (the user does not want
the edits, or they are saved now) removes the journal; `release()` leaves it for next time.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap_tui import paths
from roadmap_tui.errors import InvalidRoadmap, RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.safety import lines
from roadmap_tui.safety.journal import journal_dir
from roadmap_tui.safety.lock import Lock
from roadmap_tui.safety.merge import Change, MergeResult, diff, merge
from roadmap_tui.store import disk, files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.validate import parse


@dataclass
class Recovery:
    """Unsaved edits found in one journal, ready to show and to re-apply through `merge`."""

    path: Path
    file: Path
    lock: Lock | None = None
    base_text: str | None = None
    base_sha256: str | None = None
    started: str | None = None
    base: Roadmap | None = None
    ours: Roadmap | None = None
    edits_read: int = 0
    edits_total: int = 0
    problems: list[str] = field(default_factory=list)
    saving: dict[str, Any] | None = None  # the journal's last line, if a save was under way
    absorbs: list[str] = field(default_factory=list)  # journals whose edits this one holds

    @property
    def usable(self) -> bool:
        """True when there is something to re-apply."""
        return self.base is not None and self.ours is not None and bool(self.changes())

    def summary(self) -> str:
        """`3 unsaved edits found` or `2 of 3 edits could be read`, with any problem."""
        if self.base is None:
            reason = "; ".join(self.problems) or "the journal is empty"
            return f"a journal of unsaved edits was found but cannot be used: {reason}"
        if self.edits_read == self.edits_total:
            noun = "edit" if self.edits_total == 1 else "edits"
            text = f"{self.edits_total} unsaved {noun} found"
        else:
            text = f"{self.edits_read} of {self.edits_total} edits could be read"
        return text + (f" ({'; '.join(self.problems)})" if self.problems else "")

    def changes(self) -> list[Change]:
        """What the unsaved edits change, market by market, against their base."""
        if self.base is None or self.ours is None:
            return []
        return diff(self.base, self.ours)

    def theirs(self) -> RoadmapDocument:
        """The roadmap on disk now to merge into (the base again, if the file is gone).

        Raises FileProblem / InvalidRoadmap if the file cannot be read or is not valid.
        """
        if not os.path.lexists(self.path) and self.base_text is not None:
            return RoadmapDocument.from_text(self.base_text, self.path)
        return RoadmapDocument.load(self.path)

    def merge(self, theirs: RoadmapDocument) -> MergeResult:
        """Merge the recovered edits into `theirs` (base = the journal's base)."""
        if self.base is None or self.ours is None:
            raise RoadmapError(self.summary())
        return merge(self.base, self.ours, theirs.roadmap)

    def discard(self) -> None:
        """Remove the journal: the user does not want these edits back, or they are saved."""
        with contextlib.suppress(OSError):
            disk.unlink(self.file)
        if self.saving is not None:  # the temporary file of a save that never finished
            with contextlib.suppress(OSError, TypeError, ValueError):
                disk.unlink(self.saving["temporary"])
        if self.lock is not None:
            self.lock.remove()
            self.lock = None

    def release(self) -> None:
        """Leave the journal for next time (or `roadmap-tui recover`)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


@dataclass
class Found:
    """What `find` saw: the edits to offer, and how many live sessions hold edits now."""

    recoveries: list[Recovery]
    in_use: int = 0
    already_in_file: int = 0  # journals whose edits the file holds now (removed)

    def release(self) -> None:
        for recovery in self.recoveries:
            recovery.release()


def journals(path: str | Path) -> list[Path]:
    """Every journal of the roadmap at `path`, oldest first (live sessions' included)."""
    legacy = paths.state_dir() / "journals" / f"{paths.roadmap_key(path)}.jsonl"
    try:
        entries = [
            entry for entry in os.scandir(journal_dir(path)) if entry.name.endswith(".jsonl")
        ]
    except OSError:
        entries = []
    entries.sort(key=lambda entry: (_mtime(entry.path), entry.name))
    found = [Path(entry.path) for entry in entries]
    return ([legacy] if os.path.lexists(legacy) else []) + found


def find(path: str | Path) -> Found:
    """The unsaved edits that ended sessions left for the roadmap at `path`.

    Reads whatever can be read: unreadable lines are skipped and counted, never raised.
    Each recovery returned holds its journal's lock; release or discard every one."""
    path = Path(path)
    found = Found([])
    read: list[Recovery] = []
    for file in journals(path):
        try:
            lock = Lock.take(file.with_suffix(".lock"))
        except OSError:
            lock = None  # a state directory we cannot write: read-only recovery
            if not os.access(file, os.R_OK):
                continue
        else:
            if lock is None:
                found.in_use += 1
                continue
        read.append(_read(path, file, lock))
    absorbed = {name for recovery in read for name in recovery.absorbs}
    for recovery in read:
        if recovery.file.name in absorbed:
            recovery.discard()  # a later session took these edits over before it ended
        elif _nothing_to_give_back(recovery):
            recovery.discard()
            found.already_in_file += bool(recovery.changes())
        else:
            found.recoveries.append(recovery)
    return found


def _nothing_to_give_back(recovery: Recovery) -> bool:
    if recovery.base is None:
        return False  # unreadable: shown, so the user can look and discard it
    if recovery.saving is not None and _save_finished(recovery.path, recovery.saving):
        return True
    if not recovery.problems and not recovery.changes():
        return True  # a crash right after the base line, or edits that cancel out
    try:
        theirs = recovery.theirs()
    except RoadmapError:
        return False
    result = recovery.merge(theirs)
    return not result.merged_changes and not result.conflicts  # the file has them already


def _save_finished(path: Path, saving: dict[str, Any]) -> bool:
    """Whether the save announced by a journal's last line replaced the file.

    The save writes its bytes to a temporary file, announces them, then renames, links or
    swaps the temporary file into place: once that is done, the temporary name is gone or
    holds the old bytes."""
    try:
        now = files.read_bytes(path)[1].sha256
    except RoadmapError:
        now = None
    if now == saving.get("sha256"):
        return True
    temporary = saving.get("temporary")
    if not isinstance(temporary, str):
        return False
    try:
        left = files.read_bytes(Path(temporary))[1].sha256
    except RoadmapError:
        return not os.path.lexists(temporary)  # renamed into place: the save finished
    # still there with the new bytes: not in place yet; with others: swapped into place
    return left != saving.get("sha256")


def _read(path: Path, file: Path, lock: Lock | None) -> Recovery:
    recovery = Recovery(path, file, lock)
    try:
        raw = file.read_bytes()
    except OSError as error:
        recovery.problems.append(f"cannot read the journal: {files.explain(error)}")
        return recovery
    problems: list[str] = []
    read = list(lines.records(raw, problems))
    recovery.problems = problems
    if not read or read[0][1].get("kind") != "base":
        # without the base nothing else matters: say just that
        recovery.problems = ["its first line, the version the edits started from, is unreadable"]
        recovery.edits_total = sum(1 for _number, record in read if record.get("kind") == "edit")
        return recovery
    header = read[0][1]
    try:
        base_text = header["base_text"]
        recovery.base_text = base_text
        recovery.base_sha256 = header.get("base_sha256")
        recovery.started = header.get("started")
        absorbs = header.get("absorbs", [])
        recovery.absorbs = [name for name in absorbs if isinstance(name, str)]
        recovery.base = parse(base_text, str(path)).roadmap
    except (KeyError, TypeError, InvalidRoadmap):
        recovery.problems.insert(0, "the version the edits started from cannot be read")
        return recovery
    if read[-1][1].get("kind") == "saving":
        recovery.saving = read.pop()[1]
    markets, info = list(recovery.base.markets), recovery.base.roadmap
    edits = [(number, record) for number, record in read[1:] if record.get("kind") != "saving"]
    recovery.edits_total = len(edits) + len(problems)  # so far, one problem per bad line
    for number, record in edits:
        try:
            markets, info = lines.replay(markets, info, record)
        except (KeyError, TypeError, ValueError, AttributeError, tomllib.TOMLDecodeError):
            recovery.problems.append(f"edit on line {number} cannot be used")
            continue
        recovery.edits_read += 1
    recovery.ours = recovery.base.model_copy(update={"markets": markets, "roadmap": info})
    return recovery


def _mtime(file: str) -> float:
    try:
        return os.stat(file).st_mtime
    except OSError:
        return 0.0
