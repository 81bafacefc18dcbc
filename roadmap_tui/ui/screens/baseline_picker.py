"""Choosing the timeline's baseline: one of the roadmap's snapshots, a git commit of its
file (the compare picker's list), or any other roadmap file (the open picker's list).

The answer is a `Baseline`: its roadmap, its full name and the short one the timeline's
caption shows. A file that cannot be read or is not a roadmap is said in one sentence;
nothing is picked then."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from roadmap_tui import recent
from roadmap_tui.errors import RoadmapError, show_path
from roadmap_tui.git import Commit
from roadmap_tui.share import snapshot as snapshots
from roadmap_tui.share import sources
from roadmap_tui.share.drift import Baseline
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.prompt import PickPrompt, pick_keys
from roadmap_tui.ui.screens.roadmap_picker import RoadmapPicker, Shelf
from roadmap_tui.ui.screens.sharing import (
    comparison_choices,
    numbered,
    snapshots_to_compare_with,
)

if TYPE_CHECKING:
    from roadmap_tui.ui.app import RoadmapApp


class _AnotherFile:
    """The picker's last line: choose any roadmap file instead."""


ANOTHER_FILE = _AnotherFile()
Choice = snapshots.SnapshotEntry | Commit | _AnotherFile


def of_snapshot(entry: snapshots.SnapshotEntry) -> Baseline:
    """The snapshot `entry` as the baseline."""
    info = entry.info
    label = f"{snapshots.describe(info)} ({show_path(entry.path.name)})"
    return Baseline(label, entry.roadmap, f"snapshot {info.taken_at.date().isoformat()}")


def of_file(path: Path) -> Baseline:
    """The roadmap file at `path` as the baseline (a snapshot is named as one). Raises
    RoadmapError when it cannot be read or is not a roadmap."""
    roadmap = RoadmapDocument.load(path).roadmap
    info = roadmap.snapshot
    if info is not None:
        return of_snapshot(snapshots.SnapshotEntry(path, info, roadmap))
    return Baseline(show_path(path), roadmap, show_path(path.name))


def of_commit(path: Path, commit: Commit) -> Baseline:
    """The roadmap file as `commit` left it. Raises RoadmapError (git, or not a roadmap)."""
    roadmap = sources.at_commit(path, commit)
    label = f"{show_path(path.name)} at commit {commit.describe()}"
    return Baseline(label, roadmap, f"commit {commit.short} of {commit.at.date().isoformat()}")


def pick_baseline(
    app: RoadmapApp, document: RoadmapDocument, answer: Callable[[Baseline], None]
) -> None:
    """Ask which baseline to draw; `answer` gets it (nothing is called on esc)."""
    try:
        entries = snapshots_to_compare_with(document)
    except RoadmapError:
        entries = []  # a snapshots folder that cannot be listed: other files still can
    commits = [] if document.roadmap.snapshot is not None else sources.commits(document.path)
    another = Text.assemble(
        ("Another roadmap file…", "bold"), ("  a roadmap of this folder, or a recent one", "dim")
    )
    choices: list[tuple[Text, Choice]] = [
        *comparison_choices(entries, commits),
        (another, ANOTHER_FILE),
    ]
    choices = numbered(choices)
    what = f"Draw the targets of {document.path.name} against which plan?"
    picker: PickPrompt[Choice] = PickPrompt(
        "Baseline", what, choices, pick_keys(choices), id="baseline-picker"
    )

    def picked(choice: Choice | None) -> None:
        if choice is None:
            return
        if isinstance(choice, _AnotherFile):
            shelf = Shelf(document.path.parent, tuple(recent.recent_roadmaps()), document.path)
            app.push_screen(RoadmapPicker(shelf), chosen_file)
            return
        try:
            if isinstance(choice, Commit):
                answer(of_commit(document.path, choice))
            else:
                answer(of_snapshot(choice))
        except RoadmapError as error:
            app.say(str(error), "error")

    def chosen_file(path: Path | None) -> None:
        if path is None:
            return
        try:
            found = of_file(path)
        except RoadmapError as error:
            app.say(str(error), "error")
            return
        answer(found)

    app.push_screen(picker, picked)
