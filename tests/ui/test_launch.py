"""Opening a roadmap: the default one, a missing one, an invalid one, the CLI."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from roadmap_tui import paths, templates
from roadmap_tui.cli import main as cli_main
from roadmap_tui.cli import tui
from roadmap_tui.errors import EXIT_USAGE
from roadmap_tui.ui.screens.error import InvalidFileScreen, MissingFileScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import INVALID, screen_text


async def test_no_path_creates_the_default_roadmap_and_says_where(open_app):
    default = paths.default_roadmap()
    assert not default.exists()
    app = open_app(None)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert default.read_text(encoding="utf-8") == templates.starter()
        assert app.screen.query_one(MarketTable).shown_keys == ["gb", "de", "us"]
        messages = [n.message for n in app._notifications]
        assert any(str(default) in message for message in messages)


async def test_no_path_opens_the_existing_default_roadmap_without_rewriting(open_app):
    default = paths.default_roadmap()
    default.parent.mkdir(parents=True)
    default.write_text('[roadmap]\ntitle = "Mine"\n', encoding="utf-8")
    app = open_app(None)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.title == "Mine"
        assert not app._notifications
    assert default.read_text(encoding="utf-8") == '[roadmap]\ntitle = "Mine"\n'


async def test_invalid_file_lists_the_same_lines_as_validate(
    tmp_path, open_app, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    Path("broken.toml").write_text(INVALID, encoding="utf-8")
    assert cli_main(["validate", "broken.toml"]) == 1
    printed = [line for line in capsys.readouterr().err.splitlines() if line]
    assert printed and all(line.startswith("broken.toml:") for line in printed)

    app = open_app(Path("broken.toml"))
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
        text = screen_text(app)
        for line in printed:
            assert line in text
        assert "broken.toml is not a valid roadmap" in text
        await pilot.press("q")
        await pilot.pause()
        assert app._exit
    assert app.return_code == 1  # as `roadmap-tui validate` exits for an invalid file


async def test_invalid_file_reloads_once_fixed(tmp_path, open_app):
    broken = tmp_path / "broken.toml"
    broken.write_text(INVALID, encoding="utf-8")
    app = open_app(broken)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
        broken.write_text(
            INVALID.replace('"stalled"', '"paused"').replace('"July"', "2022-07-05"),
            encoding="utf-8",
        )
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("DE").status == "paused"


async def test_unreadable_path_shows_one_sentence(tmp_path, open_app):
    # a pipe, not a file (a directory is a folder of roadmaps to choose from)
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    app = open_app(pipe)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
        assert "cannot be opened" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 2


async def test_missing_file_offers_to_create_it(tmp_path, open_app):
    missing = tmp_path / "launch.toml"
    app = open_app(missing)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MissingFileScreen)
        assert "does not exist" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert missing.read_text(encoding="utf-8") == templates.starter()
        assert len(app.document.markets) == 3


async def test_missing_file_quit_creates_nothing(tmp_path, open_app):
    missing = tmp_path / "launch.toml"
    app = open_app(missing)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit
    assert not missing.exists()


def test_cli_refuses_two_paths(capsys):
    assert tui.run(["a.toml", "b.toml"]) == EXIT_USAGE
    assert "at most one roadmap" in capsys.readouterr().err


async def test_warnings_of_an_opened_file_are_shown(tmp_path, open_app, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("typo.toml").write_text(
        '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\nregoin = "Europe"\n',
        encoding="utf-8",
    )
    app = open_app(Path("typo.toml"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        messages = [n.message for n in app._notifications]
        assert any(
            m.startswith("typo.toml:8:1: warning: unknown key 'regoin'") for m in messages
        ), messages


async def _until(pilot, condition, timeout: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def test_big_file_opens_behind_a_loading_screen(tiktok, open_app, monkeypatch):
    from roadmap_tui import opening

    monkeypatch.setattr(opening, "LOAD_IN_BACKGROUND_BYTES", 100)  # the sample is "big"
    app = open_app(tiktok)
    assert app.opening.loading and app.document is None
    async with app.run_test(size=(120, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause()
        assert app.screen.query_one(MarketTable).row_count == 12
        assert app.title == "TikTok Shop — live shopping expansion"
        assert len(app.screen_stack) == 2  # the loading screen was replaced, not kept
        # what it read is kept out of the collector's scans while the app runs (heap.py)
        frozen = gc.get_freeze_count()
        assert frozen > 0 and gc.isenabled()
        # and so is, once its sorts are made ready, the main screen built after the read
        screen = app.screen
        await _until(pilot, lambda: not any(kept is screen for kept in gc.get_objects()))
    # and handed back to it when the app ends: nothing frozen is left behind
    assert gc.get_freeze_count() == 0


async def test_the_roadmap_read_at_launch_is_kept_out_of_the_collectors_scans(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        markets = app.document.markets
        scanned = {id(kept) for kept in gc.get_objects()}
        assert markets and not any(id(market) in scanned for market in markets)
    assert gc.get_freeze_count() == 0  # handed back when the app ended


async def test_big_invalid_file_shows_the_error_screen(tmp_path, open_app, monkeypatch):
    from roadmap_tui import opening

    monkeypatch.setattr(opening, "LOAD_IN_BACKGROUND_BYTES", 10)
    broken = tmp_path / "broken.toml"
    broken.write_text(INVALID, encoding="utf-8")
    app = open_app(broken)
    async with app.run_test(size=(120, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, InvalidFileScreen))
        await pilot.pause()
        assert "broken.toml is not a valid roadmap: 2 problems" in screen_text(app)
