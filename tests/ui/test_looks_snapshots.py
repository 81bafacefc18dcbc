"""Snapshots of the table view's looks (issue 9): the Owner column, the overdue mark (the
fixed clock says 2024-05-06, so the US target 2022-11-01 has passed) in the light theme
and with NO_COLOR, a long title with unsaved changes, and the snapshot question, at
80×24 and 160×50. Update with `--snapshot-update`, then look at each SVG as a picture."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.scenarios import SAMPLES

US = ["down"] * 5  # the cursor on the United States: paused, its target passed


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR set as a user sets it (the app reads it once, when it is made)."""
    monkeypatch.setenv("NO_COLOR", "1")


async def _light(pilot) -> None:
    pilot.app.theme = "textual-light"
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_table_in_the_light_theme(snap_compare, open_app, tiktok_here, size):
    assert snap_compare(open_app(tiktok_here), run_before=_light, terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_table_with_no_color(snap_compare, open_app, tiktok_here, no_color, size):
    assert snap_compare(open_app(tiktok_here), press=US, terminal_size=size)


def test_long_title_with_unsaved_changes_80x24(snap_compare, open_app, here):
    text = (SAMPLES / "tiktok_shop.toml").read_text("utf-8")
    long = "TikTok Shop — live shopping expansion across Europe, the Americas and Asia"
    (here / "tiktok_shop.toml").write_text(
        text.replace("TikTok Shop — live shopping expansion", long), "utf-8"
    )
    press = ["down", "s", "1", "enter"]
    assert snap_compare(open_app(Path("tiktok_shop.toml")), press=press, terminal_size=(80, 24))


def test_snapshot_question_80x24(snap_compare, open_app, tiktok_here):
    press = ["down", "s", "1", "enter", "S"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))
