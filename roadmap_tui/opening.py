"""Opening a roadmap: the file given, or the default one (created on first run). No Textual.

`open_roadmap` never raises: its `Opening` holds the document, or the problem that stopped
it, or says the file is missing (the app offers to create it) or big (the app reads it in
a thread behind a loading screen)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roadmap_tui import paths, templates
from roadmap_tui.errors import FileProblem, RoadmapError
from roadmap_tui.store import RoadmapDocument, atomic_write, utc_now
from roadmap_tui.store.document import Clock

# Files larger than this (some 3,500 markets with their history) are read in a thread
# behind an "Opening …" screen, so a big roadmap never leaves the terminal blank for
# seconds. Smaller ones open before the first frame, which is sooner than any screen.
LOAD_IN_BACKGROUND_BYTES = 5_000_000


@dataclass
class Opening:
    """What became of opening a roadmap: a document, or the problem that stopped it."""

    path: Path
    document: RoadmapDocument | None = None
    problem: RoadmapError | None = None
    created: bool = False
    loading: bool = False  # a big file: to be loaded by the app, in a thread

    @property
    def missing(self) -> bool:
        """The file does not exist (yet): the app offers to create it."""
        return self.document is None and self.problem is None and not self.loading


def create_roadmap(path: Path) -> None:
    """Write the starter roadmap to `path` (its folder is created). Raises FileProblem."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(path.parent, f"cannot create the folder ({error.strerror})") from None
    atomic_write(path, templates.starter().encode("utf-8"))


def open_roadmap(path: Path | None, clock: Clock = utc_now, *, defer_big: bool = False) -> Opening:
    """Load the roadmap at `path`; with no path, the default roadmap, created on first run.

    With `defer_big`, a large file is not read here: the Opening says `loading`."""
    created = False
    if path is None:
        path = paths.default_roadmap()
        if not path.exists():
            try:
                create_roadmap(path)
            except RoadmapError as problem:
                return Opening(path, problem=problem)
            created = True
    elif not path.exists() and not path.is_symlink():
        return Opening(path)
    if defer_big and size(path) > LOAD_IN_BACKGROUND_BYTES:  # read at call time: tests lower it
        return Opening(path, loading=True)
    try:
        return Opening(path, RoadmapDocument.load(path, clock=clock), created=created)
    except RoadmapError as problem:
        return Opening(path, problem=problem)


def size(path: Path) -> int:
    """The file's size in bytes (0 when it cannot be read: the load says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the load itself will say what is wrong
