"""Settings and the editor in a real terminal (tmux, 80×24): the theme chosen in the
command palette is the theme of the next run, and `e` on the invalid-file screen hands
the terminal to the editor (the app really suspends) and opens the file it fixed.

Polls with timeouts rather than sleeping fixed times; skipped where tmux is missing."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from roadmap_tui import paths
from roadmap_tui.settings import load
from tests.ui.scenarios import INVALID, Terminal, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


@pytest.fixture
def terminal(home: Path):
    env = dict(os.environ)  # the fixture's private data, state and config
    env.update(TERM="xterm-256color", COLUMNS="80", LINES="24", TEXTUAL_ANIMATIONS="none")
    socket = home / "tmux.sock"
    socket.parent.mkdir(parents=True, exist_ok=True)
    shown = Terminal(socket, env, size=(80, 24))
    yield shown
    shown.stop()


def header(terminal: Terminal, session: str) -> str:
    """The first line with its colours: the header, drawn in the theme's colours."""
    return terminal.colours(session).splitlines()[0]


def settled_header(terminal: Terminal, session: str) -> str:
    """The header once the screen has settled: no palette open (it dims what is under
    it) and the same colours in two captures in a row (a frame may arrive in parts)."""
    seen: list[str] = []

    def settled() -> bool:
        seen.append(header(terminal, session))
        closed = "Search for" not in terminal.screen(session)
        return closed and len(seen) > 1 and seen[-1] == seen[-2]

    wait_for("the screen to settle", settled, lambda: terminal.screen(session))
    return seen[-1]


def test_the_theme_chosen_in_the_palette_is_there_on_the_next_run(terminal, tiktok):
    command = f"exec {sys.executable} -m roadmap_tui {tiktok}"
    terminal.start("first", command)
    wait_for("the roadmap", lambda: "Germany" in terminal.screen("first"),
             lambda: terminal.screen("first"))  # fmt: skip
    default_header = settled_header(terminal, "first")
    terminal.keys("first", "C-p")
    wait_for("the palette", lambda: "Search for commands" in terminal.screen("first"),
             lambda: terminal.screen("first"))  # fmt: skip
    terminal.keys("first", *"theme")
    wait_for("the theme command", lambda: "Change the current theme" in terminal.screen("first"),
             lambda: terminal.screen("first"))  # fmt: skip
    terminal.keys("first", "Enter")
    wait_for("the theme picker", lambda: "Search for themes" in terminal.screen("first"),
             lambda: terminal.screen("first"))  # fmt: skip
    terminal.keys("first", *"nord")
    # typed in the search field, and found in the list below it
    wait_for("nord in the list", lambda: terminal.screen("first").count("nord") >= 2,
             lambda: terminal.screen("first"))  # fmt: skip
    terminal.keys("first", "Enter")
    config = paths.config_file()
    wait_for("the theme written down", lambda: config.exists() and load(config).settings.theme == "nord",
             lambda: terminal.screen("first"))  # fmt: skip
    nord_header = settled_header(terminal, "first")
    assert nord_header != default_header  # the theme changed what is drawn
    terminal.keys("first", "q")
    wait_for("the app to quit", lambda: terminal.ended("first"), lambda: terminal.screen("first"))
    written = config.stat().st_mtime_ns

    terminal.start("second", command)
    wait_for("the roadmap again", lambda: "Germany" in terminal.screen("second"),
             lambda: terminal.screen("second"))  # fmt: skip
    assert settled_header(terminal, "second") == nord_header
    terminal.keys("second", "q")
    wait_for("the app to quit", lambda: terminal.ended("second"), lambda: terminal.screen("second"))
    assert config.stat().st_mtime_ns == written  # starting in it wrote nothing


def test_e_hands_the_terminal_to_the_editor_and_opens_the_fixed_file(terminal, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text(INVALID, encoding="utf-8")
    fixed = INVALID.replace('"stalled"', '"paused"').replace('"July"', "2022-07-05")
    record = tmp_path / "editor.json"
    editor = tmp_path / "bin" / "vim"
    editor.parent.mkdir()
    # a stand-in for vim: says what it was given and whether it has the terminal, fixes
    # the file, and waits for a key as an editor would
    editor.write_text(
        f"#!{sys.executable}\n"
        "import json, os, pathlib, sys\n"
        f"pathlib.Path({str(record)!r}).write_text(json.dumps("
        "{'argv': sys.argv[1:], 'tty': os.isatty(0) and os.isatty(1)}))\n"
        f"pathlib.Path(sys.argv[-1]).write_text({fixed!r}, encoding='utf-8')\n"
        "print('EDITING ' + sys.argv[-1], flush=True)\n"
        "sys.stdin.readline()\n",
        encoding="utf-8",
    )
    editor.chmod(0o755)
    terminal.env["EDITOR"] = str(editor)
    terminal.start("edit", f"exec {sys.executable} -m roadmap_tui {broken}")
    wait_for("the invalid-file screen", lambda: "not a valid roadmap" in terminal.screen("edit"),
             lambda: terminal.screen("edit"))  # fmt: skip
    terminal.keys("edit", "e")
    wait_for("the editor", lambda: "EDITING" in terminal.screen("edit"),
             lambda: terminal.screen("edit"))  # fmt: skip
    assert "not a valid roadmap" not in terminal.screen("edit")  # the app let go of the screen
    terminal.keys("edit", "Enter")
    wait_for("the roadmap", lambda: "Germany" in terminal.screen("edit") and "paused" in terminal.screen("edit"),
             lambda: terminal.screen("edit"))  # fmt: skip
    assert json.loads(record.read_text()) == {"argv": ["+7", str(broken)], "tty": True}
    terminal.keys("edit", "q")
    wait_for("the app to quit", lambda: terminal.ended("edit"), lambda: terminal.screen("edit"))
