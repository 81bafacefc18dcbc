"""The one seam every durable file operation goes through. No Textual.

Saving, the journal, backups, restore and recovery change files only through these
functions: create, write, fsync, truncate, set metadata, rename, link, unlink, make a
directory, fsync a directory. Each is one system call (or one loop of `write`), named by
a `Step`. A test can watch them with `watching()`: `before` runs ahead of each step and
may raise an OSError (a full disk, a failed rename); `after` runs once it is done and may
end the process (a power cut right after that step). That is how the crash-point tests
enumerate every point where a crash can happen instead of killing at random.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum


class Step(StrEnum):
    CREATE = "create"
    WRITE = "write"
    FSYNC = "fsync"
    TRUNCATE = "truncate"
    METADATA = "metadata"
    RENAME = "rename"
    EXCHANGE = "exchange"
    LINK = "link"
    UNLINK = "unlink"
    MKDIR = "mkdir"
    FSYNC_DIRECTORY = "fsync-directory"


@dataclass(frozen=True)
class Event:
    """One step about to happen or just done: what, on which path (and where to, for a
    rename or link), with the file descriptor for steps on an open file."""

    step: Step
    path: str
    target: str | None = None
    fd: int | None = None


Observer = Callable[[Event], None]
_before: list[Observer] = []
_after: list[Observer] = []


@contextlib.contextmanager
def watching(before: Observer | None = None, after: Observer | None = None) -> Iterator[None]:
    """Call `before`/`after` around every step while the block runs (tests only)."""
    if before is not None:
        _before.append(before)
    if after is not None:
        _after.append(after)
    try:
        yield
    finally:
        if before is not None:
            _before.remove(before)
        if after is not None:
            _after.remove(after)


@contextlib.contextmanager
def _step(
    step: Step,
    path: str | os.PathLike[str],
    target: str | os.PathLike[str] | None = None,
    fd: int | None = None,
) -> Iterator[None]:
    if not (_before or _after):
        yield
        return
    event = Event(step, os.fsdecode(path), None if target is None else os.fsdecode(target), fd)
    for observer in list(_before):
        observer(event)
    yield
    for observer in list(_after):
        observer(event)


def create(path: str | os.PathLike[str], mode: int = 0o600, append: bool = False) -> int:
    """Open a new file for writing (it must not exist); returns its descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | (os.O_APPEND if append else 0)
    with _step(Step.CREATE, path):
        return os.open(path, flags | getattr(os, "O_CLOEXEC", 0), mode)


def open_append(path: str | os.PathLike[str], mode: int = 0o600) -> int:
    """Open a file to append to, creating it if needed."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    if os.path.lexists(path):
        return os.open(path, flags, mode)
    with _step(Step.CREATE, path):
        return os.open(path, flags, mode)


def write(fd: int, data: bytes, path: str | os.PathLike[str]) -> None:
    """Write all of `data` (one step, however many `write` calls it takes)."""
    with _step(Step.WRITE, path, fd=fd):
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]


def copy(source: int, fd: int, size: int, path: str | os.PathLike[str]) -> None:
    """Write the first `size` bytes of the file open as `source` into `fd` from its start
    (one step, a write). The kernel copies where it can (`copy_file_range`: no trip
    through Python's memory, and a shared extent on file systems that clone), else it is
    read and written in chunks. Neither descriptor's offset moves."""
    with _step(Step.WRITE, path, fd=fd):
        done = 0
        copy_range = getattr(os, "copy_file_range", None)
        while copy_range is not None and done < size:
            try:
                copied = copy_range(source, fd, size - done, done, done)
            except OSError as error:
                if error.errno not in _NO_COPY_RANGE:
                    raise
                break  # another file system, or a kernel that cannot: copy by hand
            if copied == 0:
                break  # the file is shorter than it was: the caller checks it
            done += copied
        while done < size:
            chunk = os.pread(source, min(size - done, 1 << 20), done)
            if not chunk:
                break
            view = memoryview(chunk)
            while view:
                written = os.pwrite(fd, view, done)
                view, done = view[written:], done + written


_NO_COPY_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP}


def fsync(fd: int, path: str | os.PathLike[str]) -> None:
    with _step(Step.FSYNC, path, fd=fd):
        os.fsync(fd)


def truncate(fd: int, size: int, path: str | os.PathLike[str]) -> None:
    with _step(Step.TRUNCATE, path, fd=fd):
        os.ftruncate(fd, size)


def set_metadata(path: str | os.PathLike[str], apply: Callable[[], None]) -> None:
    """Change a file's mode, owner or extended attributes (`apply` does it)."""
    with _step(Step.METADATA, path):
        apply()


def rename(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Atomically put `source` at `target`, replacing what was there."""
    with _step(Step.RENAME, source, target):
        os.replace(source, target)


def exchange(first: str | os.PathLike[str], second: str | os.PathLike[str]) -> bool:
    """Swap two names atomically (Linux `renameat2(RENAME_EXCHANGE)`): after it, `first`
    names what `second` named an instant before, to the byte. False, with nothing done,
    where the system or file system cannot (then `rename` is the way)."""
    function = _renameat2()
    if function is None:
        return False
    with _step(Step.EXCHANGE, first, second):
        if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), 2) == 0:
            return True
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
            return False
        raise OSError(code, os.strerror(code), os.fsdecode(second))


_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # a C library older than glibc 2.28, or musl
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def link(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """A second name for `source`; FileExistsError if `target` exists (never replaces)."""
    with _step(Step.LINK, source, target):
        os.link(source, target)


def unlink(path: str | os.PathLike[str], missing_ok: bool = True) -> None:
    if missing_ok and not os.path.lexists(path):
        return
    with _step(Step.UNLINK, path):
        try:
            os.unlink(path)
        except FileNotFoundError:
            if not missing_ok:
                raise


def mkdirs(directory: str | os.PathLike[str]) -> None:
    """Make `directory` and its parents, if missing (a step only when one is made)."""
    if os.path.isdir(directory):
        return
    with _step(Step.MKDIR, directory):
        os.makedirs(directory, mode=0o700, exist_ok=True)


def fsync_directory(directory: str | os.PathLike[str]) -> None:
    """Make a rename, link or new file in `directory` durable (best effort: some file
    systems cannot open or fsync a directory, and the rename is atomic all the same)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with _step(Step.FSYNC_DIRECTORY, directory, fd=fd), contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_new(path: str | os.PathLike[str], data: bytes, mode: int = 0o600) -> None:
    """Create `path` (it must not exist) holding `data`, written and fsynced."""
    fd = create(path, mode)
    try:
        write(fd, data, path)
        fsync(fd, path)
    finally:
        os.close(fd)
