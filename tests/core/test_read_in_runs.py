"""A roadmap is validated a run of markets at a time, and that reads exactly as a whole read.

`parse` first reads the markets in runs (`toml_read.read_in_runs`), validating each run and
letting its dicts go; any error or warning sends the text to the whole read, which says
where. Both must give the same roadmap, the same warnings, the same errors, for every
text; and the runs must keep the memory a whole read needs for every market's dicts.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.store import toml_read, validate
from tests.core.helpers import many_markets


@pytest.fixture(autouse=True)
def _toml_rs() -> None:
    if toml_read.native is None:
        pytest.skip("toml-rs is not installed here: every roadmap is read whole")


def read(text: str) -> tuple[str, Any]:
    """What `parse` makes of `text`: the roadmap, its fields and warnings, or the errors."""
    try:
        parsed = validate.parse(text, "roadmap.toml")
    except InvalidRoadmap as error:
        return "invalid", error.diagnostics
    roadmap = parsed.roadmap
    return "valid", (roadmap, roadmap.model_fields_set, parsed.warnings)


def read_whole(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    with monkeypatch.context() as patched:
        patched.setattr(validate, "read_in_runs", lambda body: None)
        return read(text)


def runs_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs `parse` reads, to know a text went through them."""
    seen: list[int] = []
    real = validate.read_in_runs

    def counted(body: str) -> tuple[dict[str, Any], Iterator[list[Any]]] | None:
        read = real(body)
        if read is None:
            return None
        head, runs = read

        def each() -> Iterator[list[Any]]:
            for run in runs:
                seen.append(len(run))
                yield run

        return head, each()

    monkeypatch.setattr(validate, "read_in_runs", counted)
    return seen


ROADMAP = many_markets(300, history=2)
MIDDLE = 'code = "M00150"'

# each changes one market in the middle (or the head), past the first runs
CHANGES = {
    "none": ("", ""),
    "unknown key": (MIDDLE, MIDDLE + "\npriority = 1"),
    "unknown key in the head": ('title = "Many markets"', 'title = "Many markets"\nx = 1'),
    "code used in an earlier run": (MIDDLE, 'code = "M00003"'),
    "code used in the next market": (MIDDLE, 'code = "m00151"'),
    "unknown status": (
        'status = "planned"  # as of the review\nnotes = """\nAbout market 150',
        'status = "gone"\nnotes = """\nAbout market 150',
    ),
    "history out of order": (
        'at = 2022-02-01\nfrom = "paused"\nto = "planned"\n\n# Market 151',
        'at = 2021-02-01\nfrom = "paused"\nto = "planned"\n\n# Market 151',
    ),
    "status of the wrong type": ('name = "Market 150"', "name = 150"),
    "no title": ('title = "Many markets"', 'owner = "nobody"'),
    "declared statuses": (
        'title = "Many markets"',
        'title = "Many markets"\nstatuses = ["planned", "paused", "live"]',
    ),
    "a status the declaration lacks": (
        'title = "Many markets"',
        'title = "Many markets"\nstatuses = ["planned", "live"]',
    ),
    "a snapshot table": (
        "# A roadmap of many markets",
        '[snapshot]\ntaken_at = 2022-07-06T12:00:00Z\nsource = "a.toml"\nsource_sha256 = "00"\n',
    ),
    "a table after the markets": ("", "\n[extra]\nx = 1\n"),
    "a syntax error": (MIDDLE, 'code = "M00150'),
    "a header inside notes": ("About market 150;", 'About market 150;\n[[markets]]\ncode = "FAKE"'),
    "crlf": ("\n", "\r\n"),
    "bom": ("# A roadmap", "\ufeff# A roadmap"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_roadmap_read_in_runs_is_what_a_whole_read_gives(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = CHANGES[change]
    if change == "crlf":
        text = ROADMAP.replace(old, new)
    elif old:
        assert old in ROADMAP
        text = ROADMAP.replace(old, new, 1)
    else:
        text = ROADMAP + new
    whole = read_whole(text, monkeypatch)
    seen = runs_read(monkeypatch)
    assert read(text) == whole
    if change in {"none", "declared statuses", "crlf", "bom"}:
        assert whole[0] == "valid" and not whole[1][2]
        assert sum(seen) == 300 and len(seen) > 1  # read in runs, and nothing else
    if change == "none":
        assert [market.code for market in whole[1][0].markets][-1] == "M00299"


SIGNIFICANT = [*"[]{}\"'#=.,\\\n\r :-_0123456789xzZT", '"""', "'''", "\ufeff"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(many_markets(12, history=1))),
            st.sampled_from(["flip", "insert", "delete"]),
            st.sampled_from(SIGNIFICANT),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_mutated_roadmap_reads_in_runs_as_it_reads_whole(
    mutations: list[tuple[int, str, str]],
) -> None:
    text = many_markets(12, history=1)
    for position, how, character in mutations:
        at = min(position, len(text))
        if how == "insert":
            text = text[:at] + character + text[at:]
        elif how == "flip":
            text = text[:at] + character + text[at + 1 :]
        else:
            text = text[:at] + text[at + 1 :]
    with pytest.MonkeyPatch.context() as monkeypatch:
        whole = read_whole(text, monkeypatch)
    assert read(text) == whole


def test_the_history_holds_each_status_name_once() -> None:
    # 300 markets, 2 entries each: 1,200 `from` and `to` values of two names
    roadmap = validate.parse(ROADMAP, "roadmap.toml").roadmap
    values = [
        value
        for market in roadmap.markets
        for change in market.history
        for value in (change.from_, change.to)
    ]
    assert len(values) == 1200 and {*values} == {"planned", "paused"}
    assert len({id(value) for value in values}) == 2
    assert all(type(value) is str for value in values)  # plain strings, as read


def test_reading_in_runs_never_holds_every_markets_dicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python's allocations, counted: read whole, the dicts of every market are alive while
    # the models are built (the peak is some 45 % above what is kept); in runs, one run's
    def peak_over_kept(text: str) -> float:
        tracemalloc.start()
        try:
            parsed = validate.parse(text, "roadmap.toml")
            kept, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(parsed.roadmap.markets) == 400
        return (peak - kept) / kept

    text = many_markets(400)
    assert peak_over_kept(text) < 0.15
    monkeypatch.setattr(validate, "read_in_runs", lambda body: None)
    assert peak_over_kept(text) > 0.3  # the measure tells the two apart
