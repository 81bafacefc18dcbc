"""User text is data: markup-looking text, emoji, CJK, RTL and control characters show
exactly as typed (control characters made visible), never styled, never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import TRICKY, screen_text, tricky_roadmap


async def test_tricky_text_shows_as_typed_in_table_details_and_header(tmp_path, open_app):
    app = open_app(tricky_roadmap(tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        assert table.get_cell("xx", "name").plain == TRICKY["name"]
        assert table.get_cell("xx", "region").plain == "[red]Europe[/red]"
        assert table.get_cell("xx", "notes").plain == "[/"
        for cell in table.get_row("xx"):
            assert isinstance(cell, Text)
            assert "\x1b" not in cell.plain
        text = screen_text(app)
        assert TRICKY["name"] in text  # table and details, unstyled, brackets kept
        assert "[red]Europe[/red]" in text
        assert "مرحبا עולם" in text
        assert "[b]tag[/b], 🚀, 日本語" in text
        assert "␛[31mred␛[0m and a bell␇" in text
        assert "[link=https://example.com]x[/link] 新しい 🚀" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.title == "[bold]Title[/] ␛[2J"
        assert "[bold]Title[/] ␛[2J" in text


async def test_tricky_text_is_never_styled_by_markup(tmp_path, open_app):
    app = open_app(tricky_roadmap(tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        # Were "[bold]x[/]" read as markup, the cell would be "x" with a bold span.
        name = app.screen.query_one(MarketTable).get_cell("xx", "name")
        assert name.spans == []
        assert name.plain.startswith("[bold]x[/]")


async def test_tricky_text_survives_editing_round_trips(tmp_path, open_app):
    path = tricky_roadmap(tmp_path)
    app = open_app(path)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await pilot.press("s", "3", *"[bold]why[/]", "enter")
        await pilot.pause()
        assert app.document.market("XX").history[-1].note == "[bold]why[/]"
        assert "│ [bold]why[/]" in screen_text(app)  # the history entry in the details
        await pilot.press("d")  # the confirmation names the market as typed
        await pilot.pause()
        assert TRICKY["name"] in screen_text(app)
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
    assert "[bold]why[/]" in path.read_text(encoding="utf-8")


def test_visible_marks_every_control_character():
    assert visible("a\x1bb\x00c\x7f\x9b") == "a␛b␀c␡\\x9b"


def test_visible_shows_the_bidi_controls_that_reorder_a_line():
    # a right-to-left override makes a terminal that lays out bidi text draw the rest of
    # the line reversed: "‮ecnarF" would read as "France"; the marks stay (harmless)
    assert (
        visible("DE \u202eecnarF\u202c \u2067x\u2069") == "DE \\u202eecnarF\\u202c \\u2067x\\u2069"
    )
    assert visible("مرحبا \u200fעולם") == "مرحبا \u200fעולם"


@given(st.text())
def test_table_fast_path_shows_text_like_visible_and_one_line(value):
    from roadmap_tui.ui.text import one_line
    from roadmap_tui.ui.widgets.table_cells import _first_line, _shown

    assert _shown(value) == visible(value)
    assert _first_line(value) == one_line(value)
