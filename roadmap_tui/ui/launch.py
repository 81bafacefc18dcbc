"""The app as the CLI, the tests and `textual run` start it: the UI's composition root."""

from __future__ import annotations

import sys
from pathlib import Path

from textual.theme import BUILTIN_THEMES

from roadmap_tui import paths, settings
from roadmap_tui.opening import Opening, open_roadmap
from roadmap_tui.recent import recent_roadmaps
from roadmap_tui.share.export import register_format
from roadmap_tui.store import utc_now
from roadmap_tui.store.document import Clock
from roadmap_tui.ui import heap
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.git_merge import git_conflict
from roadmap_tui.ui.screens.roadmap_picker import Shelf
from roadmap_tui.ui.screenshot import SVG
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS


def load_settings() -> settings.Loaded:
    """The config file, checked against the app's own themes and columns."""
    return settings.load(choices=settings.Choices(frozenset(BUILTIN_THEMES), COLUMN_KEYS))


def make_app(
    path: Path | None = None,
    *,
    clock: Clock = utc_now,
    cursor_blink: bool = True,
    read_only: bool = False,
) -> RoadmapApp:
    """The app for `path`, with the user's settings and its svg export registered.

    A folder starts with a choice of its roadmaps; no path, with a choice of the recent
    roadmaps when there are several, else the default roadmap (created on first run).
    `read_only` opens the roadmap as a snapshot opens: every edit refused. A file in a
    conflicted git merge starts on the conflict screen (git's base, ours and theirs)."""
    opening, config, start = _starting(path, clock)
    merge = None
    if path is not None and not read_only and path.is_file():
        merge = git_conflict(path)  # also for a file git's line merge left unreadable
    return RoadmapApp(
        opening,
        clock=clock,
        cursor_blink=cursor_blink,
        config=config,
        start=start,
        merge=merge,
        read_only=read_only,
    )


def _starting(path: Path | None, clock: Clock) -> tuple[Opening, settings.Loaded, Shelf | None]:
    register_format(SVG)
    config = load_settings()
    if path is not None and path.is_dir():
        return Opening(path), config, Shelf(folder=path)
    if path is None and len(recent := recent_roadmaps()) > 1:
        return Opening(paths.default_roadmap()), config, Shelf(recent=tuple(recent))
    with heap.read_quietly():  # see heap.py (a big roadmap is read later, in a thread)
        opening = open_roadmap(path, clock, defer_big=True)
    return opening, config, None


class RoadmapFromArgv(RoadmapApp):
    """The app for `textual run roadmap_tui.ui.launch` (Textual's devtools, `--dev`).

    `textual run` imports this module, takes its `app` attribute and, since it is an App
    class, calls it with no arguments, after setting `sys.argv` to the import name and the
    words after it: `textual run "roadmap_tui.ui.launch roadmap.toml"` opens roadmap.toml,
    and no path opens the default roadmap (or offers the recent ones). Nothing happens at
    import time: the roadmap is opened when the class is called."""

    def __init__(self) -> None:
        words = sys.argv[1:]
        if len(words) > 1:
            raise SystemExit("roadmap-tui: give at most one roadmap to open")
        opening, config, start = _starting(Path(words[0]) if words else None, utc_now)
        super().__init__(opening, clock=utc_now, config=config, start=start)


# what `textual run roadmap_tui.ui.launch` looks for: a class, so importing does no work
app = RoadmapFromArgv
