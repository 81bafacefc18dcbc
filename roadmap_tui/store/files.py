"""Reading and atomically writing roadmap files, and telling whether one changed on disk."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from roadmap_tui.errors import FileProblem
from roadmap_tui.store import disk

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


def same_file(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same file (False if either cannot be looked at)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


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

    The bytes go to a temporary file in the same directory, which is fsynced, given the
    old file's mode, owner, group and extended attributes (ACLs among them), and renamed
    over the target; then the directory is fsynced so the rename itself is durable. A
    symlink is written through to its target. A file nobody may write (mode 0444) is
    refused: the rename could replace it, but its owner made it read-only on purpose.
    Anything but a regular file (a directory, a pipe, a device) is refused, never replaced.
    """
    target = resolve(path)
    existing = existing_file(path, target)
    temporary: str | None = None
    try:
        temporary = write_temporary(target, data, existing)
        disk.rename(temporary, target)
        temporary = None
        disk.fsync_directory(target.parent)
        info = os.stat(target)
    except OSError as error:
        raise FileProblem(path, f"cannot save: {explain(error)}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                disk.unlink(temporary)
    return Fingerprint(info.st_size, info.st_mtime_ns, sha256(data))


def resolve(path: str | Path) -> Path:
    """The file a save writes: a symlink's target, never the link itself."""
    return Path(os.path.realpath(path))


def existing_file(path: str | Path, target: Path) -> os.stat_result | None:
    """The stat of the regular, writable file a save will replace, or None for a new
    file; FileProblem for anything a save must not replace."""
    try:
        existing = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FileProblem(path, f"cannot save: {explain(error)}") from None
    # a rename would put a regular file where a pipe or device was (as root: /dev/null)
    if stat.S_ISDIR(existing.st_mode):
        raise FileProblem(path, "is a directory; not replaced")
    if not stat.S_ISREG(existing.st_mode):
        raise FileProblem(path, "is not a regular file (a pipe or device); not replaced")
    if not stat.S_IMODE(existing.st_mode) & 0o222:
        raise FileProblem(path, "cannot save: the file is read-only")
    return existing


def write_temporary(
    target: Path, data: bytes, existing: os.stat_result | None, tag: str = ""
) -> str:
    """A new file beside `target` holding `data`, fsynced, with the metadata of the file it
    will replace (`existing`); its name is `.NAME.<tag><random>.tmp`. Raises OSError."""
    temporary: str | None = None
    try:
        for _attempt in range(100):
            candidate = target.parent / f".{target.name}.{tag}{secrets.token_hex(4)}.tmp"
            try:
                fd = disk.create(candidate, 0o600)
            except FileExistsError:
                continue
            temporary = os.fspath(candidate)
            break
        else:  # pragma: no cover - 100 clashes of 32 random bits
            raise FileExistsError(errno.EEXIST, "no free temporary name")
        try:
            disk.write(fd, data, temporary)
            disk.fsync(fd, temporary)
        finally:
            os.close(fd)
        keep_metadata(temporary, target, existing)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                disk.unlink(temporary)
        raise
    return temporary


def keep_metadata(temporary: str, target: Path, existing: os.stat_result | None) -> None:
    """Give `temporary` the mode, owner, group and extended attributes of the file it
    replaces (a new file gets the umask's mode). An owner this process may not give (not
    root) stays ours, as every editor does; xattrs a file system cannot hold are skipped."""
    if existing is None:
        mode = 0o666 & ~_umask()
        disk.set_metadata(temporary, lambda: os.chmod(temporary, mode))
        return

    def apply() -> None:
        if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(PermissionError):
                os.chown(temporary, existing.st_uid, existing.st_gid)
        for name in _xattr_names(target):
            with contextlib.suppress(OSError):
                os.setxattr(temporary, name, os.getxattr(target, name))
        # after chown, which may clear set-id bits; and after the ACL, which sets the mode
        os.chmod(temporary, stat.S_IMODE(existing.st_mode))

    disk.set_metadata(temporary, apply)


def _xattr_names(target: Path) -> list[str]:
    if not hasattr(os, "listxattr"):  # pragma: no cover - macOS and Windows
        return []
    try:
        return os.listxattr(target)
    except OSError:
        return []


def create_new(path: Path, data: bytes) -> bool:
    """Write a new file holding `data`; False (and nothing written) if `path` exists.

    The bytes go to a fsynced temporary file that is then hard-linked to `path`: the link
    fails if anything (even a dangling symlink) has the name, so nothing is ever replaced
    and no one sees a half-written file. File systems without hard links fall back to
    `O_CREAT | O_EXCL`. Raises OSError."""
    temporary = write_temporary(Path(os.path.abspath(path)), data, None, tag="new.")
    try:
        try:
            disk.link(temporary, path)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            try:
                fd = disk.create(path, 0o666)
            except FileExistsError:
                return False
            try:
                disk.write(fd, data, path)
                disk.fsync(fd, path)
            finally:
                os.close(fd)
        disk.fsync_directory(Path(path).parent)
        return True
    finally:
        disk.unlink(temporary)


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (best effort)."""
    disk.fsync_directory(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
