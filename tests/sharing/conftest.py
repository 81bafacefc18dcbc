"""Fixtures for the sharing tests: the TikTok sample and files written as given."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.sharing.helpers import TIKTOK


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
