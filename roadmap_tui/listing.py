"""The roadmaps to choose from: the `*.toml` files of a folder, each described by its
title and its markets per status, or by the problem that stops it from opening. No Textual.

`roadmap-tui DIR` and the app's ctrl+o picker both list roadmaps through here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError, show_path
from roadmap_tui.model import counts_by_status

SUFFIX = ".toml"


@dataclass(frozen=True)
class Listed:
    """One roadmap file as a list shows it: its title and counts, or why it does not open
    (one sentence, `file:line:col` for a file that does not validate)."""

    path: Path
    title: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None
    read_only: bool = False


def roadmap_files(folder: Path) -> list[Path]:
    """The `*.toml` files in `folder` (not below it), by name. Raises FileProblem when the
    folder cannot be read."""
    try:
        names = os.listdir(folder)
    except OSError as error:
        raise FileProblem(folder, f"cannot list the folder ({error.strerror})") from None
    found = [
        folder / name
        for name in names
        if name.lower().endswith(SUFFIX) and not name.startswith(".") and (folder / name).is_file()
    ]
    return sorted(found, key=lambda path: (path.name.casefold(), path.name))


def describe(path: Path) -> Listed:
    """Open `path` as the app would and say what it holds. Never raises."""
    from roadmap_tui.store import RoadmapDocument  # pydantic and the parser, when listing

    try:
        document = RoadmapDocument.load(path)
    except InvalidRoadmap as error:
        # `name:line:col: error: …` with the file's name only: the list says the folder
        first = error.errors[0] if error.errors else None
        if first is None:
            return Listed(path, problem=str(error))
        more = len(error.errors) - 1
        shown = f"{show_path(path.name)}:{first.line}:{first.col}: {first.message}"
        return Listed(path, problem=shown + (f" (and {more} more)" if more else ""))
    except RoadmapError as error:
        return Listed(path, problem=str(error))
    counts = counts_by_status(document.markets, document.roadmap.status_names)
    return Listed(path, document.roadmap.title, counts, read_only=document.read_only)


def folder_sentence(folder: Path) -> str:
    """What to say of a folder that holds no roadmap."""
    return (
        f"{show_path(folder)} holds no roadmap (no {SUFFIX} file); "
        f"'roadmap-tui new {show_path(folder / 'roadmap.toml')}' starts one"
    )
