"""The filter's query language (roadmap_tui/search.py) and overdue / due soon (due.py)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from roadmap_tui.controls import has_controls
from roadmap_tui.due import Due, due, is_due_soon, is_overdue
from roadmap_tui.model import Market, StatusChange
from roadmap_tui.search import FIELDS, Term, fold, market_text, parse_query

TODAY = date(2024, 5, 6)


def _market(code: str, **fields: object) -> Market:
    return Market.model_validate({"code": code, "name": code, "status": "planned", **fields})


MARKETS = [
    _market(
        "AT",
        name="Österreich",
        region="Europe",
        owner="Team Wien",
        status="paused",
        target=date(2022, 9, 1),
        tags=["pilot", "dach"],
        notes="Wiener Launch",
        history=[
            StatusChange.model_validate(
                {"at": date(2022, 7, 5), "from": "planned", "to": "paused", "note": "Budget frozen"}
            )
        ],
    ),
    _market(
        "DE",
        name="Germany",
        region="Europe",
        owner="EU expansion",
        status="paused",
        target=date(2023, 3, 1),
        tags=["eu-wave-1"],
    ),
    _market("GB", name="United Kingdom", region="Europe", status="live", target=date(2021, 1, 1)),
    _market(
        "US",
        name="United States",
        region="North America",
        owner="Team Wien Remote",
        target=date(2024, 5, 20),
        tags=["pilot"],
    ),
    _market("JP", name="Japan", region="Asia", since=date(2022, 7, 5)),
]


def found(query: str, today: date = TODAY) -> list[str]:
    parsed = parse_query(query)
    assert parsed.problem is None, parsed.problem
    texts = [market_text(market) for market in MARKETS]
    selected = [market.code for market in parsed.select(MARKETS, texts, today)]
    # one market at a time gives the same answer as the whole list at once
    assert selected == [m.code for m in MARKETS if parsed.matches(m, today=today)]
    return selected


def problem(query: str) -> str:
    parsed = parse_query(query)
    assert parsed.problem is not None, query
    return parsed.problem


# -- words ----------------------------------------------------------------------------------


def test_words_find_owner_tags_and_history_notes_too():
    assert found("wien") == ["AT", "US"]  # owner
    assert found("dach") == ["AT"]  # a tag
    assert found("frozen") == ["AT"]  # a history entry's note
    assert found("wiener") == ["AT"]  # the notes


def test_accents_and_case_do_not_count():
    assert found("osterreich") == ["AT"]
    assert found("ÖSTERREICH") == ["AT"]
    assert found("Österreich") == ["AT"]
    assert fold("Straße") == "strasse"
    assert fold("ﬁnland") == "finland"


def test_every_word_must_match_and_a_quoted_phrase_is_one():
    assert found("team wien") == ["AT", "US"]
    assert found('"wien remote"') == ["US"]
    assert found("united kingdom") == ["GB"]
    assert found('"kingdom united"') == []


# -- fields ---------------------------------------------------------------------------------


def test_status_field_is_exact():
    assert found("status:paused") == ["AT", "DE"]
    assert found("status:PLANNED") == ["US", "JP"]
    assert found("status:live") == ["GB"]


def test_owner_field_with_quotes():
    assert found('owner:"Team Wien"') == ["AT", "US"]
    assert found('owner:"team wien remote"') == ["US"]
    assert found("owner:expansion") == ["DE"]


def test_region_tag_code_name_and_note_fields():
    assert found("region:europe") == ["AT", "DE", "GB"]
    assert found('region:"north america"') == ["US"]
    assert found("tag:pilot") == ["AT", "US"]
    assert found("tags:eu-wave") == ["DE"]
    assert found("code:jp") == ["JP"]
    assert found("name:united") == ["GB", "US"]
    assert found("note:frozen") == ["AT"]
    assert found("name:wien") == []  # in the owner, not the name


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("target:<2023-01-01", ["AT", "GB"]),
        ("target:<=2023-03-01", ["AT", "DE", "GB"]),
        ("target:>2023-03-01", ["US"]),
        ("target:>=2023-03-01", ["DE", "US"]),
        ("target:=2023-03-01", ["DE"]),
        ("target:2023-03-01", ["DE"]),
        ("since:2022-07-05", ["JP"]),
        ("target:<today", ["AT", "DE", "GB"]),
    ],
)
def test_dates_compare(query, codes):
    assert found(query) == codes


def test_overdue_and_due_soon():
    # AT and DE: target passed, not live; GB's target passed but it is live
    assert found("overdue") == ["AT", "DE"]
    assert found("due-soon") == ["US"]  # 14 days ahead, within 30
    assert found("overdue", today=date(2021, 1, 1)) == []


def test_fields_combine_and_negate():
    assert found('status:paused owner:"Team Wien" region:europe overdue tag:pilot') == ["AT"]
    assert found("region:europe -status:live") == ["AT", "DE"]
    assert found("-tag:pilot -overdue") == ["GB", "JP"]
    assert found('-"united"') == ["AT", "DE", "JP"]
    assert found("target:<2023-01-01 status:paused") == ["AT"]


def test_quoting_a_field_or_keyword_finds_the_text():
    assert parse_query('"overdue"').terms == (Term(None, "overdue"),)
    assert parse_query('"status:paused"').terms == (Term(None, "status:paused"),)
    assert found("10:30") == []  # digits before a colon: a word, not a field


def test_a_field_being_typed_asks_for_nothing_yet():
    assert parse_query("owner:") == parse_query("")
    assert parse_query("target:<").problem is None
    assert parse_query('owner:"Team W').terms == (Term("owner", "team w"),)  # quote still open


# -- bad input ------------------------------------------------------------------------------


def test_unknown_field_says_which_fields_there_are():
    sentence = problem("ownr:wien")
    assert sentence.startswith('There is no field "ownr:" (did you mean owner:?)')
    assert all(field in sentence for field in FIELDS)
    # the rest of the query still counts
    assert parse_query("ownr:wien status:live").terms == (Term("status", "live"),)


def test_bad_date_and_unknown_status_are_one_sentence():
    assert problem("target:<2023-13-01") == (
        'target: takes a date written YYYY-MM-DD or "today", such as target:<2023-01-01, '
        'not "2023-13-01".'
    )
    assert 'not "July"' in problem("since:July")
    assert problem("status:stalled") == (
        'There is no status "stalled"; the statuses are planned, paused, live.'
    )
    assert "(did you mean paused?)" in problem("status:pasued")


def test_statuses_come_from_the_caller():
    assert parse_query("status:testing", ["exploring", "testing"]).problem is None
    assert parse_query("status:live", ["exploring", "testing"]).problem is not None


_FIELD_NAMES = st.sampled_from([*FIELDS, "nope", "x", "tags", "notes"])
_PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"', "-", ":", "<", ">=", "=", " ", "today", "2023-01-01", "overdue"]),
    _FIELD_NAMES.map(lambda name: name + ":"),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join))
@example('STATUS:"0\n0')  # a line break inside the status named (found by hypothesis)
@example('nope:"a\x1b[31mb"')  # an escape sequence inside the field named
@example("target:\x1b")  # and inside a date
def test_any_text_parses_to_a_query_or_one_sentence(text):
    parsed = parse_query(text)
    if parsed.problem is not None:
        assert not has_controls(parsed.problem) and parsed.problem.endswith(".")
    for market in MARKETS:  # and whatever it parsed to can be asked of a market
        parsed.matches(market, today=TODAY)


_VALUES = st.text(
    alphabet=st.characters(blacklist_characters='"', blacklist_categories=("Cs",)), min_size=1
).filter(lambda value: value.strip() and not value.isspace())


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(["owner", "region", "tag", "code", "name", "note"]), value=_VALUES)
def test_a_quoted_field_value_is_read_back_as_written(field, value):
    assert parse_query(f'{field}:"{value}"').terms == (Term(field, fold(value)),)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_folding_is_idempotent_and_drops_every_mark(text):
    once = fold(text)
    assert fold(once) == once
    assert not any(unicodedata.combining(char) for char in once)


# -- overdue and due soon (due.py) ------------------------------------------------------------


def test_due_states():
    planned = _market("X", target=date(2024, 5, 1))
    assert due(planned, TODAY) is Due.OVERDUE and is_overdue(planned, TODAY)
    assert due(planned, date(2024, 5, 1)) is Due.SOON  # the target day itself
    assert due(planned, date(2024, 3, 1)) is None  # 61 days off
    assert due(planned, date(2024, 3, 1), soon_days=61) is Due.SOON
    assert is_due_soon(planned, date(2024, 4, 15))
    live = _market("Y", status="live", target=date(2024, 5, 1))
    assert due(live, TODAY) is None and not is_overdue(live, TODAY)
    assert due(_market("Z"), TODAY) is None  # no target


_WORDS = st.sampled_from(["e", "eu", "eur", "wien", "team", "pilot", "un", "united", "x"])
_QUERY_PARTS = st.one_of(
    _WORDS,
    _WORDS.map(lambda word: f"-{word}"),
    _WORDS.map(lambda word: f"owner:{word}"),
    _WORDS.map(lambda word: f"tag:{word}"),
    _WORDS.map(lambda word: f"name:{word}"),
    st.sampled_from(["status:paused", "overdue", "due-soon", "target:<2023-01-01", "-tag:pilot"]),
)


@settings(max_examples=400, deadline=None)
@given(
    narrower=st.lists(_QUERY_PARTS, max_size=4).map(" ".join),
    broader=st.lists(_QUERY_PARTS, max_size=4).map(" ".join),
)
def test_a_query_within_another_finds_no_market_the_other_misses(narrower, broader):
    """What the filter relies on to look only through what a shorter query found."""
    narrow, broad = parse_query(narrower), parse_query(broader)
    if narrow.within(broad):
        for market in MARKETS:
            if narrow.matches(market, today=TODAY):
                assert broad.matches(market, today=TODAY), (narrower, broader, market.code)


def test_typing_on_narrows_and_typing_back_does_not():
    assert parse_query("eur").within(parse_query("eu"))
    assert parse_query("eu wien").within(parse_query("eu"))
    assert parse_query('owner:"team wien"').within(parse_query("owner:team"))
    assert not parse_query("eu").within(parse_query("eur"))
    assert not parse_query("-eur").within(parse_query("-eu"))  # excluding less finds more
    assert not parse_query("name:eur").within(parse_query("eu"))  # another field
    assert not parse_query("target:<2023-01-02").within(parse_query("target:<2023-01-01"))
