"""The table's Owner column and width sharing, the overdue and due-soon marks (with the
roadmap's own `due_soon_days`), and the looks issue 9 asks for: the unsaved marker, the
dialogue buttons, the footer's `?` and the detail pane's scroll."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.widgets import Button

from roadmap_tui import paths
from roadmap_tui.model import Market, Status
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.widgets.detail_pane import DetailPane
from roadmap_tui.ui.widgets.header import header_title
from roadmap_tui.ui.widgets.market_view import COLUMN_HEADINGS, COLUMN_KEYS
from roadmap_tui.ui.widgets.table_columns import (
    NAME_MOST,
    OWNER_MOST,
    Widest,
    fit_widths,
    measure,
)
from tests.ui.scenarios import SAMPLES, screen_lines, screen_text, table

TODAY = date(2024, 5, 6)  # the fixed clock's day: the US target 2022-11-01 has passed


def tiktok_widest(today: date | None = TODAY) -> Widest:
    markets = RoadmapDocument.load(SAMPLES / "tiktok_shop.toml").markets
    return measure(markets, today, 30)


def drawn(widths: dict[str, int]) -> int:
    """The cells the columns take, padding included."""
    return sum(widths.values()) + 2 * len(widths)


# -- sharing the width (no Textual) -----------------------------------------------------------


@given(st.lists(st.text(st.sampled_from("ab —中\u0301é"), min_size=1, max_size=40), min_size=1))
def test_the_widest_name_is_measured_up_to_the_widest_column(names: list[str]) -> None:
    """The names' widest in cells; past the widest a name column takes, at least that."""
    markets = [
        Market.model_construct(code=f"C{index}", name=name, status=Status.PLANNED)
        for index, name in enumerate(names)
    ]
    widest = max(map(cell_len, names))
    name = measure(markets).name
    assert name == widest if widest < NAME_MOST else NAME_MOST <= name <= widest


@pytest.mark.parametrize("available", [80, 120, 160, 200])
def test_the_columns_fill_the_width_exactly(available: int) -> None:
    """No empty space at the right and nothing past it, at any width."""
    for widest in (tiktok_widest(), tiktok_widest(today=None)):
        assert drawn(fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, widest, available, 1)) == available


def test_at_80_columns_since_and_notes_give_way_and_the_mark_keeps_its_glyph() -> None:
    widths = fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, tiktok_widest(), 80, 1)
    assert list(widths) == ["code", "name", "region", "owner", "status", "target"]
    assert widths["name"] == 14 and widths["region"] == 13  # whole: United Kingdom, North America
    assert widths["target"] == len("2022-11-01 !")  # the word is in the summary line
    assert widths["owner"] >= 12


def test_at_120_columns_every_column_is_shown_with_the_marks_words() -> None:
    widths = fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, tiktok_widest(), 120, 1)
    assert list(widths) == list(COLUMN_KEYS)
    assert widths["target"] == len("2022-11-01 ! overdue")
    assert widths["notes"] >= 20


@pytest.mark.parametrize("available", [160, 200])
def test_at_160_and_more_the_width_over_goes_to_owner_and_notes(available: int) -> None:
    widest = tiktok_widest()
    widths = fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, widest, available, 1)
    assert list(widths) == list(COLUMN_KEYS)
    assert widths["owner"] == widest.owner == len("Douyin (ByteDance China)")  # all of it
    # name, region and dates as wide as they need, not a cell more: the rest is notes
    assert widths["name"] == widest.name and widths["region"] == widest.region
    assert widths["notes"] == available - drawn(widths) + widths["notes"]
    assert widths["notes"] > fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, widest, 120, 1)["notes"]


def test_a_long_owner_takes_at_most_its_limit() -> None:
    widest = Widest(code=2, name=10, region=6, owner=60)
    widths = fit_widths(COLUMN_KEYS, COLUMN_HEADINGS, widest, 200, 1)
    assert widths["owner"] == OWNER_MOST and widths["notes"] > OWNER_MOST


def test_the_owner_column_is_a_column_like_the_others() -> None:
    """Sorted by `o` after region, named in the `columns` setting, headed Owner."""
    assert COLUMN_KEYS.index("owner") == COLUMN_KEYS.index("region") + 1
    assert COLUMN_HEADINGS["owner"] == "Owner"
    widths = fit_widths(("code", "owner"), COLUMN_HEADINGS, tiktok_widest(), 80, 1)
    assert list(widths) == ["code", "owner"] and drawn(widths) == 80


def test_the_marks_width_is_measured_on_the_day() -> None:
    assert tiktok_widest().due == len("overdue")
    assert tiktok_widest(today=date(2022, 10, 20)).due == len("due soon")  # 12 days ahead
    assert tiktok_widest(today=date(2022, 1, 1)).due == 0


# -- the header -------------------------------------------------------------------------------


def test_a_long_title_gives_way_to_the_unsaved_marker() -> None:
    title = "TikTok Shop — live shopping expansion across Europe, the Americas and Asia"
    shown = header_title(title, "tiktok_shop.toml · ● unsaved", 62).plain
    assert shown.endswith("tiktok_shop.toml · ● unsaved")
    assert shown.startswith("TikTok Shop — live") and "…" in shown
    assert len(shown) == 62
    short = header_title("Launches", "r.toml · ● unsaved", 62).plain
    assert short == "Launches — r.toml · ● unsaved"  # nothing cut when it fits
    narrow = header_title(title, "a-very-long-file-name-for-a-roadmap.toml · ● unsaved", 30)
    assert narrow.plain.endswith("● unsaved") and len(narrow.plain) <= 30


# -- on screen --------------------------------------------------------------------------------

DUE_ROADMAP = """\
[roadmap]
title = "Launches"
due_soon_days = 14

[[markets]]
code = "AT"
name = "Austria"
status = "planned"
target = 2024-05-01

[[markets]]
code = "DE"
name = "Germany"
status = "planned"
target = 2024-05-16

[[markets]]
code = "FR"
name = "France"
status = "planned"
target = 2024-05-26

[[markets]]
code = "GB"
name = "United Kingdom"
status = "live"
target = 2024-05-01
"""


@pytest.fixture
def due_roadmap(tmp_path: Path) -> Path:
    path = tmp_path / "launches.toml"
    path.write_text(DUE_ROADMAP, encoding="utf-8")
    return path


@pytest.fixture
def sixty_days_in_the_config() -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("due_soon_days = 60\n", encoding="utf-8")


async def test_the_files_due_soon_days_mark_count_and_filter(
    due_roadmap, sixty_days_in_the_config, open_app
):
    """14 days from the file, not the config's 60: DE (10 days off) is due soon, FR (20)
    is not; AT's target passed (overdue); GB is live, so never overdue."""
    app = open_app(due_roadmap)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        markets = table(app)
        assert markets.get_cell("at", "target").plain == "2024-05-01 ! overdue"
        assert markets.get_cell("de", "target").plain == "2024-05-16 ◷ due soon"
        assert markets.get_cell("fr", "target").plain == "2024-05-26"
        assert markets.get_cell("gb", "target").plain == "2024-05-01"
        assert "4 markets  │  ! 1 overdue · ◷ 1 due soon  │" in screen_text(app)
        await pilot.press("slash", *"due-soon", "enter")
        await pilot.pause()
        assert markets.shown_keys == ["de"]
        await pilot.press("escape")
        await pilot.press("slash", *"overdue", "enter")
        await pilot.pause()
        assert markets.shown_keys == ["at"]
        details = screen_text(app)
        assert "Target  2024-05-01  ! overdue" in details


async def test_without_the_files_days_the_settings_days_count(tmp_path, open_app):
    path = tmp_path / "launches.toml"
    path.write_text(DUE_ROADMAP.replace("due_soon_days = 14\n", ""), encoding="utf-8")
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("due_soon_days = 0\n", encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert "! 1 overdue  │" in screen_text(app)  # 0 days: nothing due soon today
        assert table(app).get_cell("de", "target").plain == "2024-05-16"


async def test_the_owner_column_sorts_by_key_and_by_its_heading(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        await pilot.press("o", "o", "o", "o")  # code, name, region, owner
        await pilot.pause()
        assert app.screen.view.sort_column == "owner"
        owners = [app.document.market(key).owner for key in table(app).shown_keys]
        assert owners == sorted(owners, key=str.casefold)
        assert table(app).columns["owner"].label.plain == "Owner ▲"


async def test_the_detail_pane_starts_at_the_top_of_another_market(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        details = app.screen.query_one(DetailPane)
        assert details.max_scroll_y > 0  # GB's details are longer than the pane
        details.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert details.scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert details.scroll_y == 0
        details.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        scrolled = details.scroll_y
        await pilot.press("n", *"More.", "ctrl+s")  # the same market, edited
        await pilot.pause()
        assert details.scroll_y == scrolled or details.scroll_y == details.max_scroll_y


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_the_footer_keeps_help_and_lists_the_views_as_one(tiktok, open_app, size):
    app = open_app(tiktok)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert footer.rstrip().endswith("? Help")
        assert "1-5 Views" in footer
        await pilot.press("space")  # a mark brings "esc Unmark" in: ? stays
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "esc Unmark" in footer and footer.rstrip().endswith("? Help")


async def test_a_long_title_keeps_the_unsaved_marker_at_80_columns(tmp_path, open_app):
    path = tmp_path / "tiktok_shop.toml"
    path.write_text(
        (SAMPLES / "tiktok_shop.toml")
        .read_text("utf-8")
        .replace(
            "TikTok Shop — live shopping expansion",
            "TikTok Shop — live shopping expansion across Europe, the Americas and Asia",
        ),
        encoding="utf-8",
    )
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "1", "enter")
        await pilot.pause()
        assert app.document.dirty
        header = screen_lines(app)[0]
        assert "tiktok_shop.toml · ● unsaved" in header and "TikTok Shop — live" in header


@pytest.mark.parametrize("size", [(80, 24), (60, 24)])
async def test_no_dialogue_button_is_cut_short(tiktok, open_app, size):
    """The snapshot question's three answers, side by side at 80 columns, one under the
    other where they do not fit; each button as wide as its label."""
    app = open_app(tiktok)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("down", "s", "1", "enter", "S")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        dialog = app.screen.query_one("#confirm-dialog")
        buttons = list(app.screen.query(Button))
        assert [str(button.label) for button in buttons][-1] == "esc Cancel"
        for button in buttons:
            assert button.region.width >= len(str(button.label)) + 2
            assert dialog.content_region.contains_region(button.region)
        rows = {button.region.y for button in buttons}
        assert len(rows) == (1 if size[0] >= 80 else 3)


async def test_the_columns_setting_names_the_owner(tiktok, open_app):
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('columns = ["code", "owner", "target"]\n', encoding="utf-8")
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert list(table(app).columns) == ["code", "owner", "target"]
        heading = screen_lines(app)[2]
        assert "Owner" in heading and "Name" not in heading
        assert "Southeast Asia commerce" in screen_text(app)  # room for all of it
