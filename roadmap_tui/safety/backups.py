"""Backups of saved roadmaps, and the save that keeps them. No Textual.

Before every save the file as it is on disk is copied to
`state_dir()/backups/<hash of the path>/<stem>-<UTC timestamp>.toml`; the newest 20
per roadmap are kept (the `keep` argument, or the `ROADMAP_TUI_BACKUPS` variable).
`save.save` keeps one of the bytes it is about to replace, read at replace time.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui import paths
from roadmap_tui.errors import FileProblem
from roadmap_tui.store import disk, files
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
    return paths.state_dir() / "backups" / paths.roadmap_key(path)


def keep_count(keep: int | None = None) -> int:
    """How many backups to keep: `keep`, else $ROADMAP_TUI_BACKUPS, else 20 (at least 1)."""
    if keep is None:
        try:
            keep = int(os.environ.get(KEEP_VARIABLE, DEFAULT_KEEP))
        except ValueError:
            keep = DEFAULT_KEEP  # a typo in a variable must not stop saving
    return max(1, keep)


def back_up(path: str | Path) -> Backup | None:
    """Copy the file at `path` into its backups; None if there is no file to keep.
    Raises FileProblem if it cannot be kept."""
    path = Path(path)
    try:
        data, _ = files.read_bytes(path)
    except FileProblem:
        if not os.path.lexists(path):
            return None  # a new file, or one deleted meanwhile: nothing to keep
        raise
    return keep(path, data)


def keep(path: str | Path, data: bytes) -> Backup:
    """Keep `data` — the bytes a save or restore is about to replace — as the newest backup
    of the roadmap at `path` (the newest one, if it already holds these bytes). Raises
    FileProblem naming the backup folder if it cannot be kept."""
    path = Path(path)
    existing = list_backups(path)
    if existing and existing[0].size == len(data) and _same_bytes(existing[0].path, data):
        return existing[0]
    directory = backup_dir(path)
    now = datetime.now(UTC)
    name = f"{path.stem}-{now.strftime(_STAMP)}.{now.microsecond:06d}Z"
    try:
        disk.mkdirs(directory)
        for counter in range(1000):
            target = directory / (f"{name}.toml" if not counter else f"{name}-{counter}.toml")
            if files.create_new(target, data):
                return Backup(target, now, len(data))
        raise FileExistsError(errno.EEXIST, "too many backups in the same microsecond")
    except (OSError, FileProblem) as error:
        reason = files.explain(error) if isinstance(error, OSError) else error.message
        raise FileProblem(
            directory, f"cannot keep a backup in this folder before saving ({reason}); not saved"
        ) from None


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


def check_listable(path: str | Path) -> None:
    """FileProblem when the backups' folder of the roadmap at `path` is there but cannot
    be listed: `list_backups` finds none then, which must not read as 'no backups'."""
    directory = backup_dir(path)
    try:
        with os.scandir(directory):
            pass
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as error:
        reason = files.explain(error)
        raise FileProblem(directory, f"cannot list the backups kept here: {reason}") from None


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
