"""Where an export goes: a regular file is replaced atomically; a pipe or a terminal-like
device (a FIFO, `/dev/null`, `/dev/stdout`) is written into, as a shell redirection would.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from roadmap_tui.errors import FileProblem
from roadmap_tui.store.files import atomic_write, explain


def write_export(path: Path, data: bytes) -> None:
    """Put an export's bytes at `path`.

    A FIFO or character device (through any symlinks) is opened and written into, so
    `-o /dev/null` discards and `-o /dev/stdout` prints; opening a FIFO waits for its
    reader, as `> fifo` does in a shell. Anything else goes to `atomic_write`, which
    replaces only regular files. FileProblem when it cannot be written."""
    if _is_pipe_or_device(path):
        _write_into(path, data)
    else:
        atomic_write(path, data)


def _is_pipe_or_device(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # missing (or unreadable): atomic_write says why if it cannot write
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _write_into(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise FileProblem(path, f"cannot write the export: {explain(error)}") from None
    try:
        # it could have been swapped for a regular file since the stat: never write into one
        # in place (that is atomic_write's job), only into what is still a pipe or device
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            os.close(fd)
            fd = -1
            atomic_write(path, data)
            return
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:
        raise FileProblem(path, f"cannot write the export: {explain(error)}") from None
    finally:
        if fd >= 0:
            os.close(fd)
