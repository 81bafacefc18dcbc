"""Fixtures for the sharing tests: isolated locations, the TikTok sample, a fixed moment."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sharing.helpers import TIKTOK


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every location roadmap-tui uses at the test's own temporary directory."""
    monkeypatch.setenv("ROADMAP_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ROADMAP_TUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ROADMAP_TUI_DEFAULT_ROADMAP", str(tmp_path / "data" / "roadmap.toml"))


@pytest.fixture
def tiktok(tmp_path: Path) -> Path:
    """A copy of the TikTok Shop sample in tmp_path (tests never write into sample_roadmaps/)."""
    copy = tmp_path / "work" / "tiktok_shop.toml"
    copy.parent.mkdir()
    shutil.copyfile(TIKTOK, copy)
    return copy


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text to a file in tmp_path exactly as given."""

    def _write(content: str, name: str = "roadmap.toml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        return path

    return _write
