"""`textual run roadmap_tui.ui.launch` (Textual's devtools) opens the app, as Textual
users expect. Textual's own `import_app` is what `textual run` calls, so the first tests
need no textual-dev; the last runs the real `textual` command in tmux where it is
installed."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual._import_app import import_app

from roadmap_tui.ui import launch
from roadmap_tui.ui.app import RoadmapApp
from tests.sharing.helpers import TIKTOK
from tests.ui.scenarios import screen_text

TIMEOUT = 30.0
# textual-dev's command, beside this Python (a virtual environment) or on PATH
TEXTUAL = shutil.which(
    "textual", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
)


@pytest.fixture
def tiktok(tmp_path: Path) -> Path:
    copy = tmp_path / "tiktok_shop.toml"
    shutil.copyfile(TIKTOK, copy)
    return copy


@pytest.fixture
def argv_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """import_app sets sys.argv and appends to sys.path, as `textual run` does."""
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(sys, "path", list(sys.path))


def test_the_module_offers_an_app_class_so_importing_does_no_work() -> None:
    assert isinstance(launch.app, type) and issubclass(launch.app, RoadmapApp)


def test_textual_run_with_a_path_opens_that_roadmap(tiktok: Path, argv_kept) -> None:
    app = import_app(f"roadmap_tui.ui.launch {tiktok}")
    assert isinstance(app, RoadmapApp)
    assert app.document is not None and app.document.path == tiktok

    async def shown() -> str:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return screen_text(app)

    text = asyncio.run(shown())
    assert "United Kingdom" in text and "Indonesia" in text


def test_textual_run_without_a_path_opens_the_default_roadmap(home: Path, argv_kept) -> None:
    app = import_app("roadmap_tui.ui.launch")
    assert isinstance(app, RoadmapApp) and app.document is not None
    assert app.document.path == Path(os.environ["ROADMAP_TUI_DEFAULT_ROADMAP"])


def test_textual_run_with_two_paths_says_so(tiktok: Path, argv_kept) -> None:
    with pytest.raises(SystemExit, match=r"^roadmap-tui: give at most one roadmap to open$"):
        import_app(f"roadmap_tui.ui.launch {tiktok} {tiktok}")


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
@pytest.mark.skipif(TEXTUAL is None, reason="textual-dev (the `textual` command) is not installed")
def test_the_textual_command_runs_the_app(tiktok: Path, home: Path) -> None:
    socket = home / "tmux.sock"
    socket.parent.mkdir(parents=True, exist_ok=True)
    # as in an activated virtual environment: textual-dev re-executes Python as `python`,
    # which finds its environment through PATH
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    env = {**os.environ, "TERM": "xterm-256color", "PATH": path}

    def tmux(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(socket), *args],
            capture_output=True, text=True, env=env, timeout=TIMEOUT, check=False,
        ).stdout  # fmt: skip

    command = f'{TEXTUAL} run "roadmap_tui.ui.launch {tiktok}"'
    tmux("-f", os.devnull, "new-session", "-d", "-s", "run", "-x", "100", "-y", "30", command)
    try:
        deadline = time.monotonic() + TIMEOUT
        while "United Kingdom" not in (screen := tmux("capture-pane", "-p", "-t", "run")):
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not show the roadmap; screen:\n{screen}")
            time.sleep(0.1)  # polling the screen, not waiting for a race
    finally:
        tmux("kill-server")
