"""Keeping the app's edits safe: the journal, saving with backups, and the file on disk.

The work is the `EditingSession`'s (`safety/session.py`, no Textual): journaling every
edit, saving, watching the file, merging, recovery. `Safekeeping` keeps only what needs
the app: the timer that polls the file about once a second, the worker that reads a big
file in a thread, and the dialogues (save it back, save elsewhere, conflicts, recovery).

Undo after a reload or merge: the history is cleared (and the notice says so). Its
revisions belong to the text the app had before, and restoring one would silently undo
the changes that came from disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roadmap_tui import opening
from roadmap_tui.errors import ConflictError, EditError, FileProblem
from roadmap_tui.model import Roadmap
from roadmap_tui.safety.journal import Journal
from roadmap_tui.safety.merge import Change, Resolution, apply
from roadmap_tui.safety.recovery import Recovery
from roadmap_tui.safety.session import (
    Back,
    Changed,
    Conflict,
    Deleted,
    EditingSession,
    Failed,
    Gone,
    Merged,
    Reloaded,
    Saved,
    Unreadable,
)
from roadmap_tui.share.diff import diff_roadmaps
from roadmap_tui.store import Revision, RoadmapDocument
from roadmap_tui.ui import heap
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.recovery import DISCARD, REAPPLY, RecoveryScreen

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
    """The timer, the worker and the dialogues around the app's `EditingSession`."""

    def __init__(self, app: RoadmapApp, interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.session: EditingSession | None = None
        # False stops the timer's checks (a test that saves before the app may notice)
        self.watching = True
        self._timer: Any = None
        self._asking = False  # one of our questions is on screen: do not poll meanwhile
        self._busy = False  # a big file is being read in a thread
        self._recoveries: list[Recovery] = []  # found on opening, offered one at a time

    @property
    def document(self) -> RoadmapDocument | None:
        return self.app.document

    @property
    def journal(self) -> Journal | None:
        return None if self.session is None else self.session.journal

    @property
    def file_gone(self) -> bool:
        return self.session is not None and self.session.file_gone

    # -- opening --------------------------------------------------------------------------

    def attach(self) -> None:
        """The app now shows `app.document`: watch it, journal it, offer a crash's edits."""
        document = self.document
        if document is None:
            return
        if self.session is None or self.session.document is not document:
            if self.session is not None:
                self.session.close()
            self.session = EditingSession(document)
        if self._timer is None:
            self._timer = self.app.set_interval(self.interval, self.poll, name="disk-watch")
        if not document.read_only:
            self.offer_recovery()

    def close(self) -> None:
        """The app is closing: let go of the journal's lock (the journal itself stays)."""
        if self.session is not None:
            self.session.close()
        for found in self._recoveries:
            found.release()
        self._recoveries = []

    def discard_journal(self) -> None:
        """The user chose to quit without saving: forget the unsaved edits for good."""
        if self.session is not None:
            try:
                self.session.discard()
            except FileProblem as error:
                self.app.say(str(error), "warning")

    # -- edits ----------------------------------------------------------------------------

    def edited(self) -> None:
        """Journal the document after an edit, undo or redo (fsynced before returning)."""
        if self.session is not None:
            self._journal_said(self.session.edited())

    def _journal_said(self, problem: str | None) -> None:
        # said once per problem: the edits are still in memory, saving still works
        if problem is not None:
            self.app.say(problem, "warning")

    # -- saving ---------------------------------------------------------------------------

    def save(self, back: bool = False) -> bool:
        """Save; True when written. A file changed on disk is merged instead (nothing
        written); a deleted one is offered to be saved back; a failure is one sentence and
        an offer to save elsewhere, with the file untouched and the edits kept."""
        session = self.session
        if session is None:
            return False
        if self._busy:
            self.app.say("Still reading the file from disk; save again in a moment.", "warning")
            return False
        if self._asking and not back:
            self.app.say("Answer the question on screen first; nothing saved yet.", "warning")
            return False
        outcome = session.save(back)
        self.app.show_file_state()
        match outcome:
            case Saved(path, notices):
                self.app.say(f"Saved {path}")
                for notice in notices:
                    self.app.say(notice, "warning")
                return True
            case Gone(reason):
                self.offer_save_back(reason)
            case Conflict(reason):  # changed on disk, or back on disk: merge, never force
                self.app.say(reason, "warning")
                self.merge_disk_changes()
            case Failed(reason) if session.document.read_only:
                self.app.say(reason, "error")
            case Failed(reason):
                kept = (
                    "in the app and its journal"
                    if session.journal_problem is None
                    else "in the app"
                )
                self.app.say(f"{reason}. Your edits are kept ({kept}).", "error")
                self.offer_save_elsewhere(f"{reason}.")
        return False

    def save_as(self, target: str) -> bool:
        """Save to a new file at `target`, which becomes the roadmap's file."""
        if self.session is None:
            return False
        outcome = self.session.save_as(Path(target).expanduser())
        if isinstance(outcome, Failed):
            # asked again, with the reason: the edits still need a home
            self.offer_save_elsewhere(
                f"{outcome.reason}. Your edits are kept; choose another path."
            )
            return False
        self.app.show_file_state()
        self.app.say(f"Saved as {outcome.path}")
        return True

    # -- the file on disk -----------------------------------------------------------------

    def poll(self) -> None:
        """Look at the file (one stat when nothing moved) and act on what changed."""
        if not self.watching or self.session is None or self._asking or self._busy:
            return
        # The timer calls this outside the app's message queue, so a tick can land
        # while the app is shutting down and its screens are already gone.
        if not self.app.is_running or not self.app.screen_stack:
            return
        # Only from the main screen: a form or editor open on the old version would
        # write its fields over whatever came from disk. It polls again once closed.
        if not isinstance(self.app.screen, MainScreen):
            return
        match self.session.look():
            case Back():
                self.app.show_file_state()
            case Deleted(reason):
                self.app.show_file_state()
                self.offer_save_back(reason)
            case Unreadable(reason):
                self.app.say(
                    f"{self.session.document.path} cannot be read now ({reason}); "
                    "the app keeps the version it has.",
                    "warning",
                )
            case Changed() if self.session.document.dirty:
                self.merge_disk_changes()
            case Changed():
                self.reload()

    def reload(self) -> None:
        """No unsaved edits: show the file as it is on disk now, in place."""
        assert self.session is not None
        if not self._read_in_background():
            self._read(self.session.document, None, self.session.reload())

    def merge_disk_changes(self) -> None:
        """Unsaved edits and a changed file: merge them, asking about conflicts."""
        assert self.session is not None
        if not self._read_in_background():
            self._read(self.session.document, None, self.session.merge_with_disk())

    def _read_in_background(self) -> bool:
        """For a big file (as big as the app opens in a thread), read and merge it in a
        thread so the screen never freezes; True when that was started."""
        session = self.session
        assert session is not None
        document = session.document
        try:
            size = os.stat(document.path).st_size
        except OSError:
            return False  # the read itself says what is wrong
        if size <= opening.LOAD_IN_BACKGROUND_BYTES:  # read at call time: tests lower it
            return False
        revision = document.checkpoint()
        self._busy = True
        self.app.say(f"{document.path.name} changed on disk: reading it …")

        def read() -> None:
            with heap.read_quietly():  # a big roadmap: see heap.py
                outcome = session.merge_with_disk() if document.dirty else session.reload()
            self.app.call_from_thread(self._read, document, revision, outcome)

        self.app.run_worker(read, thread=True, exit_on_error=False, group="disk-read")
        return True

    def _read(
        self,
        document: RoadmapDocument,
        revision: Revision | None,
        outcome: Reloaded | Merged | Unreadable,
    ) -> None:
        """Use what was read, unless the app moved on meanwhile (back from a thread)."""
        self._busy = False
        if self.app.document is not document:
            return
        if revision is not None and document.checkpoint() is not revision:
            # edited while the thread read: merge those edits too
            if document.dirty:
                self.merge_disk_changes()
            else:
                self.reload()
            return
        match outcome:
            case Unreadable(reason):
                self._cannot_read(document, reason)
            case Reloaded(fresh):
                changes = diff_roadmaps(document.roadmap, fresh.roadmap).summary()
                cleared = self._adopt(fresh)
                self.app.say(f"reloaded: changed on disk ({changes}){cleared}")
            case Merged():
                self.settle(outcome, self._merged_from_disk, source="the file on disk")

    def _cannot_read(self, document: RoadmapDocument, reason: str) -> None:
        if document.dirty:
            what = "cannot be merged now", "Your edits are kept; fix the file, or save elsewhere."
        else:
            what = "cannot be used now", "The app keeps the version it has."
        self.app.say(
            f"{document.path} changed on disk but {what[0]}: {reason}. {what[1]}", "warning"
        )

    def settle(
        self,
        merged: Merged,
        done: Callable[[Merged], None],
        source: str,
        later: Callable[[], None] | None = None,
    ) -> None:
        """`done(merged)` once its conflicts are settled (through the conflict screen) and
        it is applied; a clean merge is applied already."""
        if merged.result.clean:
            done(merged)
            return

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
            try:
                apply(merged.result, merged.theirs, resolutions)
            except (EditError, ConflictError) as error:
                self.app.say(f"Could not merge: {error}. Your edits are kept, not saved.", "error")
                return
            done(merged)

        names = {market.key: market.name for market in merged.theirs.markets}
        if self.document is not None:
            names |= {market.key: market.name for market in self.document.markets}
        self._asking = True
        from roadmap_tui.ui.screens.conflicts import ConflictScreen  # seldom: when first asked

        self.app.push_screen(ConflictScreen(merged.result.conflicts, names, source), resolved)

    def _merged_from_disk(self, merged: Merged) -> None:
        cleared = self._adopt(merged.theirs, merged.base)
        came_in = describe_changes(merged.result.incoming) or "nothing new for the markets"
        state = "your edits are kept, not saved" if merged.theirs.dirty else "nothing left to save"
        self.app.say(f"Merged with the file on disk: {came_in}; {state}{cleared}")

    def _adopt(self, document: RoadmapDocument, base: Roadmap | None = None) -> str:
        """Carry on with `document` (reloaded or merged); returns the notice's undo part."""
        assert self.session is not None
        cleared = self._show(document)
        self._journal_said(self.session.adopt(document, base))
        return cleared

    def _show(self, document: RoadmapDocument) -> str:
        dropped = self.app.adopt(document)
        return "; undo history cleared" if dropped else ""

    # -- a file that is gone, a save that failed -----------------------------------------

    def offer_save_back(self, reason: str) -> None:
        """Say the file is gone and offer to write it back, or elsewhere."""

        def answered(answer: str | None) -> None:
            self._asking = False
            if answer == "back":
                self.save(back=True)
            elif answer == "elsewhere":
                self.offer_save_elsewhere(reason)

        question = f"{reason}\nThe roadmap is still open here, with any unsaved edits."
        choices = [
            ("s", "Save it back", "back"),
            ("a", "Save elsewhere…", "elsewhere"),
            ("escape", "Later", "later"),
        ]
        self._asking = True
        self.app.push_screen(Confirm(question, choices, unasked=True), answered)

    def offer_save_elsewhere(self, reason: str) -> None:
        """Ask for another path and save there."""
        document = self.document
        assert document is not None

        def chosen(target: str | None) -> None:
            self._asking = False
            if target is not None:
                self.save_as(target)

        self._asking = True
        from roadmap_tui.ui.screens.prompt import TextPrompt

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
        assert self.session is not None
        if not self._recoveries:
            found = self.session.recoveries()
            if found.unreadable is not None:  # edits may be kept there: never "none"
                self.app.say(str(found.unreadable), "warning")
            if found.in_use:
                self.app.say(
                    f"{self.session.document.path.name}: another roadmap-tui has this roadmap "
                    "open with unsaved edits right now.",
                    "warning",
                )
            self._recoveries = found.recoveries
        if self._recoveries:
            self._offer(self._recoveries[0])

    def _offer(self, found: Recovery) -> None:
        document = self.document
        assert document is not None

        def answered(answer: str | None) -> None:
            self._asking = False
            if answer == REAPPLY:
                self.reapply(found)
            elif answer == DISCARD:
                self._recoveries.remove(found)
                found.discard()
                self.app.say(f"Discarded the unsaved edits ({found.summary()}).")
                self.offer_recovery()
            else:
                self.close()
                self.app.exit()  # the journal stays for next time or `roadmap-tui recover`

        self._asking = True
        self.app.push_screen(RecoveryScreen(found, document.path.name), answered)

    def reapply(self, found: Recovery) -> None:
        """Merge the recovered edits into the file as it is now (conflicts asked)."""
        assert self.session is not None
        outcome = self.session.merge_recovery(found)
        if isinstance(outcome, Unreadable):
            self.app.say(
                f"Cannot re-apply the edits: {outcome.reason}. The journal is kept.", "error"
            )
            return

        def done(merged: Merged) -> None:
            assert self.session is not None
            count = len(found.changes())
            self._show(merged.theirs)
            self._recoveries.remove(found)
            self._journal_said(self.session.take_over(found, merged.theirs, merged.base))
            if not merged.theirs.dirty:
                self.app.say("The file already holds the recovered edits; nothing to save.")
            else:
                noun = "market change" if count == 1 else "market changes"
                info = len(found.info_changes())
                also = (
                    f" and {info} change{'s' if info != 1 else ''} to the roadmap's own fields"
                    if info
                    else ""
                )
                self.app.say(
                    f"Re-applied {count} {noun}{also} ({found.summary()}); ctrl+s saves them."
                )
            self.offer_recovery()

        self.settle(outcome, done, "the file on disk", later=self.offer_recovery)


def _suggestion(path: Path) -> str:
    """Where save-as suggests saving: beside the file, with `-recovered` in its name."""
    return str(path.with_name(f"{path.stem}-recovered{path.suffix}"))
