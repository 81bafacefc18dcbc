"""The app as the CLI and the tests start it: the UI's composition root."""

from __future__ import annotations

from pathlib import Path

from textual.theme import BUILTIN_THEMES

from roadmap_tui import paths, settings
from roadmap_tui.opening import Opening, open_roadmap
from roadmap_tui.recent import recent_roadmaps
from roadmap_tui.share.export import register_format
from roadmap_tui.store import utc_now
from roadmap_tui.store.document import Clock
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.screens.roadmap_picker import Shelf
from roadmap_tui.ui.screenshot import SVG
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS


def load_settings() -> settings.Loaded:
    """The config file, checked against the app's own themes and columns."""
    return settings.load(choices=settings.Choices(frozenset(BUILTIN_THEMES), COLUMN_KEYS))


def make_app(
    path: Path | None = None, *, clock: Clock = utc_now, cursor_blink: bool = True
) -> RoadmapApp:
    """The app for `path`, with the user's settings and its svg export registered.

    A folder starts with a choice of its roadmaps; no path, with a choice of the recent
    roadmaps when there are several, else the default roadmap (created on first run)."""
    register_format(SVG)
    config = load_settings()
    start: Shelf | None = None
    if path is not None and path.is_dir():
        opening, start = Opening(path), Shelf(folder=path)
    elif path is None and len(recent := recent_roadmaps()) > 1:
        opening, start = Opening(paths.default_roadmap()), Shelf(recent=tuple(recent))
    else:
        opening = open_roadmap(path, clock, defer_big=True)
    return RoadmapApp(opening, clock=clock, cursor_blink=cursor_blink, config=config, start=start)
