"""Settings that stick: the theme chosen in the palette and the sort come back on the next
run; the config file is written only when the user changes one; a bad file never stops
the app (one sentence with file:line:col, defaults used); the backup count reaches saves."""

from __future__ import annotations

import os
from pathlib import Path

from textual.command import CommandPalette
from textual.constants import DEFAULT_THEME

from roadmap_tui import paths
from roadmap_tui.cli import tui
from roadmap_tui.safety import backups
from roadmap_tui.settings import Settings, load
from roadmap_tui.ui.app import RoadmapApp
from roadmap_tui.ui.screens.main import MainScreen
from tests.ui.scenarios import messages, screen_lines, table


def write_config(text: str) -> Path:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")
    return config


async def choose_theme_in_the_palette(pilot, theme: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*"theme")
    await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
    await pilot.pause(0.1)
    await pilot.press("enter")  # "Theme: change the current theme"
    await pilot.pause()
    await pilot.press(*theme)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_theme_chosen_in_the_palette_is_the_theme_of_the_next_run(tiktok, open_app):
    config = paths.config_file()
    first = open_app(tiktok)
    async with first.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert first.theme == DEFAULT_THEME
        await choose_theme_in_the_palette(pilot, "nord")
        assert first.theme == "nord"
        assert isinstance(first.screen, MainScreen)
    assert load(config).settings.theme == "nord"
    written = config.stat().st_mtime_ns

    second = open_app(tiktok)
    assert second.theme == "nord"  # before the first frame, so nothing flashes
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert second.theme == "nord"
        assert second.current_theme.name == "nord"
    assert config.stat().st_mtime_ns == written  # the second run wrote nothing


async def test_ctrl_t_is_remembered_too(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+t")
        await pilot.pause()
    assert load(paths.config_file()).settings.theme == "textual-light"
    assert open_app(tiktok).theme == "textual-light"


async def test_a_run_that_changes_nothing_writes_no_config_file(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "f", "f", "escape", "slash", *"ger", "enter")
        await pilot.pause()
    assert not paths.config_file().exists()
    assert not paths.config_file().parent.exists()


async def test_the_sort_is_remembered_for_the_next_run(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("o", "o", "O")  # by code, then by name, reversed
        await pilot.pause()
        first_order = table(app).shown_keys
    assert load(paths.config_file()).settings == Settings(sort_column="name", sort_reverse=True)

    again = open_app(tiktok)
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        main = again.main_screen
        assert (main.view.sort_column, main.view.reverse) == ("name", True)
        assert table(again).shown_keys == first_order
        assert "Name ▼" in screen_lines(again)[2]


async def test_back_to_the_files_order_forgets_the_sort(tiktok, open_app):
    write_config('theme = "nord"\n\n[sort]\ncolumn = "notes"\ndirection = "ascending"\n')
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.main_screen.view.sort_column == "notes"
        await pilot.press("o")  # after the last column: the file's order
        await pilot.pause()
        assert app.main_screen.view.sort_column is None
    assert load(paths.config_file()).settings == Settings(theme="nord")


async def test_a_bad_setting_is_one_sentence_and_the_app_starts_with_its_default(tiktok, open_app):
    config = write_config('theme = "nrod"\nbackups = 3\n')
    before = config.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.theme == DEFAULT_THEME
        assert app.settings == Settings(backups=3)
        assert messages(app) == [
            f"{config}:1:9: warning: theme 'nrod' is not one of the app's themes; "
            "the default is used; did you mean 'nord'?"
        ]
    assert config.read_bytes() == before


async def test_a_config_file_that_is_not_toml_never_stops_the_app(tiktok, open_app):
    config = write_config('theme = "nord\nview = "table"\n')
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.settings == Settings()
        said = messages(app)
        assert len(said) == 1
        assert said[0].startswith(f"{config}:1:14: warning: TOML syntax error")
        # a theme chosen now cannot be written into a file the app cannot read back
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "textual-light"  # the app itself follows the choice
        app.remembering.finish()  # the file is written in the background
        await pilot.pause()
        assert messages(app)[-1].startswith(
            f"The theme is not remembered for next time: {config}:1:14: warning: TOML syntax error"
        )
    assert config.read_text(encoding="utf-8") == 'theme = "nord\nview = "table"\n'


async def test_an_unknown_column_in_the_sort_leaves_the_files_order(tiktok, open_app):
    write_config('[sort]\ncolumn = "priority"\n')
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert app.main_screen.view.sort_column is None
        assert "sort column 'priority' is not a column of the table" in messages(app)[0]


def test_the_cli_hands_the_backup_count_to_the_saves(tiktok, monkeypatch):
    write_config("backups = 4\n")
    seen: list[str | None] = []

    def run(app: RoadmapApp) -> None:  # in place of the terminal: what a save would read
        seen.append(os.environ.get(backups.KEEP_VARIABLE))
        seen.append(str(backups.keep_count()))

    monkeypatch.setattr(RoadmapApp, "run", run)
    assert tui.run([str(tiktok)]) == 0
    assert seen == ["4", "4"]
    assert backups.KEEP_VARIABLE not in os.environ  # handed back after the run


async def test_saves_in_the_app_keep_the_configured_number_of_backups(tiktok, open_app):
    from roadmap_tui.settings import backups_kept

    write_config("backups = 2\n")
    app = open_app(tiktok)
    with backups_kept(app.settings):  # as the CLI runs the app
        async with app.run_test(size=(120, 30)) as pilot:
            for status in ("3", "2", "3", "2"):
                await pilot.press("down", "s", status, "enter")
                await pilot.pause()
                await pilot.press("ctrl+s")
                await pilot.pause()
    assert len(backups.list_backups(tiktok)) == 2


async def test_the_columns_setting_hides_the_others(tiktok, open_app):
    write_config('columns = ["notes", "code", "status"]\n')
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert table(app).visible_columns == ("code", "status", "notes")
        heading = screen_lines(app)[2]
        assert "Code" in heading and "Status" in heading and "Notes" in heading
        assert "Name" not in heading and "Region" not in heading and "Since" not in heading


async def test_the_keys_never_wait_for_the_config_file_to_be_written(tiktok, open_app, monkeypatch):
    # Writing the file costs an fsync: a sort key must not wait for it, and a choice
    # made just before quitting is still written.
    import threading

    from roadmap_tui import settings

    writers: list[threading.Thread] = []
    real_update = settings._update

    def watched_update(path, edit):
        writers.append(threading.current_thread())
        return real_update(path, edit)

    monkeypatch.setattr(settings, "_update", watched_update)
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+t", "o", "o")
        await pilot.pause()
        ui_thread = threading.current_thread()
    assert writers and ui_thread not in writers
    assert load(paths.config_file()).settings == Settings(theme="textual-light", sort_column="name")
