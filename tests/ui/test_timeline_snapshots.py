"""Snapshots of the timeline with the TikTok sample (fixed clock 2024-05-06): at 80×24
and 160×50, at each zoom, and drawn against the baseline snapshot taken before the July
2022 pause, which shows the drift of the EU wave and the US."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.ui.scenarios import SAMPLES

SNAPSHOT = "tiktok_shop-20220620-090000.toml"


@pytest.fixture
def tiktok_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample and its baseline snapshot in the test's folder, named relatively."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "snapshots").mkdir()
    shutil.copyfile(SAMPLES / "tiktok_shop.toml", tmp_path / "tiktok_shop.toml")
    shutil.copyfile(SAMPLES / "snapshots" / SNAPSHOT, tmp_path / "snapshots" / SNAPSHOT)
    return Path("tiktok_shop.toml")


def test_timeline_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["2"], terminal_size=(80, 24))


def test_timeline_160x50(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["2"], terminal_size=(160, 50))


def test_timeline_against_the_baseline_80x24(snap_compare, open_app, tiktok_here):
    press = ["2", "b", "1", "down", "down", "down", "down", "down"]  # the US
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_timeline_against_the_baseline_160x50(snap_compare, open_app, tiktok_here):
    press = ["2", "b", "1", "down"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_timeline_at_quarter_zoom_against_the_baseline_160x50(snap_compare, open_app, tiktok_here):
    press = ["2", "b", "1", "plus"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(160, 50))


def test_timeline_at_month_zoom_80x24(snap_compare, open_app, tiktok_here):
    press = ["2", "plus", "plus", "end"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))


def test_baseline_picker_80x24(snap_compare, open_app, tiktok_here):
    assert snap_compare(open_app(tiktok_here), press=["2", "b"], terminal_size=(80, 24))


def test_timeline_without_colour_80x24(snap_compare, open_app, tiktok_here, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    press = ["2", "b", "1", "down"]
    assert snap_compare(open_app(tiktok_here), press=press, terminal_size=(80, 24))
