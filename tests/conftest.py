"""Every test runs with its own data and state directories, never the real home's.

Folders may set their own on top (their fixtures run after this one)."""

from __future__ import annotations

import pytest

from roadmap_tui import paths


@pytest.fixture(autouse=True)
def _own_directories(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(home / "data"))
    monkeypatch.setenv(paths.STATE_DIR_VARIABLE, str(home / "state"))
    monkeypatch.setenv(paths.DEFAULT_ROADMAP_VARIABLE, str(home / "data" / "roadmap.toml"))
