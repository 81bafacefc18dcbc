"""The market form's parsing and validation, without Textual."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.model import Market, Status
from roadmap_tui.ui import forms


def test_code_must_be_present_and_well_formed() -> None:
    assert forms.code_error("", set()) == "A code is required, such as DE or uk-london."
    assert forms.code_error("   ", set()) is not None
    assert forms.code_error("de ch", set()) == (
        "A code may only contain letters, digits, '-' and '_'."
    )
    assert forms.code_error("uk/london", set()) is not None
    assert forms.code_error("uk-london_2", set()) is None


def test_code_must_be_unique_ignoring_case() -> None:
    taken = {"de", "fr"}
    assert forms.code_error("DE", taken) == "The code DE is taken (codes ignore case)."
    assert forms.code_error("Fr", taken) is not None
    assert forms.code_error("IT", taken) is None


def test_edited_market_keeps_its_own_code_in_any_case() -> None:
    taken = {"de", "fr"}
    assert forms.code_error("DE", taken, own_code="DE") is None
    assert forms.code_error("de", taken, own_code="DE") is None
    assert forms.code_error("FR", taken, own_code="DE") is not None


def test_name_is_required() -> None:
    assert forms.name_error("") == "A name is required, such as Germany."
    assert forms.name_error(" \t ") is not None
    assert forms.name_error("Germany") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("2026-03-31", date(2026, 3, 31)),
        (" 2024-02-29 ", date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts_iso_dates_and_empty(text: str, expected: date | None) -> None:
    assert forms.parse_date(text) == expected


@pytest.mark.parametrize("text", ["2026-3-31", "31.03.2026", "20260331", "2026-W13-1", "soon"])
def test_date_in_another_shape_says_how_to_write_it(text: str) -> None:
    assert forms.date_error(text) == "Write the date as YYYY-MM-DD, such as 2026-03-31."


def test_date_not_in_the_calendar_says_so() -> None:
    assert forms.date_error("2026-02-30") == "2026-02-30 is not a day in the calendar."
    assert forms.date_error("2026-13-01") == "2026-13-01 is not a day in the calendar."


def test_status_must_be_one_of_the_statuses() -> None:
    assert forms.status_error("live") is None
    assert forms.status_error("Live") == "Choose a status: planned, paused or live."


def test_tags_are_split_trimmed_and_deduplicated() -> None:
    assert forms.parse_tags(" live-shopping, store-tab ,, live-shopping,") == [
        "live-shopping",
        "store-tab",
    ]
    assert forms.parse_tags("") == []
    assert forms.format_tags(["a", "b c"]) == "a, b c"


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters=","), min_size=1)))
def test_formatted_tags_parse_back(tags: list[str]) -> None:
    cleaned = forms.parse_tags(",".join(tags))
    assert forms.parse_tags(forms.format_tags(cleaned)) == cleaned


def test_form_errors_lists_every_bad_field_in_form_order() -> None:
    fields = forms.MarketFields(code="de", name="", target="2026-02-30")
    errors = forms.form_errors(fields, {"de"})
    assert list(errors) == ["code", "name", "target"]


def test_new_market_leaves_out_empty_optional_fields() -> None:
    fields = forms.MarketFields(code=" ID ", name=" Indonesia ", status="live", tags=" , ")
    assert forms.form_errors(fields, set()) == {}
    assert forms.market_changes(fields, editing=False) == {
        "code": "ID",
        "name": "Indonesia",
        "status": Status.LIVE,
    }


def test_new_market_with_every_field() -> None:
    fields = forms.MarketFields(
        code="ID",
        name="Indonesia",
        region="Asia",
        status="paused",
        owner="Sari",
        target="2026-06-01",
        tags="store-tab, live-shopping",
    )
    assert forms.market_changes(fields, editing=False) == {
        "code": "ID",
        "name": "Indonesia",
        "status": Status.PAUSED,
        "region": "Asia",
        "owner": "Sari",
        "target": date(2026, 6, 1),
        "tags": ["store-tab", "live-shopping"],
    }


def test_edit_reports_cleared_fields_as_none_and_leaves_status_alone() -> None:
    market = Market(
        code="DE",
        name="Germany",
        status=Status.PAUSED,
        region="Europe",
        owner="Anna",
        target=date(2026, 3, 31),
        tags=["live-shopping"],
    )
    fields = forms.MarketFields.of(market)
    assert fields.target == "2026-03-31"
    assert fields.tags == "live-shopping"
    cleared = forms.MarketFields(
        code=fields.code, name=fields.name, status=fields.status, region="Europe"
    )
    assert forms.market_changes(cleared, editing=True) == {
        "code": "DE",
        "name": "Germany",
        "region": "Europe",
        "owner": None,
        "target": None,
        "since": None,
        "tags": None,
    }


def test_forms_module_does_not_import_textual() -> None:
    code = "import sys, roadmap_tui.ui.forms; print('textual' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "False"


def test_shown_in_field_maps_control_characters_one_for_one() -> None:
    value = "a\x1b[31m\x07\tb\x7f\x85"
    shown = forms.shown_in_field(value)
    assert shown == "a␛[31m␇\tb␡\ufffd"
    assert len(shown) == len(value)
    assert forms.shown_in_field("x\u202ey\u2066z") == "x\ufffdy\ufffdz"  # bidi controls
