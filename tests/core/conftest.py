"""Shared fixtures for the core tests: no test ever touches the real home directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every location roadmap-tui uses at the test's own temporary directory."""
    monkeypatch.setenv("ROADMAP_TUI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ROADMAP_TUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("ROADMAP_TUI_DEFAULT_ROADMAP", str(tmp_path / "data" / "roadmap.toml"))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write text (or bytes) to a file in tmp_path, exactly as given (no newline translation)."""

    def _write(content: str | bytes, name: str = "roadmap.toml") -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write
