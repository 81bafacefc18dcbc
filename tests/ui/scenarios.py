"""What the UI tests share: the samples, a fixed clock, reading the screen, and the
scenarios several files use (a hand edit on disk, a crashed session, tricky text).
Test files import from here, never from each other or from conftest."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from roadmap_tui.model import Status
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.render import render_value
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.widgets.market_table import MarketTable

SAMPLES = Path(__file__).resolve().parents[2] / "sample_roadmaps"
FIXED_NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


def fixed_clock() -> datetime:
    """The time every test edit happens at, so history entries and snapshots repeat."""
    return FIXED_NOW


def screen_lines(app: RoadmapApp) -> list[str]:
    """The text of the screen as it is drawn, one string per terminal line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: RoadmapApp) -> str:
    return "\n".join(screen_lines(app))


DE_NOTES = '"Paused with the rest of the first EU wave; restart only after the UK numbers improve."'


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def table(app) -> MarketTable:
    return app.main_screen.query_one(MarketTable)


def edit_on_disk(path: Path, old: str, new: str) -> str:
    """Change the file as an editor would (a new size, so the watcher sees it at once)."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    path.write_text(changed, encoding="utf-8")
    return changed


async def set_status(pilot, code: str, status: Status, note: str = "") -> None:
    pilot.app.main_screen.change_status(code, status, note)
    await pilot.pause()


def merged_text(their_text: str, *edits) -> str:
    """Their text with our edits applied the lossless way: what the merge must save."""
    document = RoadmapDocument.from_text(their_text, clock=fixed_clock)
    for edit in edits:
        edit(document)
    return document.text


def crashed_session(path: Path) -> str:
    """Make two journaled edits to `path` and end without saving, as a killed app would
    (the lock is let go, as the OS does for a dead process). Returns the edited text."""
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    document.set_status("DE", Status.LIVE, note="Back on after the UK review")
    journal.record()
    document.set_notes("FR", "Launch with the Paris creators' programme.")
    journal.record()
    journal.close()
    return document.text


INVALID = """[roadmap]
title = "Broken"

[[markets]]
code = "DE"
name = "Germany"
status = "stalled"
since = "July"
"""


TRICKY = {
    "name": "[bold]x[/] [/ [link=https://example.com]x[/link]",
    "region": "[red]Europe[/red]",
    "owner": "مرحبا עולם",
    "tags": ["[b]tag[/b]", "🚀", "日本語"],
    "notes": "[/\n\x1b[31mred\x1b[0m and a bell\x07\n[link=https://example.com]x[/link] 新しい 🚀",
}


def tricky_roadmap(tmp_path: Path) -> Path:
    lines = ['[roadmap]\ntitle = "[bold]Title[/] \\u001b[2J"\n', "[[markets]]", 'code = "XX"']
    for key in ("name", "region", "owner", "tags", "notes"):
        lines.append(f"{key} = {render_value(TRICKY[key])}")
    lines.append('status = "planned"')
    path = tmp_path / "tricky.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- the real app in a real terminal (tmux) --------------------------------------------------

TERMINAL_TIMEOUT = 30.0


class Terminal:
    """One tmux server of our own (its own socket) running commands at `size` (100×30)."""

    def __init__(
        self, socket: Path, env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.socket = socket
        self.env = env
        self.size = size

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=TERMINAL_TIMEOUT,
        )
        return result.stdout

    def start(self, session: str, command: str) -> None:
        width, height = self.size
        subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", os.devnull, "new-session", "-d",
             "-s", session, "-x", str(width), "-y", str(height), command],
            check=True,
            env=self.env,
            timeout=TERMINAL_TIMEOUT,
        )  # fmt: skip

    def screen(self, session: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", session)

    def colours(self, session: str) -> str:
        """The screen with its colours, as escape sequences."""
        return self.tmux("capture-pane", "-p", "-e", "-t", session)

    def keys(self, session: str, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", session, key)
            time.sleep(0.05)  # one key at a time, as typed

    def pid(self, session: str) -> int:
        return int(self.tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())

    def ended(self, session: str) -> bool:
        return session not in self.tmux("ls")

    def stop(self) -> None:
        subprocess.run(
            ["tmux", "-S", str(self.socket), "kill-server"],
            capture_output=True,
            env=self.env,
            timeout=TERMINAL_TIMEOUT,
        )


def wait_for(what: str, check: Callable[[], bool], describe: Callable[[], str]) -> None:
    """Poll `check` until it holds; fail, showing `describe()`, after the timeout."""
    deadline = time.monotonic() + TERMINAL_TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; screen:\n{describe()}")


async def run_from_palette(pilot, typed: str, until: Callable[[], bool]) -> None:
    """Open the palette, type `typed`, press enter once the palette lists what the typing
    found, and return when `until()` holds. The palette searches in a worker, and runs the
    chosen command after it closes: enter pressed before the list has the search's hits
    would pick a discovery hit (a person sees the list first). Waits on those states,
    never on a time; fails after many turns of the event loop."""
    await pilot.press("ctrl+p", *typed)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    found = palette.query_one(CommandList)
    words = typed.casefold().split()

    def listed() -> bool:  # the first hit has every word typed (the search's, not discovery's)
        if not found.option_count:
            return False
        prompt = found.get_option_at_index(0).prompt
        title = getattr(prompt, "plain", str(prompt)).casefold()
        return all(word in title for word in words)

    for _ in range(2_000):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if listed():
            break
    assert listed(), f"the palette found nothing for {typed!r}"
    await pilot.press("enter")
    for _ in range(2_000):
        await pilot.pause()
        if until():
            return
    pytest.fail(f"the palette's command for {typed!r} did not do what was expected")
