"""Snapshots: frozen copies of a roadmap, taken, named safely, written once and listed.

A snapshot is a valid roadmap file in canonical layout plus a `[snapshot]` table saying
what it was taken from. Nothing here imports Textual; the CLI and the app both call it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui import __version__
from roadmap_tui.controls import flattened
from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError
from roadmap_tui.model import Roadmap, SnapshotInfo, to_toml_dict
from roadmap_tui.moments import describe_moment, in_utc, moment_order
from roadmap_tui.store import RoadmapDocument, files, parse
from roadmap_tui.store.files import explain
from roadmap_tui.store.render import render_roadmap

SNAPSHOT_DIR_NAME = "snapshots"
MAX_SAME_SECOND = 1000  # suffixes tried before giving up: -2 … -1000
_UNSAFE_IN_STEM = re.compile(r"[^\w.-]+")
_BYTE_ESCAPE = re.compile(r"\\x[0-9a-fA-F]{2}")


class SnapshotError(RoadmapError):
    """A snapshot cannot be taken from this file (it is already a snapshot, ...)."""


@dataclass(frozen=True)
class SnapshotEntry:
    """A snapshot found on disk: where it is, what it says about itself, and its roadmap."""

    path: Path
    info: SnapshotInfo
    roadmap: Roadmap


def source_name(path: str | Path) -> str:
    """A roadmap's file name as a snapshot records it (`[snapshot].source`): text a UTF-8
    file can hold, so a byte of the name that is not UTF-8 is written `\\xff`, and two
    names that differ in such bytes stay different."""
    return os.fsencode(Path(path).name).decode("utf-8", "backslashreplace")


def safe_stem(file_name: str) -> str:
    """The part of a roadmap's file name a snapshot name starts with, safe as a file name.

    Separators, `..`, control characters and leading dots cannot survive, so a snapshot is
    always written directly inside its directory and is never a hidden file. The `\\xff`
    escapes of `source_name` become `-`, like any other character unsafe in a name."""
    stem = _BYTE_ESCAPE.sub("-", file_name)
    stem = Path(stem.replace("\\", "/")).name
    stem = stem.removesuffix(".toml") if stem.endswith(".toml") else Path(stem).stem
    stem = _UNSAFE_IN_STEM.sub("-", stem)
    stem = re.sub(r"\.{2,}", ".", stem).strip(".-")
    return stem or "roadmap"


def snapshot_name(source: str, taken_at: datetime, attempt: int = 1) -> str:
    """`<stem>-YYYYMMDD-HHMMSS.toml` for the roadmap file named `source`, with `-2`, `-3` …
    for later attempts in the same second."""
    suffix = "" if attempt == 1 else f"-{attempt}"
    utc = in_utc(taken_at)
    if utc is None:
        raise SnapshotError(_outside_utc(taken_at))
    stamp = (
        f"{utc.year:04d}{utc.month:02d}{utc.day:02d}-{utc.hour:02d}{utc.minute:02d}{utc.second:02d}"
    )
    return f"{safe_stem(source)}-{stamp}{suffix}.toml"


def default_snapshot_dir(roadmap_path: str | Path) -> Path:
    """Where snapshots of a roadmap go unless told otherwise: `snapshots/` beside it."""
    return Path(roadmap_path).parent / SNAPSHOT_DIR_NAME


def snapshot_text(roadmap: Roadmap, info: SnapshotInfo) -> str:
    """The snapshot file's text: a comment, `[roadmap]`, `[snapshot]`, then every market."""
    data = to_toml_dict(roadmap.model_copy(update={"snapshot": None}))
    ordered = {"roadmap": data.pop("roadmap"), "snapshot": to_toml_dict(info)} | data
    when = describe_time(info.taken_at)
    header = (
        f"# Snapshot of {flattened(info.source)} taken {when}.\n"
        "# A frozen copy: roadmap-tui opens it read-only. Save it as a new roadmap to edit it.\n\n"
    )
    return header + render_roadmap(ordered)


def new_roadmap_text(snapshot: Roadmap) -> str:
    """The text of a new, editable roadmap holding a snapshot's content without its
    `[snapshot]` table (canonical layout, a comment saying where it came from)."""
    info = snapshot.snapshot
    header = ""
    if info is not None:
        header = (
            f"# Saved from the snapshot of {flattened(info.source)} taken "
            f"{describe_time(info.taken_at)}.\n\n"
        )
    return header + render_roadmap(to_toml_dict(snapshot.model_copy(update={"snapshot": None})))


def default_new_roadmap_path(snapshot_path: str | Path, source: str) -> Path:
    """Where a snapshot saved as a new roadmap goes unless told otherwise:
    `<source stem>-from-snapshot.toml` beside the roadmap it was taken from (the folder
    above `snapshots/`), or beside the snapshot when it lies elsewhere."""
    snapshot_path = Path(snapshot_path)
    folder = snapshot_path.parent
    if folder.name == SNAPSHOT_DIR_NAME:
        folder = folder.parent
    return folder / f"{safe_stem(source)}-from-snapshot.toml"


def take_snapshot(
    path: str | Path,
    note: str | None = None,
    directory: str | Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Snapshot the roadmap file at `path` as it is on disk; returns the new file's path.

    `now` is the moment recorded (UTC; a naive time is taken as UTC; the current time when
    None). Never overwrites: a clash in the same second gets a `-2`, `-3` … suffix."""
    return snapshot_document(RoadmapDocument.load(path), note, directory, now)


def snapshot_document(
    document: RoadmapDocument,
    note: str | None = None,
    directory: str | Path | None = None,
    now: datetime | None = None,
) -> Path:
    """Snapshot an open document as it was last read from or written to disk.

    Unsaved edits are not part of it: the snapshot is of the file whose hash it records
    (the app saves first if it wants them in)."""
    if document.read_only:
        raise SnapshotError(
            f"{document.path} is already a snapshot; snapshot the roadmap it was taken from instead"
        )
    saved = document.saved_text
    roadmap = document.roadmap if not document.dirty else parse(saved, str(document.path)).roadmap
    return write_snapshot(
        roadmap,
        source=source_name(document.path),
        source_sha256=hashlib.sha256(saved.encode("utf-8")).hexdigest(),
        directory=default_snapshot_dir(document.path) if directory is None else Path(directory),
        note=note,
        now=now,
    )


def write_snapshot(
    roadmap: Roadmap,
    source: str,
    source_sha256: str,
    directory: Path,
    note: str | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a snapshot of `roadmap` (read from the file named `source`) into `directory`."""
    moment = now or datetime.now(UTC)
    utc = in_utc(moment)
    if utc is None:
        raise SnapshotError(_outside_utc(moment))
    taken_at = utc.replace(microsecond=0)
    info = SnapshotInfo(
        taken_at=taken_at,
        source=source,
        source_sha256=source_sha256,
        note=note.strip() if note and note.strip() else None,
        tool_version=__version__,
    )
    text = snapshot_text(roadmap, info)
    written = parse(text, "<snapshot>").roadmap  # never write a file that would not load
    if written.markets != roadmap.markets:
        raise SnapshotError(f"a snapshot of {source} would not keep its markets as they are")
    _ensure_directory(directory)
    data = text.encode("utf-8")
    for attempt in range(1, MAX_SAME_SECOND + 1):
        target = directory / snapshot_name(source, taken_at, attempt)
        if create_exclusive(target, data):
            return target
    raise FileProblem(directory, "too many snapshots in the same second; try again")


def create_exclusive(path: Path, data: bytes) -> bool:
    """Write a new snapshot file; False (and nothing written) if `path` already exists."""
    try:
        return files.create_new(path, data)
    except OSError as error:
        raise FileProblem(path, f"cannot write the snapshot: {explain(error)}") from None


def _ensure_directory(directory: Path) -> None:
    try:
        directory.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise FileProblem(directory, f"the directory {directory.parent} does not exist") from None
    except FileExistsError:
        raise FileProblem(directory, "is not a directory; snapshots go into one") from None
    except OSError as error:
        raise FileProblem(directory, f"cannot create it: {explain(error)}") from None
    if not directory.is_dir():
        raise FileProblem(directory, "is not a directory for snapshots")


def list_snapshots(
    roadmap_path: str | Path, directory: str | Path | None = None
) -> list[SnapshotEntry]:
    """The snapshots of the roadmap at `roadmap_path`, oldest first.

    Looks in `directory` (default: `snapshots/` beside the roadmap) and keeps only files
    whose `[snapshot].source` is the roadmap's file name; files that are not valid
    snapshots are skipped, since a snapshot directory may hold anything."""
    roadmap_path = Path(roadmap_path)
    folder = default_snapshot_dir(roadmap_path) if directory is None else Path(directory)
    if not folder.is_dir():
        if folder.exists() or directory is not None:
            raise FileProblem(folder, "is not a directory of snapshots")
        return []
    entries = []
    for candidate in sorted(folder.glob("*.toml")):
        try:
            document = RoadmapDocument.load(candidate)
        except (FileProblem, InvalidRoadmap):
            continue
        info = document.roadmap.snapshot
        if info is not None and info.source == source_name(roadmap_path):
            entries.append(SnapshotEntry(candidate, info, document.roadmap))
    # within one second, `-2` is newer than no suffix and `-10` newer than `-9`
    return sorted(
        entries,
        key=lambda entry: (
            moment_order(entry.info.taken_at),
            len(entry.path.name),
            entry.path.name,
        ),
    )


def describe_time(moment: datetime) -> str:
    """A snapshot time as people read it, to the second: `2022-07-05 09:30:00 UTC`."""
    return describe_moment(moment, seconds=True)


def describe(info: SnapshotInfo) -> str:
    """One line for a banner: `snapshot of tiktok_shop.toml taken 2022-07-05 09:30:00 UTC`."""
    note = f" — {flattened(info.note)}" if info.note else ""
    return f"snapshot of {flattened(info.source)} taken {describe_time(info.taken_at)}{note}"


def _outside_utc(moment: datetime) -> str:
    return (
        f"the clock reads {describe_moment(moment)}, which is outside the years 1 to 9999 "
        "in UTC; no snapshot was taken"
    )
