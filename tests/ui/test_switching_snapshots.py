"""Snapshots of choosing a roadmap at 80×24: ctrl+o over a roadmap (the folder's roadmaps
and a recent one), and `roadmap-tui DIR` (a folder's roadmaps, one that does not
validate among them). HOME is the test's folder, so paths read `~/…` everywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap_tui import recent
from tests.ui.scenarios import INVALID, SAMPLES


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "roadmaps"
    folder.mkdir()
    for name in ("tiktok_shop.toml", "expansion_de.toml"):
        shutil.copyfile(SAMPLES / name, folder / name)
    (folder / "broken.toml").write_text(INVALID, encoding="utf-8")
    other = tmp_path / "other" / "q3.toml"
    other.parent.mkdir()
    shutil.copyfile(SAMPLES / "starter.toml", other)
    recent.remember(other)
    return folder


async def every_file_read(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_ctrl_o_picker_80x24(snap_compare, open_app, shelf):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await every_file_read(pilot)

    app = open_app(shelf / "tiktok_shop.toml")
    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))


def test_folder_listing_80x24(snap_compare, open_app, shelf):
    async def run_before(pilot) -> None:
        await every_file_read(pilot)

    assert snap_compare(open_app(shelf), run_before=run_before, terminal_size=(80, 24))
