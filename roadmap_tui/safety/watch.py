"""Noticing when a roadmap file changes on disk while it is open. No Textual.

The app polls a `DiskWatcher` about once a second (from a timer or a thread). A poll is
one `stat`; the file is read and hashed only when its size or mtime moved, so polling a
10,000-market roadmap costs the same as polling an empty one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from roadmap_tui.errors import FileProblem
from roadmap_tui.model import Roadmap
from roadmap_tui.safety.merge import MergeResult, merge
from roadmap_tui.store import files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.files import Fingerprint


class DiskChange(StrEnum):
    """What happened to the file since the watcher last looked."""

    CHANGED = "changed"  # different bytes are on disk now
    DELETED = "deleted"  # the file is gone (deleted, or moved away)
    UNREADABLE = "unreadable"  # something is there, but it cannot be read as a file


@dataclass(frozen=True)
class DiskEvent:
    """One change seen on disk; `data` and `fingerprint` are set for CHANGED."""

    kind: DiskChange
    path: Path
    data: bytes | None = None
    fingerprint: Fingerprint | None = None
    problem: str | None = None

    @property
    def text(self) -> str:
        """The new bytes as text, replacing what is not UTF-8 (the loader reports that)."""
        return (self.data or b"").decode("utf-8", errors="replace")


class DiskWatcher:
    """Watches one roadmap file against the fingerprint of the version the app holds.

    Call `poll()` periodically; it returns None while nothing changed, and a `DiskEvent`
    once per change. After the app saves or reloads the file, call `expect(fingerprint)`
    with the document's new fingerprint so its own write is not reported back to it.

    A file that disappears is reported only after it has been missing on
    `missing_polls` polls in a row: editors and `git checkout` often replace a file by
    deleting and recreating it, which should read as a change, not a deletion.
    """

    def __init__(
        self, path: str | Path, fingerprint: Fingerprint | None, missing_polls: int = 2
    ) -> None:
        self.path = Path(path)
        self.known = fingerprint
        self.missing_polls = max(1, missing_polls)
        self._missing = 0
        self._reported: DiskChange | None = None
        self._last_sha: str | None = None  # the bytes last reported as CHANGED
        self._stat: tuple[int, int] | None = (
            (fingerprint.size, fingerprint.mtime_ns) if fingerprint else None
        )

    def expect(self, fingerprint: Fingerprint | None) -> None:
        """The app now holds this version (it saved, reloaded or merged): watch against it."""
        self.known = fingerprint
        self._stat = (fingerprint.size, fingerprint.mtime_ns) if fingerprint else None
        self._missing = 0
        self._reported = None

    def poll(self) -> DiskEvent | None:
        """None if the file is as the app knows it; otherwise what changed (once per change)."""
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return self._gone()
        except OSError as error:
            return self._unreadable(files.explain(error))
        self._missing = 0
        stat_now = (info.st_size, info.st_mtime_ns)
        if stat_now == self._stat:
            return None  # the cheap path: nothing moved
        try:
            data, fingerprint = files.read_bytes(self.path)
        except FileProblem as error:
            return self._unreadable(error.message)
        # remember the stat we hashed, so an unchanged file is not hashed again next poll
        self._stat = (fingerprint.size, fingerprint.mtime_ns)
        if self.known is not None and fingerprint.sha256 == self.known.sha256:
            self._reported = None
            return None  # touched, or written back with the same bytes
        if self._reported is DiskChange.CHANGED and self._last_sha == fingerprint.sha256:
            return None
        self._reported = DiskChange.CHANGED
        self._last_sha = fingerprint.sha256
        return DiskEvent(DiskChange.CHANGED, self.path, data, fingerprint)

    def _gone(self) -> DiskEvent | None:
        self._missing += 1
        self._stat = None
        if self._missing < self.missing_polls or self._reported is DiskChange.DELETED:
            return None
        self._reported = DiskChange.DELETED
        self._last_sha = None
        return DiskEvent(DiskChange.DELETED, self.path)

    def _unreadable(self, problem: str) -> DiskEvent | None:
        self._stat = None
        if self._reported is DiskChange.UNREADABLE:
            return None
        self._reported = DiskChange.UNREADABLE
        self._last_sha = None
        return DiskEvent(DiskChange.UNREADABLE, self.path, problem=problem)


def merge_with_disk(
    document: RoadmapDocument, base: Roadmap | None = None
) -> tuple[RoadmapDocument, MergeResult]:
    """Read the file on disk now and merge the document's unsaved edits into it.

    `base` is the roadmap as the app last loaded or saved it (keep `document.roadmap`
    while the document is clean); without it, the document's saved version. Returns
    their document and the merge: when `result.clean`, `apply(result, theirs)` and the
    app carries on with `theirs` (its unsaved edits included, the file's comments kept).
    Raises FileProblem or InvalidRoadmap when the file on disk cannot be used.
    """
    # read through the document: only the markets whose text changed are parsed
    theirs = RoadmapDocument.load(document.path, document.clock, like=document)
    if base is None:
        base = document.saved_roadmap
    return theirs, merge(base, document.roadmap, theirs.roadmap)
