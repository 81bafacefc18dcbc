"""Fuzzing the loader: random bytes and mutated roadmaps never raise anything but our errors.

500 examples per strategy in the default run, 10,000 in the `slow` tests.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import EditError, RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import ROADMAP

SEEDS = [
    ROADMAP.encode(),
    ROADMAP.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + ROADMAP.encode(),
    b'[roadmap]\ntitle = "Inline"\nmarkets = [\n  { code = "DE", name = "Germany", status = "paused" },\n'
    b'  { code = "FR", name = "France", status = "live", history = [{ at = 2022-07-05, from = "planned", to = "live" }] },\n]\n',
    b'[roadmap]\ntitle = "Snap"\n\n[snapshot]\ntaken_at = 2022-07-05T09:30:00Z\nsource = "r.toml"\n'
    b'source_sha256 = "0"\n\n[[markets]]\ncode = "GB"\nname = "UK"\nstatus = "live"\n',
]

TOKENS = [
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"[[markets]]\n",
    b"[[markets.history]]\n",
    b"[roadmap]\n",
    b"[markets]\n",
    b'"',
    b'"""',
    b"'''",
    b"=",
    b" = ",
    b"\n",
    b"\r\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"#",
    b"{",
    b"}",
    b",",
    b".",
    b"\\",
    b"\\u0000",
    b"2022-13-45",
    b"2022-07-05T25:00:00Z",
    b"1979-05-27T07:32:00-08:00",
    b'code = "DE"\n',
    b'code = "de"\n',
    b'status = "launched"\n',
    b"status = 3\n",
    b"history = 1\n",
    b"tags = [1, 2]\n",
    b"notes = '''\n",
    b"inf",
    b"nan",
    b"0x_1",
    b"true",
    "ünïcødé 🚀".encode(),
]


@st.composite
def mutated_roadmaps(draw: st.DrawFn) -> bytes:
    """A valid roadmap with a few random cuts, insertions, swaps and duplications."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "swap"]))
        if operation == "insert":
            token = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=8))
            data[position:position] = token
        elif operation == "delete":
            del data[position : position + draw(st.integers(min_value=1, max_value=40))]
        elif operation == "replace" and position < len(data):
            data[position] = draw(st.integers(min_value=0, max_value=255))
        else:
            lines = bytes(data).split(b"\n")
            first = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            second = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            if operation == "duplicate":
                lines.insert(second, lines[first])
            else:
                lines[first], lines[second] = lines[second], lines[first]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def load_bytes(path: Path, data: bytes) -> RoadmapDocument | None:
    """Load `data` from a file; None when it is refused with one of our errors."""
    path.write_bytes(data)
    try:
        return RoadmapDocument.load(path)
    except RoadmapError as error:
        assert str(error) and "\n" not in str(error), "one line, fit to show"
        return None


def check_loader(path: Path, data: bytes) -> None:
    document = load_bytes(path, data)
    event("refused with our error" if document is None else "loaded")
    if document is None:
        return
    assert document.text == data.decode("utf-8")
    # a loaded roadmap takes an edit, and the edit changes only what it should
    if not document.markets or document.read_only:
        return
    first = document.markets[0]
    try:
        document.set_notes(first.code, "fuzzed note")
    except EditError:
        return
    text = document.text.removeprefix("\ufeff")
    reread = Roadmap.model_validate(tomllib.loads(text))
    assert reread.markets[0].notes == "fuzzed note"
    assert reread.markets[0].model_copy(update={"notes": first.notes}) == first
    assert reread.markets[1:] == document.markets[1:]
    assert reread.roadmap == document.roadmap.roadmap


def fuzz(examples: int) -> settings:
    """Settings for a fuzz test: no deadline (the machine is shared), no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@fuzz(500)
@given(data=st.binary(max_size=3000))
def test_random_bytes_load_or_raise_our_error(tmp_path: Path, data: bytes) -> None:
    check_loader(tmp_path / "fuzz.toml", data)


@fuzz(500)
@given(data=mutated_roadmaps())
def test_mutated_roadmaps_load_or_raise_our_error(tmp_path: Path, data: bytes) -> None:
    check_loader(tmp_path / "fuzz.toml", data)


@pytest.mark.slow
@fuzz(10_000)
@given(data=st.binary(max_size=3000))
def test_random_bytes_load_or_raise_our_error_10000(tmp_path: Path, data: bytes) -> None:
    check_loader(tmp_path / "fuzz.toml", data)


@pytest.mark.slow
@fuzz(10_000)
@given(data=mutated_roadmaps())
def test_mutated_roadmaps_load_or_raise_our_error_10000(tmp_path: Path, data: bytes) -> None:
    check_loader(tmp_path / "fuzz.toml", data)
