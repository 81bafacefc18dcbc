"""`[roadmap] due_soon_days`: read and checked with the line, kept byte for byte, and the
day boundaries of overdue and due soon (due.py) with the file's days."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui import model, settings
from roadmap_tui.due import Due, due, due_counts, due_states, soon_days_of
from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.model import Market
from roadmap_tui.store import RoadmapDocument, parse
from roadmap_tui.ui.widgets.market_view import MarketView

TODAY = date(2024, 5, 6)

ROADMAP = """\
[roadmap]
title = "Launches"
due_soon_days = 14   # two weeks: the launch team's rhythm

[[markets]]
code = "DE"
name = "Germany"
status = "planned"
target = 2024-05-20
"""


def _market(status: str = "planned", target: date | None = None) -> Market:
    return Market(code="XX", name="X", status=status, target=target)


def test_the_file_says_how_many_days_are_soon() -> None:
    roadmap = parse(ROADMAP, "r.toml").roadmap
    assert roadmap.roadmap.due_soon_days == 14
    assert soon_days_of(roadmap, setting=60) == 14  # the file wins over the user's setting
    plain = parse('[roadmap]\ntitle = "T"\n', "r.toml").roadmap
    assert plain.roadmap.due_soon_days is None
    assert soon_days_of(plain, setting=60) == 60  # else the setting
    assert soon_days_of(plain) == 30  # else 30


def test_the_file_and_the_setting_take_the_same_days() -> None:
    assert model.MOST_DUE_SOON_DAYS == settings.MOST_DUE_SOON_DAYS


@pytest.mark.parametrize("value", ["-1", "3651", '"14"', "14.0", "true", "[14]"])
def test_a_wrong_number_of_days_is_one_sentence_at_its_place(value: str) -> None:
    text = ROADMAP.replace("due_soon_days = 14", f"due_soon_days = {value}")
    with pytest.raises(InvalidRoadmap) as raised:
        parse(text, "r.toml")
    assert str(raised.value) == (
        "r.toml:3:17: error: [roadmap]: 'due_soon_days' must be a whole number of days "
        "from 0 to 3650"
    )


def test_the_line_is_kept_byte_for_byte_through_edits(tmp_path: Path) -> None:
    path = tmp_path / "roadmap.toml"
    path.write_text(ROADMAP, "utf-8")
    document = RoadmapDocument.load(path)
    document.update_roadmap_info(title="Launches 2024")
    document.set_notes("DE", "Store tab first.")
    document.save()
    written = path.read_text("utf-8")
    assert "due_soon_days = 14   # two weeks: the launch team's rhythm\n" in written
    assert written.replace('title = "Launches 2024"', 'title = "Launches"').startswith(ROADMAP)
    assert RoadmapDocument.load(path).roadmap.roadmap.due_soon_days == 14


# -- the day boundaries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "soon_days", "expected"),
    [
        (TODAY - timedelta(days=1), 30, Due.OVERDUE),  # yesterday: passed
        (TODAY, 30, Due.SOON),  # today: not passed yet, and due
        (TODAY + timedelta(days=1), 30, Due.SOON),
        (TODAY, 0, Due.SOON),  # 0 days: only the day itself
        (TODAY + timedelta(days=1), 0, None),
        (TODAY - timedelta(days=1), 0, Due.OVERDUE),
        (TODAY + timedelta(days=14), 14, Due.SOON),  # exactly N days ahead
        (TODAY + timedelta(days=15), 14, None),  # one day further
    ],
)
def test_overdue_and_due_soon_at_the_day_boundaries(
    target: date, soon_days: int, expected: Due | None
) -> None:
    assert due(_market(target=target), TODAY, soon_days) is expected


@given(
    offset=st.integers(min_value=-4000, max_value=4000),
    soon_days=st.integers(min_value=0, max_value=3650),
)
def test_a_live_market_is_never_overdue_nor_due_soon(offset: int, soon_days: int) -> None:
    assert due(_market("live", TODAY + timedelta(days=offset)), TODAY, soon_days) is None


@given(offset=st.integers(min_value=-100, max_value=100), soon_days=st.integers(0, 60))
def test_the_filter_words_agree_with_the_marks(offset: int, soon_days: int) -> None:
    """`overdue` and `due-soon` find exactly the markets `due` marks, with the same days."""
    market = _market(target=TODAY + timedelta(days=offset))
    state = due(market, TODAY, soon_days)
    for word, wanted in (("overdue", Due.OVERDUE), ("due-soon", Due.SOON)):
        found = MarketView(query=word).apply([market], today=TODAY, soon_days=soon_days)
        assert (found == [market]) == (state is wanted)


@given(
    markets=st.lists(
        st.builds(
            _market,
            st.sampled_from(["planned", "paused", "live"]),
            st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 12, 31))),
        ),
        max_size=20,
    ),
    soon_days=st.integers(0, 60),
)
def test_the_counts_and_states_are_what_due_says_of_each_market(
    markets: list[Market], soon_days: int
) -> None:
    states = [due(market, TODAY, soon_days) for market in markets]
    assert due_counts(markets, TODAY, soon_days) == {
        Due.OVERDUE: states.count(Due.OVERDUE),
        Due.SOON: states.count(Due.SOON),
    }
    assert due_states(markets, TODAY, soon_days) == set(states) - {None}


def test_soon_near_the_last_day_a_date_holds() -> None:
    """An export drawn "as of" a moment in year 9999 asks with a day that far."""
    late = date.max - timedelta(days=3)
    market = _market(target=date.max)
    assert due(market, late, 30) is Due.SOON
    assert due_counts([market], late, 30) == {Due.OVERDUE: 0, Due.SOON: 1}
    assert due_states([market], late, 3650) == {Due.SOON}
