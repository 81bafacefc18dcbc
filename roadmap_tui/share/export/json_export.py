"""A roadmap as JSON: the model itself, dates as ISO strings, keys in the model's order."""

from __future__ import annotations

import json
from datetime import date

from roadmap_tui.model import Roadmap


def render(roadmap: Roadmap, today: date | None = None) -> str:
    """The model as indented JSON with a final newline; missing optional fields are null,
    so every market has the same keys."""
    data = roadmap.model_dump(mode="json", by_alias=True)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
