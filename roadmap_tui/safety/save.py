"""Saving a roadmap without losing anything on disk or in memory. No Textual.

`save` is what the CLI and the app call instead of `RoadmapDocument.save()`:

1. the new bytes go to a temporary file beside the roadmap, fsynced, with the old file's
   mode, owner, group and extended attributes;
2. the session's journal says a save is under way (which bytes, which temporary file), so
   recovery after a crash knows whether the save finished;
3. the file on disk is held by a hard link (`.NAME.<session>.old`) and read through it:
   these are exactly the bytes the rename will replace. If they are not the bytes the
   document was read from, nothing is replaced (ConflictError: merge first);
4. those bytes are kept as a backup, and the temporary file is swapped with the file in
   one step (`renameat2(RENAME_EXCHANGE)`; a rename after a last check where that is not
   available): if what it replaced is not the held file, it is swapped back at once and
   nothing is lost (ConflictError); the directory is fsynced;
5. the held bytes are read again: a hand edit written into the file in the instant between
   (an editor that writes in place) is then in a backup too, and the notice says so.

A save back after the file was deleted links the temporary file into place, which fails if
the file has come back meanwhile (FileAppeared: merge or ask, never force).

The notices say what the user should know: hard links (a save writes a new file under this
name; the other names keep the old version — editors that write in place would keep the
link but could leave half a file after a crash) and a change caught at the same moment.
"""

from __future__ import annotations

import contextlib
import glob
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.errors import ConflictError, FileProblem
from roadmap_tui.safety import backups
from roadmap_tui.safety.backups import Backup
from roadmap_tui.safety.journal import Journal, journal_dir
from roadmap_tui.store import disk, files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.files import Fingerprint

_LEFTOVER_SECONDS = 600.0


class FileGone(ConflictError):
    """The file was deleted or moved away since it was read; nothing written."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} was deleted or moved since it was opened; not saved")


class FileAppeared(ConflictError):
    """A file was put back (or created) where a save back expected none; nothing written."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} has come back on disk meanwhile; not saved over it")


@dataclass(frozen=True)
class Saved:
    """A save that happened: the file's new fingerprint, the backup of what it replaced
    (None for a new file), and anything the user should be told."""

    fingerprint: Fingerprint
    backup: Backup | None = None
    notices: list[str] = field(default_factory=list)


def save(
    document: RoadmapDocument,
    journal: Journal | None = None,
    keep: int | None = None,
    new_file: bool = False,
) -> Saved:
    """Save the document safely (see the module's steps). `new_file` saves back a file that
    was deleted: it must still be absent. Raises ReadOnlyError for snapshots, ConflictError
    (FileGone, FileAppeared) when the file on disk is not the one the edits started from,
    and FileProblem when something cannot be written: then the file is as it was and the
    edits are still in the document and its journal."""
    if document.read_only:
        document.save()  # raises the ReadOnlyError with its message
    path = document.path
    target = files.resolve(path)
    existing = files.existing_file(path, target)
    if document.fingerprint is None and existing is None:
        new_file = True  # never read from disk (a new roadmap): nothing to replace
    if new_file and existing is not None:
        raise FileAppeared(path)
    if not new_file:
        if existing is None:
            raise FileGone(path)
        if document.fingerprint is not None and document.changed_on_disk():
            raise ConflictError(path)  # early and cheap; checked again at replace time
    revision = document.checkpoint()
    data = revision.text.encode("utf-8")
    tag = f"{journal.session}." if journal is not None else ""
    try:
        temporary = files.write_temporary(target, data, existing, tag=tag)
    except OSError as error:
        raise FileProblem(path, f"cannot save: {files.explain(error)}") from None
    mark = journal.saving(files.sha256(data), temporary) if journal is not None else None
    try:
        if new_file:
            backup, notices = None, _link_into_place(path, target, temporary)
        else:
            assert existing is not None
            backup, notices = _replace(document, target, temporary, existing, tag, keep)
    except BaseException:
        if journal is not None:
            journal.not_saved(mark)
        raise
    finally:
        with contextlib.suppress(OSError):
            disk.unlink(temporary)
    fingerprint = Fingerprint(len(data), os.stat(target).st_mtime_ns, files.sha256(data))
    document.mark_saved(revision, fingerprint)
    with contextlib.suppress(OSError):
        backups.prune(path, keep)
        sweep_leftovers(path)
    return Saved(fingerprint, backup, notices)


def save_as(document: RoadmapDocument, path: Path) -> Saved:
    """Write the document to a new file at `path`, which becomes its file (never replaces
    anything there: FileProblem if the name is taken)."""
    revision = document.checkpoint()
    data = revision.text.encode("utf-8")
    try:
        created = files.create_new(path, data)
    except OSError as error:
        raise FileProblem(path, f"cannot save: {files.explain(error)}") from None
    if not created:
        raise FileProblem(path, "already exists; choose another name")
    info = os.stat(path)
    document.mark_saved(
        revision, Fingerprint(info.st_size, info.st_mtime_ns, files.sha256(data)), path
    )
    return Saved(document.fingerprint)  # type: ignore[arg-type]


def _link_into_place(path: Path, target: Path, temporary: str) -> list[str]:
    try:
        disk.link(temporary, target)
    except FileExistsError:
        raise FileAppeared(path) from None
    except OSError as error:
        raise FileProblem(path, f"cannot save: {files.explain(error)}") from None
    disk.fsync_directory(target.parent)
    return []


def _replace(
    document: RoadmapDocument,
    target: Path,
    temporary: str,
    existing: os.stat_result,
    tag: str,
    keep: int | None,
) -> tuple[Backup, list[str]]:
    path = document.path
    hold = target.parent / f".{target.name}.{tag}old"
    held = _hold(path, target, hold)
    try:
        old = _read(path, hold if held else target)
        assert old is not None  # missing_ok is off: FileGone instead
        if document.fingerprint is not None and files.sha256(old) != document.fingerprint.sha256:
            raise ConflictError(path)
        backup = backups.keep(path, old)
        _put_in_place(path, target, temporary, hold if held else None)
        notices = []
        if existing.st_nlink > 1:
            others = existing.st_nlink - 1
            notices.append(
                f"{path} had {others} other hard link{'s' if others > 1 else ''}; "
                "the save wrote a new file under this name, and the other names keep "
                "the version before it"
            )
        if held:
            late = _read(path, hold, missing_ok=True)
            if late is not None and late != old:
                caught = backups.keep(path, late)
                notices.append(
                    f"{path} was changed on disk while it was being saved; "
                    f"that version is kept in backup {caught.name}"
                )
        return backup, notices
    finally:
        if held:
            with contextlib.suppress(OSError):
                disk.unlink(hold)


def _put_in_place(path: Path, target: Path, temporary: str, hold: Path | None) -> None:
    """Put the temporary file at `target`, as long as `target` is still the held file.

    Where the system can, the two names are swapped in one step, so the replaced file is
    known exactly: if another program put a new file there in the meantime, it is swapped
    back at once (ConflictError). Elsewhere the check comes just before the rename."""
    try:
        if hold is not None and disk.exchange(temporary, target):
            if not files.same_file(Path(temporary), hold):
                disk.exchange(temporary, target)  # theirs, put back as it was
                raise ConflictError(path)
            disk.unlink(temporary)  # the old file; the hold keeps it until checked
        else:
            if hold is not None and not files.same_file(target, hold):
                raise ConflictError(path)  # replaced by another program just now
            disk.rename(temporary, target)
    except OSError as error:
        raise FileProblem(path, f"cannot save: {files.explain(error)}") from None
    disk.fsync_directory(target.parent)


def _hold(path: Path, target: Path, hold: Path) -> bool:
    """Link the file about to be replaced to `hold`; False where links are not possible."""
    with contextlib.suppress(OSError):
        disk.unlink(hold)  # left by a crash of this very session's save
    try:
        disk.link(target, hold)
    except FileNotFoundError:
        raise FileGone(path) from None
    except OSError:
        return False  # no hard links here (FAT, some network shares): read the file itself
    return True


def _read(path: Path, file: Path, missing_ok: bool = False) -> bytes | None:
    try:
        return files.read_bytes(file)[0]
    except FileProblem:
        if not os.path.lexists(file):
            if missing_ok:
                return None
            raise FileGone(path) from None
        raise


def sweep_leftovers(path: str | Path, older_than: float = _LEFTOVER_SECONDS) -> list[Path]:
    """Remove the temporary and held files a killed save left beside the roadmap
    (`.NAME.*.tmp`, `.NAME.*.old`) once they are `older_than` seconds old, so a save
    running in another process keeps its own. Their bytes are kept as a backup first. A temporary file whose session's journal
    is still there is kept: recovery reads its presence as "that save did not finish"."""
    path = Path(path)
    cutoff = time.time() - older_than
    journals = journal_dir(path)
    removed = []
    for pattern in ("*.tmp", "*.old"):
        for leftover in path.parent.glob(f".{glob.escape(path.name)}.{pattern}"):
            session = leftover.name[len(path.name) + 2 :].split(".")[0]
            if (journals / f"{session}.jsonl").exists():
                continue
            with contextlib.suppress(OSError, FileProblem):
                if leftover.is_file() and leftover.lstat().st_mtime < cutoff:
                    # whatever it holds (a crash can leave a replaced file here) is kept
                    backups.keep(path, files.read_bytes(leftover)[0])
                    disk.unlink(leftover)
                    removed.append(leftover)
    return removed
