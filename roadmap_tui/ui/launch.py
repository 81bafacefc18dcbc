"""The app as the CLI, the tests and `textual run` start it: the UI's composition root."""

from __future__ import annotations

import sys
from pathlib import Path

from roadmap_tui.opening import open_roadmap
from roadmap_tui.share.export import register_format
from roadmap_tui.store import utc_now
from roadmap_tui.store.document import Clock
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.screenshot import SVG


def make_app(
    path: Path | None = None, *, clock: Clock = utc_now, cursor_blink: bool = True
) -> RoadmapApp:
    """The app for `path` (None: the default roadmap), its svg export registered."""
    register_format(SVG)
    opening = open_roadmap(path, clock, defer_big=True)
    return RoadmapApp(opening, clock=clock, cursor_blink=cursor_blink)


class RoadmapFromArgv(RoadmapApp):
    """The app for `textual run roadmap_tui.ui.launch` (Textual's devtools, `--dev`).

    `textual run` imports this module, takes its `app` attribute and, since it is an App
    class, calls it with no arguments, after setting `sys.argv` to the import name and the
    words after it: `textual run "roadmap_tui.ui.launch roadmap.toml"` opens roadmap.toml,
    and no path opens the default roadmap. Nothing happens at import time: the roadmap is
    opened when the class is called."""

    def __init__(self) -> None:
        paths = sys.argv[1:]
        if len(paths) > 1:
            raise SystemExit("roadmap-tui: give at most one roadmap to open")
        register_format(SVG)
        opening = open_roadmap(Path(paths[0]) if paths else None, utc_now, defer_big=True)
        super().__init__(opening, clock=utc_now)


# what `textual run roadmap_tui.ui.launch` looks for: a class, so importing does no work
app = RoadmapFromArgv
