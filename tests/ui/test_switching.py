"""Roadmaps you can switch: ctrl+o lists the folder's roadmaps and the recent ones and
opens the one picked (unsaved edits asked about first, as quitting asks); `roadmap-tui
DIR` lists a folder with its counts; `roadmap-tui` offers the recent roadmaps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from roadmap_tui import paths, recent
from roadmap_tui.cli import tui
from roadmap_tui.errors import EXIT_USAGE
from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.error import InvalidFileScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.roadmap_picker import RoadmapPicker
from tests.journals import journal_path
from tests.ui.scenarios import INVALID, SAMPLES, messages, screen_text


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of roadmaps, `~/roadmaps` (HOME is the test's folder, so paths read the
    same on every machine): two samples and one that does not validate."""
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "roadmaps"
    folder.mkdir()
    for name in ("tiktok_shop.toml", "expansion_de.toml"):
        shutil.copyfile(SAMPLES / name, folder / name)
    (folder / "broken.toml").write_text(INVALID, encoding="utf-8")
    (folder / "notes.md").write_text("not a roadmap", encoding="utf-8")
    return folder


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A roadmap in another folder, opened lately."""
    path = tmp_path / "other" / "q3.toml"
    path.parent.mkdir()
    shutil.copyfile(SAMPLES / "starter.toml", path)
    recent.remember(path)
    return path


async def open_picker(pilot) -> RoadmapPicker:
    await pilot.press("ctrl+o")
    await pilot.pause()
    picker = pilot.app.screen
    assert isinstance(picker, RoadmapPicker)
    await settle(pilot)
    return picker


async def settle(pilot) -> None:
    """Wait for the picker's thread to have read every file, and the screen to show it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def pick(pilot, path: Path) -> None:
    """Move the highlight to `path` with the arrow keys and press enter."""
    picker = pilot.app.screen
    assert isinstance(picker, RoadmapPicker)
    options = picker.query_one("#picker-roadmaps", OptionList)
    wanted = options.get_option_index(str(picker.paths.index(path)))
    for _ in range(len(options.options)):
        if options.highlighted == wanted:
            break
        await pilot.press("down" if (options.highlighted or 0) < wanted else "up")
    assert options.highlighted == wanted
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_ctrl_o_lists_the_folder_and_the_recent_roadmaps(shelf, elsewhere, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        picker = await open_picker(pilot)
        assert [path.name for path in picker.paths] == [
            "broken.toml",
            "expansion_de.toml",
            "tiktok_shop.toml",
            "q3.toml",
        ]
        text = screen_text(app)
        assert "In ~/roadmaps" in text and "Recent" in text
        assert "expansion_de.toml  Expansion DACH — Markteinführung 2025/26" in text
        assert "1 live · 2 paused · 3 planned" in text
        assert "7 live · 5 paused · 0 planned  open now" in text
        assert "✗ broken.toml:7:10: market DE: unknown status 'stalled'" in text
        assert "1 live · 1 paused · 1 planned  in ~/other" in text
        # the one open now is not where the highlight starts
        options = picker.query_one("#picker-roadmaps", OptionList)
        assert options.highlighted == options.get_option_index("0")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == shelf / "tiktok_shop.toml"


async def test_picking_opens_that_roadmap_and_it_becomes_the_most_recent(
    shelf, elsewhere, open_app
):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_picker(pilot)
        await pick(pilot, elsewhere)
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == elsewhere
        assert app.document.roadmap.title == "My product roadmap"
        assert "q3.toml" in app.sub_title
        assert [s for s in app.screen_stack if isinstance(s, MainScreen)] == [app.screen]
        await pilot.pause()
    assert recent.recent_roadmaps()[:2] == [elsewhere, shelf / "tiktok_shop.toml"]


async def test_the_roadmap_picked_takes_edits_and_saves_to_its_own_file(shelf, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    before = (shelf / "tiktok_shop.toml").read_bytes()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_picker(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        await pilot.press("down", "s", "3", *"Start", "enter", "ctrl+s")  # AT goes live
        await pilot.pause()
        assert not app.document.dirty
    assert (shelf / "tiktok_shop.toml").read_bytes() == before
    austria = RoadmapDocument.load(shelf / "expansion_de.toml").market("AT")
    assert austria.status is Status.LIVE
    assert austria.history[-1].note == "Start"


async def test_unsaved_edits_are_asked_about_first_and_cancel_stays(shelf, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "3", "enter")  # DE goes live, unsaved
        await pilot.pause()
        assert app.document.dirty
        await open_picker(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        assert isinstance(app.screen, Confirm)
        assert "tiktok_shop.toml has unsaved changes." in screen_text(app)
        assert "Save" in screen_text(app) and "Discard" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == shelf / "tiktok_shop.toml"
        assert app.document.dirty
        assert app.document.market("DE").status is Status.LIVE


async def test_discard_opens_the_other_and_leaves_the_file_as_it_was(shelf, open_app):
    tiktok = shelf / "tiktok_shop.toml"
    before = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "3", "enter")
        await pilot.pause()
        assert journal_path(tiktok).exists()
        await open_picker(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        await pilot.press("d")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == shelf / "expansion_de.toml"
        assert not app.document.dirty
        assert not app.history.can_undo  # the other roadmap's undo history went with it
    assert tiktok.read_bytes() == before
    assert not journal_path(tiktok).exists()  # discarded: nothing to recover later


async def test_save_writes_the_edits_then_opens_the_other(shelf, open_app):
    tiktok = shelf / "tiktok_shop.toml"
    app = open_app(tiktok)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "3", "enter")
        await pilot.pause()
        await open_picker(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert app.document.path == shelf / "expansion_de.toml"
    assert RoadmapDocument.load(tiktok).market("DE").status is Status.LIVE


async def test_picking_the_roadmap_open_now_changes_nothing(shelf, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "3", "enter")
        await pilot.pause()
        await open_picker(pilot)
        await pick(pilot, shelf / "tiktok_shop.toml")
        assert isinstance(app.screen, MainScreen)
        assert app.document.dirty  # no question, nothing lost
        assert messages(app)[-1] == "tiktok_shop.toml is open already."


async def test_picking_a_roadmap_that_does_not_validate_shows_its_problems(shelf, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await open_picker(pilot)
        await pick(pilot, shelf / "broken.toml")
        assert isinstance(app.screen, InvalidFileScreen)
        assert app.document is None
        assert "broken.toml is not a valid roadmap: 2 problems" in screen_text(app)
        # and from there, another roadmap
        await open_picker(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == shelf / "expansion_de.toml"


async def test_ctrl_o_waits_while_a_dialog_is_open(shelf, open_app):
    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)


async def test_the_palette_and_the_help_screen_offer_it(shelf, open_app):
    from roadmap_tui.ui.commands import RoadmapCommands

    app = open_app(shelf / "tiktok_shop.toml")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        hits = [hit async for hit in RoadmapCommands(app.screen).search("open another")]
        assert [hit.text for hit in hits] == ["Open another roadmap…"]
        assert hits[0].help == "key: ctrl+o"
        await hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, RoadmapPicker)


# -- roadmap-tui DIR ----------------------------------------------------------------------


async def test_a_folder_lists_its_roadmaps_with_counts_and_opens_the_one_picked(shelf, open_app):
    app = open_app(shelf)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RoadmapPicker)
        await settle(pilot)
        text = screen_text(app)
        assert "✗ broken.toml:7:10: market DE: unknown status 'stalled'" in text
        assert "(and 1 more)" in text
        assert "7 live · 5 paused · 0 planned" in text
        assert "Recent" not in text
        assert "esc Quit" in text.splitlines()[-1]
        await pick(pilot, shelf / "tiktok_shop.toml")
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == shelf / "tiktok_shop.toml"
        assert len(app.document.markets) == 12


async def test_leaving_the_folders_list_quits(shelf, open_app):
    app = open_app(shelf)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code in (None, 0)
    assert not app.is_running


def test_an_empty_folder_is_one_sentence(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("no roadmaps here", encoding="utf-8")
    assert tui.run([str(empty)]) == EXIT_USAGE
    error = capsys.readouterr().err
    assert error == (
        f"roadmap-tui: {empty} holds no roadmap (no .toml file); "
        f"'roadmap-tui new {empty / 'roadmap.toml'}' starts one\n"
    )


# -- roadmap-tui with no path ----------------------------------------------------------------


async def test_no_path_offers_the_recent_roadmaps_when_there_are_several(shelf, open_app):
    for name in ("expansion_de.toml", "tiktok_shop.toml"):
        recent.remember(shelf / name)
    app = open_app(None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RoadmapPicker)
        assert picker.paths == [shelf / "tiktok_shop.toml", shelf / "expansion_de.toml"]
        await settle(pilot)
        await pick(pilot, shelf / "expansion_de.toml")
        assert app.document.path == shelf / "expansion_de.toml"
    assert not paths.default_roadmap().exists()  # not created: the user chose another


async def test_no_path_with_one_recent_roadmap_opens_the_default_one(shelf, open_app):
    recent.remember(shelf / "tiktok_shop.toml")
    (shelf / "expansion_de.toml").unlink()
    recent.remember(shelf / "broken.toml")
    (shelf / "broken.toml").unlink()  # gone since: not offered
    app = open_app(None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == paths.default_roadmap()


async def test_nothing_to_offer_is_one_sentence(tmp_path, open_app, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    empty = tmp_path / "empty"
    empty.mkdir()
    app = open_app(empty / "missing.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        picker = await open_picker(pilot)
        assert picker.paths == []
        assert "No roadmaps in ~/empty (no .toml files), and no recent ones." in screen_text(app)
        await pilot.press("enter")  # nothing to open: the picker stays
        await pilot.pause()
        assert app.screen is picker
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, RoadmapPicker)
