"""The app as the CLI and the tests start it: the UI's composition root."""

from __future__ import annotations

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
