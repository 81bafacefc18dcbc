"""Filtering and sorting the table, with the cursor kept on the same market."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.model import Market, Status
from roadmap_tui.ui.widgets.market_table import MarketTable
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS, MarketLookups, MarketView, sort_values
from tests.ui.scenarios import screen_text

ASIA = ["id", "cn", "my", "th", "vn", "ph"]


def table(app) -> MarketTable:
    return app.screen.query_one(MarketTable)


async def test_filter_as_you_type_then_enter_keeps_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "a", "s", "i")
        await pilot.pause()
        assert table(app).shown_keys == ASIA
        assert "showing 6 of 12" in screen_text(app)
        await pilot.press("a", "enter")
        await pilot.pause()
        assert app.focused is table(app)
        assert table(app).shown_keys == ASIA
        assert table(app).selected_key == "id"  # the first match
        assert "showing 6 of 12" in screen_text(app)


async def test_filter_matches_code_name_region_tags_and_notes(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for query, expected in [
            # code US, "numbers" in Germany's notes, "Focus on the UK" in the history notes
            ("us", ["de", "fr", "it", "es", "us"]),
            ("vietnam", ["vn"]),
            ("north america", ["us"]),  # every word must match
            ("store-tab", ["id"]),  # a tag
            ("douyin", ["cn"]),  # tag and notes
            ("ON TREND", ["gb"]),  # notes, any case
        ]:
            await pilot.press("slash")
            app.screen.filter_bar.input.value = query
            await pilot.pause()
            assert table(app).shown_keys == expected, query
            await pilot.press("escape")
            await pilot.pause()
            assert len(table(app).shown_keys) == 12


async def test_escape_in_the_filter_clears_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"spain", "escape")
        await pilot.pause()
        assert app.screen.filter_bar.input.value == ""
        assert len(table(app).shown_keys) == 12
        assert app.focused is table(app)
        assert "showing" not in screen_text(app)


async def test_status_and_region_filters_cycle(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("f")  # planned: none in the sample
        await pilot.pause()
        assert table(app).shown_keys == []
        assert "showing 0 of 12" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert table(app).shown_keys == ["de", "fr", "it", "es", "us"]
        await pilot.press("g")  # regions in order: Asia, Europe, North America
        await pilot.pause()
        assert table(app).shown_keys == []  # paused in Asia
        await pilot.press("g")
        await pilot.pause()
        assert table(app).shown_keys == ["de", "fr", "it", "es"]
        assert "status paused  region Europe" in screen_text(app)
        await pilot.press("escape")  # on the table: clears every filter
        await pilot.pause()
        assert len(table(app).shown_keys) == 12
        assert app.screen.view == MarketView()


async def test_sort_by_key_keeps_the_cursor_on_the_same_market(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")  # IT
        await pilot.press("o")  # by code
        await pilot.pause()
        assert table(app).shown_keys == sorted(table(app).shown_keys)
        assert table(app).selected_key == "it"
        assert table(app).columns["code"].label.plain == "Code ▲"
        await pilot.press("O")
        await pilot.pause()
        assert table(app).shown_keys == sorted(table(app).shown_keys, reverse=True)
        assert table(app).selected_key == "it"
        assert table(app).columns["code"].label.plain == "Code ▼"
        await pilot.press("o")  # by name
        await pilot.pause()
        names = [app.document.market(key).name for key in table(app).shown_keys]
        assert names == sorted(names)
        assert table(app).selected_key == "it"


async def test_click_on_a_heading_sorts_and_again_reverses(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        markets = table(app)
        drawn = list(markets.columns)
        owner_x = sum(
            markets.columns[key].get_render_width(markets) for key in drawn[: drawn.index("owner")]
        )
        await pilot.click(MarketTable, offset=(owner_x + 2, 0))
        await pilot.pause()
        assert app.screen.view.sort_column == "owner"
        order = [app.document.market(key).owner for key in markets.shown_keys]
        assert order == sorted(order, key=str.casefold)
        await pilot.click(MarketTable, offset=(owner_x + 2, 0))
        await pilot.pause()
        assert app.screen.view.reverse


async def test_status_change_under_a_status_filter_hides_the_row(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("f", "f")  # paused
        await pilot.pause()
        app.screen.change_status("DE", Status.LIVE)
        await pilot.pause()
        assert table(app).shown_keys == ["fr", "it", "es", "us"]
        assert "showing 4 of 12" in screen_text(app)


def _market(code: str, **fields) -> Market:
    return Market(
        code=code,
        name=fields.pop("name", code),
        status=fields.pop("status", Status.PLANNED),
        **fields,
    )


def test_view_sorts_missing_values_last_and_keeps_ties_in_file_order():
    markets = [
        _market("A", region="Europe"),
        _market("B"),
        _market("C", region="asia"),
        _market("D", region="Europe"),
    ]
    view = MarketView(sort_column="region")
    assert [m.code for m in view.apply(markets)] == ["C", "A", "D", "B"]
    # Reversed: blanks still last, ties still in the file's order.
    assert [m.code for m in view.sorted_by("region").apply(markets)] == ["A", "D", "C", "B"]


def test_view_cycles_through_statuses_and_back():
    view = MarketView()
    seen = []
    for _ in range(4):
        view = view.next_status()
        seen.append(view.status)
    assert seen == [Status.PLANNED, Status.PAUSED, Status.LIVE, None]


def test_view_next_sort_ends_at_the_files_order():
    view = MarketView()
    columns = []
    for _ in range(9):
        view = view.next_sort()
        columns.append(view.sort_column)
    assert columns == [
        "code",
        "name",
        "region",
        "owner",
        "status",
        "since",
        "target",
        "notes",
        None,
    ]


async def test_fast_typing_after_slash_goes_into_the_filter(tiktok, open_app):
    from textual import events

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        # All keys queued at once, as a fast typist's burst arrives from the terminal.
        for key, character in [("slash", "/"), ("a", "a"), ("s", "s"), ("i", "i"), ("a", "a")]:
            app.post_message(events.Key(key, character))
        app.post_message(events.Key("enter", "\r"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.view.query == "asia"
        assert table(app).shown_keys == ASIA
        assert len(app.screen_stack) == 2  # no market form was opened by the "a"


async def test_slash_inside_the_filter_is_a_character(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "a", "slash", "b")
        assert app.screen.filter_bar.input.value == "a/b"


_REGIONS = st.sampled_from([None, "Europe", "europe", "Asia", "Ásia"])
_DATES = st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2020, 1, 9)))


@st.composite
def _roadmap_markets(draw) -> list[Market]:
    count = draw(st.integers(min_value=0, max_value=12))
    return [
        _market(
            f"M{index}",
            name=draw(st.sampled_from(["a", "B", "b", "ä"])),
            region=draw(_REGIONS),
            status=draw(st.sampled_from(list(Status))),
            target=draw(_DATES),
            notes=draw(st.sampled_from([None, "x", "Y\nz", "y"])),
        )
        for index in range(count)
    ]


def _reference(view: MarketView, markets: list[Market]) -> list[str]:
    """The view worked out the slow, obvious way: filter, then a stable sort with the
    markets without a value last whichever way."""
    kept = [market for market in markets if view.matches(market)]
    if view.sort_column is None:
        return [market.code for market in kept]
    values = sort_values(view.sort_column, kept)
    having = [
        (value, market) for value, market in zip(values, kept, strict=True) if value is not None
    ]
    having.sort(key=lambda pair: pair[0], reverse=view.reverse)
    blank = [market for value, market in zip(values, kept, strict=True) if value is None]
    return [market.code for _value, market in having] + [market.code for market in blank]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            _roadmap_markets(),
            st.sampled_from([None, *COLUMN_KEYS]),
            st.booleans(),
            st.sampled_from(["", "a", "europe", "y"]),
            st.sampled_from([None, *Status]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.data(),
)
def test_a_view_with_kept_lookups_shows_what_a_fresh_sort_shows(steps, data):
    # The lookups keep sort orders between calls; markets edited, sorts and filters
    # changed in any order must show exactly what working it out afresh shows.
    lookups = MarketLookups()
    markets: list[Market] = []
    for fresh, column, reverse, query, status in steps:
        if data.draw(st.booleans()):
            markets = fresh  # the roadmap changed; else the same markets again
        view = MarketView(query=query, status=status, sort_column=column, reverse=reverse)
        shown = [market.code for market in view.apply(markets, lookups)]
        assert shown == _reference(view, markets)
