"""Helpers the core tests share: a fixed clock, documents from text, line diffs."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from roadmap_tui.model import Roadmap
from roadmap_tui.store import RoadmapDocument

FIXED_NOW = datetime(2022, 7, 5, 9, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    """The moment every edit in these tests happens: 5 July 2022, 09:30 UTC."""
    return FIXED_NOW


def document(text: str) -> RoadmapDocument:
    """A document for `text` with the fixed clock."""
    return RoadmapDocument.from_text(text, "roadmap.toml", clock=fixed_clock)


def lines(text: str) -> list[str]:
    """The text's lines with their endings, so CRLF shows in comparisons."""
    return text.splitlines(keepends=True)


def reparsed(text: str) -> Roadmap:
    """The model tomllib and pydantic read from `text`, independently of the store."""
    return Roadmap.model_validate(tomllib.loads(text.removeprefix("\ufeff")))
