"""Where a roadmap to compare comes from: a file, standard input, a git revision, or the
version of a date (the last commit before it, or the newest snapshot before it). No Textual.

`roadmap-tui diff` names its two sides with these; the app's compare picker uses `commits`."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from roadmap_tui import git
from roadmap_tui.errors import FileProblem, GitProblem, RoadmapError, show_path
from roadmap_tui.model import Roadmap
from roadmap_tui.share import snapshot as snapshots
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.validate import decode, parse

STDIN = "-"
NULL_FILE = os.devnull  # what git passes for the side of an added or deleted file


@dataclass(frozen=True)
class Side:
    """One side of a comparison: what it is called, and its roadmap (None: absent, as the
    old side of a file git sees added)."""

    label: str
    roadmap: Roadmap | None


def from_text(data: bytes, label: str) -> Side:
    """A roadmap from bytes read elsewhere (stdin, git); InvalidRoadmap names `label`."""
    text = decode(data, label)
    return Side(label, parse(text, label).roadmap)


def from_file(path: Path) -> Side:
    if str(path) == NULL_FILE:
        return Side(NULL_FILE, None)
    return Side(show_path(path), RoadmapDocument.load(path).roadmap)


def resolve(word: str, other: str, read_stdin: Callable[[], bytes]) -> Side:
    """The side `word` names: `-` (standard input), a file, `REVISION:PATH`, or a revision
    of the file `other` names (`diff HEAD~3 roadmap.toml`)."""
    if word == STDIN:
        return from_text(read_stdin(), "standard input")
    path = Path(word)
    if os.path.lexists(path) or word == NULL_FILE:
        return from_file(path)
    if ":" in word:
        return from_text(git.show_spec(word, Path.cwd()), word)
    other_path = Path(other)
    looks_like_a_file = _looks_like_a_file(word)
    if not looks_like_a_file and _looks_like_a_file(other) and not os.path.lexists(other_path):
        # `diff HEAD~1 plan.toml` without plan.toml: the file is what is missing
        raise FileProblem(other_path, "no such file")
    if looks_like_a_file or other == STDIN or not other_path.is_file():
        raise FileProblem(path, "no such file")
    if not git.in_repository(other_path):
        raise FileProblem(path, "no such file (and no git repository to find a revision in)")
    return from_text(git.show(word, other_path), f"{show_path(other_path)} at {word}")


def _looks_like_a_file(word: str) -> bool:
    return word.endswith(".toml") or os.sep in word


def as_of(path: Path, day: date) -> Side:
    """The roadmap as it was before `day`: the last commit of `path` made before that day
    when git tracks it, else the newest snapshot taken before it."""
    if not path.is_file():
        raise FileProblem(path, "no such file" if not path.exists() else "is not a file")
    if git.in_repository(path):
        found = git.commits(path)
        if found:
            before = next((commit for commit in found if commit.at.date() < day), None)
            if before is None:
                raise GitProblem(f"{show_path(path)} has no commit before {day.isoformat()}")
            label = f"{show_path(path)} at {before.describe()}"
            return from_text(git.show(before.sha, path), label)
    taken = [entry for entry in snapshots.list_snapshots(path) if entry.info.taken_at.date() < day]
    if not taken:
        raise FileProblem(
            path, f"no commit and no snapshot of it before {day.isoformat()} to compare with"
        )
    newest = taken[-1]
    return Side(f"{show_path(newest.path)} ({snapshots.describe(newest.info)})", newest.roadmap)


def commits(path: Path, limit: int = 50) -> list[git.Commit]:
    """The file's recent commits, newest first; none outside git (or without git)."""
    try:
        return git.commits(path, limit) if git.in_repository(path) else []
    except RoadmapError:
        return []


def at_commit(path: Path, commit: git.Commit) -> Roadmap:
    """The roadmap as `commit` left it."""
    label = f"{show_path(path)} at {commit.short}"
    side = from_text(git.show(commit.sha, path), label)
    assert side.roadmap is not None
    return side.roadmap


def versions(path: Path) -> list[tuple[git.Commit, Roadmap]]:
    """Every committed version of the file, oldest first (GitProblem outside git); a
    version that is not a valid roadmap is left out: it holds no history to fold in."""
    found = []
    for commit in reversed(git.commits(path)):
        try:
            found.append((commit, at_commit(path, commit)))
        except RoadmapError:
            continue
    return found
