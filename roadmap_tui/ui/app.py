"""The Textual app: opens a roadmap, holds the document and its undo history, saves.

`make_app()` builds it for the command line and for the tests alike."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.screen import Screen
from textual.signal import Signal

from roadmap_tui import paths, recent
from roadmap_tui.editor import (
    EditorProblem,
    NotStarted,
    chosen_editor,
    editor_command,
    editor_name,
    run_editor,
)
from roadmap_tui.errors import EditError, RoadmapError
from roadmap_tui.opening import Opening, create_roadmap, open_roadmap
from roadmap_tui.safety.gitmerge import GitConflict
from roadmap_tui.settings import Loaded, Settings, save_sort, save_theme, save_view
from roadmap_tui.store import Revision, RoadmapDocument, utc_now
from roadmap_tui.store.document import Clock
from roadmap_tui.ui import heap
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.commands import RoadmapCommands, SharingCommands
from roadmap_tui.ui.git_merge import settle_git_conflict
from roadmap_tui.ui.remembering import NotRemembered, Remembering
from roadmap_tui.ui.safekeeping import GONE_MARKER, Safekeeping
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.error import InvalidFileScreen, MissingFileScreen
from roadmap_tui.ui.screens.help import HelpScreen
from roadmap_tui.ui.screens.loading import LoadingScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.roadmap_picker import RoadmapPicker, Shelf
from roadmap_tui.ui.screens.sharing import refuse_edit
from roadmap_tui.ui.screens.typing_dialog import TypingDialog
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.typeahead import Typeahead
from roadmap_tui.ui.undo import History

UNSAVED_MARKER = "● unsaved"
KEEP, DISCARD = "keep", "discard"
QUIT_CHOICES = [("s", "Save", "save"), ("d", "Discard", DISCARD), ("escape", "Cancel", "cancel")]
# Asked first when quitting from a dialog that holds typed text (notes, market fields).
TYPED_CHOICES = [("k", "Keep", KEEP), ("d", "Discard", DISCARD), ("escape", "Cancel", "cancel")]


class RoadmapApp(App[None]):
    """roadmap-tui: browse and edit the markets of one roadmap file."""

    CSS_PATH = "app.tcss"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {RoadmapCommands, SharingCommands}

    def __init__(
        self,
        opening: Opening,
        clock: Clock = utc_now,
        cursor_blink: bool = True,
        *,
        config: Loaded | None = None,
        start: Shelf | None = None,
        merge: GitConflict | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.opening = opening
        # a git merge left conflicts in the file: settled first, on the conflict screen
        self.merge = merge
        # every roadmap this app shows refuses edits (`roadmap-tui serve --read-only`)
        self.read_only = read_only
        if read_only and opening.document is not None:
            opening.document.freeze()
        # the config file as read at start; `settings` changes as the user changes them
        self.config = config or Loaded(paths.config_file(), Settings())
        # the theme and the sort chosen are written to that file in the background
        self.remembering = Remembering(self, self.config.path)
        # a picker to show first, instead of a roadmap (`roadmap-tui DIR`, recent roadmaps)
        self.start = start
        wanted = self.settings.theme
        # the theme last remembered: a change away from it is written to the config file
        self._remembered_theme = wanted if wanted in self.available_themes else self.theme
        self.theme = self._remembered_theme
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.history = History()
        # None while an error screen is shown instead of a roadmap.
        self.document: RoadmapDocument | None = opening.document
        # journal, backups, the file on disk: see safekeeping.py
        self.safekeeping = Safekeeping(self)
        # every key is routed here before Textual routes it: see typeahead.py
        self.typeahead = Typeahead(self, super().on_event, self.say)
        # published by `adopt` whenever the app carries on with another document
        self.document_changed_signal: Signal[RoadmapDocument | None] = Signal(self, "document")

    # -- screens ------------------------------------------------------------------------

    def first_screen(self) -> Screen[Any]:
        """The roadmap, or what stopped it from opening."""

        if self.opening.document is not None:
            return MainScreen()
        if self.opening.problem is not None:
            return InvalidFileScreen(self.opening.path, self.opening.problem)
        return MissingFileScreen(self.opening.path)

    def on_mount(self) -> None:
        self.call_after_refresh(self.typeahead.first_frame)
        self.show_file_state()
        for problem in self.config.problems:
            self.say(problem, "warning")
        if self.start is not None:
            self.push_screen(RoadmapPicker(self.start, at_start=True), self._picked_at_start)
            return
        self._show_opening()
        if self.merge is not None and not self.opening.loading:
            settle_git_conflict(self, self.merge)

    def _show_opening(self) -> None:
        """Show `self.opening`: its roadmap, or what stopped it from opening (a big file
        is read in a thread first, behind a loading screen)."""
        if self.opening.loading:
            self.push_screen(LoadingScreen(self.opening.path))
            self.run_worker(self._load_in_background, thread=True, exit_on_error=False)
            return
        # Pushed rather than returned from get_default_screen: Textual loads a screen's
        # own CSS_PATH only for screens that are pushed.
        self.push_screen(self.first_screen())
        self._tell_about_opening()
        self._roadmap_shown()

    def _roadmap_shown(self) -> None:
        """A roadmap is shown: keep its edits safe, and add it to the recent roadmaps."""
        self.safekeeping.attach()
        if self.document is not None:
            self.call_after_refresh(self._remember_opened, self.document.path)

    def _remember_opened(self, path: Path) -> None:
        try:
            recent.remember(path)
        except RoadmapError as error:
            self.say(f"{path.name} is not added to the recent roadmaps: {error}", "warning")

    def _load_in_background(self) -> None:
        with heap.read_quietly():  # see heap.py
            opening = open_roadmap(self.opening.path, self.clock)
        if self.is_running:  # not if the user quit while it was loading
            self.call_from_thread(self._loaded, opening)

    def _loaded(self, opening: Opening) -> None:
        self.adopt(opening.document, opening)
        self.switch_screen(self.first_screen())
        self._tell_about_opening()
        self._roadmap_shown()

    def _tell_about_opening(self) -> None:
        if self.opening.created:
            self.say(f"Created your roadmap from the starter template: {self.opening.path}")
        if self.document is not None and self.document.warnings:
            # The same lines `roadmap-tui validate` prints; the file opened anyway.
            first, more = self.document.warnings[0], len(self.document.warnings) - 1
            self.say(f"{first}" + (f" (and {more} more)" if more else ""), "warning")
        if self.document is not None and self.document.frozen:
            self.say(f"{self.document.path.name} is open read-only: edits are refused.", "warning")
        elif self.document is not None and self.document.read_only:
            self.say(f"{self.document.path.name} is a snapshot: read-only.", "warning")

    @on(MissingFileScreen.Create)
    def create_missing(self) -> bool:
        """Create the missing file from the starter template and open it."""
        path = self.opening.path
        if self.read_only:
            self.say(f"{path.name} does not exist, and this view is read-only.", "warning")
            return False
        try:
            create_roadmap(path)
            document = RoadmapDocument.load(path, clock=self.clock)
        except RoadmapError as error:
            self.say(str(error), "error")
            return False
        self.adopt(document, Opening(path, document, created=True))
        self.push_screen(MainScreen())
        self.say(f"Created {path.name} from the starter template.")
        self._roadmap_shown()
        return True

    @on(InvalidFileScreen.Reopen)
    def reopen(self) -> None:
        """Open the file again (from the error screen, after it was fixed)."""
        opening = open_roadmap(self.opening.path, self.clock)
        if opening.document is None:
            if opening.problem is not None and isinstance(self.screen, InvalidFileScreen):
                self.screen.show_problem(opening.problem)
            self.say("The file still cannot be opened.", "warning")
            return
        self.adopt(opening.document, opening)
        self.push_screen(MainScreen())
        self._roadmap_shown()

    @on(InvalidFileScreen.Edit)
    def edit_in_editor(self, request: InvalidFileScreen.Edit) -> None:
        """Open the file that did not open in the user's editor, at its first problem; on
        return, try it again (the roadmap opens if it is valid now)."""
        try:
            editor = chosen_editor()
        except EditorProblem as error:
            self.say(str(error), "error")
            return
        command = editor_command(editor, request.path, request.line, request.col)
        try:
            with self.suspend():  # the editor has the terminal until it ends
                outcome = run_editor(command)
        except SuspendNotSupported:
            self.say(
                "This terminal cannot be handed over to an editor: "
                "fix the file in another window, then press r.",
                "warning",
            )
            return
        if isinstance(outcome, NotStarted):
            self.say(f"Cannot open {request.path.name}: {outcome.reason}.", "error")
            return
        if outcome.returncode != 0:
            name = editor_name(editor)
            self.say(f"The editor {name} ended with exit status {outcome.returncode}.", "warning")
        self.reopen()

    # -- another roadmap ------------------------------------------------------------------

    def action_open_roadmap(self) -> None:
        """Pick another roadmap to open: one of this roadmap's folder, or a recent one."""
        current = self.document.path if self.document is not None else self.opening.path
        shelf = Shelf(current.parent, tuple(recent.recent_roadmaps()), current)
        self.push_screen(RoadmapPicker(shelf), self._picked)

    def _picked(self, path: Path | None) -> None:
        if path is None:
            return
        if self.document is not None and _same_file(path, self.document.path):
            self.say(f"{path.name} is open already.")
            return
        self.switch_roadmap(path)

    def _picked_at_start(self, path: Path | None) -> None:
        if path is None:
            self.exit()
        else:
            self.call_later(self._carry_on_with, path)

    def switch_roadmap(self, path: Path) -> None:
        """Carry on with the roadmap at `path`. Unsaved edits are asked about first, as
        quitting asks: saved, discarded, or stayed with."""
        document = self.document
        if document is None or not document.dirty:
            self.call_later(self._carry_on_with, path)
            return

        def answered(answer: str | None) -> None:
            # Saving can fail (changed on disk): then the app stays with the edits.
            if answer == DISCARD:
                self.safekeeping.discard_journal()  # an explicit discard: no recovery later
            if answer == DISCARD or (answer == "save" and self.save()):
                self.call_later(self._carry_on_with, path)

        question = f"{document.path.name} has unsaved changes."
        self.push_screen(Confirm(question, QUIT_CHOICES), answered)

    async def _carry_on_with(self, path: Path) -> None:
        opening = open_roadmap(path, self.clock, defer_big=True)
        # The screens of the roadmap left behind go first: none of them may show the next
        # one (a main screen would sync its filters and marks with a roadmap not theirs).
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        # its journal's lock goes; a journal of unsaved edits stays for recovery
        self.safekeeping.close()
        self.safekeeping.session = None
        self.adopt(opening.document, opening)
        self._show_opening()

    # -- settings -------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The user's settings, as read at start and changed since."""
        return self.config.settings

    def watch_theme(self, theme: str) -> None:
        # The palette's theme picker and ctrl+t both land here; the theme set at start,
        # the one remembered already, writes nothing.
        if theme == self._remembered_theme:
            return
        self._remembered_theme = theme
        self.config = replace(self.config, settings=replace(self.settings, theme=theme))
        self.remembering.remember(
            "theme",
            partial(save_theme, theme),
            "The theme is not remembered for next time",
        )

    @on(MainScreen.SortChanged)
    def remember_sort(self, change: MainScreen.SortChanged) -> None:
        """The user sorted the table: the next start sorts the same way."""
        chosen = (change.column, change.reverse)
        if chosen == (self.settings.sort_column, self.settings.sort_reverse):
            return
        remembered = replace(self.settings, sort_column=change.column, sort_reverse=change.reverse)
        self.config = replace(self.config, settings=remembered)
        self.remembering.remember(
            "sort",
            partial(save_sort, change.column, change.reverse),
            "The sort is not remembered for next time",
        )

    @on(MainScreen.ViewChanged)
    def remember_view(self, change: MainScreen.ViewChanged) -> None:
        """The user switched views: the next start opens on the same one."""
        if change.name == self.settings.view:
            return
        self.config = replace(self.config, settings=replace(self.settings, view=change.name))
        self.remembering.remember(
            "view",
            partial(save_view, change.name),
            "The view is not remembered for next time",
        )

    def on_not_remembered(self, failure: NotRemembered) -> None:
        self.say(failure.sentence, "warning")

    def adopt(self, document: RoadmapDocument | None, opening: Opening | None = None) -> bool:
        """The one writer of the app's document: carry on with `document` (opened,
        reloaded, merged, recovered, or saved as a new roadmap) with a fresh undo history,
        and announce it on `document_changed_signal`. True when undo history was dropped."""
        dropped = self.history.can_undo or self.history.can_redo
        if self.read_only and document is not None:
            document.freeze()
        self.document = document
        if opening is not None:
            self.opening = opening
        self.history = History()
        self.show_file_state()
        self.document_changed_signal.publish(document)
        return dropped

    def show_main_screen(self) -> None:
        """A fresh main screen for the roadmap now open (in place of the one shown)."""
        if isinstance(self.screen, MainScreen):
            self.switch_screen(MainScreen())
        else:
            self.push_screen(MainScreen())

    @property
    def main_screen(self) -> MainScreen | None:
        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    # -- talking to the user --------------------------------------------------------------

    def say(self, message: str, severity: str = "information") -> None:
        """Notify with `message` as plain text: paths and names are never markup."""
        self.notify(visible(message), severity=severity, markup=False)  # type: ignore[arg-type]

    def show_file_state(self) -> None:
        """Title: the roadmap's title; subtitle: the file name and the unsaved marker."""
        if self.document is None:
            self.title, self.sub_title = "roadmap-tui", visible(self.opening.path.name)
            return
        self.title = visible(self.document.roadmap.title)
        parts = [visible(self.document.path.name)]
        if self.document.frozen:
            parts.append("read-only")
        elif self.document.read_only:
            parts.append("read-only snapshot")
        if self.document.dirty:
            parts.append(UNSAVED_MARKER)
        if self.safekeeping.file_gone:
            parts.append(GONE_MARKER)
        self.sub_title = " · ".join(parts)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            key = await self.typeahead.route(event)
            if key is None:
                return
            event = key
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Tests and screenshots turn blinking off so every frame is the same.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- edits ----------------------------------------------------------------------------

    def writable(self) -> bool:
        """True if the roadmap takes edits; otherwise says why not."""
        if self.document is None:
            return False
        if self.document.frozen:
            self.say(f"{self.document.path.name} is open read-only: edits are refused.", "warning")
            return False
        if self.document.read_only:
            refuse_edit(self)  # says why, and offers to save it as a new roadmap
            return False
        return True

    def edit(self, label: str, change: Callable[[RoadmapDocument], Any]) -> bool:
        """Apply `change` to the document and record it for undo; False if nothing changed
        (an EditError is shown as one sentence)."""
        document = self.document
        if document is None:
            return False
        before = document.checkpoint()
        try:
            change(document)
        except EditError as error:
            # All or nothing: an edit of many markets that fails halfway leaves none changed.
            document.restore(before)
            self.say(str(error), "error")
            return False
        if document.checkpoint() is before:
            return False
        self.history.record(before, label)
        self.safekeeping.edited()
        self.show_file_state()
        return True

    def action_undo(self) -> None:
        """Undo the last edit."""
        step = self.history.undo(self.document.checkpoint()) if self.document else None
        if step is None:
            self.say("Nothing to undo.")
            return
        self._restore(step.revision, f"Undid {step.label}.")

    def action_redo(self) -> None:
        """Redo the edit last undone."""
        step = self.history.redo(self.document.checkpoint()) if self.document else None
        if step is None:
            self.say("Nothing to redo.")
            return
        self._restore(step.revision, f"Redid {step.label}.")

    def _restore(self, revision: Revision, message: str) -> None:
        assert self.document is not None  # undo and redo only exist with a roadmap open
        self.document.restore(revision)
        self.safekeeping.edited()
        self.show_file_state()
        if self.main_screen is not None:
            self.main_screen.sync()
        self.say(message)

    # -- saving and quitting --------------------------------------------------------------

    def save(self) -> bool:
        """Save with a backup of the previous file (atomic, lossless); True when written.
        A file changed on disk is merged instead, a failure offers to save elsewhere."""
        return self.safekeeping.save()

    def action_save(self) -> None:
        """Save the roadmap."""
        self.save()

    def action_help(self) -> None:
        """Show every key."""

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit. Text typed into an open dialog is kept or dropped as the user says, then
        unsaved changes are saved, discarded or stayed with."""
        self.quit_asking()

    def quit_asking(self) -> None:
        """`action_quit`'s work, callable from a dialogue's answer."""

        if getattr(self.screen, "asks_to_quit", False):
            return
        if isinstance(self.screen, TypingDialog) and self.screen.changed:
            self._ask_about_typed_text(self.screen)
        elif self.document is None or not self.document.dirty:
            self.exit()
        else:
            self._ask_to_save_then_quit()

    def _ask_about_typed_text(self, dialog: TypingDialog[Any]) -> None:
        typing_in = dialog.focused

        def answered(answer: str | None) -> None:
            if answer == KEEP:
                kept = dialog.kept()
                if kept is None:
                    return  # the form shows what to fix and stays open
                # The dialog's own callback turns the text into an edit, just as its
                # keep key does; it runs before the answer to the next question.
                dialog.dismiss(kept)
                self._ask_to_save_then_quit()
            elif answer == DISCARD:
                dialog.dismiss(None)
                self.quit_asking()
            else:
                dialog.resume_typing(typing_in)

        self._ask_on_quit(f"Keep what you typed in {dialog.typed_what}?", TYPED_CHOICES, answered)

    def _ask_to_save_then_quit(self) -> None:
        assert self.document is not None  # a dialog that edits has a roadmap under it

        def answered(answer: str | None) -> None:
            # Saving can fail (changed on disk): then the app stays open with the edits.
            if answer == DISCARD:
                self.safekeeping.discard_journal()  # an explicit discard: no recovery later
            if answer == DISCARD or (answer == "save" and self.save()):
                self.exit()

        question = f"{self.document.path.name} has unsaved changes."
        self._ask_on_quit(question, QUIT_CHOICES, answered)

    def _ask_on_quit(
        self,
        question: str,
        choices: list[tuple[str, str, str]],
        answered: Callable[[str | None], None],
    ) -> None:

        prompt = Confirm(question, choices)
        prompt.asks_to_quit = True  # type: ignore[attr-defined]  # quit again: no second prompt
        self.push_screen(prompt, answered)

    def on_unmount(self) -> None:
        # the journal's lock goes; a journal of unsaved edits stays for recovery
        self.safekeeping.close()
        self.remembering.close()
        heap.release()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no roadmap open (error screens) there is nothing to save or undo.
        if action in {"save", "undo", "redo"} and self.document is None:
            return False
        # Another roadmap is opened from a roadmap or an error screen, not from a dialogue
        # (which holds typed text or a question about this one).
        if action == "open_roadmap":
            if self.read_only:
                return False  # a shared read-only view shows the one roadmap it was given
            return isinstance(self.screen, MainScreen | InvalidFileScreen | MissingFileScreen)
        return True

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Our own palette entries cover quitting and the keys; keep Textual's others.
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys"}:
                yield command


def _same_file(one: Path, other: Path) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)
