"""The svg export: the main screen as the app draws it, from a headless run at a fixed size.

`SVG` is the export format the app registers (the CLI registers its own, which imports
this module only when an svg is asked for). `render_svg` works from the model alone, so
the CLI and the app give the same picture of the same roadmap. The picture is the
roadmap, not the app: no key footer, and no font fetched from the internet (Rich's
template names Fira Code on a CDN; a viewer uses a local monospace font instead)."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Footer

from roadmap_tui.model import Roadmap, to_toml_dict
from roadmap_tui.opening import Opening
from roadmap_tui.share.export import ExportFormat, as_of
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.render import render_roadmap
from roadmap_tui.ui.app import RoadmapApp

SCREENSHOT_SIZE = (120, 40)
SVG_DESCRIPTION = "a picture of the app's main screen (120×40)"
# The in-memory document's name; the header shows "as of <date>" instead of any file name.
_MEMORY_NAME = "roadmap.toml"
# Rich's svg template: `@font-face { ... src: local(...), url("https://...") ... }`
_FONT_FACE = re.compile(r"@font-face\s*\{[^{}]*\}\s*")


def render_svg(roadmap: Roadmap, today: date | None = None) -> str:
    """The main screen showing `roadmap`, as SVG text (120×40 cells, no cursor blink).

    The picture depends only on the roadmap and `today`: the header says "as of" the
    export date rather than naming a file, and the clock is fixed to that date."""
    text = render_roadmap(to_toml_dict(roadmap))
    document = RoadmapDocument.from_text(text, path=_MEMORY_NAME)
    day = as_of(roadmap, today)
    subtitle = f"as of {day.isoformat()}" if day is not None else ""
    return _run_outside_any_loop(lambda: _screenshot(document, subtitle, day))


def _run_outside_any_loop(work: Callable[[], Coroutine[Any, Any, str]]) -> str:
    """Run the coroutine `work()` makes to completion. Inside a running event loop (the app
    exporting itself) a headless app cannot share the loop, so it gets a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work())
    drawn: list[str] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            drawn.append(asyncio.run(work()))
        except BaseException as error:  # handed to the caller's thread
            failed.append(error)

    worker = threading.Thread(target=run, name="svg-export")
    worker.start()
    worker.join()
    if failed:
        raise failed[0]
    return drawn[0]


async def _screenshot(document: RoadmapDocument, subtitle: str, day: date | None) -> str:

    moment = datetime(day.year, day.month, day.day, tzinfo=UTC) if day else datetime(1970, 1, 1)

    def clock() -> datetime:
        return moment

    app = RoadmapApp(Opening(Path(_MEMORY_NAME), document), clock=clock, cursor_blink=False)
    # the document is in memory: there is no file to watch (a slow run would otherwise see
    # "roadmap.toml" missing from the working directory and say "deleted on disk")
    app.safekeeping.watching = False
    drawn: list[str] = []

    async def draw(pilot: Pilot[object]) -> None:
        await pilot.pause()
        app.sub_title = subtitle
        # notifications (read-only, warnings) and the keys are the app talking, not the roadmap
        app.clear_notifications()
        for footer in app.screen.query(Footer):
            footer.display = False
        await pilot.pause()
        drawn.append(without_web_fonts(app.export_screenshot(title=app.title)))
        app.exit()

    await app.run_async(headless=True, size=SCREENSHOT_SIZE, auto_pilot=draw)
    return drawn[0]


def without_web_fonts(svg: str) -> str:
    """The svg with the `@font-face` rules of its stylesheet taken out, so that opening it
    fetches nothing: the text then falls back to Fira Code if installed, else monospace.

    Only the `<style>` element is touched; the roadmap's own text comes after it, escaped."""
    head, end, rest = svg.partition("</style>")
    head = _FONT_FACE.sub("", head)
    if "url(" in head.replace("url(#", ""):  # a Rich upgrade that loads fonts some other way
        raise RuntimeError("the svg stylesheet still loads a resource; update without_web_fonts")
    return head + end + rest


SVG = ExportFormat("svg", ".svg", SVG_DESCRIPTION, render_svg)
