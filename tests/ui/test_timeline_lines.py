"""The timeline's cells without Textual: dates to cells, bars, the axis and the rows."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.model import Market
from roadmap_tui.share.drift import drift_of_markets
from roadmap_tui.ui.views.timeline_lines import (
    ZOOMS,
    Cell,
    Scale,
    Zoom,
    axis_runs,
    axis_text,
    bar_runs,
    fitting_zoom,
    scale_for,
    timeline_rows,
    zoomed,
)

TODAY = date(2024, 5, 6)
DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2026, 12, 31))


def chart(runs) -> str:
    return "".join(run.text for run in runs)


def market(code: str, since: date | None = None, target: date | None = None) -> Market:
    return Market(code=code, name=code, status="planned", since=since, target=target)


# -- the scale ------------------------------------------------------------------------------


def test_a_month_is_a_whole_number_of_cells_at_every_zoom() -> None:
    scale = Scale(date(2022, 1, 1), 24, Zoom.MONTH)
    assert [scale.column(date(2022, month, 1)) for month in (1, 2, 3)] == [0, 8, 16]
    assert scale.column(date(2022, 1, 31)) == 7
    assert scale.width == 24 * 8
    quarter = Scale(date(2022, 1, 1), 24, Zoom.QUARTER)
    assert [quarter.column(date(2022, month, 1)) for month in (1, 4, 7)] == [0, 9, 18]
    year = Scale(date(2022, 1, 1), 24, Zoom.YEAR)
    assert [year.column(date(y, 1, 15)) for y in (2022, 2023)] == [0, 12]


@given(DAYS, st.sampled_from(ZOOMS))
def test_day_at_is_the_first_day_of_the_cell(day: date, zoom: Zoom) -> None:
    scale = Scale(date(2019, 1, 1), 12 * 8, zoom)
    column = scale.column(day)
    first = scale.day_at(column)
    assert first <= day
    assert scale.column(first) == column


@given(st.lists(DAYS, max_size=6), st.sampled_from(ZOOMS))
def test_the_range_holds_every_date_and_today_with_a_month_either_side(days, zoom) -> None:
    scale = scale_for(days, TODAY, zoom)
    for day in [*days, TODAY]:
        assert scale.zoom.cells <= scale.column(day) < scale.width - scale.zoom.cells


def test_the_nearest_zoom_that_fits_is_chosen_and_zoom_stays_in_bounds() -> None:
    days = [date(2021, 3, 1), date(2022, 11, 1)]  # to today: 41 months with the margins
    assert fitting_zoom(days, TODAY, 41) is Zoom.YEAR
    assert fitting_zoom(days, TODAY, 123) is Zoom.QUARTER
    assert fitting_zoom(days, TODAY, 400) is Zoom.MONTH
    assert fitting_zoom(days, TODAY, 10) is Zoom.YEAR  # nothing fits: the farthest
    assert zoomed(Zoom.YEAR, +1) is Zoom.QUARTER
    assert zoomed(Zoom.MONTH, +1) is Zoom.MONTH
    assert zoomed(Zoom.YEAR, -1) is Zoom.YEAR


# -- bars -----------------------------------------------------------------------------------

SCALE = Scale(date(2022, 1, 1), 12, Zoom.YEAR)  # one cell a month, 2022
EARLY = date(2022, 11, 20)  # "today" inside 2022, in the cell of November


def test_a_bar_runs_from_since_to_target() -> None:
    runs = bar_runs(date(2022, 2, 1), date(2022, 6, 1), None, "○", SCALE, 0, 12, EARLY)
    assert chart(runs) == " ○━━━◆    │ "
    assert [run.kind for run in runs] == [
        Cell.EMPTY, Cell.BAR, Cell.TARGET, Cell.EMPTY, Cell.TODAY, Cell.EMPTY,
    ]  # fmt: skip


def test_without_a_target_the_bar_is_open_ended_and_crosses_the_today_line() -> None:
    runs = bar_runs(date(2022, 2, 1), None, None, "●", SCALE, 0, 12, EARLY)
    assert chart(runs) == " ●━━━━━━━━┿→"
    assert [(run.text, run.kind) for run in runs][-2:] == [("┿", Cell.TODAY), ("→", Cell.BAR)]


def test_without_a_since_only_the_target_and_the_baseline_ghost() -> None:
    runs = bar_runs(None, date(2022, 9, 1), date(2022, 6, 15), "◐", SCALE, 0, 12, EARLY)
    assert chart(runs) == "     ◇  ◆ │ "
    assert [run.kind for run in runs if run.text.strip()] == [Cell.GHOST, Cell.TARGET, Cell.TODAY]


def test_the_window_crops_the_bar_and_the_target_hides_a_ghost_on_its_day() -> None:
    runs = bar_runs(date(2022, 2, 1), date(2022, 6, 1), date(2022, 6, 30), "○", SCALE, 3, 5, EARLY)
    assert chart(runs) == "━━◆  "


# -- the axis -------------------------------------------------------------------------------


def test_the_axis_says_the_year_then_months_or_quarters() -> None:
    months = Scale(date(2021, 11, 1), 4, Zoom.MONTH)
    assert axis_text(months) == "2021    Dec     2022    Feb     "
    quarters = Scale(date(2022, 2, 1), 12, Zoom.QUARTER)
    # 2023 starts three cells before the end: too close to fit
    assert axis_text(quarters) == "2022  Q2       Q3       Q4          "
    years = Scale(date(2021, 12, 1), 26, Zoom.YEAR)
    # "2021" would run into 2022, a cell later: it is left out
    assert axis_text(years) == " 2022        2023         "


def test_the_axis_window_marks_today() -> None:
    scale = Scale(date(2024, 1, 1), 12, Zoom.YEAR)
    assert chart(axis_runs(scale, axis_text(scale), 0, 8, TODAY)) == "2024▼   "
    assert chart(axis_runs(scale, axis_text(scale), 6, 4, TODAY)) == "    "


# -- rows -----------------------------------------------------------------------------------


def test_rows_dated_then_dropped_then_the_markets_without_dates() -> None:
    baseline = [market("DE", target=date(2022, 9, 1)), market("XX", target=date(2022, 1, 1))]
    current = [
        market("CN"),
        market("DE", since=date(2022, 7, 5)),
        market("MY"),
        market("US", target=date(2022, 11, 1)),
    ]
    drifts = drift_of_markets(baseline, current)
    by_key = {row.key: row for row in drifts}
    dropped = [row for row in drifts if row.kind == "dropped"]
    rows = timeline_rows(current, by_key, dropped)
    assert [(row.key, row.dated, row.dropped, row.heading) for row in rows] == [
        ("de", True, False, ""),
        ("us", True, False, ""),
        ("xx", True, True, ""),
        (None, True, False, "Without dates (2): no since, no target"),
        ("cn", False, False, ""),
        ("my", False, False, ""),
    ]
    assert rows[0].drift is not None and rows[0].drift.words == "target removed"


def test_a_market_with_only_a_baseline_target_is_drawn_with_its_ghost() -> None:
    drifts = drift_of_markets([market("DE", target=date(2022, 9, 1))], [market("DE")])
    rows = timeline_rows([market("DE")], {row.key: row for row in drifts})
    assert [(row.key, row.dated) for row in rows] == [("de", True)]
