"""A roadmap's own statuses: declared in `[roadmap]`, checked by `validate` with line:col
and did-you-mean, and the one answer (`Roadmap.workflow`) everything else asks."""

from __future__ import annotations

import difflib

import pytest

from roadmap_tui.errors import EditError, InvalidRoadmap
from roadmap_tui.model import STATUSES
from roadmap_tui.store import parse
from roadmap_tui.workflow import DEFAULT_WORKFLOW, NAMED_COLOURS, THEME_COLOURS
from tests.core.helpers import document, lines

STAGES = """\
[roadmap]
title = "TikTok Shop"
statuses = [
  { name = "exploring", colour = "secondary", glyph = "◌" },
  "planned",
  { name = "testing", colour = "#c026d3" },
  "live",
  "paused",
  { name = "exited", colour = "$error", glyph = "✕" },
]

[[markets]]
code = "ID"
name = "Indonesia"
status = "testing"

[[markets.history]]
at = 2021-01-15
from = "planned"
to = "testing"
note = "Store tab test"

[[markets]]
code = "JP"
name = "Japan"
status = "exploring"
"""


def problems(text: str) -> list[str]:
    """Every diagnostic `validate` gives for `text`, as it prints them."""
    with pytest.raises(InvalidRoadmap) as raised:
        parse(text, "r.toml")
    return [str(diagnostic) for diagnostic in raised.value.diagnostics]


def test_a_declared_workflow_is_the_roadmaps_statuses_in_order_with_colour_and_glyph() -> None:
    roadmap = parse(STAGES, "r.toml").roadmap
    workflow = roadmap.workflow
    assert [status.name for status in workflow] == [
        "exploring",
        "planned",
        "testing",
        "live",
        "paused",
        "exited",
    ]
    assert roadmap.status_names == tuple(status.name for status in workflow)
    by_name = {status.name: status for status in workflow}
    assert (by_name["exploring"].colour, by_name["exploring"].glyph) == ("secondary", "◌")
    # undeclared looks: planned, live and paused keep theirs; a colour of the file's own
    # stays as written; `$error` is the theme's error colour
    assert (by_name["planned"].colour, by_name["planned"].glyph) == ("primary", "○")
    assert (by_name["live"].colour, by_name["live"].glyph) == ("success", "●")
    assert by_name["testing"].colour == "#c026d3" and not by_name["testing"].is_theme_colour
    assert by_name["exited"].colour == "error" and by_name["exited"].label == "✕ exited"
    # every glyph differs, so the statuses tell apart without colour
    assert len({status.glyph for status in workflow}) == len(workflow)


def test_without_a_declaration_the_statuses_are_planned_paused_live() -> None:
    roadmap = parse('[roadmap]\ntitle = "T"\n', "r.toml").roadmap
    assert roadmap.workflow == DEFAULT_WORKFLOW
    assert roadmap.status_names == STATUSES == ("planned", "paused", "live")
    assert [(s.colour, s.glyph) for s in roadmap.workflow] == [
        ("primary", "○"),
        ("warning", "◐"),
        ("success", "●"),
    ]


def test_a_list_of_names_alone_declares_a_workflow() -> None:
    text = '[roadmap]\ntitle = "T"\nstatuses = ["idea", "planned", "live"]\n'
    roadmap = parse(text, "r.toml").roadmap
    assert roadmap.status_names == ("idea", "planned", "live")
    assert roadmap.workflow[0].glyph not in {"○", "●"}  # a glyph of its own


def test_statuses_may_be_written_as_tables_of_their_own() -> None:
    text = (
        '[roadmap]\ntitle = "T"\n\n[[roadmap.statuses]]\nname = "idea"\ncolour = "orange"\n\n'
        '[[roadmap.statuses]]\nname = "live"\n\n'
        '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "idea"\n'
    )
    roadmap = parse(text, "r.toml").roadmap
    assert roadmap.status_names == ("idea", "live")
    assert roadmap.workflow[0].colour == "orange"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ("statuses = []", "'statuses' must name at least one status"),
        ('statuses = ["live", "Live"]', "names 'Live' twice (also as 'live')"),
        ('statuses = [""]', "[roadmap] statuses, entry 1: the name must not be empty"),
        ('statuses = ["live", " paused"]', "entry 2: the name must not start or end with a"),
        (
            'statuses = [{ name = "live", colour = "oragne" }]',
            "[roadmap] statuses, entry 1: 'colour' must be a theme colour",
        ),
        (
            'statuses = ["planned", { name = "live", glyph = "**" }]',
            "[roadmap] statuses, entry 2: 'glyph' must be one visible character",
        ),
        (  # a combining mark alone draws nothing: it marks the space before it
            'statuses = ["planned", { name = "live", glyph = "\\u0301" }]',
            "[roadmap] statuses, entry 2: 'glyph' must be one visible character",
        ),
        ("statuses = [3]", "must be a table"),
        ('statuses = "live"', "'statuses' must be an array"),
    ],
)
def test_a_wrong_declaration_is_one_sentence_at_its_line(declaration: str, message: str) -> None:
    found = problems(f'[roadmap]\ntitle = "T"\n{declaration}\n')
    assert len(found) == 1, found
    assert found[0].startswith("r.toml:3:")
    assert message in found[0]


def test_a_key_of_a_status_that_is_not_known_is_a_warning_with_a_suggestion() -> None:
    text = '[roadmap]\ntitle = "T"\nstatuses = [{ name = "live", color = "accent" }]\n'
    parsed = parse(text, "r.toml")
    assert [str(warning) for warning in parsed.warnings] == [
        "r.toml:3:12: warning: unknown key 'color' in [roadmap] statuses, entry 1 is kept "
        "as it is; did you mean 'colour'?"
    ]


def test_every_status_from_and_to_is_checked_against_the_declared_workflow() -> None:
    text = STAGES.replace('status = "testing"', 'status = "testng"').replace(
        'to = "testing"', 'to = "trial"'
    )
    found = problems(text)
    assert found == [
        "r.toml:15:10: error: market ID: status 'testng' is not declared in [roadmap] "
        "statuses (exploring, planned, testing, live, paused, exited); declare it there, or "
        "change the statuses that use it; did you mean 'testing'?",
        "r.toml:20:6: error: market ID, history entry 1: status 'trial' is not declared in "
        "[roadmap] statuses (exploring, planned, testing, live, paused, exited); declare it "
        "there, or change the statuses that use it",
    ]


def test_renaming_a_status_markets_still_use_is_an_error_not_a_silent_change() -> None:
    renamed = STAGES.replace('{ name = "testing", colour = "#c026d3" }', '"trialling"')
    found = problems(renamed)
    assert len(found) == 2  # Indonesia's status and its history entry
    assert all("status 'testing' is not declared in [roadmap] statuses" in f for f in found)
    removed = STAGES.replace('  "paused",\n', "")
    text = removed.replace('status = "exploring"', 'status = "paused"')
    (error,) = problems(text)
    assert error.startswith("r.toml:25:10: error: market JP: status 'paused' is not declared")


def test_without_a_declaration_a_custom_status_is_the_error_it_always_was() -> None:
    text = '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "lve"\n'
    assert problems(text) == [
        "r.toml:7:10: error: market DE: unknown status 'lve' (valid: planned, paused, live); "
        "did you mean 'live'?"
    ]


def test_the_status_typed_for_an_edit_is_matched_against_the_workflow() -> None:
    roadmap = document(STAGES)
    assert roadmap.status_named("  Live ") == "live"
    with pytest.raises(EditError) as raised:
        roadmap.set_status("JP", "tesing")
    assert str(raised.value) == (
        "unknown status 'tesing' (valid: exploring, planned, testing, live, paused, exited); "
        "did you mean 'testing'?"
    )


def test_a_change_to_a_declared_status_changes_only_its_lines() -> None:
    roadmap = document(STAGES)
    roadmap.set_status("jp", "testing", note="Store tab in Tokyo")
    diff = [line for line in difflib.ndiff(lines(STAGES), lines(roadmap.text)) if line[:1] in "+-"]
    assert diff == [
        '- status = "exploring"\n',
        '+ status = "testing"\n',
        "+ since = 2022-07-05\n",
        "+ \n",
        "+ [[markets.history]]\n",
        "+ at = 2022-07-05T09:30:00Z\n",
        '+ from = "exploring"\n',
        '+ to = "testing"\n',
        '+ note = "Store tab in Tokyo"\n',
    ]


def test_every_named_colour_is_one_textual_knows() -> None:
    """The core's list of colour names (it may not import Textual) is Textual's."""
    from textual.color import Color

    for name in sorted(NAMED_COLOURS):
        Color.parse(name)
    assert {"primary", "success", "warning", "error"} <= set(THEME_COLOURS)
