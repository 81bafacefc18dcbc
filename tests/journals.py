"""Test helpers: the journals of a roadmap as a test looks at them."""

from __future__ import annotations

from pathlib import Path

from roadmap_tui.safety import recovery
from roadmap_tui.safety.journal import journal_dir
from roadmap_tui.safety.recovery import Recovery


def journal_files(path: str | Path) -> list[Path]:
    """Every journal of the roadmap at `path`, live sessions' included."""
    return recovery.journals(path)


def journal_path(path: str | Path) -> Path:
    """The one journal of the roadmap at `path` (a path that does not exist if none)."""
    found = journal_files(path)
    assert len(found) <= 1, f"expected at most one journal, found {found}"
    return found[0] if found else journal_dir(path) / "none.jsonl"


def find_one(path: str | Path) -> Recovery | None:
    """The first edits `recovery.find` would offer, its lock let go again (or None)."""
    found = recovery.find(path)
    found.release()
    return found.recoveries[0] if found.recoveries else None


def peek(path: str | Path) -> Recovery | None:
    """What the one journal of the roadmap at `path` holds, read without claiming it (a
    live session's too): the test looks over the shoulder of a running app."""
    file = journal_path(path)
    if not file.exists():
        return None
    return recovery._read(Path(path), file, None)
