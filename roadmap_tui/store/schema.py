"""The JSON Schema of roadmap files, for editors (Taplo / Even Better TOML) and for the
JSON export, generated from the same models `validate` uses.

It describes a TOML file, not pydantic's Python view of it: a key is there or absent,
never `null`, so optional keys carry no `anyOf [T, null]` (which would turn every error
into "not valid under any of the schemas listed"); every object is written out in place
rather than behind a `$ref`, so an editor's hover shows the key's own description.
Where `validate` checks more than a schema can say, docs/format.md lists it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from roadmap_tui.model import Roadmap
from roadmap_tui.workflow import DEFAULT_STATUS_NAMES, MAX_NAME_LENGTH

FORMAT_VERSION = 1
REPOSITORY_URL = "https://github.com/roadmap-tui/roadmap-tui"
# where the committed copy (docs/schema/) is served from, so a `#:schema` URL resolves
SCHEMA_PATH = f"docs/schema/roadmap-v{FORMAT_VERSION}.json"
SCHEMA_ID = f"https://raw.githubusercontent.com/roadmap-tui/roadmap-tui/main/{SCHEMA_PATH}"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# the order a person reads a key's schema in (pydantic sorts them by name)
_KEY_ORDER = ("description", "type", "enum", "format", "pattern", "minLength", "items")


class _FileSchema(GenerateJsonSchema):
    """pydantic's generator, told that TOML has no null and that titles are noise."""

    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        # TOML has no null: an optional key is simply left out
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        generated = super().default_schema(schema)
        if generated.get("default", ...) is None:
            del generated["default"]
        return generated

    def field_title_should_be_set(self, schema: Any) -> bool:
        # "Since" above "since" says nothing; the description says what the key means
        return False


def roadmap_schema() -> dict[str, Any]:
    """The schema as a dict: `$schema`, `$id`, the format version, then the roadmap."""
    generated = Roadmap.model_json_schema(
        by_alias=True, mode="validation", schema_generator=_FileSchema
    )
    definitions = generated.pop("$defs", {})
    body = _inlined(generated, definitions)
    for key in ("title", "description"):  # the class's own; the head below says more
        body.pop(key, None)
    statuses = body["properties"]["roadmap"]["properties"]["statuses"]
    statuses["minItems"] = 1
    _name_or_table(statuses["items"])
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": f"roadmap-tui roadmap, format version {FORMAT_VERSION}",
        "description": "A roadmap of markets (planned, paused or live) with notes and the "
        f"history of their status. The format: {REPOSITORY_URL}/blob/main/docs/format.md",
        "x-format-version": FORMAT_VERSION,
        **body,
        **_default_workflow(),
    }


def _name_or_table(item: dict[str, Any]) -> None:
    """A declared status is a name (`"testing"`) or a table with one: `type` takes both,
    and the string keywords (length) apply to names only, the object ones to tables only,
    so an error names the one thing wrong."""
    item["type"] = ["string", "object"]
    item["minLength"], item["maxLength"] = 1, MAX_NAME_LENGTH
    item["description"] = (
        "A status: its name, or a table with its name and optionally a colour and a glyph. "
        'Example: `"testing"` or `{name = "testing", colour = "accent", glyph = "◑"}`'
    )


def _default_workflow() -> dict[str, Any]:
    """Without `[roadmap] statuses`, a status is planned, paused or live; with it, any name
    it declares, which `validate` checks (a schema cannot compare one key with another)."""
    enum = {"enum": list(DEFAULT_STATUS_NAMES)}
    change = {"properties": {"from": enum, "to": enum}}
    market = {"properties": {"status": enum, "history": {"items": change}}}
    return {
        "if": {"properties": {"roadmap": {"required": ["statuses"]}}, "required": ["roadmap"]},
        "then": {},
        "else": {"properties": {"markets": {"items": market}}},
    }


def schema_text() -> str:
    """The schema as `roadmap-tui schema` prints it and docs/schema/ keeps it."""
    return json.dumps(roadmap_schema(), indent=2, ensure_ascii=False) + "\n"


def _inlined(schema: dict[str, Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """`schema` with every `$ref` replaced by the definition it names; keys beside the
    `$ref` (a field's description) win over the definition's own, and class titles go."""
    reference = schema.get("$ref")
    if isinstance(reference, str):
        target = definitions[reference.rsplit("/", 1)[-1]]
        merged = {key: value for key, value in target.items() if key != "title"}
        merged.update((key, value) for key, value in schema.items() if key != "$ref")
        return _inlined(merged, definitions)
    keys = list(schema)
    inlined: dict[str, Any] = {}
    for key in sorted(keys, key=lambda key: (_rank(key), keys.index(key))):
        value = schema[key]
        if key == "properties":  # names, in the models' order, each with its schema
            value = {name: _inlined(item, definitions) for name, item in value.items()}
        elif key == "items" and isinstance(value, dict):
            value = _inlined(value, definitions)
        inlined[key] = value
    return inlined


def _rank(key: str) -> int:
    return _KEY_ORDER.index(key) if key in _KEY_ORDER else len(_KEY_ORDER)
