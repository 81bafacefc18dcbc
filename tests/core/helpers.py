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


def many_markets(count: int, history: int = 2) -> str:
    """A roadmap with `count` markets written as people write them: a comment above each
    market, a trailing comment, multi-line notes, and `history` entries each."""
    lines = ["# A roadmap of many markets", "[roadmap]", 'title = "Many markets"', ""]
    for index in range(count):
        code = f"M{index:05d}"
        lines += [
            f"# Market {index}",
            "[[markets]]",
            f'code = "{code}"',
            f'name = "Market {index}"',
            f'status = "{("planned", "paused", "live")[index % 3]}"  # as of the review',
            'notes = """',
            f"About market {index}; # not a comment.",
            '"""',
            "",
        ]
        for step in range(history):
            # each entry starts where the one above ended, as validate expects (no warnings)
            before, after = ("planned", "paused") if step % 2 == 0 else ("paused", "planned")
            lines += [
                "[[markets.history]]",
                f"at = 2022-0{step % 9 + 1}-01",
                f'from = "{before}"',
                f'to = "{after}"',
                "",
            ]
    return "\n".join(lines)
