"""The market table on its own: mouse, keys, columns, marks, and what drawing costs.

The app-level behaviour (filter, sort keys, edits) is tested in the other files; here
the table is also hosted alone, with thousands of markets built in memory, to show that
a frame draws the lines on screen and nothing in proportion to the roadmap."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult

from roadmap_tui.model import Market, Status
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.widgets import market_table
from roadmap_tui.ui.widgets.market_table import MarketTable
from roadmap_tui.ui.widgets.market_view import (
    COLUMN_KEYS,
    MarketLookups,
    MarketView,
    search_text,
)
from roadmap_tui.ui.widgets.table_cells import CHANGE_MARK
from roadmap_tui.ui.widgets.table_columns import (
    NAME_MOST,
    Widest,
    fit_widths,
    measure,
    measure_changed,
)
from roadmap_tui.ui.widgets.table_lines import cell_segments
from tests.ui.scenarios import TRICKY, screen_lines, screen_text, tricky_roadmap

TIKTOK_CODES = ["gb", "de", "fr", "it", "es", "us", "id", "cn", "my", "th", "vn", "ph"]


def table(app) -> MarketTable:
    return app.screen.query_one(MarketTable)


def heading_x(markets: MarketTable, column: str) -> int:
    """Where a column's heading starts, inside its padding."""
    x = 0
    for key, drawn in markets.columns.items():
        if key == column:
            return x + 1
        x += drawn.get_render_width(markets)
    raise KeyError(column)


def row_line(app, code: str) -> str:
    return next(line for line in screen_lines(app) if line.startswith(f" {code} "))


# -- in the app ---------------------------------------------------------------------------


async def test_click_on_the_name_heading_sorts_by_name_and_keeps_the_cursor(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")  # IT
        markets = table(app)
        await pilot.click(MarketTable, offset=(heading_x(markets, "name"), 0))
        await pilot.pause()
        names = [app.document.market(key).name for key in markets.shown_keys]
        assert names == sorted(names)
        assert markets.selected_key == "it"
        assert markets.columns["name"].label.plain == "Name ▲"
        # Italy's line on screen is the cursor's row.
        top = markets.region.y + markets.header_height
        assert screen_lines(app)[top + markets.cursor_row].startswith(" IT ")


async def test_cursor_stays_on_its_market_through_a_filter_and_back(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table(app).select_key("it")
        await pilot.press("slash", *"europe")
        await pilot.pause()
        assert table(app).shown_keys == ["gb", "de", "fr", "it", "es"]
        assert table(app).selected_key == "it"
        await pilot.press("escape")
        await pilot.pause()
        assert len(table(app).shown_keys) == 12
        assert table(app).selected_key == "it"
        assert table(app).cursor_row == 3


async def test_click_on_a_row_selects_it_and_a_second_click_opens_its_notes(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.click(MarketTable, offset=(3, 1 + 5))  # the sixth row: the US
        await pilot.pause()
        assert table(app).selected_key == "us"
        assert "US  United States" in screen_text(app)  # the details follow
        await pilot.click(MarketTable, offset=(20, 1 + 5))
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "US"


async def test_marks_show_before_the_name_on_screen_and_go_when_cleared(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        table(app).set_marked(["de", "us"])
        await pilot.pause()
        assert f"{CHANGE_MARK}Germany" in row_line(app, "DE")
        assert f"{CHANGE_MARK}United Stat…" in row_line(app, "US")  # the mark takes room
        assert CHANGE_MARK not in row_line(app, "FR")
        mark = table(app).get_cell("de", "name")
        assert mark.plain == f"{CHANGE_MARK}Germany"
        assert (mark.spans[0].end, mark.spans[0].style) == (len(CHANGE_MARK), "bold")
        table(app).set_marked([])
        await pilot.pause()
        assert CHANGE_MARK not in screen_text(app)


async def test_markup_and_control_characters_are_drawn_as_typed(tmp_path, open_app):
    app = open_app(tricky_roadmap(tmp_path))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        line = row_line(app, "XX")
        assert TRICKY["name"][:20] in line  # brackets and all, not styled away
        assert "[red]Europe[/red]" in line
        notes = line.split("▏")[0].rstrip()  # the table's part of the line
        assert notes.endswith("  [/")  # the first line of the notes
        for cell in table(app).get_row("xx"):
            assert "\x1b" not in cell.plain and "\x07" not in cell.plain


async def test_hiding_columns_leaves_the_others_filling_the_width(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        markets = table(app)
        assert markets.visible_columns == COLUMN_KEYS
        markets.show_columns(["status", "code", "name"])  # any order: shown in the table's
        await pilot.pause()
        assert markets.visible_columns == ("code", "name", "status")
        assert list(markets.columns) == ["code", "name", "status"]
        assert [cell.plain for cell in markets.get_row("us")] == ["US", "United States", "◐ paused"]
        header = screen_lines(app)[markets.region.y]
        assert "Code" in header and "Status" in header and "Region" not in header
        assert "North America" not in row_line(app, "US")
        drawn = sum(column.get_render_width(markets) for column in markets.columns.values())
        assert drawn == markets.scrollable_content_region.width
        # A click on a heading still sorts by the column under it.
        await pilot.click(MarketTable, offset=(heading_x(markets, "status"), 0))
        await pilot.pause()
        assert app.screen.view.sort_column == "status"
        markets.show_columns(COLUMN_KEYS)
        await pilot.pause()
        assert "North America" in row_line(app, "US")


async def test_show_columns_refuses_unknown_or_no_columns(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        with pytest.raises(ValueError, match="budget"):
            table(app).show_columns(["code", "budget"])
        with pytest.raises(ValueError):
            table(app).show_columns([])
        assert table(app).visible_columns == COLUMN_KEYS


# -- alone, with many markets ---------------------------------------------------------------


def many_markets(count: int) -> list[Market]:
    statuses = list(Status)
    return [
        Market.model_construct(
            code=f"M{index}",
            name=f"Market {index}",
            status=statuses[index % 3],
            region=("Europe", "Asia", None)[index % 3],
            since=date(2024, 1, 1 + index % 28),
            target=None,
            tags=[],
            notes=f"Note {index}\nmore",
            history=[],
        )
        for index in range(count)
    ]


class TableApp(App[None]):
    """The table alone, showing the markets given."""

    def __init__(self, markets: list[Market]) -> None:
        super().__init__()
        self.markets = markets

    def compose(self) -> ComposeResult:
        yield MarketTable(id="markets")

    def on_mount(self) -> None:
        self.query_one(MarketTable).styles.height = "1fr"
        self.query_one(MarketTable).show(self.markets, self.theme_variables)


class Painted:
    """Counts the lines the table paints (a line kept from an earlier frame is not)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.codes: list[str] = []
        paint_row = market_table.paint_row

        def counted(cells, *args, **kwargs):
            self.codes.append(cells[0].plain)
            return paint_row(cells, *args, **kwargs)

        monkeypatch.setattr(market_table, "paint_row", counted)

    def take(self) -> list[str]:
        codes, self.codes = self.codes, []
        return codes


async def paint_counts(markets: list[Market], monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Lines painted for the first frame, a sort, a cursor move and a page down."""
    painted = Painted(monkeypatch)
    app = TableApp(markets)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        counts = {"first frame": len(painted.take())}
        markets_table = app.query_one(MarketTable)
        # A new order: the cursor's market stays first, every other line changes.
        markets_table.show([markets[0], *markets[:0:-1]], app.theme_variables)
        await pilot.pause()
        counts["sort"] = len(painted.take())
        await pilot.press("down")
        counts["cursor"] = len(painted.take())
        await pilot.press("pagedown")
        counts["page"] = len(painted.take())
        monkeypatch.undo()
    return counts


async def test_drawing_costs_the_lines_on_screen_whatever_the_size(monkeypatch):
    visible = 30 - 1  # the screen's lines, less the headings
    most = {
        "first frame": visible + 1,  # every line on screen, the headings too
        "sort": visible - 1,  # a new market on every line but the cursor's
        "cursor": 2,  # the line it left and the line it reached
        "page": visible,  # a screen of markets
    }
    big = await paint_counts(many_markets(10_000), monkeypatch)
    assert big == most
    # Fewer markets never cost more; lines drawn before are kept, so they cost less.
    small = await paint_counts(many_markets(40), monkeypatch)
    assert all(small[what] <= most[what] for what in most), small


async def test_a_sort_mark_in_a_heading_redraws_the_headings_alone(monkeypatch):
    """The ▲ of a sorted column that keeps its width changes no market's line."""
    painted = Painted(monkeypatch)
    app = TableApp(many_markets(1_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        markets_table = app.query_one(MarketTable)
        width = markets_table.columns["status"].width
        painted.take()
        markets_table.show_sort("status", reverse=False)
        await pilot.pause()
        assert markets_table.columns["status"].width == width
        assert painted.take() == ["Code"]  # the line of headings
        assert "Status ▲" in screen_lines(app)[0]
        markets_table.show_sort(None, reverse=False)
        await pilot.pause()
        assert "Status ▲" not in screen_lines(app)[0]
        assert "Status" in screen_lines(app)[0]


def column_widths(table: MarketTable) -> dict[str, int]:
    return {key: column.width for key, column in table.columns.items()}


def count_measures(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the lists of markets the table measures whole, from now on."""
    measured: list[int] = []
    measure = market_table.measure

    def counted(markets, *args):
        measured.append(len(markets))
        return measure(markets, *args)

    monkeypatch.setattr(market_table, "measure", counted)
    return measured


async def test_widths_come_from_the_unsorted_list_the_screen_names(monkeypatch):
    """Handed the filters' result before the sort, the table measures that list once and
    keeps its widths for each order of it; they are the widths of the markets shown."""
    everything = many_markets(200)
    everything[7] = everything[7].model_copy(update={"name": "A name as wide as the column"})
    found = everything[100:]  # the long name is filtered out
    app = TableApp(everything)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        markets_table = app.query_one(MarketTable)

        widths_all = column_widths(markets_table)
        markets_table.show(list(found), app.theme_variables)  # measured as always
        widths_found = column_widths(markets_table)
        assert widths_all["name"] > widths_found["name"]
        measured = count_measures(monkeypatch)
        for order in (found[::-1], found, sorted(found, key=lambda market: market.status)):
            markets_table.show(order, app.theme_variables, unsorted=found)
            await pilot.pause()
            assert column_widths(markets_table) == widths_found
            assert markets_table.shown_markets == order
        assert measured == [len(found)]  # once, for the first order
        # a filter typed on that finds the same markets: a new list, the same widths
        markets_table.show(found[::-1], app.theme_variables, unsorted=list(found))
        assert measured == [len(found)]
        assert column_widths(markets_table) == widths_found
        markets_table.show(everything[::-1], app.theme_variables, unsorted=everything)
        assert column_widths(markets_table) == widths_all


async def test_an_edit_of_one_market_measures_that_market_alone(monkeypatch):
    """An edit hands the table a new list of as many markets, one of them new: the widths
    come from that market alone, unless it held a widest value it no longer reaches."""
    everything = many_markets(2_000)
    app = TableApp(everything)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        markets_table = app.query_one(MarketTable)

        markets_table.show(everything, app.theme_variables, unsorted=everything)
        before = column_widths(markets_table)
        measured = count_measures(monkeypatch)

        def edited(markets: list[Market], name: str) -> list[Market]:
            changed = list(markets)
            changed[1234] = changed[1234].model_copy(update={"name": name})
            markets_table.show(changed, app.theme_variables, unsorted=changed)
            return changed

        wider = edited(everything, "A name as wide as the column")
        assert column_widths(markets_table)["name"] > before["name"]
        narrower_again = edited(wider, "M")  # it held the widest name: all are measured
        assert column_widths(markets_table) == before
        assert measured == [len(everything)]
        edited(narrower_again, "N")  # a name no wider than others: measured alone
        assert column_widths(markets_table) == before
        assert measured == [len(everything)]


@settings(max_examples=200, deadline=None)
@given(
    markets=st.lists(
        st.builds(
            lambda code, name, region, owner, status, target: _market(
                code, name=name, region=region, owner=owner, status=status, target=target
            ),
            st.sampled_from(["DE", "FR", "GB-LND", "US", "id"]),
            st.sampled_from(["Alpha", "Δelta", "日本", "A much longer market name here", "x"]),
            st.sampled_from([None, "Europe", "アジア", "Middle East and Africa"]),
            st.sampled_from([None, "Team Wien", "EU expansion"]),
            st.sampled_from(list(Status)),
            st.sampled_from([None, date(2020, 1, 1), date(2024, 5, 20), date(2031, 1, 1)]),
        ),
        min_size=1,
        max_size=12,
    ),
    edits=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), min_size=1, max_size=4),
)
def test_measuring_the_changed_markets_alone_gives_what_measuring_all_gives(markets, edits):
    """`measure_changed` (the widths after an edit, from the changed markets alone) is the
    whole measure, or says it cannot tell."""
    today = date(2024, 5, 6)
    after = list(markets)
    for place, source in edits:  # a market replaced by another's values
        after[place % len(after)] = markets[source % len(markets)].model_copy()
    changed = [
        index for index, (old, new) in enumerate(zip(markets, after, strict=True)) if old is not new
    ]
    whole = measure(after, today, 30)
    quick = measure_changed(measure(markets, today, 30), markets, after, changed, today, 30)
    if quick is not None:  # a name past the column's widest is cut there either way
        clamp = lambda widest: replace(widest, name=min(widest.name, NAME_MOST))  # noqa: E731
        assert clamp(quick) == clamp(whole)


async def test_render_line_is_asked_only_for_the_lines_on_screen(monkeypatch):
    asked: list[int] = []
    render_line = MarketTable.render_line

    def counted(self, y):
        asked.append(y)
        return render_line(self, y)

    monkeypatch.setattr(MarketTable, "render_line", counted)
    app = TableApp(many_markets(10_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert sorted(set(asked)) == list(range(30))
        assert len(asked) <= 2 * 30  # at most a layout pass and a paint


async def test_keys_move_by_row_page_and_to_either_end(monkeypatch):
    app = TableApp(many_markets(10_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        markets = app.query_one(MarketTable)
        page = 30 - 1
        await pilot.press("down", "down")
        assert markets.cursor_row == 2
        await pilot.press("pagedown")
        assert markets.cursor_row == 2 + page
        assert markets.scroll_offset.y == page  # the cursor keeps its place on screen
        await pilot.press("pageup", "up")
        assert markets.cursor_row == 1
        await pilot.press("end")
        assert markets.selected_key == "m9999"
        await pilot.pause()
        assert screen_lines(app)[-1].startswith(" M9999 ")
        await pilot.press("home")
        assert markets.cursor_row == 0
        assert markets.scroll_offset.y == 0


async def test_the_wheel_scrolls_without_moving_the_cursor():
    app = TableApp(many_markets(1_000))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        markets = app.query_one(MarketTable)
        for _ in range(3):
            markets.post_message(
                events.MouseScrollDown(markets, 10, 10, 0, 1, 0, False, False, False)
            )
        await pilot.pause()
        assert markets.scroll_offset.y > 0
        assert markets.cursor_row == 0
        top = markets.scroll_offset.y
        assert screen_lines(app)[1].startswith(f" M{top} ")


async def test_hover_highlights_the_row_under_the_mouse_until_a_key_is_pressed():
    app = TableApp(many_markets(100))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        markets = app.query_one(MarketTable)
        plain = markets.render_line(5)
        await pilot.hover(MarketTable, offset=(10, 5))
        await pilot.pause()
        hovered = markets.render_line(5)
        assert hovered.text == plain.text
        assert [seg.style for seg in hovered] != [seg.style for seg in plain]
        await pilot.press("down")
        await pilot.pause()
        assert [seg.style for seg in markets.render_line(5)] == [seg.style for seg in plain]


# -- the pieces -----------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    ["a", "B", " ", "-", "[", "/", "—", "é", "e\u0301", "日", "本", "🚀", "ß", "İ", "x"]
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(_ALPHABET, max_size=40),
    width=st.integers(1, 30),
    style=st.sampled_from(["", "bold", Style(color="red", bold=True)]),
    overflow=st.sampled_from(["ellipsis", None]),
    marked=st.booleans(),
)
def test_a_cell_is_drawn_as_rich_draws_its_text(parts, width, style, overflow, marked):
    console = Console(width=200, force_terminal=True, color_system="truecolor")
    text = Text("".join(parts), style=style, no_wrap=True, overflow=overflow, end="")
    if marked:
        text = Text.assemble((CHANGE_MARK, "bold"), text, no_wrap=True, overflow=overflow)
        text.end = ""
    options = console.options.update_dimensions(width, 1).update(no_wrap=True)
    (expected,) = console.render_lines(text, options, pad=True)
    drawn = cell_segments(text, width, console)
    assert list(Segment.simplify(drawn)) == list(Segment.simplify(expected))


def _market(code: str, **fields) -> Market:
    return Market(
        code=code,
        name=fields.pop("name", code),
        status=fields.pop("status", Status.PLANNED),
        **fields,
    )


_markets = st.lists(
    st.builds(
        lambda index, name, region, owner, status, since, notes: _market(
            f"C{index}",
            name=name,
            region=region,
            owner=owner,
            status=status,
            since=since,
            notes=notes,
        ),
        st.integers(0, 10_000),
        st.sampled_from(["Alpha", "beta", "Gamma", "alpha", "Δelta"]),
        st.sampled_from([None, "", "Europe", "asia", "Asia"]),
        st.sampled_from([None, "Team Wien", "team wien", "EU expansion"]),
        st.sampled_from(list(Status)),
        st.sampled_from([None, date(2024, 1, 1), date(2023, 5, 6)]),
        st.sampled_from([None, "", "one\ntwo", "\n  second", "Alpha notes"]),
    ),
    max_size=30,
    unique_by=lambda market: market.code,
)


def _reference(view: MarketView, markets: list[Market]) -> list[Market]:
    """The view as first written: filter each market, sort twice (values, then blanks)."""
    words = view.query.casefold().split()
    shown = [
        market
        for market in markets
        if (view.status is None or market.status == view.status)
        and (view.region is None or (market.region or "") == view.region)
        and all(word in search_text(market) for word in words)
    ]
    if view.sort_column is None:
        return shown

    def text(value: str | None) -> tuple[bool, object]:
        return (not value, (value or "").casefold())

    def day(value: date | None) -> tuple[bool, object]:
        return (value is None, value or date.min)

    def key(market: Market) -> tuple[bool, object]:
        return {
            "code": lambda: (False, market.key),
            "name": lambda: text(market.name),
            "region": lambda: text(market.region),
            "owner": lambda: text(market.owner),
            "status": lambda: (False, list(Status).index(market.status)),
            "since": lambda: day(market.since),
            "target": lambda: day(market.target),
            "notes": lambda: text(market.first_note_line),
        }[view.sort_column]()

    shown.sort(key=lambda market: key(market)[1], reverse=view.reverse)
    shown.sort(key=lambda market: key(market)[0])
    return shown


@settings(max_examples=300, deadline=None)
@given(
    markets=_markets,
    query=st.sampled_from(["", "alpha", "a", "ALPHA notes", "two", "zzz"]),
    status=st.sampled_from([None, *Status]),
    region=st.sampled_from([None, "Europe", "asia"]),
    sort_column=st.sampled_from([None, *COLUMN_KEYS]),
    reverse=st.booleans(),
)
def test_the_view_filters_and_sorts_as_the_plain_definition_does(
    markets, query, status, region, sort_column, reverse
):
    view = MarketView(
        query=query, status=status, region=region, sort_column=sort_column, reverse=reverse
    )
    assert view.apply(markets) == _reference(view, markets)
    # the filters' result, then its sort: the two halves of `apply`, as the screen asks
    lookups = MarketLookups()
    found = view.found(markets, lookups)
    assert found == MarketView(query=query, status=status, region=region).apply(markets)
    assert view.sorted(markets, found, lookups) == _reference(view, markets)


@settings(max_examples=200, deadline=None)
@given(
    markets=_markets,
    typed=st.lists(
        st.sampled_from(["a", "l", "p", "h", " ", "-", "status:live", "region:as", "\b"]),
        max_size=12,
    ),
    status=st.sampled_from([None, *Status]),
    sort_column=st.sampled_from([None, "name", "region"]),
)
def test_a_filter_typed_key_by_key_finds_what_a_fresh_one_finds(
    markets, typed, status, sort_column
):
    """The kept lookups look only through what a shorter query found, and give a query
    typed back its markets again (sorted as before): each answer must be the one a
    fresh view gives."""
    lookups, query = MarketLookups(), ""
    for key in typed:
        query = query[:-1] if key == "\b" else query + key
        view = MarketView(query=query, status=status, sort_column=sort_column)
        fresh = MarketView(query=query, status=status, sort_column=sort_column)
        assert view.apply(markets, lookups) == fresh.apply(markets), query


def test_hidden_notes_give_their_width_to_the_last_shown_of_name_region_and_owner():
    widest = Widest(code=2, name=12, region=6, owner=8)
    labels = {"code": "Code", "name": "Name", "region": "Region", "status": "Status"}
    every = fit_widths(
        COLUMN_KEYS,
        {**labels, "owner": "Owner", "since": "Since", "target": "Target", "notes": "Notes"},
        widest,
        120,
        1,
    )
    assert every["name"] == 12 and every["region"] == 6 and every["owner"] == 8
    assert sum(every.values()) + 2 * len(every) == 120  # the notes take the rest
    no_notes = fit_widths(("code", "name", "region", "status"), labels, widest, 120, 1)
    assert no_notes["name"] == 12
    assert sum(no_notes.values()) + 2 * len(no_notes) == 120  # the region took the rest
