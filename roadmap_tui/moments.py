"""A moment of a roadmap (a date, a local date-time or one with an offset): its day, its
place in time order, and how people read it. No I/O, no Textual.

TOML allows any offset on any day from 0001-01-01 to 9999-12-31, so a moment can lie
outside what a UTC datetime holds: `9999-12-31T23:00:00-05:00` is in year 10000 in UTC,
`0001-01-01T00:30:00+01:00` in year 0. Nothing here converts in a way that can overflow,
and years are always written with four digits (strftime's `%Y` gives `1` for year 1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

Moment = date | datetime

_DAY_US = 86_400_000_000


def day_of(moment: Moment) -> date:
    """The calendar day as written: a date-time's own date, whatever its offset."""
    return moment.date() if isinstance(moment, datetime) else moment


def in_utc(moment: datetime) -> datetime | None:
    """The same moment in UTC (a local time is taken as UTC), or None when it falls
    outside the years 1 to 9999 there."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def moment_order(moment: Moment) -> tuple[int, int, int]:
    """A sort key putting moments in time order: day (in UTC), then a date alone before
    the times of that day, then the time of day. A local time counts as UTC.

    Computed in whole microseconds, so it holds for moments UTC cannot."""
    if not isinstance(moment, datetime):
        return (moment.toordinal(), 0, 0)
    offset = moment.utcoffset() or timedelta(0)
    wall = moment.toordinal() * _DAY_US + _microseconds(
        timedelta(
            hours=moment.hour,
            minutes=moment.minute,
            seconds=moment.second,
            microseconds=moment.microsecond,
        )
    )
    day, rest = divmod(wall - _microseconds(offset), _DAY_US)
    return (day, 1, rest)


def describe_moment(moment: Moment, *, seconds: bool = False) -> str:
    """A moment as people read it: `2022-07-05`, `2022-07-05 09:30` (a local time) or
    `2022-07-05 09:30 UTC`; with `seconds`, `09:30:00`. A moment UTC cannot hold is shown
    as written, with its offset: `9999-12-31 23:00 UTC-05:00`."""
    if not isinstance(moment, datetime):
        return _day(moment)
    offset = moment.utcoffset()
    if offset is None:
        return _clock(moment, seconds)
    utc = in_utc(moment)
    if utc is None:
        return f"{_clock(moment, seconds)} UTC{_offset(offset)}"
    return f"{_clock(utc, seconds)} UTC"


def _day(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def _clock(moment: datetime, seconds: bool) -> str:
    shown = f"{_day(moment)} {moment.hour:02d}:{moment.minute:02d}"
    return f"{shown}:{moment.second:02d}" if seconds else shown


def _offset(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes, second = divmod(int(abs(offset).total_seconds()), 60)
    shown = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{shown}:{second:02d}" if second else shown


def _microseconds(span: timedelta) -> int:
    return (span.days * 86_400 + span.seconds) * 1_000_000 + span.microseconds


def parse_moment(text: str) -> Moment:
    """A moment typed by a person: `2022-07-05`, `2022-07-05 09:30`, `2022-07-05T09:30:00Z`
    or with an offset (`+02:00`; none means UTC). ValueError, in one sentence, for anything else."""
    typed = text.strip()
    try:
        if len(typed) == 10:
            return date.fromisoformat(typed)
        moment = datetime.fromisoformat(typed.replace("z", "Z"))
    except ValueError:
        raise ValueError(
            f"'{text}' is not a date or a date-time such as 2022-07-05 or 2022-07-05T09:30:00Z"
        ) from None
    # the app writes UTC: a typed time without an offset is taken as UTC, as `in_utc` does
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0)
