"""Snapshots of the map view with the TikTok sample and the fixed clock: 80×24 and
160×50, dark and light, with NO_COLOR (glyphs instead of colours), and at 200×60 with a
market whose code is not a country listed beside the map.

Update after a deliberate change with `--snapshot-update`, then look at the SVGs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.scenarios import SAMPLES


@pytest.fixture
def no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR set for the app (Textual reads it when the app is made)."""
    monkeypatch.setenv("NO_COLOR", "1")


def light(*keys: str):
    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_map_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["5"], terminal_size=(80, 24))


def test_map_160x50_cursor_moved_to_the_us(snap_compare, open_app, tiktok_here):
    press = ["5", "left"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_map_light_80x24(snap_compare, open_app, tiktok_here):
    app = open_app(tiktok_here)
    assert snap_compare(app, run_before=light("5"), terminal_size=(80, 24))


def test_map_light_160x50(snap_compare, open_app, tiktok_here):
    app = open_app(tiktok_here)
    assert snap_compare(app, run_before=light("5", "right"), terminal_size=(160, 50))


def test_map_no_color_80x24(snap_compare, open_app, tiktok_here, no_color):
    assert snap_compare(open_app(tiktok_here), press=["5"], terminal_size=(80, 24))


def test_map_no_color_160x50(snap_compare, open_app, tiktok_here, no_color):
    press = ["5", "left"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_map_200x60_with_a_code_that_is_not_a_country(snap_compare, open_app, tiktok_here):
    text = tiktok_here.read_text("utf-8").replace('code = "PH"', 'code = "SEA-1"', 1)
    tiktok_here.write_text(text, "utf-8")
    press = ["5", "left_square_bracket"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(200, 60))


def test_map_of_a_regional_roadmap_80x24(snap_compare, open_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "expansion_de.toml").write_bytes((SAMPLES / "expansion_de.toml").read_bytes())
    press = ["5", "right"]
    assert snap_compare(open_app(Path("expansion_de.toml")), press=press, terminal_size=(80, 24))
