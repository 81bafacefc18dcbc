"""Every kind of mistake in a roadmap file is reported at its exact line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.errors import Diagnostic, InvalidRoadmap, Severity
from roadmap_tui.store import RoadmapDocument, parse

HEAD = '[roadmap]\ntitle = "Errors"\n\n'  # three lines: markets start on line 4


def problems(text: str) -> list[Diagnostic]:
    """The diagnostics of an invalid roadmap (the test fails if it is valid)."""
    with pytest.raises(InvalidRoadmap) as caught:
        parse(text, "f.toml")
    return caught.value.diagnostics


def only(text: str) -> Diagnostic:
    (diagnostic,) = problems(text)
    assert diagnostic.severity is Severity.ERROR
    return diagnostic


def test_toml_syntax_error() -> None:
    text = HEAD + '[[markets]]\ncode = "DE"\nname = "Germany\nstatus = "live"\n'
    problem = only(text)
    assert (problem.line, problem.col) == (6, 16)  # the end of the unterminated string
    assert problem.message.startswith("TOML syntax error: ")
    assert str(problem).startswith("f.toml:6:16: error: TOML syntax error: ")


def test_syntax_error_at_the_end_of_the_document() -> None:
    problem = only('[roadmap]\ntitle = "x"\ntags = [1,')
    assert problem.line == 3
    assert problem.message.startswith("TOML syntax error")


def test_unknown_status_lists_valid_ones_and_suggests_the_closest() -> None:
    problem = only(HEAD + '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "pasued"\n')
    assert (problem.line, problem.col) == (7, 10)  # the value, after `status = `
    assert "unknown status 'pasued'" in problem.message
    assert "(valid: planned, paused, live)" in problem.message
    assert problem.message.endswith("did you mean 'paused'?")
    assert problem.message.startswith("market DE: ")


def test_missing_required_key_points_at_the_market_header() -> None:
    text = HEAD + '# Germany\n  [[markets]]\ncode = "DE"\nname = "Germany"\n'
    problem = only(text)
    assert (problem.line, problem.col) == (5, 3)  # the indented [[markets]] header
    assert problem.message == "market DE is missing required key 'status'"


def test_missing_keys_are_each_reported() -> None:
    found = problems(HEAD + '[[markets]]\ncode = "DE"\n')
    assert [(d.line, d.col, d.message) for d in found] == [
        (4, 1, "market DE is missing required key 'name'"),
        (4, 1, "market DE is missing required key 'status'"),
    ]


def test_duplicate_code_points_at_the_second_and_names_the_first() -> None:
    text = (
        HEAD
        + '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n\n'
        + '[[markets]]\ncode = "de"\nname = "Deutschland"\nstatus = "paused"\n'
    )
    problem = only(text)
    assert (problem.line, problem.col) == (10, 8)
    assert "duplicate market code 'de'" in problem.message
    assert "'DE'" in problem.message and problem.message.endswith("at line 5")


def test_wrong_type() -> None:
    problem = only(HEAD + '[[markets]]\ncode = "DE"\nname = 3\nstatus = "live"\n')
    assert (problem.line, problem.col) == (6, 8)
    assert problem.message == "market DE: 'name' must be a string in quotes, not an integer"


def test_bad_date() -> None:
    text = HEAD + '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\nsince = "July"\n'
    problem = only(text)
    assert (problem.line, problem.col) == (8, 9)
    assert "'since' must be a date such as 2022-07-05" in problem.message


def test_bad_history_date_is_reported_once() -> None:
    text = (
        HEAD
        + '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n\n'
        + '[[markets.history]]\nat = "yesterday"\nfrom = "planned"\nto = "live"\n'
    )
    problem = only(text)
    assert (problem.line, problem.col) == (10, 6)
    assert problem.message.startswith("market DE, history entry 1: 'at' must be a date")


def test_invalid_utf8_points_at_the_bad_byte(write: Callable[..., Path]) -> None:
    path = write('[roadmap]\ntitle = "Straße '.encode() + b"\xff" + b'"\n')
    with pytest.raises(InvalidRoadmap) as caught:
        RoadmapDocument.load(path)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.col) == (2, 17)  # characters, as an editor counts them
    assert "invalid UTF-8 (byte 0xff)" in problem.message
    assert str(problem).startswith(f"{path}:2:17: error: ")


def test_markets_not_an_array_of_tables() -> None:
    problem = only('markets = 3\n[roadmap]\ntitle = "x"\n')
    assert (problem.line, problem.col) == (1, 11)
    assert "'markets' must be an array of tables" in problem.message


def test_markets_written_as_a_single_table() -> None:
    problem = only('[roadmap]\ntitle = "x"\n\n[markets]\ncode = "DE"\n')
    assert (problem.line, problem.col) == (4, 1)
    assert "'markets' must be an array of tables" in problem.message


def test_history_entry_with_unknown_status() -> None:
    text = (
        HEAD
        + '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n\n'
        + '[[markets.history]]\nat = 2022-01-01\nfrom = "planned"\nto = "liv"\n'
    )
    problem = only(text)
    assert (problem.line, problem.col) == (12, 6)
    assert problem.message.startswith("market DE, history entry 1: unknown status 'liv'")
    assert problem.message.endswith("did you mean 'live'?")


def test_missing_roadmap_table() -> None:
    problem = only('[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n')
    assert (problem.line, problem.col) == (1, 1)
    assert "missing [roadmap] table" in problem.message


def test_missing_title() -> None:
    problem = only('# no title\n[roadmap]\nowner = "me"\n')
    assert (problem.line, problem.col) == (2, 1)
    assert problem.message == "[roadmap] table is missing required key 'title'"


def test_bad_code_characters() -> None:
    problem = only(HEAD + '[[markets]]\ncode = "D E"\nname = "Germany"\nstatus = "live"\n')
    assert (problem.line, problem.col) == (5, 8)
    assert "'code' may only contain letters, digits, '-' and '_'" in problem.message


def test_every_error_is_reported_in_one_pass() -> None:
    text = (
        HEAD
        + '[[markets]]\ncode = "DE"\nname = 3\nstatus = "pasued"\n\n'  # lines 4-7
        + '[[markets]]\ncode = "FR"\nstatus = "live"\nsince = "July"\n\n'  # lines 9-12
        + '[[markets]]\ncode = "fr"\nname = "France again"\nstatus = "live"\n'  # lines 14-17
    )
    found = problems(text)
    assert [(d.line, d.col) for d in found] == [(6, 8), (7, 10), (9, 1), (12, 9), (15, 8)]
    assert "'name' must be a string" in found[0].message
    assert "did you mean 'paused'" in found[1].message
    assert found[2].message == "market FR is missing required key 'name'"
    assert "'since' must be a date" in found[3].message
    assert "duplicate market code 'fr'" in found[4].message
    with pytest.raises(InvalidRoadmap, match=r"^f\.toml:6:8: .*\(and 4 more\)$"):
        parse(text, "f.toml")


def test_unknown_key_is_a_warning_with_a_suggestion() -> None:
    text = HEAD + '[[markets]]\ncode = "DE"\nname = "Germany"\nstauts = "live"\nstatus = "live"\n'
    parsed = parse(text, "f.toml")
    (warning,) = parsed.warnings
    assert warning.severity is Severity.WARNING
    assert (warning.line, warning.col) == (7, 1)
    assert warning.message == (
        "unknown key 'stauts' in market DE is kept as it is; did you mean 'status'?"
    )
    assert str(warning).startswith("f.toml:7:1: warning: ")
    assert parsed.roadmap.markets[0].model_extra == {"stauts": "live"}


def test_unknown_tables_are_warned_about_at_their_header() -> None:
    text = (
        HEAD + '[[markets]]\ncode = "DE"\nname = "G"\nstatus = "live"\n\n[markets.extra]\nx = 1\n'
    )
    text += "\n[appendix]\ny = 2\n"
    positions = {w.message.split("'")[1]: (w.line, w.col) for w in parse(text, "f").warnings}
    assert positions == {"extra": (9, 1), "appendix": (12, 1)}


def test_errors_in_a_bom_crlf_file_use_editor_positions() -> None:
    text = "\ufeff" + (HEAD + '[[markets]]\ncode = "DE"\nname = 3\nstatus = "live"\n').replace(
        "\n", "\r\n"
    )
    problem = only(text)
    assert (problem.line, problem.col) == (6, 8)


def test_values_nested_too_deeply_are_an_error_not_a_crash() -> None:
    text = HEAD + "deep = " + "[" * 3000 + "]" * 3000 + "\n"
    problem = only(text)
    assert (problem.line, problem.col) == (4, 8)
    assert "nested too deeply" in problem.message


def test_an_unknown_value_nested_too_deeply_is_an_error() -> None:
    """150 arrays deep parses, but would overflow whatever walks the value later."""
    found = problems(HEAD + "deep = " + "[" * 150 + "]" * 150 + "\n")
    errors = [d for d in found if d.severity is Severity.ERROR]
    assert [(d.line, d.col, d.message) for d in errors] == [
        (4, 1, "'deep' is nested too deeply (more than 100 levels)")
    ]
    moderate = ".".join(["a"] * 50)
    assert parse(HEAD + f"[{moderate}]\nx = 1\n", "f").roadmap.model_extra is not None


@pytest.mark.parametrize(
    ("template", "position"),
    [
        ("[{key}]\nx = 1\n", (4, 2)),
        ("[extra]\n{key} = 1\n", (5, 1)),
        ("x = {{ {key} = 1 }}\n", (4, 7)),
    ],
    ids=["header", "key", "inline"],
)
def test_a_dotted_key_too_deep_is_refused_before_parsing(
    template: str, position: tuple[int, int]
) -> None:
    """tomllib takes minutes on a 100,000-part key; the refusal must be immediate."""
    key = ".".join(["a"] * 100_000)
    problem = only(HEAD + template.format(key=key))
    assert (problem.line, problem.col) == position
    assert "nested too deeply" in problem.message


def test_unknown_keys_written_in_parts_are_located() -> None:
    text = HEAD + 'colour.name = "teal"\n\n[appendix.part]\nx = 1\n'
    positions = {w.message.split("'")[1]: (w.line, w.col) for w in parse(text, "f").warnings}
    assert positions == {"colour": (4, 1), "appendix": (6, 1)}
