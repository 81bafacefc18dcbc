"""A tiny App that hosts one modal screen and records what it dismissed with."""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Coroutine
from typing import Any

from rich.console import Console
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static, TextArea

# a market name full of markup and an escape sequence, as the dialogs must show it
TRICKY_NAME_SHOWN = "[bold]x[/] [/ [link=https://example.com]x[/link] ␛[31mred"


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test in its own event loop (no async pytest plugin here)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def widget_text(widget: Widget) -> str:
    """What `widget` shows on screen, its wrapped lines joined with single spaces."""
    width, height = widget.size
    strips = widget.render_lines(Region(0, 0, width, height))
    lines = ("".join(segment.text for segment in strip).strip() for strip in strips)
    return " ".join(line for line in lines if line)


def screen_text(app: App[Any]) -> str:
    """The whole screen as the terminal would show it, as plain text lines."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


class HostApp(App[None]):
    """Shows a plain main screen and pushes the screen `make_screen` builds on mount."""

    def __init__(self, make_screen: Callable[[], Screen[Any]], theme: str | None = None) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[Any] = []
        if theme:
            self.theme = theme

    def compose(self) -> ComposeResult:
        yield Static("roadmap-tui test host: the main screen sits behind the modal.", id="behind")
        yield Footer()

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)
        self.call_after_refresh(self.stop_blinking)

    def stop_blinking(self) -> None:
        """Cursors that blink make snapshots flaky: keep them on."""
        for screen in self.screen_stack:
            for widget in screen.query(Input):
                widget.cursor_blink = False
            for widget in screen.query(TextArea):
                widget.cursor_blink = False

    @property
    def result(self) -> Any:
        """What the hosted screen dismissed with (fails if it has not been dismissed)."""
        assert self.results, "the screen was not dismissed"
        assert len(self.results) == 1
        return self.results[0]
