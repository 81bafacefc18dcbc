"""The real TUI in a real terminal (tmux): make an edit, SIGKILL the process, start it
again, and the edit is offered back, re-applied and saved.

Polls with timeouts rather than sleeping fixed times; skipped where tmux is missing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument
from tests.journals import journal_path
from tests.ui.scenarios import Terminal, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def journal_edits(path: Path) -> int:
    try:
        lines = journal_path(path).read_bytes().splitlines()
    except FileNotFoundError:
        return 0
    return sum(1 for line in lines if json.loads(line).get("kind") == "edit")


def test_sigkill_with_unsaved_edits_then_restart_offers_them_back(tiktok, home):
    env = dict(os.environ)  # the fixture's private data and state folders
    env.update(TERM="xterm-256color", COLUMNS="100", LINES="30", TEXTUAL_ANIMATIONS="none")
    socket = home / "tmux.sock"
    socket.parent.mkdir(parents=True, exist_ok=True)
    terminal = Terminal(socket, env)
    command = f"exec {sys.executable} -m roadmap_tui {tiktok}"
    original = RoadmapDocument.load(tiktok)
    try:
        terminal.start("first", command)
        wait_for("the roadmap", lambda: "Germany" in terminal.screen("first"),
                 lambda: terminal.screen("first"))  # fmt: skip
        terminal.keys("first", "Down", "s")
        wait_for("the status picker", lambda: "Live" in terminal.screen("first"),
                 lambda: terminal.screen("first"))  # fmt: skip
        terminal.keys("first", "3", *"Back on", "Enter")
        wait_for("the journal", lambda: journal_edits(tiktok) == 1,
                 lambda: terminal.screen("first"))  # fmt: skip
        wait_for("the unsaved marker", lambda: "unsaved" in terminal.screen("first"),
                 lambda: terminal.screen("first"))  # fmt: skip
        os.kill(terminal.pid("first"), signal.SIGKILL)
        wait_for("the session to end", lambda: "first" not in terminal.tmux("ls"),
                 lambda: terminal.tmux("ls"))  # fmt: skip
        assert RoadmapDocument.load(tiktok).text == original.text  # nothing was saved

        terminal.start("second", command)
        wait_for("the recovery prompt", lambda: "Unsaved edits found" in terminal.screen("second"),
                 lambda: terminal.screen("second"))  # fmt: skip
        shown = terminal.screen("second")
        assert "1 unsaved edit found." in shown
        assert "DE: status paused → live" in shown
        terminal.keys("second", "r")
        wait_for("the edit re-applied", lambda: "unsaved" in terminal.screen("second")
                 and "Unsaved edits found" not in terminal.screen("second"),
                 lambda: terminal.screen("second"))  # fmt: skip
        terminal.keys("second", "C-s")

        def saved() -> bool:
            return RoadmapDocument.load(tiktok).market("DE").status is Status.LIVE

        wait_for("the save", saved, lambda: terminal.screen("second"))
        terminal.keys("second", "q")
        wait_for("the app to quit", lambda: "second" not in terminal.tmux("ls"),
                 lambda: terminal.screen("second"))  # fmt: skip
    finally:
        terminal.stop()
    reloaded = RoadmapDocument.load(tiktok)
    germany = reloaded.market("DE")
    assert germany.history[-1].note == "Back on"
    assert germany.history[-1].to == Status.LIVE
    assert [m for m in reloaded.markets if m.key != "de"] == [
        m for m in original.markets if m.key != "de"
    ]
    assert not journal_path(tiktok).exists()
