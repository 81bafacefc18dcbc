"""Remembering the user's choices (the theme, the sort) in the config file without a key
waiting for the disk: a write reads, edits and atomically replaces the file, fsync
included, which costs more than a frame. The writes go to one background thread, one at
a time, and only the latest choice of each kind is written; the app waits for them
when it closes, so a choice made just before quitting is still remembered.

A write starts a moment after the choice (`SETTLE_SECONDS`), not at once: reading and
writing TOML holds the GIL for milliseconds, and the frame that answers the key (a sort
of 10,000 markets: ~15 ms of work) waited for it, ~10 ms more at the median. Choices
made in the meantime (a sort key held down) are written once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump

from roadmap_tui.errors import RoadmapError

Write = Callable[[Path], object]

# Long enough for the frame that answers the key to be drawn first, short enough that
# the file is written long before anyone looks.
SETTLE_SECONDS = 0.1


class NotRemembered(Message):
    """A choice could not be written to the config file (`sentence` says why)."""

    def __init__(self, sentence: str) -> None:
        super().__init__()
        self.sentence = sentence


class Remembering:
    """Writes choices to the config file at `path` in the background; a failure is
    posted to `told` as `NotRemembered`."""

    def __init__(self, told: MessagePump, path: Path) -> None:
        self._told = told
        self._path = path
        self._lock = threading.Lock()
        # what → (its write, the words a failure starts with): the latest choice only
        self._pending: dict[str, tuple[Write, str]] = {}
        self._writer: ThreadPoolExecutor | None = None  # started by the first choice
        self._hurry = threading.Event()  # set: write what is pending without waiting

    def remember(self, what: str, write: Write, failure: str) -> None:
        """Write `what` (a kind of choice) with `write(path)` soon, replacing any write
        of the same kind not made yet."""
        with self._lock:
            self._pending[what] = (write, failure)
        if self._writer is None:
            self._hurry.clear()  # closed before, and in use again
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings")
        self._writer.submit(self._write_pending, SETTLE_SECONDS)

    def _write_pending(self, settle: float = 0.0) -> None:
        if settle:
            self._hurry.wait(settle)
        with self._lock:
            pending, self._pending = self._pending, {}
        for write, failure in pending.values():
            try:
                write(self._path)
            except RoadmapError as error:
                self._told.post_message(NotRemembered(f"{failure}: {error}"))

    def finish(self) -> None:
        """Wait until every choice made so far is written (or has failed)."""
        if self._writer is not None:
            self._hurry.set()  # no write waits for a frame now
            try:
                self._writer.submit(self._write_pending).result()
            finally:
                self._hurry.clear()

    def close(self) -> None:
        """Write what is pending and stop the background thread."""
        if self._writer is not None:
            self._hurry.set()
            self._writer.shutdown(wait=True)
            self._writer = None
