"""Snapshots (pytest-textual-snapshot) of the sharing screens: the read-only banner, the
compare screen, the Δ marks, and the prompts. Explicit sizes, the fixed clock, no cursor
blink, run inside tmp_path so only relative file names show.

Update after a deliberate change with `--snapshot-update`, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.share import snapshot as snapshots
from tests.ui.scenarios import FIXED_NOW

# GB live → planned with a note that looks like markup; Germany's notes get a line.
EDITS = ["s", "1", *"[bold]restart[/]", "enter", "down", "n", "end", *" [/ more", "ctrl+s"]


@pytest.fixture
def frozen_here(tiktok_here: Path) -> Path:
    """A snapshot of the sample, taken at the fixed moment, with a note."""
    return snapshots.take_snapshot(tiktok_here, note="July review", now=FIXED_NOW)


def test_read_only_banner_80x24(snap_compare, open_app, frozen_here):
    assert snap_compare(open_app(frozen_here), terminal_size=(80, 24))


def test_read_only_edit_refused_80x24(snap_compare, open_app, frozen_here):
    assert snap_compare(open_app(frozen_here), press=["s"], terminal_size=(80, 24))


def test_compare_screen_80x24(snap_compare, open_app, frozen_here, tiktok_here):
    press = [*EDITS, "c", "enter"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_compare_screen_160x50(snap_compare, open_app, frozen_here, tiktok_here):
    press = [*EDITS, "c", "enter"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_changed_rows_marked_80x24(snap_compare, open_app, frozen_here, tiktok_here):
    press = [*EDITS, "c", "enter", "escape"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_snapshot_picker_80x24(snap_compare, open_app, frozen_here, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["c"], terminal_size=(80, 24))


def test_export_path_prompt_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["x", "2"], terminal_size=(80, 24))


def test_export_format_picker_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["x"], terminal_size=(80, 24))
