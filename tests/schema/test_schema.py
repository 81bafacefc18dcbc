"""The JSON Schema editors use: every key explained with an example that is itself valid,
no `null` noise, an `$id` and a version, and the same verdicts as `validate` wherever a
schema can say them (what it cannot say is in docs/format.md, checked with Taplo in
test_taplo.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.model import CODE_PATTERN, Roadmap
from roadmap_tui.share.export import export
from roadmap_tui.store import RoadmapDocument, parse
from roadmap_tui.store.schema import FORMAT_VERSION, SCHEMA_ID, SCHEMA_PATH, roadmap_schema
from tests.sharing.helpers import TIKTOK, run_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = re.compile(r"Example: `([^`]+)`$")

# the smallest valid text of each table, one key per line, to put an example into
REQUIRED_LINES = {
    "roadmap": ['title = "T"'],
    "markets": ['code = "XX"', 'name = "X"', 'status = "planned"'],
    "markets.history": ["at = 2022-07-05", 'from = "planned"', 'to = "live"'],
    "snapshot": [
        "taken_at = 2022-07-06T12:00:00Z",
        'source = "r.toml"',
        'source_sha256 = "00"',
    ],
}


def properties(schema: dict[str, Any], table: str = "") -> Iterator[tuple[str, str, dict]]:
    """(table, key, schema) of every key, tables inside tables too; `table` is the TOML
    name of the table holding it: "" (the top), `roadmap`, `markets`, `markets.history`."""
    for key, child in schema.get("properties", {}).items():
        yield table, key, child
        inner = child.get("items", child)
        if inner.get("type") == "object":
            yield from properties(inner, f"{table}.{key}".lstrip("."))


def file_with(table: str, example: str) -> str:
    """A valid roadmap but for `example`, a `key = value` line placed in `table`."""
    key = example.split("=", 1)[0].strip()
    lines = {name: [line for line in required] for name, required in REQUIRED_LINES.items()}
    lines[table] = [line for line in lines[table] if not line.startswith(f"{key} =")]
    lines[table].append(example)
    text = "[roadmap]\n" + "\n".join(lines["roadmap"]) + "\n"
    if table == "snapshot":
        text += "[snapshot]\n" + "\n".join(lines["snapshot"]) + "\n"
    if table.startswith("markets"):
        text += "[[markets]]\n" + "\n".join(lines["markets"]) + "\n"
    if table == "markets.history":
        text += "[[markets.history]]\n" + "\n".join(lines["markets.history"]) + "\n"
    return text


def test_every_key_has_a_description_and_every_value_key_a_valid_example() -> None:
    """What an editor shows on hover: what the key means, and an example that, put in a
    roadmap, is exactly what `validate` accepts (no error, no warning)."""
    listed = list(properties(roadmap_schema()))
    assert len(listed) == 3 + 6 + 10 + 4 + 5  # top, [roadmap], market, history, [snapshot]
    for table, key, schema in listed:
        description = schema.get("description", "")
        assert len(description) > 20, f"{table}.{key} has no description"
        inner = schema.get("items", schema)
        if inner.get("type") == "object":
            header = f"{table}.{key}".lstrip(".")  # a table names the header it is written as
            assert f"[{header}]" in description.replace("[[", "[").replace("]]", "]")
            continue
        example = EXAMPLE.search(description)
        assert example, f"{table}.{key}: no 'Example: `...`' at the end of its description"
        assert example.group(1).startswith(f"{key} = ")
        parsed = parse(file_with(table, example.group(1)), "example.toml")
        assert parsed.warnings == [], (table, key, parsed.warnings)


def test_no_null_no_any_of_no_references() -> None:
    """An optional key is absent in TOML, never null: no `anyOf [T, null]` whose error is
    "not valid under any of the schemas listed", and no `$ref` that hides a description."""
    text = json.dumps(roadmap_schema())
    for noise in ('"anyOf"', '"null"', '"$ref"', '"$defs"', '"default": null'):
        assert noise not in text


def test_the_schema_has_an_id_a_version_and_the_checks_a_schema_can_make() -> None:
    schema = roadmap_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID and SCHEMA_ID.endswith(SCHEMA_PATH)
    assert schema["x-format-version"] == FORMAT_VERSION == 1
    market = schema["properties"]["markets"]["items"]["properties"]
    assert market["code"]["pattern"] == CODE_PATTERN.pattern
    assert market["name"]["minLength"] == 1
    assert market["since"]["format"] == market["target"]["format"] == "date"
    assert "enum" not in market["status"]  # a roadmap may declare its own statuses
    default = schema["else"]["properties"]["markets"]["items"]["properties"]
    assert schema["if"]["properties"]["roadmap"]["required"] == ["statuses"]
    assert default["status"]["enum"] == ["planned", "paused", "live"]
    change = default["history"]["items"]["properties"]
    assert change["from"]["enum"] == change["to"]["enum"] == ["planned", "paused", "live"]
    history = market["history"]["items"]
    assert history["required"] == ["at", "from", "to"]


def test_the_committed_copy_is_what_the_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    """docs/schema/ holds the schema its `$id` names, so a `#:schema` URL finds it."""
    code, out, _ = run_cli(capsys, "schema")
    assert code == 0
    committed = (ROOT / SCHEMA_PATH).read_text("utf-8")
    assert out == committed, f"regenerate it: roadmap-tui schema > {SCHEMA_PATH}"


@pytest.mark.parametrize(
    "pattern_key", [("markets", "code"), ("markets.history", "at"), ("roadmap", "language")]
)
def test_each_pattern_reads_alike_in_python_and_in_json_schema(
    pattern_key: tuple[str, str],
) -> None:
    """ECMA regexes (JSON Schema's) have no `\\Z` and read `$` as the end of the text;
    Python's `$` also matches before a final newline, so fullmatch is what agrees."""
    table, key = pattern_key
    schema = next(s for t, k, s in properties(roadmap_schema()) if (t, k) == (table, key))
    assert schema["pattern"].startswith("^") and schema["pattern"].endswith("$")
    assert "\\Z" not in schema["pattern"] and "(?" not in schema["pattern"]


def test_a_code_ending_in_a_newline_is_refused() -> None:
    """Python's `$` matched before a trailing newline, so "DE\\n" used to pass validate."""
    text = file_with("markets", 'code = "DE\\n"')
    with pytest.raises(InvalidRoadmap) as raised:
        parse(text, "r.toml")
    assert "may only contain letters, digits" in str(raised.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('language = "Deutsch"', ""),
        ('language = "de DE"', "must be a language tag such as en, de or pt-BR"),
        ('language = ""', "must be a language tag"),
        ("language = 49", "must be a string in quotes"),
    ],
)
def test_language_is_a_language_tag(line: str, message: str) -> None:
    text = file_with("roadmap", line)
    if not message:  # eight letters is a (made-up) language tag
        assert parse(text, "r.toml").roadmap.roadmap.language == "Deutsch"
        return
    with pytest.raises(InvalidRoadmap) as raised:
        parse(text, "r.toml")
    assert message in str(raised.value)


def test_the_json_export_names_the_schema_and_has_no_null() -> None:
    roadmap = RoadmapDocument.load(TIKTOK).roadmap
    data = json.loads(export(roadmap, "json"))
    assert data["$schema"] == SCHEMA_ID
    assert "null" not in json.dumps(data)
    del data["$schema"]
    assert Roadmap.model_validate(_as_toml_values(data)) == roadmap


def _as_toml_values(data: Any) -> Any:
    """JSON's ISO strings back into the dates and date-times TOML reads."""
    from datetime import date, datetime

    if isinstance(data, dict):
        converted = {key: _as_toml_values(value) for key, value in data.items()}
        for key in ("since", "target"):
            if key in converted:
                converted[key] = date.fromisoformat(converted[key])
        for key in ("at", "taken_at"):
            if key in converted:
                text = converted[key]
                converted[key] = (
                    date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
                )
        return converted
    if isinstance(data, list):
        return [_as_toml_values(item) for item in data]
    return data


def test_new_writes_no_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Taplo refuses a file that starts with one, so roadmap-tui never writes one."""
    path = tmp_path / "roadmap.toml"
    code, _, _ = run_cli(capsys, "new", str(path), "--title", "Café launches")
    assert code == 0
    assert path.read_bytes().startswith(b"#")
    assert "\ufeff" not in path.read_text("utf-8")
