"""An edit, and reading a file changed on disk, cost what changed, not the roadmap's size.

Counted, not timed (the timings are `benchmarks/bench_edit.py`'s): how many times a text
is parsed, cut into pieces or joined whole, at two sizes of roadmap. And reading a text
again through the document that read it before (`load(like=…)`) must give exactly what
reading it whole gives, whatever changed in it.
"""

from __future__ import annotations

import gc
import sys
import tomllib
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.store import RoadmapDocument, layout, toml_read
from roadmap_tui.store import document as document_module
from roadmap_tui.store.layout import Layout
from tests.core.helpers import fixed_clock, many_markets

SIZES = [20, 400]


@contextmanager
def counted(owner: Any, name: str) -> Iterator[mock.MagicMock]:
    """Count the calls of `owner.name` while it keeps doing what it did."""
    real = getattr(owner, name)
    with mock.patch.object(owner, name, side_effect=real) as spy:
        yield spy


def loaded(tmp_path: Path, text: str) -> tuple[Path, RoadmapDocument]:
    path = tmp_path / "roadmap.toml"
    path.write_text(text, encoding="utf-8", newline="")
    return path, RoadmapDocument.load(path, clock=fixed_clock)


def middle_code(document: RoadmapDocument) -> str:
    return document.markets[len(document.markets) // 2].code


def other_status(document: RoadmapDocument, code: str) -> str:
    return "live" if document.market(code).status != "live" else "paused"


@pytest.mark.parametrize("count", SIZES)
def test_after_the_one_cut_an_edit_reads_two_pieces_and_joins_nothing(
    tmp_path: Path, count: int
) -> None:
    _path, document = loaded(tmp_path, many_markets(count))
    document.prepare_edits()  # what an editing session does on opening
    code = middle_code(document)
    with (
        counted(tomllib, "loads") as parses,
        counted(toml_read, "loads") as fast_parses,
        counted(document_module, "cut") as cuts,
        counted(Layout, "text") as joins,
    ):
        document.set_status(code, other_status(document, code), note="counted")
        document.set_notes(document.markets[-1].code, "and the last one")
        assert document.dirty
    # per edit: the piece checked to be exactly its market, and the patched piece read back
    assert parses.call_count + fast_parses.call_count == 4
    assert cuts.call_count == 0 and joins.call_count == 0


@pytest.mark.parametrize("count", SIZES)
def test_without_the_early_cut_the_first_edit_cuts_once(tmp_path: Path, count: int) -> None:
    _path, document = loaded(tmp_path, many_markets(count))
    code = middle_code(document)
    with (
        counted(tomllib, "loads") as parses,
        counted(toml_read, "loads") as fast_parses,
        counted(document_module, "cut") as cuts,
    ):
        document.set_status(code, other_status(document, code))
        document.set_notes(code, "second edit")
    assert cuts.call_count == 1
    assert parses.call_count + fast_parses.call_count == 4


@pytest.mark.parametrize("count", SIZES)
def test_an_edit_back_to_the_saved_text_is_clean_without_joining(
    tmp_path: Path, count: int
) -> None:
    _path, document = loaded(tmp_path, many_markets(count))
    code = middle_code(document)
    name = document.market(code).name
    document.update_market(code, name=name[:-1] + "X")  # same length, other characters
    with counted(Layout, "text") as joins:
        assert document.dirty
        document.update_market(code, name=name)
        assert not document.dirty
    assert joins.call_count == 0


@pytest.mark.parametrize("count", SIZES)
def test_a_file_changed_in_one_market_is_read_around_that_market_only(
    tmp_path: Path, count: int
) -> None:
    path, before = loaded(tmp_path, many_markets(count))
    changed = before.markets[count // 3]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'"{changed.name}"', '"Renamed"'), encoding="utf-8")
    with counted(layout, "parse") as pieces, counted(document_module, "parse") as wholes:
        again = RoadmapDocument.load(path, clock=fixed_clock, like=before)
    assert wholes.call_count == 0
    assert pieces.call_count == 3  # the market, and the one on each side to be sure
    whole = RoadmapDocument.load(path, clock=fixed_clock)
    assert again.roadmap == whole.roadmap and again.text == whole.text
    assert again.roadmap.find(changed.code).name == "Renamed"
    kept = sum(new is old for new, old in zip(again.markets, before.markets, strict=True))
    assert kept == count - 3


# -- the pieces share the file's text -----------------------------------------------------

# a kilobyte of notes per market: pieces holding copies would hold as much again as the text
HEAVY = many_markets(300).replace("; # not a comment.", "; " + "é" * 1000)


def kept_by(action: Callable[[], Any]) -> tuple[Any, int]:
    """What `action` returns, and the memory (Python's allocations) it leaves allocated."""
    gc.collect()
    tracemalloc.start()
    try:
        result = action()
        gc.collect()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, kept


def test_cutting_the_text_into_pieces_does_not_copy_it() -> None:
    document = RoadmapDocument.from_text(HEAVY, clock=fixed_clock)
    _, kept = kept_by(document.prepare_edits)
    assert kept < sys.getsizeof(HEAVY) / 4
    # and edits still write only what changed
    document.update_market(middle_code(document), name="Renamed")
    assert document.text == HEAVY.replace('"Market 150"', '"Renamed"')


def test_a_document_read_through_an_older_one_holds_what_one_read_whole_holds(
    tmp_path: Path,
) -> None:
    path = tmp_path / "roadmap.toml"

    def through_an_older_one() -> RoadmapDocument:
        path.write_text(HEAVY, encoding="utf-8")
        before = RoadmapDocument.load(path, clock=fixed_clock)
        before.prepare_edits()
        path.write_text(HEAVY.replace('"Market 150"', '"Renamed"'), encoding="utf-8")
        # the old document goes, as the app lets it go once it has the new one: its text
        # must go with it, though the new one keeps its pieces and markets
        return RoadmapDocument.load(path, clock=fixed_clock, like=before)

    def whole() -> RoadmapDocument:
        document = RoadmapDocument.load(path, clock=fixed_clock)
        document.prepare_edits()
        return document

    again, kept_again = kept_by(through_an_older_one)
    fresh, kept_whole = kept_by(whole)
    assert again.text == fresh.text and again.roadmap == fresh.roadmap
    assert kept_again < kept_whole + sys.getsizeof(HEAVY) / 4  # not a second text


# -- reading again through the old document gives exactly what a whole read gives -----

SEED = many_markets(5, history=1)
PIECE = SEED[SEED.index("# Market 2") : SEED.index("# Market 3")]


def market_piece(code: str, name: str) -> str:
    return f'\n[[markets]]\ncode = "{code}"\nname = "{name}"\nstatus = "live"\n'


# Changes another program could make, each as (old, new) text: valid ones, and ones that
# a read of the pieces alone could get wrong if it trusted them
CHANGES = {
    "rename": ('name = "Market 2"', 'name = "Zwei"'),
    "status": ('status = "live"  # as of the review', 'status = "paused"'),
    "region added": ('name = "Market 2"', 'name = "Market 2"\nregion = "Europe"'),
    "key added to a history entry": (
        'to = "paused"\n\n# Market 3',
        'to = "paused"\nby = "x"\n\n# Market 3',
    ),
    "market inserted": ("# Market 3", market_piece("NEW", "Inserted") + "# Market 3"),
    "market appended": (SEED[-40:], SEED[-40:] + market_piece("END", "Last")),
    "market removed": (PIECE, ""),
    "comment between markets": ("# Market 4", "# a new section\n\n# Market 4"),
    "title": ('title = "Many markets"', 'title = "Fewer markets"'),
    "key added to the head": ('title = "Many markets"\n', 'title = "Many markets"\nowner = "Me"\n'),
    "table after the markets": (SEED[-40:], SEED[-40:] + "\n[extra]\nx = 1\n"),
    "header inside notes": ("About market 2;", 'About market 2;\n[[markets]]\ncode = "FAKE"'),
    "notes left open": ('About market 2; # not a comment.\n"""', "About market 2;"),
    "duplicate code": ('code = "M00003"', 'code = "M00001"'),
    "invalid status": ('status = "live"  # as of the review', 'status = "gone"'),
    "unknown key": ('name = "Market 2"', 'name = "Market 2"\npriority = 1'),
    "bad byte": ('name = "Market 2"', 'name = "Market\x01 2"'),
    "no final newline": (SEED[-40:], SEED[-40:].rstrip("\n")),
    "crlf": ("\n", "\r\n"),
}


# the changes read through the old document's pieces; the others are read whole, which
# is what says where an error is, or places a warning
THROUGH_PIECES = {
    "rename",
    "status",
    "region added",
    "market inserted",
    "market appended",
    "market removed",
    "comment between markets",
    "no final newline",
}


def check_same_as_a_whole_read(path: Path, before: RoadmapDocument) -> RoadmapDocument | None:
    """`load(like=before)` and a whole `load` agree: the same roadmap, text and warnings,
    or the same error."""
    try:
        whole = RoadmapDocument.load(path, clock=fixed_clock)
    except InvalidRoadmap as error:
        with pytest.raises(InvalidRoadmap) as again:
            RoadmapDocument.load(path, clock=fixed_clock, like=before)
        assert again.value.diagnostics == error.diagnostics
        return None
    again = RoadmapDocument.load(path, clock=fixed_clock, like=before)
    assert again.roadmap == whole.roadmap
    assert again.text == whole.text and again.warnings == whole.warnings
    return again


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.sampled_from(sorted(CHANGES)), min_size=1, max_size=3, unique=True))
def test_reading_through_the_old_document_equals_reading_whole(
    tmp_path: Path, changes: list[str]
) -> None:
    path, before = loaded(tmp_path, SEED)
    before.prepare_edits()
    text = SEED
    for change in changes:
        old, new = CHANGES[change]
        text = text.replace(old, new) if change == "crlf" else text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8", newline="")
    again = check_same_as_a_whole_read(path, before)
    if again is not None and again.markets:
        # and it edits exactly as the whole read does
        whole = RoadmapDocument.load(path, clock=fixed_clock)
        for document in (again, whole):
            document.set_status(document.markets[-1].code, "planned", note="after")
        assert again.text == whole.text


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_read_through_the_old_document_equals_reading_whole(
    tmp_path: Path, change: str
) -> None:
    path, before = loaded(tmp_path, SEED)
    old, new = CHANGES[change]
    assert old in SEED
    text = SEED.replace(old, new) if change == "crlf" else SEED.replace(old, new, 1)
    path.write_text(text, encoding="utf-8", newline="")
    with counted(document_module, "parse") as wholes:
        check_same_as_a_whole_read(path, before)
    # one whole read for the comparison; none for the read through the pieces
    assert wholes.call_count == (1 if change in THROUGH_PIECES else 2)


def test_a_document_edited_and_saved_reads_the_next_change_through_its_pieces(
    tmp_path: Path,
) -> None:
    path, document = loaded(tmp_path, many_markets(50))
    document.set_notes("M00010", "saved by the app")
    document.save()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Market 40"', '"Forty"'), encoding="utf-8")
    with counted(document_module, "parse") as wholes:
        again = RoadmapDocument.load(path, clock=fixed_clock, like=document)
    assert wholes.call_count == 0
    assert again.roadmap == RoadmapDocument.load(path).roadmap
    assert again.market("M00010").notes == "saved by the app"


NOTES = st.lists(
    st.sampled_from(
        ["[[markets]]", "[roadmap]", "\n", "\r\n", '"""', "'''", '"', "#", "\\", "é", "x"]
    ),
    max_size=8,
).map("".join)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(notes=st.lists(st.tuples(st.integers(0, 4), NOTES), min_size=1, max_size=3))
def test_notes_another_session_saved_read_through_the_pieces_equal_a_whole_read(
    tmp_path: Path, notes: list[tuple[int, str]]
) -> None:
    path, before = loaded(tmp_path, SEED)
    before.prepare_edits()
    other = RoadmapDocument.load(path, clock=fixed_clock)  # another session's
    for index, text in notes:
        other.set_notes(other.markets[index].code, text)
    other.save()
    again = check_same_as_a_whole_read(path, before)
    assert again is not None
    assert [market.notes for market in again.markets] == [m.notes for m in other.markets]


TABLES = (
    '[roadmap]\r\ntitle = "x"\n'
    "  [[markets]]  # indented\n"
    "[[markets.history]]\n"
    '[["markets".history]]\n'
    '[[ "mark\\u0065ts" . history ]]\n'
    "[ markets . meta ]\n"
    '[[markets]]\nnotes = """\n[[markets]]\n[other]\n"""\n'
    '[["mark\\u0065ts"]]\r\n'
    "[other.table]\n"
    "[[markets]]"
)


def test_find_tables_finds_what_find_headers_finds_but_the_markets_sub_tables() -> None:
    from roadmap_tui.store.scan import find_headers, find_tables

    expected = [h for h in find_headers(TABLES) if not (h.key[0] == "markets" and len(h.key) > 1)]
    assert find_tables(TABLES) == expected
    assert [header.key for header in expected] == [
        ("roadmap",),
        ("markets",),
        ("markets",),
        ("markets",),  # the header-looking line in the notes: callers tell
        ("other",),
        ("markets",),
        ("other", "table"),
        ("markets",),
    ]
