"""Where the board's cards sit and how the regions group, without a terminal: the
scrolling rules hold for any column (hypothesis), the columns share any width, and the
region groups count what they hold."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style

from roadmap_tui.model import Market
from roadmap_tui.ui.views.board_layout import (
    CARD_GAP,
    COLUMN_GAP,
    MIN_COLUMN_WIDTH,
    board_columns,
    card_height,
    cards_shown,
    column_widths,
    columns_across,
    first_column,
    first_fitting,
    nearest_card,
    next_filled,
    top_showing,
)
from roadmap_tui.ui.views.due_marks import DueLooks, target_text
from roadmap_tui.ui.views.region_groups import NO_REGION, RegionOrder, region_groups
from roadmap_tui.workflow import DEFAULT_WORKFLOW, build_workflow

TODAY = date(2024, 5, 6)
heights = st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=60)
rooms = st.integers(min_value=1, max_value=60)


def market(code: str, status: str = "planned", **fields: object) -> Market:
    return Market(code=code, name=f"Market {code}", status=status, **fields)


@given(heights, rooms, st.data())
def test_the_top_that_shows_a_card_draws_it_whole(column, room, data):
    top = data.draw(st.integers(min_value=0, max_value=len(column) - 1))
    card = data.draw(st.integers(min_value=0, max_value=len(column) - 1))
    new_top = top_showing(column, top, card, room)
    shown = dict(cards_shown(column, new_top, room))
    assert card in shown
    if column[card] <= room:
        assert shown[card] + column[card] <= room  # whole, not cut at the bottom
    if card in dict(cards_shown(column, top, room)):
        assert new_top == top  # already shown: the column does not move


@given(heights, rooms, st.data())
def test_the_first_fitting_card_draws_the_rest_and_no_card_more(column, room, data):
    last = data.draw(st.integers(min_value=0, max_value=len(column) - 1))
    first = first_fitting(column, last, room)
    shown = [card for card, _ in cards_shown(column, first, room)]
    assert last in shown  # drawn, and every card from `first` to it
    lines = sum(column[first : last + 1]) + CARD_GAP * (last - first)
    assert first == last or lines <= room
    if first > 0:  # one more card above would not fit
        assert lines + CARD_GAP + column[first - 1] > room


@given(heights, rooms, st.integers(min_value=0, max_value=59))
def test_cards_shown_follow_each_other_with_a_gap_and_fit(column, room, top):
    top = min(top, len(column) - 1)
    shown = cards_shown(column, top, room)
    assert shown[0] == (top, 0)
    for (card, line), (next_card, next_line) in pairwise(shown):
        assert next_card == card + 1 and next_line == line + column[card] + CARD_GAP
    for card, line in shown[1:]:
        assert line + column[card] <= room


@given(heights, rooms, st.integers(min_value=0, max_value=80))
def test_the_nearest_card_is_one_drawn(column, room, line):
    shown = [card for card, _ in cards_shown(column, 0, room)]
    assert nearest_card(column, 0, room, line) in shown


def test_the_nearest_card_is_the_one_on_the_same_line():
    # cards of 2 lines: drawn on lines 0-1, 3-4, 6-7, 9-10
    assert nearest_card([2, 2, 2, 2], 0, 20, 6) == 2
    assert nearest_card([2, 2, 2, 2], 0, 20, 5) == 1  # the gap after card 1: 1 away
    assert nearest_card([3, 1], 0, 20, 15) == 1  # below every card: the last


@given(st.integers(min_value=1, max_value=400), st.integers(min_value=1, max_value=12))
def test_the_columns_share_the_width(width, count):
    across = columns_across(width, count)
    assert 1 <= across <= count
    widths = column_widths(width, across)
    if width >= across * MIN_COLUMN_WIDTH + (across - 1) * COLUMN_GAP:
        assert sum(widths) + COLUMN_GAP * (across - 1) == width
        assert max(widths) - min(widths) <= 1
    if across < count:  # scrolled across only when narrower columns would not fit
        assert (across + 1) * MIN_COLUMN_WIDTH + across * COLUMN_GAP > width


def test_three_columns_of_26_cells_at_80_and_five_of_15():
    assert column_widths(80, columns_across(80, 3)) == [26, 26, 26]
    assert column_widths(80, columns_across(80, 5)) == [16, 15, 15, 15, 15]
    assert columns_across(80, 6) == 5


@given(st.integers(min_value=1, max_value=12), st.data())
def test_the_first_column_drawn_moves_as_little_as_it_takes(count, data):
    across = data.draw(st.integers(min_value=1, max_value=count))
    first = data.draw(st.integers(min_value=0, max_value=count - 1))
    column = data.draw(st.integers(min_value=0, max_value=count - 1))
    new_first = first_column(first, column, across, count)
    assert new_first <= column < new_first + across
    assert 0 <= new_first <= count - across


def test_columns_follow_the_workflow_and_next_filled_passes_empty_ones():
    workflow = build_workflow(
        [(name, None, None) for name in ("exploring", "planned", "testing", "live")]
    )
    markets = [market("JP", "exploring"), market("GB", "live"), market("US", "live")]
    columns = board_columns(markets[1:], markets, workflow)
    assert [column.status.name for column in columns] == [
        "exploring",
        "planned",
        "testing",
        "live",
    ]
    assert [len(column.markets) for column in columns] == [0, 0, 0, 2]
    assert [column.total for column in columns] == [1, 0, 0, 2]
    assert next_filled(columns, 3, -1) is None  # exploring's market is filtered out
    columns = board_columns(markets, markets, workflow)
    assert next_filled(columns, 3, -1) == 0
    assert next_filled(columns, 0, 1) == 3


def test_a_card_is_as_tall_as_what_it_has_to_say():
    assert card_height(market("DE")) == 1
    assert card_height(market("DE", owner="EU expansion")) == 2
    assert card_height(market("DE", owner="EU", target=date(2024, 9, 1))) == 3


def test_regions_sorted_by_count_or_name_without_a_region_last():
    markets = [
        market("ZA", region="Africa", target=date(2024, 5, 20)),
        market("NG", region="Africa", target=date(2024, 1, 2)),
        market("DE", "paused", region="Europe"),
        market("FR", "live", region="Europe", target=date(2023, 1, 1)),
        market("IT", region="Europe"),
        market("XK"),
        market("YY", region="  "),
    ]
    groups = region_groups(markets, DEFAULT_WORKFLOW, TODAY, 30)
    assert [group.title for group in groups] == ["Europe", "Africa", NO_REGION]
    by_name = region_groups(markets, DEFAULT_WORKFLOW, TODAY, 30, RegionOrder.NAME)
    assert [group.title for group in by_name] == ["Africa", "Europe", NO_REGION]
    africa, europe, nowhere = by_name
    assert [(status.name, count) for status, count in europe.counts] == [
        ("planned", 1),
        ("paused", 1),
        ("live", 1),
    ]
    assert [m.code for m in nowhere.markets] == ["XK", "YY"]  # a blank region is none
    assert africa.earliest == date(2024, 1, 2) and europe.earliest == date(2023, 1, 1)
    assert (africa.overdue, africa.soon) == (1, 1)  # NG passed; ZA in 14 days
    assert (europe.overdue, europe.soon) == (0, 0)  # FR's target passed, but it is live
    assert nowhere.earliest is None


@given(st.lists(st.sampled_from(["Asia", "Europe", "Africa", None]), max_size=40))
def test_every_market_is_in_exactly_one_group_in_its_order(regions):
    markets = [market(f"M{index}", region=region) for index, region in enumerate(regions)]
    groups = region_groups(markets, DEFAULT_WORKFLOW, TODAY, 30)
    assert sorted(m.code for g in groups for m in g.markets) == sorted(m.code for m in markets)
    for group in groups:
        assert [markets.index(m) for m in group.markets] == sorted(
            markets.index(m) for m in group.markets
        )
        assert sum(count for _, count in group.counts) == len(group.markets)
    sizes = [len(group.markets) for group in groups if group.region is not None]
    assert sizes == sorted(sizes, reverse=True)


def test_a_target_says_overdue_or_due_soon_in_words_and_keeps_its_date_when_narrow():
    looks = DueLooks(Style(), Style(), Style())
    late = market("US", "paused", target=date(2022, 11, 1))
    soon = market("DE", "paused", target=date(2024, 6, 5))  # today + 30 days
    later = market("FR", "paused", target=date(2024, 6, 6))
    launched = market("GB", "live", target=date(2022, 11, 1))
    assert target_text(late, TODAY, 30, looks).plain == "! overdue 2022-11-01"
    assert target_text(late, TODAY, 30, looks, width=19).plain == "! 2022-11-01"
    assert target_text(soon, TODAY, 30, looks).plain == "◷ due soon 2024-06-05"
    assert target_text(later, TODAY, 30, looks).plain == "target 2024-06-06"
    assert target_text(launched, TODAY, 30, looks).plain == "target 2022-11-01"
    assert target_text(market("XK"), TODAY, 30, looks).plain == ""
