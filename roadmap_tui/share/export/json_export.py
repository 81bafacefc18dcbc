"""A roadmap as JSON: the file's data with dates as ISO strings, keys in the model's order,
under a `$schema` key naming the JSON Schema it follows (`roadmap-tui schema`)."""

from __future__ import annotations

import json
from datetime import date

from roadmap_tui.model import Roadmap
from roadmap_tui.store.schema import SCHEMA_ID


def render(roadmap: Roadmap, today: date | None = None) -> str:
    """The roadmap as indented JSON with a final newline. An optional key the file leaves
    out is left out here too, as the schema says (it has no null); `tags` and `history`
    are always there, empty or not."""
    data = roadmap.model_dump(mode="json", by_alias=True, exclude_none=True)
    return json.dumps({"$schema": SCHEMA_ID, **data}, indent=2, ensure_ascii=False) + "\n"
