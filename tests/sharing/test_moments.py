"""`moments`: one way to show a moment, and one time order, total over TOML's whole range."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from roadmap_tui.moments import day_of, describe_moment, moment_order

LATE_SHOWN = "9999-12-31 23:00 UTC-05:00"
EARLY_SHOWN = "0001-01-01 00:30 UTC+01:00"
YEAR_ONE_SHOWN = "0001-01-01 00:30"


def test_describe_moment_is_total_and_pads_the_year() -> None:
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert describe_moment(late) == LATE_SHOWN
    assert describe_moment(early) == EARLY_SHOWN
    assert describe_moment(datetime(1, 1, 1, 0, 30)) == YEAR_ONE_SHOWN
    assert describe_moment(datetime(1, 1, 1, 0, 30, tzinfo=UTC)) == "0001-01-01 00:30 UTC"
    assert describe_moment(datetime(999, 3, 4, 5, 6, 7, tzinfo=UTC), seconds=True) == (
        "0999-03-04 05:06:07 UTC"
    )
    assert describe_moment(date(1, 1, 1)) == "0001-01-01"


def test_moment_order_is_utc_order_even_outside_utcs_range() -> None:
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    last_utc = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    early = datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    moments = [late, date(1, 1, 1), last_utc, datetime(1, 1, 1, 0, 30), early]
    assert sorted(moments, key=moment_order) == [
        early,
        date(1, 1, 1),
        datetime(1, 1, 1, 0, 30),
        last_utc,
        late,
    ]


def test_day_of_is_the_day_written() -> None:
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    assert day_of(late) == date(9999, 12, 31)
    assert day_of(date(1, 1, 1)) == date(1, 1, 1)
