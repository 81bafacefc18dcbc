"""The drift of targets in words, for `roadmap-tui diff --drift`: a plain-text table,
Markdown (the exports' own section) and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from roadmap_tui import wording
from roadmap_tui.share.drift import MarketDrift, reported, summary
from roadmap_tui.share.export.markdown import drift_section

NO_DATE = "—"
_HEADINGS = ("Code", "Name", "Status", "Baseline", "Target", "Drift")


def render_text(rows: Sequence[MarketDrift], against: str, current: str) -> str:
    """A heading line naming both sides, the summary, then an aligned table."""
    shown = reported(rows)
    lines = [f"Drift of targets from {against} to {current}: {summary(shown)}"]
    if shown:
        table = [_HEADINGS] + [
            (
                row.code,
                wording.one_line(row.market.name),
                row.market.status,
                row.baseline.isoformat() if row.baseline else NO_DATE,
                row.target.isoformat() if row.target else NO_DATE,
                row.words,
            )
            for row in shown
        ]
        widths = [max(len(line[column]) for line in table) for column in range(len(_HEADINGS))]
        for line in table:
            cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def render_markdown(rows: Sequence[MarketDrift], against: str, current: str) -> str:
    """The exports' drift section, on its own."""
    return "\n".join(drift_section(rows, against)).rstrip("\n") + "\n"


def render_json(rows: Sequence[MarketDrift], against: str, current: str) -> str:
    """Every market's drift (those without a target then or now too), as indented JSON."""
    data: dict[str, Any] = {
        "baseline": against,
        "current": current,
        "summary": summary(reported(rows)),
        "markets": [
            {
                "code": row.code,
                "name": row.market.name,
                "status": str(row.market.status),
                "baseline_target": row.baseline.isoformat() if row.baseline else None,
                "target": row.target.isoformat() if row.target else None,
                "drift": str(row.kind),
                "days": row.days,
            }
            for row in rows
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Sequence[MarketDrift], str, str], str]] = {
    "text": render_text,
    "md": render_markdown,
    "json": render_json,
}
