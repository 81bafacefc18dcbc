"""What the UI tests share: the samples, a fixed clock, reading the screen, and the
scenarios several files use (a hand edit on disk, a crashed session, tricky text).
Test files import from here, never from each other or from conftest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

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
