"""The text scanners behave the same on every Python ≥ 3.11, and stay linear on hostile text.

Early 3.11 releases (Debian 12's 3.11.2) mis-match possessive quantifiers; these tests run
the scanners against a plain reference written from the grammar, and save the worked
example, so that a Python whose regex engine differs shows up as a failing test.
"""

from __future__ import annotations

import shutil
import tomllib
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.scan import ScanError, find_headers, find_tables, scan_blocks, skip_value
from tests.core.helpers import document, fixed_clock, lines, reparsed

SAMPLE = Path(__file__).resolve().parents[2] / "sample_roadmaps" / "tiktok_shop.toml"


def reference_end(text: str) -> int | None:
    """Where the string starting `text` ends, by the TOML grammar, one character at a time."""
    multi = text.startswith('"""')
    pos = 3 if multi else 1
    while pos < len(text):
        char = text[pos]
        if multi and text.startswith('"""', pos):
            end = pos
            while end < len(text) and end - pos < 5 and text[end] == '"':
                end += 1
            return end
        if not multi and char == '"':
            return pos + 1
        if not multi and char in "\r\n":
            return None
        if char == "\\":
            if pos + 1 >= len(text) or (not multi and text[pos + 1] == "\n"):
                return None
            pos += 2
        else:
            pos += 1
    return None


def scanned_end(text: str) -> int | None:
    try:
        return skip_value(text, 0)
    except ScanError:
        return None


STRING_BODIES = st.lists(
    st.sampled_from(['"', '""', "\\", '\\"', "\\\\", "\\n", "\n", "\r", "a", "é", "'", " "]),
    max_size=30,
).map("".join)


@given(opening=st.sampled_from(['"', '"""']), body=STRING_BODIES)
def test_strings_end_where_the_toml_grammar_says(opening: str, body: str) -> None:
    text = opening + body
    assert scanned_end(text) == reference_end(text)


@pytest.mark.parametrize(
    ("opening", "piece"),
    [('"', '\\"'), ('"', "\\\\"), ('"', "\\n"), ('"""', '\\"'), ('"""', 'a"'), ('"""', 'a""')],
)
def test_a_string_with_thousands_of_escapes_ends_at_its_closing_quote(
    opening: str, piece: str
) -> None:
    # more escapes than the scanner takes in one batch
    text = opening + piece * 2_500 + opening + " # after"
    assert scanned_end(text) == reference_end(text) == len(text) - len(" # after")


def test_a_multiline_note_with_quotes_is_one_value() -> None:
    text = 'notes = """\nLive since the "On Trend" event.\nSay ""hi"" twice."""\nb = 1\n'
    (root,) = scan_blocks(text)
    assert [entry.key for entry in root.entries] == [("notes",), ("b",)]
    assert text[root.entries[0].value_start : root.entries[0].value_end] == text[8:-7]


def test_a_header_with_escapes_in_its_quoted_key_is_found() -> None:
    text = '[roadmap]\ntitle = "x"\n[a."b\\"c".d]\ne = 1\n["f\\\\"]\n'
    headers = find_headers(text)
    assert [header.key for header in headers] == [("roadmap",), ("a", 'b"c', "d"), ("f\\",)]
    assert [header.key for header in headers] == [
        (block.header.key if block.header else None) for block in scan_blocks(text)[1:]
    ]
    assert tomllib.loads(text)["a"]['b"c']["d"] == {"e": 1}


def test_a_header_looking_line_with_a_bad_escape_in_a_note_is_not_a_header() -> None:
    """`[["\\q"]]` in a literal string: its key cannot be read, so it is no header (it
    raised tomllib's error, and an edit to such a roadmap ended in a traceback)."""
    text = (
        '[roadmap]\ntitle = "x"\nnotes = """\n[["\\q"]]\n"""\n\n'
        '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n'
    ).replace('"""', "'''")
    assert [header.key for header in find_headers(text)] == [("roadmap",), ("markets",)]
    assert [header.key for header in find_tables(text)] == [("roadmap",), ("markets",)]
    edited = document(text)
    edited.set_status("DE", "paused")
    assert reparsed(edited.text).markets[0].status == "paused"


def peak_memory(work: object) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = work()  # type: ignore[operator]
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"' + "x" * 100_000, id="unterminated string"),
        pytest.param('"' + '\\"' * 100_000, id="unterminated escapes"),
        pytest.param('"""' + '\\""' * 100_000, id="unterminated multi-line string"),
        pytest.param('"' + '\\"' * 1_000_000 + '"', id="2 MB of escapes"),
        pytest.param('"""' + 'a"\\"' * 500_000 + '"""', id="2 MB of quotes"),
    ],
)
def test_hostile_strings_are_scanned_in_small_memory(text: str) -> None:
    end, peak = peak_memory(lambda: scanned_end(text))
    assert end == reference_end(text)
    # the regex engine's backtracking state for a 2 MB string was over 100 MB
    assert peak < 2_000_000


def test_a_hostile_header_line_in_a_note_is_scanned_in_small_memory() -> None:
    line = '[["' + '\\"' * 1_000_000 + '"]]'
    text = f'[roadmap]\ntitle = "x"\nnote = """\n{line}\n"""\n'
    headers, peak = peak_memory(lambda: find_headers(text))
    assert [header.key for header in headers] == [("roadmap",), ('"' * 1_000_000,)]
    assert peak < 3_000_000 + len(text) * 4  # the decoded key itself is kept


def test_a_save_keeps_comments_and_quoting_on_every_python(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, path)
    original = path.read_bytes()
    document = RoadmapDocument.load(path, clock=fixed_clock)
    gb = document.market("GB")
    document.set_status("GB", "paused", note="Audiences too small")
    document.set_notes("DE", 'Waiting for the "On Trend" numbers.')
    document.save()

    before, after = lines(original.decode()), lines(path.read_bytes().decode())
    status = before.index('status = "live"\n')
    since = before.index("since = 2021-12-01\n")
    gb_history_end = before.index(
        'note = "On Trend: first multi-brand live-stream shopping event"\n'
    )
    de_notes = before.index(
        'notes = "Paused with the rest of the first EU wave; restart only after the UK numbers improve."\n'
    )
    assert status < since < gb_history_end < de_notes
    expected = [
        *before[:status],
        'status = "paused"\n',
        *before[status + 1 : since],
        "since = 2022-07-05\n",
        *before[since + 1 : gb_history_end + 1],
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "live"\n',
        'to = "paused"\n',
        'note = "Audiences too small"\n',
        *before[gb_history_end + 1 : de_notes],
        'notes = "Waiting for the \\"On Trend\\" numbers."\n',
        *before[de_notes + 1 :],
    ]
    assert after == expected
    saved = reparsed(path.read_text())
    assert saved.markets[0].notes == gb.notes  # the multi-line note with quotes, untouched
    assert saved.markets == document.markets
