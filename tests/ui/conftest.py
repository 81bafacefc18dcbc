"""Shared setup of the UI tests: a fixed clock, the app as the CLI builds it, the TikTok sample."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.launch import make_app
from tests.ui.scenarios import SAMPLES, fixed_clock


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop (no async plugin is installed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def tiktok(tmp_path: Path) -> Path:
    """A private copy of the TikTok Shop sample roadmap."""
    copy = tmp_path / "tiktok_shop.toml"
    shutil.copyfile(SAMPLES / "tiktok_shop.toml", copy)
    return copy


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work inside tmp_path, so relative paths (and messages naming them) have no tmp dir:
    what snapshots show does not depend on where the test ran."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def tiktok_here(here: Path) -> Path:
    """The TikTok sample in the working folder, named relatively."""
    (here / "tiktok_shop.toml").write_bytes((SAMPLES / "tiktok_shop.toml").read_bytes())
    return Path("tiktok_shop.toml")


@pytest.fixture
def open_app() -> Callable[..., RoadmapApp]:
    """Build the app exactly as the CLI does, with the fixed clock and no cursor blink."""

    def build(path: Path | None = None) -> RoadmapApp:
        return make_app(path, clock=fixed_clock, cursor_blink=False)

    return build


@pytest.fixture
def fixed_core_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make documents the CLI opens use the fixed clock too (its default is bound at
    definition time, so the default itself is replaced)."""
    load = RoadmapDocument.load.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(load, "__defaults__", (fixed_clock,))
