"""One roadmap being edited, kept safe: the editing session the app drives. No Textual.

An `EditingSession` owns what must agree for no edit to be lost: the document, this
session's journal, the watcher of the file on disk, the base of every three-way merge
(the roadmap as last loaded or saved), and whether the file is gone. Each action returns
a typed outcome instead of raising, so the app only decides what to show:

- `save()` → `Saved | Conflict | Gone | Failed`
- `save_as(path)` → `Saved | Failed`
- `look()` → what happened on disk: `None | Changed | Deleted | Back | Unreadable`
- `reload()` → `Reloaded | Unreadable`; `merge_with_disk()` → `Merged | Unreadable`
- `adopt(document)` carries on with a reloaded, merged or recovered document
- `recoveries()` finds what ended sessions left; `take_over(recovery)` makes their
  edits this session's (journaled here first, then their journal goes)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.errors import ConflictError, FileProblem, RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.safety import recovery, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.safety.merge import MergeResult, apply
from roadmap_tui.safety.recovery import Found, Recovery
from roadmap_tui.safety.watch import DiskChange, DiskWatcher, merge_with_disk
from roadmap_tui.store.document import RoadmapDocument


@dataclass(frozen=True)
class Saved:
    path: Path
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Reason:
    reason: str  # one sentence for the user


class Conflict(_Reason):
    """The file changed on disk (or came back) since it was read: merge, never force."""


class Gone(_Reason):
    """The file was deleted or moved away: save it back, or elsewhere."""


class Failed(_Reason):
    """Nothing was written (no permission, disk full, a snapshot …); the edits are kept."""


class Deleted(_Reason):
    """The file is gone from disk (seen on two looks in a row)."""


class Unreadable(_Reason):
    """Something is there but cannot be used now."""


@dataclass(frozen=True)
class Changed:
    """Different bytes are on disk now."""


@dataclass(frozen=True)
class Back:
    """A file reported gone is there again, as it was."""


@dataclass(frozen=True)
class Reloaded:
    document: RoadmapDocument


@dataclass(frozen=True)
class Merged:
    """The file on disk with this session's edits merged in; `result.clean` says whether
    they are applied already or conflicts must be settled first."""

    theirs: RoadmapDocument
    result: MergeResult
    base: Roadmap  # the file as read: the next merge's base


SaveOutcome = Saved | Conflict | Gone | Failed
DiskOutcome = Changed | Deleted | Back | Unreadable | None


class EditingSession:
    """The document, its journal, its watcher, the merge base and the gone state."""

    def __init__(self, document: RoadmapDocument) -> None:
        self.document = document
        document.prepare_edits()  # the one cut of the text, so no edit waits for it
        self.journal = Journal.open(document)
        self.watcher = DiskWatcher(document.path, document.fingerprint)
        self.base: Roadmap | None = None if document.dirty else document.roadmap
        self.file_gone = False
        self.journal_problem: str | None = None

    # -- edits ----------------------------------------------------------------------------

    def edited(self) -> str | None:
        """Journal the document after an edit, undo or redo (fsynced before returning).
        Returns the problem when it could not be journaled (said once per problem)."""
        if self.document.read_only:
            return None
        try:
            self.journal.record()
        except FileProblem as error:
            new = str(error) != self.journal_problem
            self.journal_problem = str(error)
            return str(error) if new else None
        self.journal_problem = None
        return None

    def discard(self) -> None:
        """The user quits without saving: this session's journal goes (only this one).
        Raises FileProblem if it cannot be removed."""
        self.journal.discard()

    def close(self) -> None:
        """The app is done with the document: the journal stays for recovery, unlocked."""
        self.journal.close()

    # -- saving ---------------------------------------------------------------------------

    def save(self, back: bool = False) -> SaveOutcome:
        """Save through `safety.save`; `back` saves a deleted file back (only if still gone)."""
        document = self.document
        try:
            saved = save.save(document, self.journal, new_file=back)
        except save.FileGone as error:
            self.file_gone = True
            return Gone(str(error))
        except ConflictError as error:
            self.file_gone = not os.path.lexists(document.path)
            return Conflict(str(error))
        except RoadmapError as error:  # FileProblem, ReadOnlyError
            return Failed(str(error))
        self._settled()
        return Saved(document.path, saved.notices)

    def save_as(self, path: Path) -> Saved | Failed:
        """Save to a new file (never over an existing one), which becomes the roadmap's."""
        try:
            self.document.save_as(path)
        except RoadmapError as error:
            return Failed(str(error))
        self._settled()
        return Saved(self.document.path)

    def _settled(self) -> None:
        self.watcher = DiskWatcher(self.document.path, self.document.fingerprint)
        self.base = self.document.roadmap
        self.file_gone = False
        self.edited()  # clean now: the journal goes

    # -- the file on disk -----------------------------------------------------------------

    def look(self) -> DiskOutcome:
        """One look at the file (one stat when nothing moved)."""
        event = self.watcher.poll()
        if event is None:
            if self.file_gone and os.path.exists(self.watcher.path):
                self.file_gone = False  # put back as it was (git checkout, an editor's undo)
                return Back()
            return None
        if event.kind is DiskChange.DELETED:
            self.file_gone = True
            return Deleted(f"{self.document.path} was deleted or moved away.")
        if event.kind is DiskChange.UNREADABLE:
            return Unreadable(event.problem or "cannot be read")
        return Changed()

    def reload(self) -> Reloaded | Unreadable:
        """Read the file as it is now (for a session without unsaved edits)."""
        document = self.document
        try:
            return Reloaded(RoadmapDocument.load(document.path, document.clock, like=document))
        except RoadmapError as error:
            return Unreadable(str(error))

    def merge_with_disk(self) -> Merged | Unreadable:
        """Merge this session's edits into the file as it is now; a clean merge is applied
        already, a merge with conflicts waits for `settle`."""
        return self._merged(lambda: merge_with_disk(self.document, self.base))

    def merge_recovery(self, found: Recovery) -> Merged | Unreadable:
        """Merge an ended session's edits into the file as it is now."""

        def merged() -> tuple[RoadmapDocument, MergeResult]:
            theirs = found.theirs(like=self.document)
            theirs.clock = self.document.clock
            return theirs, found.merge(theirs)

        return self._merged(merged)

    def _merged(
        self, merge: Callable[[], tuple[RoadmapDocument, MergeResult]]
    ) -> Merged | Unreadable:
        try:
            theirs, result = merge()
            base = theirs.roadmap
            self.journal.remember(theirs.saved_text, base)
            if result.clean:
                apply(result, theirs)
        except RoadmapError as error:  # EditError from apply included
            return Unreadable(str(error))
        return Merged(theirs, result, base)

    def adopt(self, document: RoadmapDocument, base: Roadmap | None = None) -> str | None:
        """Carry on with `document` (reloaded, merged or recovered), whose saved text is
        what is on disk; journals it at once. Returns a journal problem, if any."""
        self.document = document
        document.prepare_edits()
        self.journal.adopt(document)
        self.watcher = DiskWatcher(document.path, document.fingerprint)
        self.base = base if base is not None else document.roadmap
        self.file_gone = False
        return self.edited()

    # -- recovery -------------------------------------------------------------------------

    def recoveries(self) -> Found:
        """What ended sessions left for this roadmap (each one locked until settled)."""
        return recovery.find(self.document.path)

    def take_over(self, found: Recovery, document: RoadmapDocument, base: Roadmap) -> str | None:
        """`document` holds the recovered edits now: journal them here first, naming the
        ended session's journal, and only then remove that journal. If they cannot be
        journaled here, the old journal stays (unlocked) so they stay recoverable."""
        self.journal.absorb(found.file)
        problem = self.adopt(document, base)
        if document.dirty and problem is None and self.journal_problem is not None:
            problem = self.journal_problem
        if document.dirty and self.journal_problem is not None:
            found.release()
        else:
            found.discard()
        return problem
