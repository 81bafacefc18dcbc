"""The board view (key 3): a column per status, the cursor moving between cards across
columns, a card moved to another column as the status change `s` makes (same picker,
note, history entry, undo and bytes on disk), clicks, and the selection shared with the
table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap_tui import paths
from roadmap_tui.cli import main as cli_main
from roadmap_tui.ui.commands import RoadmapCommands
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.ui.views.board import BoardView
from tests.ui.scenarios import (
    FIXED_NOW,
    SAMPLES,
    messages,
    run_from_palette,
    screen_lines,
    screen_text,
    table,
)


def board(app) -> BoardView:
    return app.main_screen.query_one(BoardView)


def selected(app) -> str | None:
    """The market the app has selected (what `s`, `n`, `e` edit)."""
    return table(app).selected_key


def line_with(app, words: str) -> str:
    return next(line for line in screen_lines(app) if words in line)


def write_config(text: str) -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text, encoding="utf-8")


def give_germany_a_target(path: Path) -> None:
    """DE's target: 2024-05-20, 14 days after the fixed clock's today."""
    text = path.read_text(encoding="utf-8")
    before = 'since = 2022-07-05\ntags = ["eu-wave-1"]\nnotes'
    after = 'since = 2022-07-05\ntarget = 2024-05-20\ntags = ["eu-wave-1"]\nnotes'
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


@pytest.fixture
def stages(tmp_path: Path) -> Path:
    """Six statuses: exploring JP · planned US · testing none · live GB ID · paused DE ·
    exited none."""
    copy = tmp_path / "tiktok_stages.toml"
    shutil.copyfile(SAMPLES / "tiktok_stages.toml", copy)
    return copy


async def open_board(pilot) -> BoardView:
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    view = board(pilot.app)
    assert pilot.app.main_screen.current_view == "board"
    assert pilot.app.main_screen.focused is view
    return view


async def test_a_column_per_status_in_the_workflows_order_each_counted(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_board(pilot)
        headings = line_with(app, "○ planned  0")
        # three columns of ~26 cells, in the workflow's order, the empty one too
        assert headings.index("○ planned  0") < headings.index("◐ paused  5")
        assert headings.index("◐ paused  5") < headings.index("● live  7")
        assert headings.index("◐ paused") == 28 and headings.index("● live") == 55
        assert "no planned markets" in screen_text(app)
        assert [column.status.name for column in view.columns] == ["planned", "paused", "live"]
        assert [m.code for m in view.columns[1].markets] == ["DE", "FR", "IT", "ES", "US"]


async def test_cards_show_code_name_owner_target_and_the_overdue_mark(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        text = screen_text(app)
        assert "US  United States" in text
        assert "US commerce" in text
        # overdue: the target passed (2022-11-01 < 2024-05-06) and US is not live
        assert "! overdue 2022-11-01" in text
        assert "Douyin (ByteDance China)" in text


async def test_due_soon_is_as_many_days_as_the_settings_say(tiktok, open_app):
    give_germany_a_target(tiktok)
    write_config("due_soon_days = 7\n")
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        assert "target 2024-05-20" in screen_text(app)  # 14 days away: not within 7
        assert "◷" not in screen_text(app)


async def test_a_target_within_the_soon_days_is_marked_due_soon(tiktok, open_app):
    give_germany_a_target(tiktok)
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        assert "◷ due soon 2024-05-20" in screen_text(app)  # DE, 14 days away


async def test_arrows_move_across_columns_passing_empty_ones(stages, open_app):
    app = open_app(stages)
    async with app.run_test(size=(200, 60)) as pilot:
        view = await open_board(pilot)
        await pilot.press("home")
        assert selected(app) == "gb"  # the table's first row, in the live column
        path = []
        for key in ("left", "left", "left", "left", "right", "right", "right", "right"):
            await pilot.press(key)
            path.append(selected(app))
        # live ← planned (testing is empty) ← exploring, then no further; and back, to
        # paused, the last column with a card (exited is empty)
        assert path == ["us", "jp", "jp", "jp", "us", "gb", "de", "de"]
        assert view.cursor_market is not None and view.cursor_market.code == "DE"
        await pilot.pause()
        assert "▌ DE  Germany" in screen_text(app)
        # up and down stay in the column
        await pilot.press("left", "down")
        assert selected(app) == "id"
        await pilot.press("down")
        assert selected(app) == "id"
        await pilot.press("up", "up")
        assert selected(app) == "gb"


async def test_left_and_right_go_to_the_card_drawn_nearest(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await pilot.press("down", "down")  # GB, ID, CN: the third card of live
        assert selected(app) == "cn"
        await pilot.press("left")
        assert selected(app) == "it"  # the third card of paused, on the same lines
        await pilot.press("end", "right")
        # US (the paused column's last card) is drawn level with live's fifth card
        assert selected(app) == "th"


async def test_the_cursor_card_stays_on_screen_as_it_moves(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        assert "↓ 4 more" in screen_text(app)  # live: 3 of 7 cards fit in 12 lines
        await pilot.press(*["down"] * 6)
        await pilot.pause()
        assert selected(app) == "ph"
        text = screen_text(app)
        assert "▌ PH  Philippines" in text
        assert "↑ 4 more" in text and "↓" not in line_with(app, "PH  Philippines")
        await pilot.press("home")
        await pilot.pause()
        assert "▌ GB  United Kingdom" in screen_text(app)
        await pilot.press("pagedown")  # three cards on screen: two on, to the last shown
        assert selected(app) == "cn"
        await pilot.press("pagedown", "pageup")
        assert selected(app) == "cn"
        await pilot.press("end")
        assert selected(app) == "ph"


async def test_a_workflow_wider_than_the_screen_scrolls_across(stages, open_app):
    app = open_app(stages)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        headings = line_with(app, "◌ exploring  1")
        # five columns of 15 cells fit in 80; the sixth is said to be off to the right
        assert headings.rstrip().endswith("▶")
        assert "exited" not in headings
        await pilot.press("right")  # live → paused, the last column with a card
        await pilot.pause()
        assert selected(app) == "de"
        assert "exited" not in line_with(app, "◐ paused  1")  # exited is empty: never reached
        await pilot.press("shift+right")  # moving DE to exited shows the exited column
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.market("DE").status == "exited"
        headings = line_with(app, "✕ exited  1")
        assert headings.startswith(" ◀") and "exploring" not in headings
        assert "▌ DE  Germany" in screen_text(app)


async def test_moving_a_card_asks_the_note_in_the_status_picker(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_board(pilot)
        assert selected(app) == "gb"
        await pilot.press("shift+left")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, StatusPicker)
        assert picker.market.code == "GB"
        assert picker.highlighted_status == "paused"  # the column to the left
        await pilot.press(*"Audiences too small", "enter")
        await pilot.pause()
        britain = app.document.market("GB")
        assert britain.status == "paused"
        assert britain.since == FIXED_NOW.date()
        entry = britain.history[-1]
        assert (entry.from_, entry.to, entry.note, entry.at) == (
            "live",
            "paused",
            "Audiences too small",
            FIXED_NOW,
        )
        # the card is in its new column, the cursor still on it
        assert view.columns[1].markets[0].code == "GB"
        assert view.cursor_market is not None and view.cursor_market.code == "GB"
        assert "◐ paused  6" in screen_text(app) and "● live  6" in screen_text(app)
        assert "▌ GB  United Kingdom" in screen_text(app)
        # ctrl+z undoes it as it undoes `s`
        await pilot.press("ctrl+z")
        await pilot.pause()
        britain = app.document.market("GB")
        assert britain.status == "live" and len(britain.history) == 1
        assert "◐ paused  5" in screen_text(app) and "● live  7" in screen_text(app)
        assert view.cursor_market is not None and view.cursor_market.code == "GB"


async def test_less_and_greater_than_move_too_and_escape_moves_nothing(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await pilot.press("left")  # DE, paused
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.highlighted_status == "planned"
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.market("DE").status == "paused"
        assert app.sub_title == "tiktok_shop.toml"  # not "● unsaved": nothing changed
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.highlighted_status == "live"
        await pilot.press("enter")
        await pilot.pause()
        assert app.document.market("DE").status == "live"


async def test_a_card_in_the_last_column_says_it_cannot_move_further(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await pilot.press("shift+right")  # GB is live, the last status
        await pilot.pause()
        assert not isinstance(app.screen, StatusPicker)
        assert messages(app)[-1] == "live is the workflow's last status."
        assert app.document.market("GB").status == "live"


async def test_moving_a_card_then_saving_writes_what_the_set_command_writes(
    tiktok, open_app, tmp_path, fixed_core_clock
):
    by_cli = tmp_path / "by_cli.toml"
    shutil.copyfile(tiktok, by_cli)
    assert cli_main(["set", str(by_cli), "DE", "planned", "--note", "Restart in 2024"]) == 0

    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.press("left")  # from GB (live) to DE, paused's first card
        assert selected(app) == "de"
        await pilot.press("shift+left", *"Restart in 2024", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.sub_title == "tiktok_shop.toml"
    assert tiktok.read_bytes() == by_cli.read_bytes()


async def test_a_click_on_a_card_selects_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_board(pilot)
        lines = screen_lines(app)
        row = next(index for index, line in enumerate(lines) if "FR  France" in line)
        column = lines[row].index("FR  France")
        await pilot.click(BoardView, offset=(column - view.region.x, row - view.region.y + 1))
        await pilot.pause()
        assert selected(app) == "fr"  # a click on the card's second line
        assert "FR  France" in line_with(app, "▌")


async def test_enter_on_a_card_edits_its_notes(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await pilot.press("left", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "FR"


async def test_the_selection_carries_from_the_table_to_the_board_and_back(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 5)  # the table's sixth row: US
        assert selected(app) == "us"
        view = await open_board(pilot)
        assert view.cursor_market is not None and view.cursor_market.code == "US"
        await pilot.press("right")  # to the live card drawn nearest
        target = selected(app)
        assert target is not None and target != "us"
        market = app.main_screen.selected_market()  # what s, n and e edit
        assert market is not None and market.key == target
        assert f"{market.code}  {market.name}" in screen_text(app)  # in the detail pane
        await pilot.press("1")
        await pilot.pause()
        assert app.main_screen.focused is table(app)
        assert selected(app) == target


async def test_filters_and_sort_carry_into_the_board(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await open_board(pilot)
        await pilot.press("slash", *"europe", "enter")
        await pilot.pause()
        assert [len(column.markets) for column in view.columns] == [0, 4, 1]
        text = screen_text(app)
        assert "◐ paused  4 of 5" in text and "● live  1 of 7" in text
        assert "○ planned  0" in text
        await pilot.press("o")  # sort by code, as in the table
        await pilot.pause()
        assert [m.code for m in view.columns[1].markets] == ["DE", "ES", "FR", "IT"]


async def test_the_palette_offers_the_boards_keys_while_it_is_shown(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        titles = [hit.text async for hit in RoadmapCommands(app.screen).discover()]
        assert not any(title.startswith("Board:") for title in titles)
        await open_board(pilot)
        titles = [hit.text async for hit in RoadmapCommands(app.screen).discover()]
        move = "Board: move the card to the previous status"
        assert move in titles
        await run_from_palette(
            pilot, "move the card to the previous", lambda: isinstance(app.screen, StatusPicker)
        )
        assert isinstance(app.screen, StatusPicker)
        assert app.screen.market.code == "GB" and app.screen.highlighted_status == "paused"


async def test_back_in_the_table_the_row_of_the_cards_market_is_on_screen(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.press(*["down"] * 6)  # PH, the table's last row (off its first screen)
        assert selected(app) == "ph"
        await pilot.press("1")
        await pilot.pause()
        assert line_with(app, "PH  ").startswith(" PH  ")
        assert not any(line.startswith(" GB  ") for line in screen_lines(app))


async def test_every_column_stays_when_the_filters_hide_every_card(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_board(pilot)
        await pilot.press("slash", *"zzz", "enter")
        await pilot.pause()
        assert view.cursor_market is None
        text = screen_text(app)
        assert "○ planned  0" in text and "◐ paused  0 of 5" in text and "● live  0 of 7" in text
        assert "no planned markets" in text and text.count("none match the filters") == 2
        await pilot.press("left", "right", "down", "shift+left")  # nothing to move: no error
        await pilot.pause()
        assert app.screen is app.main_screen
        await pilot.press("escape")
        await pilot.pause()
        assert view.cursor_market is not None and view.cursor_market.code == "GB"


async def test_the_app_opens_on_the_board_when_it_was_left_there(tiktok, open_app):
    write_config('view = "board"\n')
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        view = board(app)
        assert app.main_screen.focused is view
        assert view.cursor_market is not None and view.cursor_market.code == "GB"
        text = screen_text(app)
        assert "▌ GB  United Kingdom" in text and "● live  7" in text
        await pilot.press("down")
        assert selected(app) == "id"


async def test_a_column_scrolled_down_comes_back_up_when_a_filter_shortens_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_board(pilot)
        await pilot.press("end")  # PH: the live column scrolled to its end
        assert view.top_of(2) == 4 and "↑ 4 more" in screen_text(app)
        await pilot.press("g")  # Asia only: GB goes, PH stays selected
        await pilot.pause()
        assert selected(app) == "ph" and len(view.columns[2].markets) == 6
        # scrolled to card 4 of 7 before, now 3 of 6: three cards fit, no line left blank
        assert view.top_of(2) == 3
        assert "↑ 3 more" in screen_text(app) and "TH  Thailand" in screen_text(app)
