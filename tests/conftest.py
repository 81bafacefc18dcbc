"""Every test runs in a home of its own: roadmap-tui's data and state folders, the default
roadmap, the config file and the backup count all point into the test's `tmp_path`, never
the real home; no editor variable of the machine leaks in.

The `home` fixture is that folder (`tmp_path / "home"`); the app creates it when it must."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui import paths
from roadmap_tui.safety import backups


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own home for roadmap-tui (data, state, config and the default roadmap)."""
    folder = tmp_path / "home"
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(folder / "data"))
    monkeypatch.setenv(paths.STATE_DIR_VARIABLE, str(folder / "state"))
    monkeypatch.setenv(paths.DEFAULT_ROADMAP_VARIABLE, str(folder / "data" / "roadmap.toml"))
    monkeypatch.setenv(paths.CONFIG_VARIABLE, str(folder / "config" / "config.toml"))
    for variable in ("VISUAL", "EDITOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv(backups.KEEP_VARIABLE, raising=False)
    # Textual's animations would make what a test sees depend on timing
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return folder
