"""Keeping the app's edits safe: the journal, saving with backups, and the file on disk.

`Safekeeping` is the app's one place for issue 5's promises in the UI: every edit is
journaled as it is made; saves go through `safety.save`; a timer polls the file about
once a second and reloads it (no unsaved edits) or merges it with the app's edits; a
deleted file or a failed save offers to save elsewhere; and a journal a crashed session
left is offered back on opening. The core modules do the work; this only wires them to
screens and notices.

Undo after a reload or merge: the history is cleared (and the notice says so). Its
revisions belong to the text the app had before, and restoring one would silently undo
the changes that came from disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui.diff import diff_roadmaps
from roadmap_tui.errors import ConflictError, EditError, FileProblem, RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.safety import recovery, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.safety.merge import Change, MergeResult, Resolution, apply
from roadmap_tui.safety.recovery import Recovery
from roadmap_tui.safety.watch import DiskChange, DiskEvent, DiskWatcher, merge_with_disk
from roadmap_tui.store import Revision, RoadmapDocument
from roadmap_tui.ui.undo import History

if TYPE_CHECKING:
    from roadmap_tui.ui.app import RoadmapApp

POLL_SECONDS = 1.0
GONE_MARKER = "deleted on disk"
# How many incoming changes a notice names before it says "and N more".
_NAMED_CHANGES = 3

Resolutions = dict[tuple[str, str | None], Resolution]


def describe_changes(changes: list[Change]) -> str:
    """`DE: status paused → live; FR: notes changed (and 2 more)` for a notice."""
    named = "; ".join(change.describe() for change in changes[:_NAMED_CHANGES])
    more = len(changes) - _NAMED_CHANGES
    return named + (f" (and {more} more)" if more > 0 else "")


class Safekeeping:
    """The journal, the disk watcher and the save of one app's open roadmap."""

    def __init__(self, app: RoadmapApp, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.journal: Journal | None = None
        self.watcher: DiskWatcher | None = None
        # the roadmap as last loaded or saved: the base of every three-way merge
        self.base: Roadmap | None = None
        self.file_gone = False
        # False stops the timer's checks (a test that saves before the app may notice)
        self.watching = True
        self._timer: Any = None
        self._asking = False  # one of our questions is on screen: do not poll meanwhile
        self._busy = False  # a big file is being read in a thread
        self._journal_problem: str | None = None
        self._recoveries: list[Recovery] = []  # found on opening, offered one at a time

    @property
    def document(self) -> RoadmapDocument | None:
        return self.app.document

    # -- opening --------------------------------------------------------------------------

    def attach(self) -> None:
        """The app now shows `app.document`: watch it, journal it, offer a crash's edits."""
        document = self.document
        if document is None:
            return
        self._watch(document)
        if self._timer is None:
            self._timer = self.app.set_interval(self.interval, self.poll, name="disk-watch")
        if not document.read_only:
            self.offer_recovery()

    def _watch(self, document: RoadmapDocument) -> None:
        """Journal and watch `document`, whose saved text is what is on disk."""
        if self.journal is None:
            self.journal = Journal.open(document)
        elif self.journal.document is not document:
            self.journal.adopt(document)  # same session: its journal is rewritten in place
        self.watcher = DiskWatcher(document.path, document.fingerprint)
        self.base = document.roadmap if not document.dirty else self.base
        self.file_gone = False

    def close(self) -> None:
        """The app is closing: let go of the journal's lock (the journal itself stays)."""
        if self.journal is not None:
            self.journal.close()
        for found in self._recoveries:
            found.release()
        self._recoveries = []

    def discard_journal(self) -> None:
        """The user chose to quit without saving: forget the unsaved edits for good."""
        if self.journal is not None:
            try:
                self.journal.discard()
            except FileProblem as error:
                self.app.say(str(error), "warning")

    # -- edits ----------------------------------------------------------------------------

    def edited(self) -> None:
        """Journal the document after an edit, undo or redo (fsynced before returning)."""
        if self.journal is None or self.document is None or self.document.read_only:
            return
        try:
            self.journal.record()
        except FileProblem as error:
            # said once per problem: the edits are still in memory, saving still works
            if str(error) != self._journal_problem:
                self._journal_problem = str(error)
                self.app.say(str(error), "warning")
            return
        self._journal_problem = None

    # -- saving ---------------------------------------------------------------------------

    def save(self, back: bool = False) -> bool:
        """Back up the file on disk, then save; True when written.

        A file changed on disk is merged instead (nothing written); a deleted one is
        offered to be saved back; an I/O failure is one sentence and an offer to save
        elsewhere, with the file untouched and the edits kept in memory and journal."""
        document = self.document
        if document is None:
            return False
        if self._busy:
            self.app.say("Still reading the file from disk; save again in a moment.", "warning")
            return False
        if self._asking and not back:
            self.app.say("Answer the question on screen first; nothing saved yet.", "warning")
            return False
        try:
            saved = save.save(document, self.journal, new_file=back)
        except save.FileGone as error:
            self.file_gone = True
            self.app.show_file_state()
            self.offer_save_back(str(error))
            return False
        except ConflictError as error:  # changed on disk, or back on disk: merge, never force
            self.file_gone = False
            self.app.say(str(error), "warning")
            self.merge_disk_changes()
            return False
        except FileProblem as error:
            kept = "in the app and its journal" if self._journal_problem is None else "in the app"
            self.app.say(f"{error}. Your edits are kept ({kept}).", "error")
            self.offer_save_elsewhere(f"{error}.")
            return False
        except RoadmapError as error:  # ReadOnlyError: a snapshot
            self.app.say(str(error), "error")
            return False
        self._saved(document)
        self.app.say(f"Saved {document.path}")
        for notice in saved.notices:
            self.app.say(notice, "warning")
        return True

    def save_as(self, target: str) -> bool:
        """Save to a new file at `target`, which becomes the roadmap's file."""
        document = self.document
        if document is None:
            return False
        path = Path(target).expanduser()
        try:
            document.save_as(path)
        except RoadmapError as error:
            # asked again, with the reason: the edits still need a home
            self.offer_save_elsewhere(f"{error}. Your edits are kept; choose another path.")
            return False
        self._saved(document)
        self.app.say(f"Saved as {document.path}")
        return True

    def _saved(self, document: RoadmapDocument) -> None:
        self._watch(document)
        self.edited()  # clean now: the journal is removed and its lock let go
        self.app.show_file_state()

    # -- the file on disk -----------------------------------------------------------------

    def poll(self) -> None:
        """Look at the file (one stat when nothing moved) and act on what changed."""
        from roadmap_tui.ui.screens.main import MainScreen

        if not self.watching or self.watcher is None or self.document is None:
            return
        if self._asking or self._busy:
            return
        # Only from the main screen: a form or editor open on the old version would
        # write its fields over whatever came from disk. It polls again once closed.
        if not isinstance(self.app.screen, MainScreen):
            return
        event = self.watcher.poll()
        if event is not None:
            self.handle(event)
        elif self.file_gone and os.path.exists(self.watcher.path):
            self.file_gone = False  # put back as it was (git checkout, an undo in the editor)
            self.app.show_file_state()

    def handle(self, event: DiskEvent) -> None:
        """React to one change of the file on disk."""
        document = self.document
        if document is None:
            return
        if event.kind is DiskChange.DELETED:
            self.file_gone = True
            self.app.show_file_state()
            self.offer_save_back(f"{document.path} was deleted or moved away.")
        elif event.kind is DiskChange.UNREADABLE:
            self.app.say(
                f"{document.path} cannot be read now ({event.problem}); "
                "the app keeps the version it has.",
                "warning",
            )
        elif document.dirty:
            self.merge_disk_changes()
        else:
            self.reload()

    def reload(self) -> None:
        """No unsaved edits: show the file as it is on disk now, in place."""
        document = self.document
        assert document is not None
        if self._read_in_background(document):
            return
        try:
            fresh = RoadmapDocument.load(document.path, clock=document.clock)
        except RoadmapError as error:
            self._cannot_read(document, error)
            return
        self._reloaded(document, fresh)

    def merge_disk_changes(self) -> None:
        """Unsaved edits and a changed file: merge them, asking about conflicts."""
        document = self.document
        assert document is not None
        if self._read_in_background(document):
            return
        try:
            theirs, result = merge_with_disk(document, self.base)
        except RoadmapError as error:
            self._cannot_read(document, error)
            return
        self.settle(result, theirs, self._merged_from_disk, source="the file on disk")

    def _reloaded(self, document: RoadmapDocument, fresh: RoadmapDocument) -> None:
        changes = diff_roadmaps(document.roadmap, fresh.roadmap).summary()
        cleared = self._adopt(fresh)
        self.app.say(f"reloaded: changed on disk ({changes}){cleared}")

    def _cannot_read(self, document: RoadmapDocument, error: RoadmapError) -> None:
        if document.dirty:
            what = "cannot be merged now", "Your edits are kept; fix the file, or save elsewhere."
        else:
            what = "cannot be used now", "The app keeps the version it has."
        self.app.say(
            f"{document.path} changed on disk but {what[0]}: {error}. {what[1]}", "warning"
        )

    def _read_in_background(self, document: RoadmapDocument) -> bool:
        """For a big file (as big as the app opens in a thread), read and merge it in a
        thread so the screen never freezes; True when that was started."""
        from roadmap_tui.ui import app as app_module  # read at call time: tests lower it

        try:
            size = os.stat(document.path).st_size
        except OSError:
            return False  # the read itself says what is wrong
        if size <= app_module.LOAD_IN_BACKGROUND_BYTES:
            return False
        revision, base = document.checkpoint(), self.base
        self._busy = True
        self.app.say(f"{document.path.name} changed on disk: reading it …")

        def read() -> None:
            outcome: Any
            try:
                if document.dirty:
                    theirs, result = merge_with_disk(document, base)
                    their_roadmap = theirs.roadmap
                    if result.clean:  # the lossless edits of a 10,000-market text: here too
                        apply(result, theirs)
                    outcome = (theirs, result, their_roadmap)
                else:
                    outcome = RoadmapDocument.load(document.path, clock=document.clock)
            except RoadmapError as error:  # EditError from apply included
                outcome = error
            self.app.call_from_thread(self._read, document, revision, outcome)

        self.app.run_worker(read, thread=True, exit_on_error=False, group="disk-read")
        return True

    def _read(self, document: RoadmapDocument, revision: Revision, outcome: Any) -> None:
        """Back from the thread: use what it read, unless the app moved on meanwhile."""
        self._busy = False
        if self.app.document is not document:
            return
        if document.checkpoint() is not revision:  # edited meanwhile: merge those edits too
            if document.dirty:
                self.merge_disk_changes()
            else:
                self.reload()
        elif isinstance(outcome, RoadmapError):
            self._cannot_read(document, outcome)
        elif isinstance(outcome, RoadmapDocument):
            self._reloaded(document, outcome)
        else:
            theirs, result, their_roadmap = outcome
            if self.journal is not None:
                self.journal.remember(theirs.saved_text, their_roadmap)
            if result.clean:
                self._merged_from_disk(result, theirs, their_roadmap)
            else:
                self.settle(result, theirs, self._merged_from_disk, source="the file on disk")

    def settle(
        self,
        result: MergeResult,
        theirs: RoadmapDocument,
        done: Callable[[MergeResult, RoadmapDocument, Roadmap], None],
        source: str,
        later: Callable[[], None] | None = None,
    ) -> None:
        """Apply `result` onto `theirs`, through the conflict screen if it has conflicts;
        then `done(result, theirs, their_roadmap_before)`."""
        their_roadmap = theirs.roadmap  # the merge's next base: the file as read
        if self.journal is not None and not theirs.dirty:
            self.journal.remember(theirs.saved_text, their_roadmap)

        def resolved(resolutions: Resolutions | None) -> None:
            self._asking = False
            if resolutions is None:
                self.app.say(
                    "Conflicts left unsettled: your edits are kept, not saved; ctrl+s asks again.",
                    "warning",
                )
                if later is not None:
                    later()
                return
            if self._apply(result, theirs, resolutions):
                done(result, theirs, their_roadmap)

        if result.clean:
            if self._apply(result, theirs, {}):
                done(result, theirs, their_roadmap)
            return
        from roadmap_tui.ui.screens.conflicts import ConflictScreen

        names = {market.key: market.name for market in theirs.markets}
        if self.document is not None:
            names |= {market.key: market.name for market in self.document.markets}
        self._asking = True
        self.app.push_screen(ConflictScreen(result.conflicts, names, source), resolved)

    def _apply(
        self, result: MergeResult, theirs: RoadmapDocument, resolutions: Resolutions
    ) -> bool:
        try:
            apply(result, theirs, resolutions)
        except (EditError, ConflictError) as error:
            self.app.say(f"Could not merge: {error}. Your edits are kept, not saved.", "error")
            return False
        return True

    def _merged_from_disk(
        self, result: MergeResult, theirs: RoadmapDocument, their_roadmap: Roadmap
    ) -> None:
        cleared = self._adopt(theirs, their_roadmap)
        came_in = describe_changes(result.incoming) or "nothing new for the markets"
        state = "your edits are kept, not saved" if theirs.dirty else "nothing left to save"
        self.app.say(f"Merged with the file on disk: {came_in}; {state}{cleared}")

    def _adopt(self, document: RoadmapDocument, base: Roadmap | None = None) -> str:
        """Carry on with `document` (reloaded or merged); returns the notice's undo part."""
        app = self.app
        had_history = app.history.can_undo or app.history.can_redo
        app.document = document
        app.history = History()
        self._watch(document)
        self.base = base if base is not None else document.roadmap
        self.edited()
        app.show_file_state()
        if app.main_screen is not None:
            app.main_screen.sync()
        return "; undo history cleared" if had_history else ""

    # -- a file that is gone, a save that failed -----------------------------------------

    def offer_save_back(self, reason: str) -> None:
        """Say the file is gone and offer to write it back, or elsewhere."""
        from roadmap_tui.ui.screens.confirm import Confirm

        document = self.document
        assert document is not None

        def answered(answer: str | None) -> None:
            self._asking = False
            if answer == "back":
                if self.save(back=True):
                    self.file_gone = False
                    self.app.show_file_state()
            elif answer == "elsewhere":
                self.offer_save_elsewhere(reason)

        question = f"{reason}\nThe roadmap is still open here, with any unsaved edits."
        choices = [
            ("s", "Save it back", "back"),
            ("a", "Save elsewhere…", "elsewhere"),
            ("escape", "Later", "later"),
        ]
        self._asking = True
        self.app.push_screen(Confirm(question, choices), answered)

    def offer_save_elsewhere(self, reason: str) -> None:
        """Ask for another path and save there."""
        from roadmap_tui.ui.screens.prompt import TextPrompt

        document = self.document
        assert document is not None

        def chosen(target: str | None) -> None:
            self._asking = False
            if target is not None:
                self.save_as(target)

        self._asking = True
        prompt = TextPrompt(
            "Save the roadmap as",
            f"{reason}\nSave to this path (a new file):"
            if reason
            else "Save to this path (a new file):",
            value=_suggestion(document.path),
            check=lambda typed: None if typed.strip() else "Type a path to save to.",
        )
        self.app.push_screen(prompt, lambda typed: chosen(typed.strip() if typed else None))

    # -- crash recovery -------------------------------------------------------------------

    def offer_recovery(self) -> None:
        """If ended sessions left unsaved edits to this roadmap, offer them back, one
        journal at a time; the ones not answered yet keep their locks meanwhile."""
        document = self.document
        assert document is not None
        if not self._recoveries:
            found = recovery.find(document.path)
            if found.in_use:
                self.app.say(
                    f"{document.path.name}: another roadmap-tui has this roadmap open with "
                    "unsaved edits right now.",
                    "warning",
                )
            self._recoveries = found.recoveries
        if self._recoveries:
            self._offer(self._recoveries[0])

    def _offer(self, found: Recovery) -> None:
        from roadmap_tui.ui.screens.recovery import DISCARD, REAPPLY, RecoveryScreen

        document = self.document
        assert document is not None

        def answered(answer: str | None) -> None:
            self._asking = False
            if answer == REAPPLY:
                self.reapply(found)
            elif answer == DISCARD:
                self._resolved(found)
                self.app.say(f"Discarded the unsaved edits ({found.summary()}).")
                self.offer_recovery()
            else:
                self.close()
                self.app.exit()  # the journal stays for next time or `roadmap-tui recover`

        self._asking = True
        self.app.push_screen(RecoveryScreen(found, document.path.name), answered)

    def _resolved(self, found: Recovery) -> None:
        """The edits of `found` are discarded, or in this session's document now."""
        found.discard()
        if found in self._recoveries:
            self._recoveries.remove(found)

    def reapply(self, recovery: Recovery) -> None:
        """Merge the recovered edits into the file as it is now (conflicts asked)."""
        try:
            theirs = recovery.theirs()
            theirs.clock = self.app.clock
            result = recovery.merge(theirs)
        except RoadmapError as error:
            self.app.say(f"Cannot re-apply the edits: {error}. The journal is kept.", "error")
            return

        def done(result: MergeResult, theirs: RoadmapDocument, their_roadmap: Roadmap) -> None:
            count = len(recovery.changes())
            if self.journal is not None:
                self.journal.absorb(recovery.file)
            self._adopt(theirs, their_roadmap)  # journaled now, by this session
            if theirs.dirty and self._journal_problem is not None:
                recovery.release()  # not journaled here: its own journal must stay
                self._recoveries.remove(recovery)
            else:
                self._resolved(recovery)
            if not theirs.dirty:
                self.app.say("The file already holds the recovered edits; nothing to save.")
                self.offer_recovery()
                return
            noun = "market change" if count == 1 else "market changes"
            self.app.say(f"Re-applied {count} {noun} ({recovery.summary()}); ctrl+s saves them.")
            self.offer_recovery()

        self.settle(result, theirs, done, "the file on disk", later=self.offer_recovery)


def _suggestion(path: Path) -> str:
    """Where save-as suggests saving: beside the file, with `-recovered` in its name."""
    return str(path.with_name(f"{path.stem}-recovered{path.suffix}"))
