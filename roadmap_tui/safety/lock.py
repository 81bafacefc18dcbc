"""The lock that says a journal's session is alive. No Textual.

A session holds an exclusive `flock` on its journal's `.lock` file for as long as it has
unsaved edits. The operating system releases it when the process ends, however it ends:
a journal whose lock can be taken was left by a session that is gone. Whoever holds the
lock — the session, or later the one recovering its edits — is the only one that may
rewrite or remove the journal.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; journals are then unlocked
    fcntl = None  # type: ignore[assignment]

from roadmap_tui.store import disk

# flock belongs to an open file: a second open in this process would not see our own lock
_HELD_HERE: set[Path] = set()


class Lock:
    """An exclusive lock on one lock file, held until `release()`."""

    def __init__(self, path: Path, fd: int | None) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def take(cls, path: Path, create: bool = True) -> Lock | None:
        """The lock, or None when another session (or this process) holds it.

        Raises OSError when the lock file cannot be opened or made."""
        if path in _HELD_HERE:
            return None
        if fcntl is None:  # pragma: no cover
            return cls(path, None)
        flags = os.O_RDWR | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            if not create:
                raise
            disk.mkdirs(path.parent)
            fd = disk.open_append(path)
            os.close(fd)
            fd = os.open(path, flags)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        _HELD_HERE.add(path)
        return cls(path, fd)

    def release(self) -> None:
        """Let go (the lock file stays: the journal beside it may still be recovered)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        _HELD_HERE.discard(self.path)

    def remove(self) -> None:
        """Remove the lock file, then let go: its journal is gone."""
        with contextlib.suppress(OSError):
            disk.unlink(self.path)
        self.release()


def held_elsewhere(path: Path) -> bool:
    """True when a live session holds the lock at `path` (this process included)."""
    if path in _HELD_HERE:
        return True
    try:
        lock = Lock.take(path, create=False)
    except OSError:
        return False  # no lock file: nobody holds it
    if lock is None:
        return True
    lock.release()
    return False
