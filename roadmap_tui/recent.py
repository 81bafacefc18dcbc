"""The roadmaps opened lately, most recent first: a small JSON list in the state folder
(`paths.recent_file()`), kept by the app as it opens roadmaps. No Textual.

Only files that are still there are offered: a roadmap moved or deleted since drops out
when the list is read."""

from __future__ import annotations

import json
import os
from pathlib import Path

from roadmap_tui import paths

# enough for anyone's working set; the picker shows them all
RECENT_LIMIT = 20


def recent_roadmaps(limit: int = RECENT_LIMIT) -> list[Path]:
    """The recent roadmaps that are still regular files, most recent first. A list that
    cannot be read is an empty one: it is a convenience, never a reason to stop."""
    try:
        with open(paths.recent_file(), "rb") as file:
            entries = json.loads(file.read().decode("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    found: list[Path] = []
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, str) or "\x00" in entry:
            continue
        path = Path(entry)
        key = _identity(path)
        if key in seen or not path.is_file():
            continue
        seen.add(key)
        found.append(path)
        if len(found) == limit:
            break
    return found


def remember(path: Path) -> None:
    """Put `path` first in the recent list (by its absolute path; once only). Raises
    FileProblem when the list cannot be written."""
    from roadmap_tui.store.files import atomic_write  # the store brings pydantic along

    absolute = Path(os.path.abspath(path))
    kept = [absolute] + [
        other for other in recent_roadmaps() if _identity(other) != _identity(absolute)
    ]
    # json writes a name that is not UTF-8 (surrogate escapes) as \udcxx, in ASCII, and
    # reads it back as the same str
    data = json.dumps([os.fspath(other) for other in kept[:RECENT_LIMIT]], indent=1) + "\n"
    target = paths.recent_file()
    _make_folder(target.parent)
    atomic_write(target, data.encode("ascii"))


def _identity(path: Path) -> str:
    """The same file under two names (a symlink, `..`) is one entry."""
    return os.path.realpath(path)


def _make_folder(folder: Path) -> None:
    from roadmap_tui.errors import FileProblem

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(folder, f"cannot create the folder ({error.strerror})") from None
