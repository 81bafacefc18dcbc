"""Layouts the line patcher cannot edit keep every comment and line an edit does not need.

An inline `history = [...]` (with comments inside), `history = []  # none yet`,
`tags = []` and a `[markets.history.meta]` sub-table used to send the market to a
canonical rewrite that deleted its comments; each layout here takes a status change
(which appends a history entry), a notes change, a since change and a removal, and the
exact bytes are asserted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.model import Market, Roadmap, to_toml_dict
from roadmap_tui.store import RoadmapDocument, patch
from tests.core.helpers import FIXED_NOW, document, reparsed

HEAD = """\
# Expansion, as of July 2022
[roadmap]
title = "Layouts"  # kept

"""

FRANCE = """\

# France comes next
[[markets]]
code = "FR"
name = "France"
status = "planned"  # after Germany
"""

INLINE_HISTORY = """\
# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "planned"   # waiting for the UK
history = [
  # the first move
  { at = 2022-01-10, from = "paused", to = "planned" },  # re-planned
  { at = 2022-03-01, from = "planned", to = "planned", note = "again" },
]
notes = "Waiting."  # a note's comment
"""

EMPTY_HISTORY = """\
# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "planned"   # waiting for the UK
history = []  # none yet
notes = "Waiting."  # a note's comment
"""

EMPTY_TAGS = """\
# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "planned"   # waiting for the UK
tags = []
history = [{ at = 2022-01-10, from = "paused", to = "planned" }]  # one line
notes = "Waiting."  # a note's comment
"""

HISTORY_META = """\
# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "planned"   # waiting for the UK
notes = "Waiting."  # a note's comment

[[markets.history]]
at = 2022-01-10
from = "paused"
to = "planned"  # re-planned

[markets.history.meta]
by = "Ann"  # who moved it
"""

ENTRY = '{ at = 2022-07-05T09:30:00Z, from = "planned", to = "live", note = "Go" }'

# each layout's text after `set_status("DE", "live", note="Go")`
AFTER_STATUS = {
    "inline history": INLINE_HISTORY.replace(
        'status = "planned"   #', 'status = "live"   #'
    ).replace(
        '"again" },\n]\nnotes = "Waiting."  # a note\'s comment\n',
        f'"again" }},\n  {ENTRY},\n]\nnotes = "Waiting."  # a note\'s comment\nsince = 2022-07-05\n',
    ),
    "empty history": EMPTY_HISTORY.replace('status = "planned"   #', 'status = "live"   #').replace(
        'history = []  # none yet\nnotes = "Waiting."  # a note\'s comment\n',
        f'history = [{ENTRY}]  # none yet\nnotes = "Waiting."  # a note\'s comment\n'
        "since = 2022-07-05\n",
    ),
    "empty tags": EMPTY_TAGS.replace('status = "planned"   #', 'status = "live"   #')
    .replace('to = "planned" }]', f'to = "planned" }}, {ENTRY}]')
    .replace("# a note's comment\n", "# a note's comment\nsince = 2022-07-05\n"),
    "history meta": HISTORY_META.replace('status = "planned"   #', 'status = "live"   #')
    .replace("# a note's comment\n", "# a note's comment\nsince = 2022-07-05\n")
    .replace(
        "# who moved it\n",
        "# who moved it\n\n[[markets.history]]\nat = 2022-07-05T09:30:00Z\n"
        'from = "planned"\nto = "live"\nnote = "Go"\n',
    ),
}
LAYOUTS = {
    "inline history": INLINE_HISTORY,
    "empty history": EMPTY_HISTORY,
    "empty tags": EMPTY_TAGS,
    "history meta": HISTORY_META,
}


@contextmanager
def no_canonical_rewrite():
    """Fail the test if an edit falls back to rewriting a market in canonical form."""
    with mock.patch.object(patch, "render_market_text", side_effect=AssertionError("rewritten")):
        yield


def the_file(market: str, newline: str = "\n") -> str:
    return (HEAD + market + FRANCE).replace("\n", newline)


def assert_reads_as(text: str, germany: Market) -> None:
    """The text parses, with tomllib alone, to Germany as meant and France untouched."""
    assert reparsed(text).markets == [germany, reparsed(HEAD + FRANCE).markets[0]]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_status_change_appends_history_in_the_layouts_own_form(layout: str, newline: str) -> None:
    doc = document(the_file(LAYOUTS[layout], newline))
    germany = doc.market("DE")
    with no_canonical_rewrite():
        doc.set_status("DE", "live", note="Go")
    assert doc.text == the_file(AFTER_STATUS[layout], newline)
    change = {"at": FIXED_NOW, "from": "planned", "to": "live", "note": "Go"}
    intended = to_toml_dict(germany) | {
        "status": "live",
        "since": date(2022, 7, 5),
        "history": [*to_toml_dict(germany)["history"], change],
    }
    assert_reads_as(doc.text, Market.model_validate(intended))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_notes_change_is_one_line_in_every_layout(layout: str) -> None:
    doc = document(the_file(LAYOUTS[layout]))
    with no_canonical_rewrite():
        doc.set_notes("DE", "Waiting for\nthe UK.")
    marked = LAYOUTS[layout].replace(
        'notes = "Waiting."  #', 'notes = """\nWaiting for\nthe UK."""  #'
    )
    assert doc.text == the_file(marked)
    assert_reads_as(doc.text, doc.market("DE"))
    assert doc.market("DE").notes == "Waiting for\nthe UK."


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_since_change_is_one_line_in_every_layout(layout: str) -> None:
    doc = document(the_file(LAYOUTS[layout]))
    with no_canonical_rewrite():
        doc.update_market("DE", since=date(2022, 5, 5))
        added = doc.text
        doc.update_market("DE", since=date(2022, 6, 6))
    marked = LAYOUTS[layout].replace(
        "# a note's comment\n", "# a note's comment\nsince = 2022-05-05\n"
    )
    assert added == the_file(marked)
    assert doc.text == the_file(marked.replace("2022-05-05", "2022-06-06"))
    assert_reads_as(doc.text, doc.market("DE"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_removing_a_market_leaves_every_other_line(layout: str) -> None:
    doc = document(the_file(LAYOUTS[layout]))
    doc.remove_market("DE")
    assert doc.text == HEAD.removesuffix("\n") + FRANCE
    assert [market.code for market in reparsed(doc.text).markets] == ["FR"]


TABLE_VALUES = """\
# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "planned"   # waiting for the UK
contact.email = "de@example.com"  # the team's list
contact.phone = "+49"

[markets.budget]
# in thousands of euros
amount = 100  # for 2022
currency = "EUR"
"""


def test_table_values_and_dotted_keys_are_changed_in_place() -> None:
    doc = document(the_file(TABLE_VALUES))
    with no_canonical_rewrite():
        doc.update_market(
            "DE",
            contact={"email": "germany@example.com", "phone": "+49"},
            budget={"amount": 150, "currency": "EUR", "approved": True},
        )
    expected = (
        TABLE_VALUES.replace('"de@example.com"', '"germany@example.com"')
        .replace("amount = 100", "amount = 150")
        .replace('currency = "EUR"\n', 'currency = "EUR"\napproved = true\n')
    )
    assert doc.text == the_file(expected)
    assert_reads_as(doc.text, doc.market("DE"))


def test_a_history_rewritten_by_a_merge_keeps_the_array_comments() -> None:
    doc = document(the_file(INLINE_HISTORY))
    first, second = doc.market("DE").history
    merged = doc.market("DE").model_copy(
        update={"history": [first, second.model_copy(update={"note": "confirmed"})]}
    )
    with no_canonical_rewrite():
        doc.replace_market("DE", merged)
    assert doc.text == the_file(INLINE_HISTORY.replace('note = "again"', 'note = "confirmed"'))
    assert_reads_as(doc.text, merged)


EDIT = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(["planned", "paused", "live"])),
    st.tuples(st.just("notes"), st.sampled_from([None, "one", "two\nlines", 'a "quote"'])),
    st.tuples(st.just("since"), st.sampled_from([None, date(2022, 1, 1), date(2023, 2, 3)])),
    st.tuples(st.just("tags"), st.sampled_from([[], ["eu"], ["eu", "pilot"]])),
)


def apply(doc: RoadmapDocument, edit: tuple[str, Any]) -> None:
    field, value = edit
    actions: dict[str, Callable[[], object]] = {
        "status": lambda: doc.set_status("DE", value, note="n"),
        "notes": lambda: doc.set_notes("DE", value),
        "since": lambda: doc.update_market("DE", since=value),
        "tags": lambda: doc.update_market("DE", tags=value),
    }
    if field != "status" or doc.market("DE").status != value:
        actions[field]()


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([*LAYOUTS.values(), TABLE_VALUES]),
    st.sampled_from(["\n", "\r\n"]),
    st.lists(EDIT, min_size=1, max_size=5),
)
def test_any_edits_keep_every_comment_and_never_rewrite_a_market(
    layout: str, newline: str, edits: list[tuple[str, Any]]
) -> None:
    text = the_file(layout, newline)
    doc = document(text)
    with no_canonical_rewrite():
        for edit in edits:
            apply(doc, edit)
    kept = comments(text)
    if ("notes", None) in edits:  # removing the notes removes their line and its comment
        kept = [comment for comment in kept if comment != "# a note's comment"]
    assert comments(doc.text) == kept
    assert doc.text.startswith(HEAD.replace("\n", newline))
    assert doc.text.endswith(FRANCE.replace("\n", newline))
    if newline == "\r\n":
        assert "\n" not in doc.text.replace("\r\n", "")
    assert Roadmap.model_validate(tomllib.loads(doc.text)) == doc.roadmap
