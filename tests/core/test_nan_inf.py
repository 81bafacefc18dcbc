"""Markets holding `nan` or `inf` take edits with the same minimal diff as any other.

TOML allows `nan` and `inf` wherever a float goes, and the model keeps unknown keys, so
`budget = nan` is a valid market. nan is not equal to itself, which made every check
"does this text read back as that market" fail: edits were refused and typed notes lost.
"""

from __future__ import annotations

import math

import pytest

from tests.core.helpers import document, reparsed

ROADMAP = """\
[roadmap]
title = "Budgets"
budget = inf  # the sky is the limit

# Germany: budget not set yet
[[markets]]
code = "DE"
name = "Germany"
status = "planned"  # waiting
budget = nan  # not set yet
limits = { low = -inf, high = +inf }
notes = "Waiting."

[[markets.history]]
at = 2022-01-01
from = "paused"
to = "planned"
score = nan  # not scored

[[markets]]
code = "FR"
name = "France"
status = "paused"
budget = -nan
"""

NEW_HISTORY = """\

[[markets.history]]
at = 2022-07-05T09:30:00Z
from = "planned"
to = "live"
note = "Go"
"""


def assert_floats_kept(text: str) -> None:
    """The nan and inf values read back as nan and inf, from the text alone."""
    roadmap = reparsed(text)
    germany, france = roadmap.markets
    assert math.isinf(roadmap.roadmap.model_extra["budget"])
    assert math.isnan(germany.model_extra["budget"])
    assert germany.model_extra["limits"] == {"low": -math.inf, "high": math.inf}
    assert math.isnan(germany.history[0].model_extra["score"])
    assert math.isnan(france.model_extra["budget"])


def test_a_status_change_on_a_market_holding_nan() -> None:
    doc = document(ROADMAP)
    doc.set_status("DE", "live", note="Go")
    assert doc.text == ROADMAP.replace('status = "planned"  #', 'status = "live"  #').replace(
        'notes = "Waiting."\n', 'notes = "Waiting."\nsince = 2022-07-05\n'
    ).replace("score = nan  # not scored\n", "score = nan  # not scored\n" + NEW_HISTORY)
    assert_floats_kept(doc.text)
    assert reparsed(doc.text).markets[0].status == "live"


@pytest.mark.parametrize("code", ["DE", "FR"])
def test_typed_notes_on_a_market_holding_nan_are_written(code: str) -> None:
    doc = document(ROADMAP)
    doc.set_notes(code, "Typed by hand.")
    if code == "DE":
        expected = ROADMAP.replace('notes = "Waiting."', 'notes = "Typed by hand."')
    else:
        expected = ROADMAP + 'notes = "Typed by hand."\n'
    assert doc.text == expected
    assert_floats_kept(doc.text)
    assert reparsed(doc.text).markets[["DE", "FR"].index(code)].notes == "Typed by hand."


def test_a_market_holding_nan_in_an_inline_history() -> None:
    text = ROADMAP.replace(
        '\n[[markets.history]]\nat = 2022-01-01\nfrom = "paused"\nto = "planned"\n'
        "score = nan  # not scored\n",
        'history = [{ at = 2022-01-01, from = "paused", to = "planned", score = nan }]\n',
    )
    doc = document(text)
    doc.set_status("DE", "live", note="Go")
    assert doc.text == text.replace('status = "planned"  #', 'status = "live"  #').replace(
        "score = nan }]\n",
        'score = nan }, { at = 2022-07-05T09:30:00Z, from = "planned", to = "live",'
        ' note = "Go" }]\nsince = 2022-07-05\n',
    )
    assert_floats_kept(doc.text)


def test_inline_markets_holding_nan_take_a_notes_change() -> None:
    text = (
        "markets = [\n"
        '  { code = "DE", name = "Germany", status = "planned", budget = nan },  # one\n'
        '  { code = "FR", name = "France", status = "paused", budget = -nan },\n'
        "]\n\n"
        '[roadmap]\ntitle = "Budgets"\nbudget = inf\n'
    )
    doc = document(text)
    doc.set_notes("FR", "Typed.")
    assert doc.text == text.replace("budget = -nan }", 'budget = -nan, notes = "Typed."}')
    assert reparsed(doc.text).markets[1].notes == "Typed."
    assert math.isnan(reparsed(doc.text).markets[0].model_extra["budget"])
