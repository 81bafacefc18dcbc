"""Backups of saved roadmaps, and the save that keeps them. No Textual.

Before every save the file as it is on disk is copied to
`state_dir()/backups/<hash of the path>/<stem>-<UTC timestamp>.toml`; the newest 20
per roadmap are kept (the `keep` argument, or the `ROADMAP_TUI_BACKUPS` variable).
`save` is what the CLI and the app call instead of `RoadmapDocument.save()`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui import paths
from roadmap_tui.errors import FileProblem
from roadmap_tui.safety import journal
from roadmap_tui.store import files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.files import Fingerprint
from roadmap_tui.store.validate import decode, parse

KEEP_VARIABLE = "ROADMAP_TUI_BACKUPS"
DEFAULT_KEEP = 20
_STAMP = "%Y%m%dT%H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.*)-(?P<stamp>\d{8}T\d{6})\.(?P<micro>\d{6})Z(?:-(?P<n>\d+))?\.toml$"
)


@dataclass(frozen=True)
class Backup:
    """One kept copy of a roadmap file."""

    path: Path
    taken_at: datetime
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def backup_dir(path: str | Path) -> Path:
    """Where the backups of the roadmap at `path` are kept."""
    return paths.state_dir() / "backups" / journal.roadmap_key(path)


def keep_count(keep: int | None = None) -> int:
    """How many backups to keep: `keep`, else $ROADMAP_TUI_BACKUPS, else 20 (at least 1)."""
    if keep is None:
        try:
            keep = int(os.environ.get(KEEP_VARIABLE, DEFAULT_KEEP))
        except ValueError:
            keep = DEFAULT_KEEP  # a typo in a variable must not stop saving
    return max(1, keep)


def save(document: RoadmapDocument, keep: int | None = None, force: bool = False) -> Fingerprint:
    """Save the document safely: back up the file on disk, write atomically, prune, and
    remove the journal of unsaved edits.

    Raises ConflictError if the file changed on disk since it was read (nothing
    written; `force=True` saves anyway, for putting back a file that was deleted or
    after the user chose to overwrite), ReadOnlyError for snapshots, FileProblem if the backup or the file cannot
    be written: then the file on disk is as it was and the edits are still in the
    document and in its journal.
    """
    if document.read_only:
        document.save()  # raises the ReadOnlyError with its message
    if not force and document.fingerprint is not None and document.changed_on_disk():
        document.save()  # raises the ConflictError that explains what happened
    back_up(document.path)
    fingerprint = document.save(force=force)
    with contextlib.suppress(OSError):
        prune(document.path, keep)
        sweep_leftovers(document.path)
    # the edits are on disk now; a journal that cannot be removed is harmless, since its
    # base no longer matches the file and recovery would show it as already saved. A
    # journal another running session holds is that session's unsaved work: leave it.
    if not journal.in_use(document.path):
        with contextlib.suppress(FileProblem):
            journal.discard(document.path)
    return fingerprint


def back_up(path: str | Path) -> Backup | None:
    """Copy the file at `path` into its backups; None if there is no file to keep or the
    newest backup already holds these bytes. Raises FileProblem if it cannot be kept."""
    path = Path(path)
    try:
        data, _ = files.read_bytes(path)
    except FileProblem:
        if not os.path.lexists(path):
            return None  # a new file, or one deleted meanwhile: nothing to keep
        raise
    existing = list_backups(path)
    if existing and existing[0].size == len(data) and _same_bytes(existing[0].path, data):
        return existing[0]
    directory = backup_dir(path)
    now = datetime.now(UTC)
    name = f"{path.stem}-{now.strftime(_STAMP)}.{now.microsecond:06d}Z"
    target = directory / f"{name}.toml"
    counter = 1
    while target.exists():
        target = directory / f"{name}-{counter}.toml"
        counter += 1
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(
            directory, f"cannot keep a backup before saving: {files.explain(error)}; not saved"
        ) from None
    try:
        files.atomic_write(target, data)
    except FileProblem as error:
        raise FileProblem(
            path, f"cannot keep a backup before saving ({error.message}); not saved"
        ) from None
    return Backup(target, now, len(data))


def list_backups(path: str | Path) -> list[Backup]:
    """The backups of the roadmap at `path`, newest first."""
    directory = backup_dir(path)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    found = []
    for entry in entries:
        match = _NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        taken = datetime.strptime(match["stamp"], _STAMP).replace(
            microsecond=int(match["micro"]), tzinfo=UTC
        )
        found.append(
            (taken, int(match["n"] or 0), Backup(Path(entry.path), taken, entry.stat().st_size))
        )
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for _taken, _n, backup in found]


def prune(path: str | Path, keep: int | None = None) -> list[Backup]:
    """Delete all but the newest `keep` backups; returns the ones deleted."""
    extra = list_backups(path)[keep_count(keep) :]
    for backup in extra:
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
    return extra


def find_backup(path: str | Path, which: str) -> Backup:
    """A backup named as `roadmap-tui backups` lists it: its number (1 = newest), its file
    name, or its path. FileProblem if there is no such backup."""
    backups = list_backups(path)
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for backup in backups:
        if which in (backup.name, str(backup.path)) or Path(which).name == backup.name:
            return backup
    if not backups:
        raise FileProblem(path, "has no backups yet (one is kept at each save)")
    raise FileProblem(
        path, f"has no backup '{which}'; run 'roadmap-tui backups {path}' to list them"
    )


def restore(path: str | Path, backup: Backup | str, keep: int | None = None) -> Backup:
    """Put a backup's bytes back at `path`. The current file is backed up first, so a
    restore can itself be undone. The backup must be a valid roadmap (InvalidRoadmap if
    not). A journal of unsaved edits is kept: they were never in the restored file, and
    `roadmap-tui recover` can still merge them into it."""
    path = Path(path)
    chosen = backup if isinstance(backup, Backup) else find_backup(path, backup)
    data, _ = files.read_bytes(chosen.path)
    parse(decode(data, str(chosen.path)), str(chosen.path))
    if os.path.lexists(path):
        back_up(path)
    files.atomic_write(path, data)
    with contextlib.suppress(OSError):
        prune(path, keep)
    return chosen


def sweep_leftovers(path: str | Path, older_than: float = 600.0) -> list[Path]:
    """Remove temporary files a killed save left beside the roadmap (`.NAME.*.tmp`).

    Only files older than `older_than` seconds go, so a save running in another process
    at this moment keeps its temporary file.
    """
    path = Path(path)
    cutoff = time.time() - older_than
    removed = []
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and leftover.lstat().st_mtime < cutoff:
                leftover.unlink()
                removed.append(leftover)
    return removed


def _same_bytes(backup: Path, data: bytes) -> bool:
    try:
        return backup.read_bytes() == data
    except OSError:
        return False
