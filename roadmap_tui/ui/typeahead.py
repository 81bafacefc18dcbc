"""Typeahead: every key lands where it would have landed typed slowly, in order.

Textual hands a key to the focused widget's queue as it arrives but runs the bindings
only once the key has come back up to the app; by then the keys typed after it are in
the same queue: after `n` (which opens the notes editor) the next letters went to the
table and were lost. So:

1. a key for a widget that acts only through bindings (the table, a list, a button)
   runs its binding as it arrives;
2. keys that arrive while a screen just pushed is not mounted yet (it has nothing
   focused to give them to) wait, in order, until it is;
3. a question the app raised by itself (recovery, a conflict, the file gone) takes no
   key typed before it was on screen (see screens/unasked.py);
4. enter typed before the terminal was in raw mode is enter, not the ctrl+j its line
   editing turned it into.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual import events

# The clock of Message.time; Textual is pinned exactly.
from textual._time import get_time
from textual.app import App
from textual.widget import Widget

from roadmap_tui.ui.screens.unasked import typed_before_shown

DROPPED = "Keys typed before this question appeared were not taken as answers."


class Typeahead:
    """Routes the app's keys (`route`) before Textual does; `dispatch` is Textual's own
    routing, used for the keys this lets through and for those it held."""

    def __init__(
        self,
        app: App[Any],
        dispatch: Callable[[events.Key], Awaitable[None]],
        say: Callable[[str], None],
    ) -> None:
        self.app = app
        self._dispatch = dispatch
        self._say = say
        self._waiting: list[events.Key] = []  # typed before the screen could take them
        self._said_for: object = None  # the question the dropped keys were last said for
        self._first_frame_at: float | None = None

    def first_frame(self) -> None:
        """The app's first frame is on screen (see `_as_typed`)."""
        self._first_frame_at = get_time()

    async def route(self, key: events.Key) -> events.Key | None:
        """None when `key` was taken here (held, dropped, or its binding run); otherwise
        the key for Textual to route, as the user typed it."""
        key = self._as_typed(key)
        if self._waiting or not self.app.screen.is_mounted:
            self._waiting.append(key)
            if len(self._waiting) == 1:
                self.app.call_after_refresh(self._deliver_waiting)
            return None
        if self._not_an_answer(key) or await self._bind_on_arrival(key):
            return None
        return key

    def _as_typed(self, key: events.Key) -> events.Key:
        """Keys typed before the app put the terminal in raw mode went through its line
        editing, which turns enter into a newline: Textual reads that as ctrl+j, and the
        note typed at launch was never submitted."""
        shown = self._first_frame_at
        if key.key != "ctrl+j" or (shown is not None and key.time >= shown):
            return key
        enter = events.Key("enter", "\r")
        enter.time = key.time  # still typed before any question the app raises
        return enter

    def _not_an_answer(self, key: events.Key) -> bool:
        """True (and said, once per question) if `key` was typed before the unasked
        question now shown appeared: it is dropped rather than taken as an answer."""
        screen = self.app.screen
        if not typed_before_shown(screen, key):
            return False
        if screen is not self._said_for:
            self._said_for = screen
            self._say(DROPPED)
        return True

    async def _bind_on_arrival(self, key: events.Key) -> bool:
        app = self.app
        if app.screen.maximized is not None or _handles_keys_itself(app.focused):
            return False  # esc un-maximizes (Textual's rule); text fields take keys first
        app.app_focus = True
        return await app._check_bindings(key.key, priority=True) or await app._check_bindings(
            key.key
        )

    async def _deliver_waiting(self) -> None:
        while self._waiting:
            if not self.app.screen.is_mounted:
                self.app.call_after_refresh(self._deliver_waiting)
                return
            key = self._waiting.pop(0)
            if self._not_an_answer(key):
                continue
            if not await self._bind_on_arrival(key):
                await self._dispatch(key)


def _handles_keys_itself(widget: Widget | None) -> bool:
    """Whether `widget` takes keys before the bindings do (text fields: Input, TextArea)."""
    if widget is None:
        return False
    own = type(widget)
    return own._on_key is not Widget._on_key or hasattr(own, "on_key")
