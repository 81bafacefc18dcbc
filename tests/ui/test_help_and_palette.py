"""The help screen and the command palette name every action; the footer the main ones."""

from __future__ import annotations

from roadmap_tui.ui.bindings import COMMANDS
from roadmap_tui.ui.commands import RoadmapCommands
from roadmap_tui.ui.screens.help import HelpScreen
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.status_picker import StatusPicker
from tests.ui.scenarios import run_from_palette, screen_text


async def test_help_lists_every_binding(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(100, 100)) as pilot:  # the whole help, unscrolled
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for command in COMMANDS:
            assert command.title in text, command.title
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_footer_shows_the_main_keys(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for word in (
            "Status",
            "Notes",
            "Add",
            "Edit",
            "Delete",
            "Filter",
            "Save",
            "Undo",
            "Help",
            "Quit",
        ):
            assert word in footer, word


async def test_palette_discovers_every_action_by_name(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        provider = RoadmapCommands(app.screen)
        titles = [hit.text async for hit in provider.discover()]
        # on the table: every command but a view's own, which come with their view
        expected = {
            command.title
            for command in COMMANDS
            if command.id != "app.quit_anywhere" and command.scope in ("app", "main")
        }
        assert set(titles) == expected
        hits = [hit.text async for hit in provider.search("undo")]
        assert "Undo the last edit" in hits


async def test_palette_runs_an_action_on_the_main_screen(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        await run_from_palette(
            pilot, "change the selected market", lambda: isinstance(app.screen, StatusPicker)
        )
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.market.code == "GB"


def test_key_reference_in_docs_names_every_binding():
    from pathlib import Path

    reference = (Path(__file__).resolve().parents[2] / "docs" / "keys.md").read_text(
        encoding="utf-8"
    )
    for command in COMMANDS:
        assert f"| `{command.shown_keys}` | {command.title} |" in reference, command.id
