"""A date or time out of range is named in one sentence at its own line and column.

tomllib rejects `since = 2022-13-01` as a syntax error somewhere inside the value
("expected newline or end of document"); the user should hear which part is wrong.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.cli import main
from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.store import parse

ROADMAP = """\
[roadmap]
title = "Dates"

[[markets]]
code = "DE"
name = "Germany"
{line}
status = "live"
"""


def message(line: str) -> str:
    with pytest.raises(InvalidRoadmap) as caught:
        parse(ROADMAP.format(line=line), "roadmap.toml")
    (problem,) = caught.value.diagnostics
    return str(problem)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("since = 2022-13-01", "7:9: error: 2022-13-01 is not a date: the month must be 1–12"),
        ("since = 2022-00-10", "7:9: error: 2022-00-10 is not a date: the month must be 1–12"),
        ("since = 2022-01-32", "7:9: error: 2022-01-32 is not a date: the day must be 1–31"),
        (
            "since = 2022-02-30",
            "7:9: error: 2022-02-30 is not a date: February 2022 has 28 days",
        ),
        (
            "target   =   2023-02-29  # leap?",
            "7:14: error: 2023-02-29 is not a date: February 2023 has 28 days",
        ),
        ("since = 2022-04-31", "7:9: error: 2022-04-31 is not a date: April has 30 days"),
        (
            "checked = 2022-07-05T25:00:00Z",
            "7:11: error: 2022-07-05T25:00:00Z is not a date-time: the hour must be 0–23",
        ),
        (
            "checked = 2022-07-05 12:61:00",
            "7:11: error: 2022-07-05 12:61:00 is not a date-time: the minute must be 0–59",
        ),
        (
            "checked = 2022-07-05T12:00:60Z",
            "7:11: error: 2022-07-05T12:00:60Z is not a date-time: the second must be 0–59",
        ),
        (
            "checked = 2022-07-05T12:00:00+25:00",
            "7:11: error: 2022-07-05T12:00:00+25:00 is not a date-time:"
            " the offset from UTC must be -23:59 to +23:59",
        ),
        ("opens = 25:00:00", "7:9: error: 25:00:00 is not a time: the hour must be 0–23"),
        (
            "dates = [2022-07-05, 2022-13-05]  # in an array",
            "7:22: error: 2022-13-05 is not a date: the month must be 1–12",
        ),
    ],
)
def test_an_impossible_date_or_time_says_which_part_is_wrong(line: str, expected: str) -> None:
    assert message(line) == f"roadmap.toml:{expected}"


@pytest.mark.parametrize(
    "line",
    [
        "since = 2022-07-05x",  # a real date with junk after it: tomllib's own words
        'notes = "2022-13-01" 2',  # the date is in a string; the error is the 2
        "since = 2022-07-05T12:30Z",  # in range, but TOML needs the seconds
    ],
)
def test_other_syntax_errors_keep_their_message(line: str) -> None:
    assert "TOML syntax error: " in message(line)


def test_validate_prints_the_sentence_without_a_traceback(
    write: Callable[..., Path],
) -> None:
    path = write(ROADMAP.format(line="since = 2022-13-01"))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    assert code == 1
    assert (
        err.getvalue() == f"{path}:7:9: error: 2022-13-01 is not a date: the month must be 1–12\n"
    )
