"""TextEdit: edits made together at their original offsets; overlaps refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.store.edits import TextEdit, apply_edits

TEXT = 'code = "DE"\nstatus = "paused"\n'


def test_a_replacement_an_insertion_and_a_removal_at_once() -> None:
    edits = [
        TextEdit(8, 10, "FR"),  # the code's value
        TextEdit(len(TEXT), len(TEXT), 'notes = "x"\n'),  # a new line at the end
        TextEdit(12, 30, ""),  # the status line
    ]
    assert apply_edits(TEXT, edits) == 'code = "FR"\nnotes = "x"\n'


def test_insertions_at_one_offset_keep_their_order_before_a_replacement_there() -> None:
    edits = [TextEdit(0, 4, "key"), TextEdit(0, 0, "# one\n"), TextEdit(0, 0, "# two\n")]
    assert apply_edits("code = 1", edits) == "# one\n# two\nkey = 1"


@pytest.mark.parametrize(
    "edits",
    [
        [TextEdit(0, 5, "a"), TextEdit(3, 8, "b")],  # overlapping ranges
        [TextEdit(2, 6, "a"), TextEdit(4, 4, "b")],  # an insertion inside a replacement
        [TextEdit(5, 3, "a")],  # backwards
        [TextEdit(0, 999, "a")],  # past the end
    ],
)
def test_edits_of_the_same_characters_are_refused_and_nothing_is_applied(edits) -> None:
    with pytest.raises(ValueError):
        apply_edits(TEXT, edits)


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8), st.text(max_size=5)), max_size=6),
)
def test_disjoint_edits_equal_applying_them_one_by_one_from_the_end(text, raw) -> None:
    edits, taken_until = [], -1
    for start, length, replacement in sorted(raw):
        start = min(start, len(text))
        end = min(start + length, len(text))
        if start > taken_until:  # keep only edits that touch nothing already edited
            edits.append(TextEdit(start, end, replacement))
            taken_until = end
    expected = text
    for edit in reversed(edits):
        expected = expected[: edit.start] + edit.replacement + expected[edit.end :]
    assert apply_edits(text, edits) == expected
