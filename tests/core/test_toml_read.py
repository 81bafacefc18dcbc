"""The fast TOML reader of the open path reads exactly what tomllib reads (store/toml_read.py).

The whole toml-test 1.0.0 corpus runs in place from ../shared/toml-test (beside the project,
as CI lays it out), through the app's reader with toml-rs and with the fallback, and through
tomllib: the same verdicts, the same values (type-aware: key order, tzinfo, nan, -0.0), the
same errors, and for valid cases the value the corpus expects.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tomllib
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from roadmap_tui.store import toml_read

PROJECT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT.parent / "shared" / "toml-test" / "tests"
CASES = CORPUS / "files-toml-1.0.0"
# CI lays shared/ beside the project: there a missing corpus is a failure, not a skip
needs_corpus = pytest.mark.skipif(
    not CASES.is_file() and os.environ.get("CI") != "true",
    reason=f"the toml-test corpus is not beside the project ({CORPUS} is absent)",
)


def corpus_cases(kind: str) -> list[str]:
    if not CASES.is_file():
        return []
    names = CASES.read_text("utf-8").split()
    return [name for name in names if name.startswith(f"{kind}/") and name.endswith(".toml")]


def outcome(read: Callable[[str], dict[str, Any]], text: str) -> tuple[str, Any]:
    """("ok", value) or ("error", the exception's type and message)."""
    try:
        return "ok", read(text)
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        return "error", (type(error), str(error))


def check_same(ours: Any, reference: Any, where: str = "$") -> None:
    """Equal and of the same types all the way down: key order, tzinfo, nan and -0.0 too."""
    assert type(ours) is type(reference), f"{where}: {type(ours)} vs {type(reference)}"
    if isinstance(reference, dict):
        assert list(ours) == list(reference), f"{where}: keys {list(ours)} vs {list(reference)}"
        for key in reference:
            check_same(ours[key], reference[key], f"{where}.{key}")
    elif isinstance(reference, list):
        assert len(ours) == len(reference), f"{where}: lengths differ"
        for index, (mine, theirs) in enumerate(zip(ours, reference, strict=True)):
            check_same(mine, theirs, f"{where}[{index}]")
    elif isinstance(reference, float):
        assert math.copysign(1, ours) == math.copysign(1, reference), f"{where}: sign"
        assert (math.isnan(ours) and math.isnan(reference)) or ours == reference, where
    elif isinstance(reference, datetime | time):
        assert ours.replace(tzinfo=None) == reference.replace(tzinfo=None), where
        assert type(ours.tzinfo) is type(reference.tzinfo), f"{where}: tzinfo class"
        assert ours.utcoffset() == reference.utcoffset(), f"{where}: offset"
        assert ours.tzname() == reference.tzname(), f"{where}: tz name"
        assert ours.fold == reference.fold, where
    else:
        assert ours == reference, f"{where}: {ours!r} vs {reference!r}"


def check_same_outcome(text: str, read: Callable[[str], dict[str, Any]]) -> tuple[str, Any]:
    ours, reference = outcome(read, text), outcome(tomllib.loads, text)
    assert ours[0] == reference[0], f"verdict {ours[0]} vs tomllib's {reference[0]}"
    if reference[0] == "ok":
        check_same(ours[1], reference[1])
    else:
        assert ours[1] == reference[1]  # the same error, line:col included
    return reference


def corpus_text(name: str) -> str | None:
    """The case's text, or None when it is not UTF-8 (the app refuses it before parsing)."""
    try:
        return (CORPUS / name).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


def tagged(value: Any) -> Any:
    """A value in toml-test's tagged JSON form, to compare with the corpus's *.json."""
    if isinstance(value, dict):
        return {key: tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [tagged(item) for item in value]
    if isinstance(value, bool):
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, datetime):
        kind = "datetime" if value.tzinfo is not None else "datetime-local"
        return {"type": kind, "value": value}
    if isinstance(value, date):
        return {"type": "date-local", "value": value}
    assert isinstance(value, time)
    return {"type": "time-local", "value": value}


def check_matches_expected(value: Any, expected: Any, where: str = "$") -> None:
    """`value` (tagged) is what toml-test's JSON says, parsing its scalars the TOML way."""
    if isinstance(expected, list):
        assert isinstance(value, list) and len(value) == len(expected), where
        for index, (mine, theirs) in enumerate(zip(value, expected, strict=True)):
            check_matches_expected(mine, theirs, f"{where}[{index}]")
        return
    assert isinstance(expected, dict) and isinstance(value, dict), where
    if set(expected) == {"type", "value"} and isinstance(expected["value"], str):
        assert value.get("type") == expected["type"], f"{where}: {value} vs {expected}"
        mine, theirs = value["value"], expected["value"]
        if expected["type"] == "float":
            wanted = float(theirs)
            assert (math.isnan(mine) and math.isnan(wanted)) or mine == wanted, where
        elif expected["type"] in {"datetime", "datetime-local", "date-local", "time-local"}:
            wanted_time = tomllib.loads(f"v = {theirs}")["v"]
            assert mine == wanted_time, f"{where}: {mine} vs {theirs}"
        else:
            assert mine == theirs, f"{where}: {mine!r} vs {theirs!r}"
        return
    assert set(value) == set(expected), f"{where}: keys {set(value)} vs {set(expected)}"
    for key in expected:
        check_matches_expected(value[key], expected[key], f"{where}.{key}")


@pytest.fixture(params=["toml-rs", "fallback"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's reader with toml-rs, and with toml-rs unavailable."""
    if request.param == "toml-rs":
        if toml_read.native is None:
            pytest.skip("toml-rs is not installed here (no wheel for this platform)")
    else:
        monkeypatch.setattr(toml_read, "native", None)
    return str(request.param)


@needs_corpus
def test_every_valid_case_reads_as_tomllib_and_the_corpus_say(reader: str) -> None:
    names = corpus_cases("valid")
    assert len(names) == 210
    refused = []
    for name in names:
        text = corpus_text(name)
        assert text is not None, name
        verdict, value = check_same_outcome(text, toml_read.loads)
        if verdict == "error":
            refused.append(name)
            continue
        expected = json.loads((CORPUS / name).with_suffix(".json").read_text("utf-8"))
        check_matches_expected(tagged(value), expected, name)
    # tomllib refuses a BOM; the app strips it before parsing (store/validate.py)
    assert refused == ["valid/utf8-bom-01.toml", "valid/utf8-bom-02.toml"]
    for name in refused:
        text = corpus_text(name)
        assert text is not None
        check_same_outcome(text.removeprefix("\ufeff"), toml_read.loads)


@needs_corpus
def test_every_invalid_case_is_refused_with_tomllibs_error(reader: str) -> None:
    names = corpus_cases("invalid")
    assert len(names) == 499
    for name in names:
        text = corpus_text(name)
        if text is None:
            continue  # not UTF-8: store/validate.py's decode refuses it first
        verdict, _ = check_same_outcome(text, toml_read.loads)
        assert verdict == "error", name


def test_a_roadmap_reads_as_tomllib_reads_it(reader: str) -> None:
    text = ROADMAP.replace("NOTE", "multi\nline") + "\n[extra]\nz = 1\na = -0.0\nb = -nan\n"
    verdict, value = check_same_outcome(text, toml_read.loads)
    assert verdict == "ok"
    assert list(value["markets"][0]) == ["code", "name", "status", "since", "region", "history"]


def test_a_syntax_error_keeps_tomllibs_line_and_column(reader: str) -> None:
    text = ROADMAP.replace('status = "live"', "status = live")
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        toml_read.loads(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row == "status = live")
    assert f"(at line {line}, column 10)" in str(caught.value)


# -- nesting: toml-rs would overflow the C stack; tomllib decides instead ---------------


def nested(depth: int, kinds: str) -> str:
    opening = "".join(
        "[" if kinds[level % len(kinds)] == "[" else "{x = " for level in range(depth)
    )
    closing = "".join("]" if kinds[level % len(kinds)] == "[" else "}" for level in range(depth))
    return f"a = {opening}1{closing[::-1]}\n"


@pytest.mark.parametrize("kinds", ["[", "{", "[{"])
def test_deep_nesting_reads_as_tomllib_reads_it(kinds: str) -> None:
    for depth in (1, 5, toml_read.NATIVE_DEPTH, toml_read.NATIVE_DEPTH + 1, 150):
        check_same_outcome(nested(depth, kinds), toml_read.loads)


def test_nesting_deep_enough_to_crash_toml_rs_never_reaches_it(tmp_path: Path) -> None:
    # 20,000 levels: toml-rs overflows the C stack (a crash no test could catch in-process)
    code = (
        "import sys, tomllib\n"
        "from roadmap_tui.store import toml_read\n"
        "try:\n"
        "    toml_read.loads(sys.stdin.read())\n"
        "except (RecursionError, tomllib.TOMLDecodeError) as error:\n"
        "    print(type(error).__name__)\n"
    )
    for text in (
        "a = " + "[" * 20_000 + "]" * 20_000,
        "a = " + "{b = " * 20_000 + "1" + "}" * 20_000,
        'a = x"' + "[" * 20_000,  # a quote inside a bare word opens no string
        "a = [" + '"]", [' * 20_000,  # closers inside strings close nothing
        # deep inside one market of a roadmap read a run of markets at a time
        "[[markets]]\nx = 1\n" * 50 + "[[markets]]\nx = " + "[" * 20_000 + "]" * 20_000,
    ):
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=text,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-500:]  # a crash is -11 (SIGSEGV)
        assert result.stdout.strip() in {"RecursionError", "TOMLDecodeError"}


@st.composite
def nested_values(draw: st.DrawFn, depth: int = 0) -> str:
    """TOML text of a value nested with arrays and inline tables, strings holding brackets."""
    leaves = st.sampled_from(['"]"', "'}'", '"[{"', "1", '"""\n]]"""', "'''}'''", "true"])
    if depth > 12 or (draw(st.booleans()) and depth > 0):
        return draw(leaves)
    items = draw(st.lists(st.deferred(lambda: nested_values(depth + 1)), max_size=3))
    if draw(st.booleans()):
        return "[" + ", ".join(items) + "]"
    return "{" + ", ".join(f"k{index} = {item}" for index, item in enumerate(items)) + "}"


def value_depth(value: Any) -> int:
    if isinstance(value, dict | list):
        children = value.values() if isinstance(value, dict) else value
        return 1 + max((value_depth(child) for child in children), default=0)
    return 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_values())
def test_the_nesting_bound_is_never_below_the_real_nesting(value: str) -> None:
    # forty copies: enough brackets to get past the bound's quick count
    text = "".join(f"a{index} = {value}\n" for index in range(40))
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assume(False)  # a multi-line string inside an inline table is not TOML 1.0
    assert toml_read.nesting_bound(text) >= value_depth(parsed["a0"])


# -- mutated roadmaps -------------------------------------------------------------------

ROADMAP = """\
# A roadmap
[roadmap]
title = "Launch plan"   # the title
owner = 'Ops'

[[markets]]
code = "DE"
name = "Germany [core]"
status = "live"
since = 2022-07-05
region = { name = "EU", tags = ["a", "b"], at = 2022-07-05T09:30:00+02:00 }

[[markets.history]]
at = 2022-07-05T09:30:00Z
from = "planned"
to = "live"
note = \"\"\"NOTE\"\"\"

[[markets]]
code = "FR"
name = 'France {x}'
status = "paused"
budget = 1_000.5e3
limit = 0x7fff_ffff
local = 07:32:00.999999
"""
SIGNIFICANT = [*"[]{}\"'#=.,\\\n\r\t :-+_0123456789eExzZT", '"""', "'''", "\ufeff", "\x7f"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(ROADMAP)),
            st.sampled_from(["flip", "insert", "delete"]),
            st.sampled_from(SIGNIFICANT),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_mutated_roadmap_reads_as_tomllib_reads_it(
    mutations: list[tuple[int, str, str]],
) -> None:
    text = ROADMAP
    for position, how, character in mutations:
        at = min(position, len(text))
        if how == "insert":
            text = text[:at] + character + text[at:]
        elif how == "flip":
            text = text[:at] + character + text[at + 1 :]
        else:
            text = text[:at] + text[at + 1 :]
    check_same_outcome(text, toml_read.loads)
    original = toml_read.native
    toml_read.native = None  # and without toml-rs
    try:
        check_same_outcome(text, toml_read.loads)
    finally:
        toml_read.native = original


def test_without_toml_rs_installed_tomllib_reads_everything() -> None:
    code = (
        "import sys\n"
        "sys.modules['toml_rs'] = None  # what an ImportError looks like\n"
        "from roadmap_tui.store import toml_read\n"
        "assert toml_read.native is None\n"
        "print(toml_read.loads('a = 1979-05-27T07:32:00-08:00')['a'].isoformat())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1979-05-27T07:32:00-08:00"


@pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="toml-rs is checked where CI runs: CPython on Linux x86_64",
)
def test_toml_rs_is_in_use_where_ci_runs() -> None:
    # the dependency's environment marker must select it here, or the tests above only
    # ever checked the fallback
    assert toml_read.native is not None


# -- a roadmap read a run of markets at a time ------------------------------------------


def many_markets(count: int, extra: str = "") -> str:
    market = (
        '[[markets]]\ncode = "M{0}"\nname = "Market {0}"\nstatus = "live"\ntags = ["a", "b"]\n'
        '[[markets.history]]\nat = 2022-07-05T09:30:00Z\nto = "live"\nnote = "x{{y}}"\n\n'
    )
    return '[roadmap]\ntitle = "Many"\n\n' + "".join(map(market.format, range(count))) + extra


def test_a_big_roadmap_reaches_toml_rs_a_run_of_markets_at_a_time(monkeypatch) -> None:
    # toml-rs holds ~20× the text at its peak when it reads a whole file: the runs keep
    # that small, and the value is still tomllib's.
    if toml_read.native is None:
        pytest.skip("toml-rs is not installed here (no wheel for this platform)")
    seen: list[str] = []
    real = toml_read.native

    def watched(text: str) -> dict[str, Any]:
        seen.append(text)
        return real(text)

    monkeypatch.setattr(toml_read, "native", watched)
    text = many_markets(300)
    check_same_outcome(text, toml_read.loads)
    assert len(seen) > 2  # the head, then the runs
    assert max(map(len, seen)) < len(text) / 10
    assert all(toml_read.nesting_bound(run) <= toml_read.NATIVE_DEPTH for run in seen)


@pytest.mark.parametrize(
    "extra",
    [
        '[[markets]]\ncode = "Z"\nnote = """\n[[markets]]\ncode = "inside"\n"""\n',
        "[[markets]]\ncode = 'Z'\nnote = '''\n[[markets]]\nx = 1\n'''\n",
        '[[markets]]\ncode = "Z"\nnote = """\n[[markets]]\n',  # never closed
        '[roadmap]\nowner = "late"\n',  # a table after the markets: defined twice
        '[extra]\nz = 1\n[[markets]]\ncode = "after"\n',  # other tables between markets
        "[markets]\nx = 1\n",  # not an array of tables
        "[[markets]]\n[[markets]]\n",  # empty markets
        '[[markets]]\ncode = "Z"\n[markets.detail]\nx = 1\n[markets.detail]\ny = 2\n',
        '[[markets]]\ncode = "Z"\nhistory = [1]\n[[markets.history]]\nto = "live"\n',
        "[[markets]]\nlist = " + "[" * 200 + "]" * 200 + "\n",  # one market, deep
        "[[markets]]\ncode = 1 # [[markets]]\n[[markets]] # comment\n",
        "[[markets]]\r\ncode = 'crlf'\r\n[[markets]]\r\n",
        '  [[markets]]\ncode = "indented"\n\t[[markets]]\ncode = "tabbed"\n',  # not at a line's start
        '[[markets]]\ncode = "Z"\nx = "[[markets]]"\ny = 1\n[[markets]]]\n',  # in a string; a typo
    ],
)
def test_a_roadmap_read_in_runs_reads_as_tomllib_reads_it(reader: str, extra: str) -> None:
    check_same_outcome(many_markets(60, extra), toml_read.loads)


@pytest.mark.parametrize(
    "head",
    ["markets.x = 1\n", "markets = []\n", "[markets]\nx = 1\n", "[roadmap]\nmarkets = 1\n"],
)
def test_a_head_that_holds_markets_itself_reads_as_tomllib_reads_it(reader: str, head: str) -> None:
    check_same_outcome(head + many_markets(60).split("\n", 2)[2], toml_read.loads)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), st.sampled_from(["[1]", "{a = 1}"])),
        min_size=1,
        max_size=40,
    )
)
def test_runs_of_markets_of_any_size_read_as_tomllib_reads_them(
    markets: list[tuple[int, str]],
) -> None:
    # markets of 0 to 40 bracketed values each: runs close at every NATIVE_DEPTH brackets
    text = "".join(
        f"[[markets]]\ncode = 'M{index}'\n"
        + "".join(f"v{value} = {kind}\n" for value in range(count))
        for index, (count, kind) in enumerate(markets)
    )
    check_same_outcome(text, toml_read.loads)
