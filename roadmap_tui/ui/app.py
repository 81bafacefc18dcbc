"""The Textual app: opens a roadmap, holds the document and its undo history, saves.

`make_app()` builds it for the command line and for the tests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events, on
from textual._time import get_time  # the clock of Message.time; Textual is pinned
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.signal import Signal
from textual.widget import Widget
from textual.widgets import Static

from roadmap_tui.errors import EditError, RoadmapError
from roadmap_tui.opening import Opening, create_roadmap, open_roadmap
from roadmap_tui.store import Revision, RoadmapDocument, utc_now
from roadmap_tui.store.document import Clock
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.commands import RoadmapCommands, SharingCommands
from roadmap_tui.ui.safekeeping import GONE_MARKER, Safekeeping
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.error import InvalidFileScreen, MissingFileScreen
from roadmap_tui.ui.screens.help import HelpScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.sharing import refuse_edit
from roadmap_tui.ui.screens.typing_dialog import TypingDialog
from roadmap_tui.ui.screens.unasked import typed_before_shown
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.undo import History

UNSAVED_MARKER = "● unsaved"
KEEP, DISCARD = "keep", "discard"
QUIT_CHOICES = [("s", "Save", "save"), ("d", "Discard", DISCARD), ("escape", "Cancel", "cancel")]
# Asked first when quitting from a dialog that holds typed text (notes, market fields).
TYPED_CHOICES = [("k", "Keep", KEEP), ("d", "Discard", DISCARD), ("escape", "Cancel", "cancel")]


class LoadingScreen(Screen[None]):
    """Shown while a big roadmap is read and checked in a thread."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "Quit")]

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen > Static { width: auto; color: $text-muted; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        # Still text, no animation: an idle event loop leaves the loading thread the
        # interpreter (an animated indicator made the load twice as slow).
        yield Static(Content(f"Opening {visible(self.path.name)} …"))


class RoadmapApp(App[None]):
    """roadmap-tui: browse and edit the markets of one roadmap file."""

    CSS_PATH = "app.tcss"
    BINDINGS = bindings("app")
    COMMANDS = App.COMMANDS | {RoadmapCommands, SharingCommands}

    def __init__(self, opening: Opening, clock: Clock = utc_now, cursor_blink: bool = True) -> None:
        super().__init__()
        self.opening = opening
        self.clock = clock
        self.cursor_blink = cursor_blink
        self.history = History()
        # None while an error screen is shown instead of a roadmap.
        self.document: RoadmapDocument | None = opening.document
        # journal, backups, the file on disk: see safekeeping.py
        self.safekeeping = Safekeeping(self)
        self._waiting_keys: list[events.Key] = []  # typed before the screen could take them
        self._said_keys_dropped_for: Screen[Any] | None = None
        self._shown_at: float | None = None  # the first frame (see _as_typed)
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
        self.call_after_refresh(self._on_screen_at_last)
        self.show_file_state()
        if self.opening.loading:
            self.push_screen(LoadingScreen(self.opening.path))
            self.run_worker(self._load_in_background, thread=True, exit_on_error=False)
            return
        # Pushed rather than returned from get_default_screen: Textual loads a screen's
        # own CSS_PATH only for screens that are pushed.
        self.push_screen(self.first_screen())
        self._tell_about_opening()
        self.safekeeping.attach()

    def _on_screen_at_last(self) -> None:
        self._shown_at = get_time()

    def _as_typed(self, key: events.Key) -> events.Key:
        """`key` as the user typed it. Keys typed before the app put the terminal in raw
        mode went through its line editing, which turns enter into a newline: Textual
        reads that as ctrl+j, and the note typed at launch was never submitted."""
        if key.key != "ctrl+j" or (self._shown_at is not None and key.time >= self._shown_at):
            return key
        enter = events.Key("enter", "\r")
        enter.time = key.time  # still typed before any question the app raises
        return enter

    def _load_in_background(self) -> None:
        opening = open_roadmap(self.opening.path, self.clock)
        if self.is_running:  # not if the user quit while it was loading
            self.call_from_thread(self._loaded, opening)

    def _loaded(self, opening: Opening) -> None:
        self.adopt(opening.document, opening)
        self.switch_screen(self.first_screen())
        self._tell_about_opening()
        self.safekeeping.attach()

    def _tell_about_opening(self) -> None:
        if self.opening.created:
            self.say(f"Created your roadmap from the starter template: {self.opening.path}")
        if self.document is not None and self.document.warnings:
            # The same lines `roadmap-tui validate` prints; the file opened anyway.
            first, more = self.document.warnings[0], len(self.document.warnings) - 1
            self.say(f"{first}" + (f" (and {more} more)" if more else ""), "warning")
        if self.document is not None and self.document.read_only:
            self.say(f"{self.document.path.name} is a snapshot: read-only.", "warning")

    @on(MissingFileScreen.Create)
    def create_missing(self) -> bool:
        """Create the missing file from the starter template and open it."""
        path = self.opening.path
        try:
            create_roadmap(path)
            document = RoadmapDocument.load(path, clock=self.clock)
        except RoadmapError as error:
            self.say(str(error), "error")
            return False
        self.adopt(document, Opening(path, document, created=True))
        self.push_screen(MainScreen())
        self.say(f"Created {path.name} from the starter template.")
        self.safekeeping.attach()
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
        self.safekeeping.attach()

    def adopt(self, document: RoadmapDocument | None, opening: Opening | None = None) -> bool:
        """The one writer of the app's document: carry on with `document` (opened,
        reloaded, merged, recovered, or saved as a new roadmap) with a fresh undo history,
        and announce it on `document_changed_signal`. True when undo history was dropped."""
        dropped = self.history.can_undo or self.history.can_redo
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
        if self.document.read_only:
            parts.append("read-only snapshot")
        if self.document.dirty:
            parts.append(UNSAVED_MARKER)
        if self.safekeeping.file_gone:
            parts.append(GONE_MARKER)
        self.sub_title = " · ".join(parts)

    async def on_event(self, event: events.Event) -> None:
        # Typeahead: every key lands where it would have landed typed slowly, in order.
        # Textual hands a key to the focused widget's queue as it arrives but runs the
        # bindings only once the key has come back up to the app; by then the keys typed
        # after it are in the same queue: after `n` (which opens the notes editor) the next
        # letters went to the table and were lost. So (1) a key for a widget that acts
        # only through bindings (the table, a list, a button) runs its binding as it
        # arrives, and (2) keys that arrive while a screen just pushed is not mounted yet
        # (it has nothing focused to give them to) wait, in order, until it is.
        # (3) A question the app raised by itself (recovery, a conflict, the file gone)
        # takes no key typed before it was on screen: see screens/unasked.py.
        if isinstance(event, events.Key) and not event.is_forwarded:
            event = self._as_typed(event)
            if self._waiting_keys or not self.screen.is_mounted:
                self._waiting_keys.append(event)
                if len(self._waiting_keys) == 1:
                    self.call_after_refresh(self._deliver_waiting_keys)
                return
            if self._not_an_answer(event) or await self._bind_on_arrival(event):
                return
        await super().on_event(event)

    def _not_an_answer(self, key: events.Key) -> bool:
        """True (and said, once per question) if `key` was typed before the unasked
        question now shown appeared: it is dropped rather than taken as an answer."""
        screen = self.screen
        if not typed_before_shown(screen, key):
            return False
        if screen is not self._said_keys_dropped_for:
            self._said_keys_dropped_for = screen
            self.say("Keys typed before this question appeared were not taken as answers.")
        return True

    async def _bind_on_arrival(self, key: events.Key) -> bool:
        if self.screen.maximized is not None or _handles_keys_itself(self.focused):
            return False  # esc un-maximizes (Textual's rule); text fields take keys first
        self.app_focus = True
        return await self._check_bindings(key.key, priority=True) or await self._check_bindings(
            key.key
        )

    async def _deliver_waiting_keys(self) -> None:
        while self._waiting_keys:
            if not self.screen.is_mounted:
                self.call_after_refresh(self._deliver_waiting_keys)
                return
            key = self._waiting_keys.pop(0)
            if self._not_an_answer(key):
                continue
            if not await self._bind_on_arrival(key):
                await super().on_event(key)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Tests and screenshots turn blinking off so every frame is the same.
        if not self.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    # -- edits ----------------------------------------------------------------------------

    def writable(self) -> bool:
        """True if the roadmap takes edits; otherwise says why not."""
        if self.document is None:
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With no roadmap open (error screens) there is nothing to save or undo.
        return not (action in {"save", "undo", "redo"} and self.document is None)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Our own palette entries cover quitting and the keys; keep Textual's others.
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys"}:
                yield command


def _handles_keys_itself(widget: Widget | None) -> bool:
    """Whether `widget` takes keys before the bindings do (text fields: Input, TextArea)."""
    if widget is None:
        return False
    own = type(widget)
    return own._on_key is not Widget._on_key or hasattr(own, "on_key")
