"""`e` on the invalid-file screen: the user's editor opens at the first error's line (a
fake editor script records what it was given and fixes, or fails to fix, the file); on
its return the file is checked again and opens if it is valid now.

Textual's headless driver cannot hand the terminal over (`App.suspend` raises), so these
tests give the app a suspend that does nothing; tests/ui/test_settings_in_terminal.py
runs the same flow in a real terminal, where the app really suspends."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import pytest

from roadmap_tui.ui.screens.error import InvalidFileScreen
from roadmap_tui.ui.screens.main import MainScreen
from tests.ui.scenarios import INVALID, messages, screen_text

FIXED = INVALID.replace('"stalled"', '"paused"').replace('"July"', "2022-07-05")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(INVALID, encoding="utf-8")
    return path


def fake_editor(tmp_path: Path, name: str, *, writes: str | None, exit_code: int = 0) -> Path:
    """An executable called `name` that records its arguments in `argv.json`, writes
    `writes` into the file it was given (its last argument, less a `:line:col`), and
    ends with `exit_code`."""
    script = tmp_path / "bin" / name
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, re, sys\n"
        f"pathlib.Path({str(tmp_path / 'argv.json')!r}).write_text(json.dumps(sys.argv[1:]))\n"
        f"writes = {writes!r}\n"
        "if writes is not None:\n"
        "    target = re.sub(r':\\d+:\\d+$', '', sys.argv[-1])\n"
        "    pathlib.Path(target).write_text(writes, encoding='utf-8')\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def given_arguments(tmp_path: Path) -> list[str]:
    return json.loads((tmp_path / "argv.json").read_text(encoding="utf-8"))


def headless(app) -> None:
    """What App.suspend does with a real terminal, minus the terminal."""
    app.suspend = contextlib.nullcontext


async def press_e(app, pilot) -> None:
    await pilot.pause()
    assert isinstance(app.screen, InvalidFileScreen)
    headless(app)
    await pilot.press("e")
    await pilot.pause()
    await pilot.pause()


async def test_a_vi_style_editor_opens_at_the_line_and_the_fixed_file_opens(
    tmp_path, broken, open_app, monkeypatch
):
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "vim", writes=FIXED)))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.document.market("DE").status == "paused"
    assert given_arguments(tmp_path) == ["+7", str(broken)]


async def test_vs_code_is_told_file_line_and_column_and_waited_for(
    tmp_path, broken, open_app, monkeypatch
):
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "code", writes=FIXED)))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert given_arguments(tmp_path) == ["--wait", "-g", f"{broken}:7:10"]


async def test_visual_comes_before_editor(tmp_path, broken, open_app, monkeypatch):
    monkeypatch.setenv("VISUAL", f"{fake_editor(tmp_path, 'nano', writes=FIXED)} --nowrap")
    monkeypatch.setenv("EDITOR", str(tmp_path / "bin" / "not-this-one"))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert isinstance(app.screen, MainScreen)
    assert given_arguments(tmp_path) == ["--nowrap", "+7,10", str(broken)]


async def test_a_file_still_broken_shows_its_problems_again(
    tmp_path, broken, open_app, monkeypatch
):
    half_fixed = INVALID.replace('"stalled"', '"paused"')
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "vi", writes=half_fixed)))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert isinstance(app.screen, InvalidFileScreen)
        text = screen_text(app)
        assert "broken.toml is not a valid roadmap: 1 problem" in text
        assert "unknown status" not in text
        assert "'since' must be a date" in text
        assert [str(d) for d in app.screen.problem.diagnostics] == [
            f"{broken}:8:9: error: market DE: 'since' must be a date such as 2022-07-05, "
            "written without quotes"
        ]
        assert messages(app)[-1] == "The file still cannot be opened."
        # the next `e` opens the editor at the problem left
        fake_editor(tmp_path, "vi", writes=FIXED)
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert given_arguments(tmp_path) == ["+8", str(broken)]


async def test_an_editor_that_fails_is_said_and_the_file_checked_anyway(
    tmp_path, broken, open_app, monkeypatch
):
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "vim", writes=FIXED, exit_code=2)))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert "The editor vim ended with exit status 2." in messages(app)
        assert isinstance(app.screen, MainScreen)  # what it wrote is valid: opened


async def test_an_editor_that_is_not_there_is_one_sentence(broken, open_app, monkeypatch):
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --flag")
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert isinstance(app.screen, InvalidFileScreen)
        assert messages(app) == [
            "Cannot open broken.toml: the editor 'no-such-editor-anywhere' was not found; "
            "set $VISUAL or $EDITOR."
        ]
    assert broken.read_text(encoding="utf-8") == INVALID


async def test_an_editor_variable_that_cannot_be_split_is_one_sentence(
    broken, open_app, monkeypatch
):
    monkeypatch.setenv("VISUAL", "code 'oops")
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_e(app, pilot)
        assert messages(app) == ["$VISUAL cannot be used (No closing quotation): code 'oops"]


async def test_a_terminal_that_cannot_be_handed_over_is_one_sentence(
    tmp_path, broken, open_app, monkeypatch
):
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, "vim", writes=FIXED)))
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")  # headless: Textual cannot suspend here
        await pilot.pause()
        assert isinstance(app.screen, InvalidFileScreen)
        assert messages(app) == [
            "This terminal cannot be handed over to an editor: "
            "fix the file in another window, then press r."
        ]
    assert not (tmp_path / "argv.json").exists()
    assert broken.read_text(encoding="utf-8") == INVALID


async def test_e_is_in_the_footer_of_the_invalid_file_screen(broken, open_app):
    app = open_app(broken)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "e Edit" in footer and "r Reload" in footer and "^o Open" in footer
