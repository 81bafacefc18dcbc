"""The svg export is a picture of the roadmap that opens anywhere: nothing in it loads from
the internet, and the app's key footer is not in it."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.bindings import COMMANDS
from roadmap_tui.ui.screenshot import render_svg, without_web_fonts
from roadmap_tui.ui.widgets.market_view import COLUMN_HEADINGS
from tests.sharing.helpers import TIKTOK

XML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@pytest.fixture(scope="module")
def picture() -> str:
    return render_svg(RoadmapDocument.load(TIKTOK).roadmap)


def shown_text(svg: str) -> list[str]:
    """Each run of text the picture shows, as a viewer reads it."""
    return [run.replace("&#160;", " ").strip() for run in re.findall(r">([^<>]+)</text>", svg)]


def test_the_svg_loads_nothing_from_the_internet(picture: str) -> None:
    assert "@font-face" not in picture
    assert not re.search(r"url\((?!#)", picture), "only references inside the picture"
    outside_comments = XML_COMMENT.sub("", picture)
    # the one http URL left is the svg namespace's name, which nothing fetches
    assert re.findall(r"https?://[^\s\"'<>)]+", outside_comments) == ["http://www.w3.org/2000/svg"]
    assert "Fira Code, monospace" in picture  # a local monospace font stands in


def test_the_svg_leaves_out_the_key_footer(picture: str) -> None:
    text = shown_text(picture)
    assert "United Kingdom" in text and "Indonesia" in text  # the roadmap is there
    shown_in_footer = {command.description for command in COMMANDS if command.show}
    # "Status" and "Notes" are column headings as well as keys
    footer_only = shown_in_footer - set(COLUMN_HEADINGS.values()) - {"Notes"}
    assert {"Quit", "Save", "Help"} <= footer_only
    assert not footer_only & set(text), footer_only & set(text)


def test_only_the_stylesheet_loses_its_font_faces() -> None:
    """A note that reads like a font rule is the roadmap's text and stays as written."""
    note = "@font-face { src: url(https://example.com/x.woff2) }"
    svg = (
        '<svg><style>@font-face { font-family: "X"; src: url("https://cdn.example/x.woff2"); }'
        f".m {{ font-family: X; }}</style><text>{note}</text></svg>"
    )
    assert (
        without_web_fonts(svg)
        == f"<svg><style>.m {{ font-family: X; }}</style><text>{note}</text></svg>"
    )


def test_a_stylesheet_still_loading_a_resource_is_refused() -> None:
    svg = '<svg><style>@import url("https://cdn.example/fonts.css");</style></svg>'
    with pytest.raises(RuntimeError, match="still loads a resource"):
        without_web_fonts(svg)


def test_the_command_says_it_is_drawing_when_someone_watches(tmp_path: Path) -> None:
    """Thousands of markets take seconds to draw: a terminal is told it has started (a
    script reading standard error is not: its output stays one line)."""
    output = tmp_path / "out.svg"
    argv = [sys.executable, "-m", "roadmap_tui", "export", str(TIKTOK), "-o", str(output)]
    controller, terminal = pty.openpty()
    try:
        finished = subprocess.run(argv, stderr=terminal, timeout=120, check=False)
        os.close(terminal)
        said = b""
        while chunk := _read(controller):
            said += chunk
    finally:
        os.close(controller)
    assert finished.returncode == 0
    assert said.decode("utf-8").splitlines() == [
        "roadmap-tui: drawing the svg …",
        f"exported svg to {output}",
    ]
    piped = subprocess.run(argv, capture_output=True, text=True, timeout=120, check=False)
    assert piped.stderr == f"exported svg to {output}\n"


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 4096)
    except OSError:  # Linux: the terminal's other end is closed and everything was read
        return b""
