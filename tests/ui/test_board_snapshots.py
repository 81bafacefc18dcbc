"""Snapshots of the board and the regions views with the TikTok sample, at 80×24 and
160×50 (fixed clock, no cursor blink): the board as it opens, after a card is moved, with
six statuses, without colour; the regions as they open, collapsed and sorted by name.

Update after a deliberate change with `--snapshot-update`, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.scenarios import SAMPLES


@pytest.fixture
def stages_here(here: Path) -> Path:
    (here / "tiktok_stages.toml").write_bytes((SAMPLES / "tiktok_stages.toml").read_bytes())
    return Path("tiktok_stages.toml")


# The board: GB (the table's first row) under the cursor, in the live column.


def test_board_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["3"], terminal_size=(80, 24))


def test_board_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["3"], terminal_size=(160, 50))


# DE moved from paused to planned, with a note: in the planned column, the cursor on it,
# the counts changed, "● unsaved" in the header.
MOVE_DE = ["3", "left", "shift+left", *"Restart in 2024", "enter"]


def test_board_after_moving_a_card_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=MOVE_DE, terminal_size=(80, 24))


def test_board_after_moving_a_card_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=MOVE_DE, terminal_size=(160, 50))


def test_board_moving_a_card_asks_the_note(snap_compare, open_app, tiktok_here):
    press = ["3", "left", "shift+left", *"Restart"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_board_of_six_statuses_80x24(snap_compare, open_app, stages_here):
    # five columns of 15 cells, the sixth (exited) off to the right: ▶
    assert snap_compare(open_app(stages_here), press=["3"], terminal_size=(80, 24))


def test_board_of_six_statuses_200x60(snap_compare, open_app, stages_here):
    assert snap_compare(open_app(stages_here), press=["3"], terminal_size=(200, 60))


def test_board_without_colour(snap_compare, open_app, tiktok_here, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    press = ["3", "left", "end"]  # the cursor on US, overdue
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_board_in_the_light_theme(snap_compare, open_app, tiktok_here):
    press = ["3", "left", "end", "ctrl+t"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


# The regions: the cursor on GB, Europe expanded.


def test_regions_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["4"], terminal_size=(80, 24))


def test_regions_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["4"], terminal_size=(160, 50))


def test_regions_collapsed_and_by_name_160x50(snap_compare, open_app, tiktok_here):
    # Europe collapsed (the cursor on its line), then sorted by name
    press = ["4", "left", "left", "o"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_regions_of_six_statuses_80x24(snap_compare, open_app, stages_here):
    assert snap_compare(open_app(stages_here), press=["4"], terminal_size=(80, 24))
