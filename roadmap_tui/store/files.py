"""Reading and atomically writing roadmap files, and telling whether one changed on disk."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roadmap_tui.errors import FileProblem

_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory, not a roadmap file",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the file name is too long",
}


# 10,000 markets with ten history entries each are about 14 MB; a file past this is not
# a roadmap someone edits by hand, and reading it would take seconds and a gigabyte
MAX_ROADMAP_BYTES = 32_000_000


def _too_large(size: int) -> str:
    return (
        f"is too large ({size / 1_000_000:.1f} MB); roadmap files can be up to "
        f"{MAX_ROADMAP_BYTES // 1_000_000} MB — is it a roadmap?"
    )


def explain(error: OSError) -> str:
    """A short reason for an OS error, in words rather than an errno."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error)).rstrip(".")


@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like when read: enough to tell whether it changed since."""

    size: int
    mtime_ns: int
    sha256: str

    def same_stat(self, other: os.stat_result) -> bool:
        return other.st_size == self.size and other.st_mtime_ns == self.mtime_ns


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> tuple[bytes, Fingerprint]:
    """The file's bytes and fingerprint; FileProblem for anything but a regular file."""
    try:
        # O_NONBLOCK so that opening a FIFO by mistake cannot hang the app
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise FileProblem(path, explain(error)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileProblem(path, explain(OSError(errno.EISDIR, "")))
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, "is not a regular file (a pipe or device?)")
        if info.st_size > MAX_ROADMAP_BYTES:
            raise FileProblem(path, _too_large(info.st_size))
        with os.fdopen(fd, "rb", closefd=False) as stream:
            # read one byte past the limit: a file growing while it is read is caught too
            data = stream.read(MAX_ROADMAP_BYTES + 1)
        if len(data) > MAX_ROADMAP_BYTES:
            raise FileProblem(path, _too_large(len(data)))
    except OSError as error:
        raise FileProblem(path, explain(error)) from None
    finally:
        os.close(fd)
    return data, Fingerprint(info.st_size, info.st_mtime_ns, sha256(data))


def current_fingerprint(path: Path, known: Fingerprint | None = None) -> Fingerprint | None:
    """The file's fingerprint now, or None if it is gone; skips hashing when stat is unchanged
    and a `known` fingerprint is given (poll this cheaply, then confirm with the hash)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if known is not None and known.same_stat(info):
        return known
    try:
        return read_bytes(path)[1]
    except FileProblem:
        return None


def atomic_write(path: Path, data: bytes) -> Fingerprint:
    """Write `data` to `path` so that a crash leaves the old file or the new one, never a mix.

    The bytes go to a temporary file in the same directory, which is flushed, fsynced and
    renamed over the target; then the directory is fsynced so the rename itself is durable.
    A symlink is written through to its target, and the target's permissions are kept.
    A file nobody may write (mode 0444) is refused: the rename could replace it, but its
    owner made it read-only on purpose. Anything but a regular file (a directory, a pipe,
    a device) is refused, never replaced.
    """
    target = Path(os.path.realpath(path))
    try:
        existing = os.stat(target)
        # a rename would put a regular file where a pipe or device was (as root: /dev/null)
        if stat.S_ISDIR(existing.st_mode):
            raise FileProblem(path, "is a directory; not replaced")
        if not stat.S_ISREG(existing.st_mode):
            raise FileProblem(path, "is not a regular file (a pipe or device); not replaced")
        mode = stat.S_IMODE(existing.st_mode)
        if not mode & 0o222:
            raise FileProblem(path, "cannot save: the file is read-only")
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as error:
        raise FileProblem(path, f"cannot save: {explain(error)}") from None
    temporary: str | None = None
    try:
        fd, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
        temporary = None
        fsync_directory(target.parent)
        info = os.stat(target)
    except OSError as error:
        raise FileProblem(path, f"cannot save: {explain(error)}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return Fingerprint(info.st_size, info.st_mtime_ns, sha256(data))


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (best effort)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return  # some file systems cannot open directories; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
