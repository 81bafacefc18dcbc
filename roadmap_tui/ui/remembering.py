"""Remembering the user's choices (the theme, the sort) in the config file without a key
waiting for the disk: a write reads, edits and atomically replaces the file, fsync
included, which costs more than a frame. The writes go to one background thread, one at
a time, and only the latest choice of each kind is written; the app waits for them
when it closes, so a choice made just before quitting is still remembered."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from textual.message import Message
from textual.message_pump import MessagePump

from roadmap_tui.errors import RoadmapError

Write = Callable[[Path], object]


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

    def remember(self, what: str, write: Write, failure: str) -> None:
        """Write `what` (a kind of choice) with `write(path)` soon, replacing any write
        of the same kind not made yet."""
        with self._lock:
            self._pending[what] = (write, failure)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings")
        self._writer.submit(self._write_pending)

    def _write_pending(self) -> None:
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
            self._writer.submit(self._write_pending).result()

    def close(self) -> None:
        """Write what is pending and stop the background thread."""
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
