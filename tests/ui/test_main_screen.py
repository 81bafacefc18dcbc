"""The main screen: the table, the summary, the details and the layout."""

from __future__ import annotations

from rich.text import Text

from roadmap_tui.model import Status
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.widgets.detail_pane import DetailPane
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import screen_text

TIKTOK_CODES = ["gb", "de", "fr", "it", "es", "us", "id", "cn", "my", "th", "vn", "ph"]


async def test_opens_with_every_market_in_file_order(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        table = app.screen.query_one(MarketTable)
        assert table.shown_keys == TIKTOK_CODES
        assert table.row_count == 12
        assert app.title == "TikTok Shop — live shopping expansion"
        assert app.sub_title == "tiktok_shop.toml"


async def test_row_shows_every_column_with_status_in_words(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        row = [cell.plain for cell in table.get_row("us")]
        assert row[:7] == [
            "US",
            "United States",
            "North America",
            "US commerce",
            "◐ paused",
            "2022-07-05",
            "2022-11-01 ! overdue",  # the fixed clock says 2024-05-06
        ]
        assert row[7].startswith("Live shopping was planned for later in 2022.")
        assert [cell.plain for cell in table.get_row("cn")][5:7] == ["—", "—"]


async def test_status_cells_use_the_theme_colour(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        live = table.get_cell("gb", "status")
        assert isinstance(live, Text)
        dark = live.style.color.name.lower()  # type: ignore[union-attr]
        assert dark == app.theme_variables["text-success"].lower()
        app.theme = "textual-light"
        await pilot.pause()
        light = table.get_cell("gb", "status").style.color.name.lower()  # type: ignore[union-attr]
        assert light == app.theme_variables["text-success"].lower()
        assert light != dark


async def test_summary_counts_statuses_and_regions(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert (
            "12 markets  │  ! 1 overdue  │  7 live · 5 paused · 0 planned  │  "
            "Asia 6 · Europe 5 · North America 1" in text
        )


async def test_detail_pane_shows_fields_notes_and_history_newest_first(tmp_path, open_app):
    roadmap = tmp_path / "r.toml"
    roadmap.write_text(
        '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "paused"\n'
        'region = "Europe"\nowner = "Anna"\nsince = 2022-07-05\ntarget = 2026-03-31\n'
        'tags = ["eu", "wave-1"]\nnotes = """\nFirst line.\nSecond line."""\nbudget = 12\n\n'
        '[[markets.history]]\nat = 2021-01-01\nfrom = "planned"\nto = "live"\nnote = "older"\n\n'
        '[[markets.history]]\nat = 2022-07-05T09:30:00Z\nfrom = "live"\nto = "paused"\nnote = "newer"\n',
        encoding="utf-8",
    )
    app = open_app(roadmap)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "DE  Germany",
            "◐ paused  since 2022-07-05",
            "Region  Europe",
            "Owner   Anna",
            "Target  2026-03-31",
            "Tags    eu, wave-1",
            "budget  12",
            "First line.",
            "Second line.",
        ):
            assert expected in text, expected
        assert text.index("2022-07-05 09:30 UTC  live → paused") < text.index(
            "2021-01-01  planned → live"
        )
        assert text.index("newer") < text.index("older")


async def test_detail_pane_follows_the_cursor(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.screen.selected_market().code == "FR"
        assert "FR  France" in screen_text(app)


async def test_detail_pane_moves_below_the_table_when_narrow(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        details = app.screen.query_one(DetailPane)
        assert app.screen.has_class("-narrow")
        assert details.region.y >= table.region.bottom
        await pilot.resize_terminal(160, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert details.region.x >= table.region.right
        assert details.region.y == table.region.y


async def test_long_text_ends_in_an_ellipsis_at_80_columns(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        id_row = next(line for line in lines if line.startswith(" ID "))
        assert "Southeast Asi…" in id_row  # the owner, cut short
        assert "Southeast Asia commerce" not in id_row
        assert all(len(line) <= 80 for line in lines)


async def test_empty_roadmap_shows_an_empty_table_and_a_hint(tmp_path, open_app):
    roadmap = tmp_path / "empty.toml"
    roadmap.write_text('[roadmap]\ntitle = "Nothing yet"\n', encoding="utf-8")
    app = open_app(roadmap)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(MarketTable).row_count == 0
        text = screen_text(app)
        assert "0 markets" in text
        assert "No markets yet: press a to add one." in text
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # nothing to change: a hint, no picker
        assert app.document.markets == []


async def test_status_label_words_cover_every_status(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        labels = {table.get_cell(key, "status").plain for key in TIKTOK_CODES}
        assert labels == {"● live", "◐ paused"}
        app.screen.change_status("DE", Status.PLANNED)
        await pilot.pause()
        assert table.get_cell("de", "status").plain == "○ planned"


async def test_enter_on_the_detail_pane_edits_the_notes(tiktok, open_app):
    from roadmap_tui.ui.screens.notes_editor import NotesEditor

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.screen.query_one(DetailPane).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "GB"


async def test_ctrl_t_switches_to_the_light_theme_and_back(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        dark = app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme != dark and "light" in app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == dark
