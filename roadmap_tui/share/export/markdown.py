"""A roadmap as Markdown that renders well on GitHub, GitLab and wikis (CommonMark + tables).

User text is data: characters Markdown would act on are backslash-escaped, so a note
reading `**x**` or `<script>` shows exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from roadmap_tui.model import Market, Roadmap, counts_by_status
from roadmap_tui.share.drift import Baseline, MarketDrift, drift, reported
from roadmap_tui.share.drift import summary as drift_summary
from roadmap_tui.share.export.dating import as_of
from roadmap_tui.share.export.reason import status_note

# every ASCII punctuation character CommonMark lets a backslash escape and that could
# start markup inside a line (emphasis, code, links, html, tables, strikethrough, entities)
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# at the start of a line these would make a heading, list, quote, rule or setext underline
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=>])")
_ORDERED_LIST_START = re.compile(r"^(\s*\d+)([.)])")
_NEWLINE = re.compile(r"\r\n|\r|\n")

TABLE_COLUMNS = ("Code", "Name", "Region", "Owner", "Since", "Target", "Status note")


def escape_inline(text: str) -> str:
    """Text that Markdown shows literally within a line."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_cell(text: str) -> str:
    """Text for a table cell: inline escapes, and line breaks as `<br>` (a cell is one line)."""
    lines = _NEWLINE.split(text.strip())
    return "<br>".join(escape_inline(line) for line in lines)


def escape_block(text: str) -> str:
    """Multi-line text (notes) as paragraphs that keep the writer's line breaks.

    Each line is escaped; lines within a paragraph end with a backslash (a CommonMark hard
    line break); blank lines still separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in _NEWLINE.split(text.strip()):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        # leading spaces go: four of them would start a code block
        escaped = escape_inline(line.strip())
        escaped = _LINE_START_SPECIAL.sub(r"\1\\\2", escaped)
        escaped = _ORDERED_LIST_START.sub(r"\1\\\2", escaped)
        paragraphs[-1].append(escaped)
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def render(roadmap: Roadmap, today: date | None = None, baseline: Baseline | None = None) -> str:
    """The whole roadmap: title, date, counts per status, a table per status (each market's
    owner, dates and the note of the change that set its status), the drift of targets
    against `baseline` when there is one, then notes."""
    out: list[str] = [f"# {escape_inline(_one_line(roadmap.title))}", ""]
    meta = []
    when = as_of(roadmap, today)
    if when is not None:
        meta.append(f"As of {when.isoformat()}")
    if roadmap.roadmap.owner:
        meta.append(f"Owner: {escape_inline(_one_line(roadmap.roadmap.owner))}")
    if roadmap.snapshot is not None:
        meta.append(f"Snapshot of {escape_inline(_one_line(roadmap.snapshot.source))}")
    if meta:
        out += [" · ".join(meta), ""]
    if roadmap.roadmap.description:
        out += [escape_block(roadmap.roadmap.description), ""]

    names = roadmap.status_names  # the workflow's order
    counts = counts_by_status(roadmap.markets, names)
    out += ["| Status | Markets |", "| --- | ---: |"]
    out += [f"| {escape_inline(status)} | {counts[status]} |" for status in names]
    out += [f"| **total** | {len(roadmap.markets)} |", ""]

    for status in names:
        markets = [market for market in roadmap.markets if market.status == status]
        out += [f"## {escape_inline(status[:1].upper() + status[1:])} ({len(markets)})", ""]
        if not markets:
            out += [f"No {escape_inline(status)} markets.", ""]
            continue
        out += [*_table(markets), ""]

    if baseline is not None:
        out += drift_section(drift(baseline.roadmap, roadmap), baseline.label)

    with_notes = [market for market in roadmap.markets if market.notes and market.notes.strip()]
    if with_notes:
        out += ["## Notes", ""]
        for market in with_notes:
            assert market.notes is not None
            out += [f"### {_heading(market)}", "", escape_block(market.notes), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _table(markets: list[Market]) -> list[str]:
    rows = ["| " + " | ".join(TABLE_COLUMNS) + " |", "|" + " --- |" * len(TABLE_COLUMNS)]
    for market in markets:
        cells = [
            market.code,
            market.name,
            market.region or "",
            market.owner or "",
            market.since.isoformat() if market.since else "",
            market.target.isoformat() if market.target else "",
            status_note(market),
        ]
        rows.append("| " + " | ".join(escape_cell(cell) for cell in cells) + " |")
    return rows


def _heading(market: Market) -> str:
    name = escape_inline(_one_line(market.name))
    return f"{escape_inline(market.code)} — {name} ({market.status})"


def _one_line(text: str) -> str:
    # a heading or the line under it is one line: line breaks become spaces
    return " ".join(text.split())


DRIFT_COLUMNS = ("Code", "Name", "Status", "Baseline target", "Target", "Drift")


def drift_section(rows: Sequence[MarketDrift], against: str, heading: str = "##") -> list[str]:
    """The drift against a baseline as Markdown lines: a heading naming the baseline, the
    summary, and a table of every market with a target then or now (or new, or dropped)."""
    shown = reported(rows)
    out = [
        f"{heading} Drift against the baseline",
        "",
        f"Baseline: {escape_inline(_one_line(against))} · {escape_inline(drift_summary(shown))}",
        "",
    ]
    if not shown:
        return out
    out += ["| " + " | ".join(DRIFT_COLUMNS) + " |", "|" + " --- |" * len(DRIFT_COLUMNS)]
    for row in shown:
        cells = [
            row.code,
            row.market.name,
            row.market.status,
            row.baseline.isoformat() if row.baseline else "",
            row.target.isoformat() if row.target else "",
            row.words,
        ]
        out.append("| " + " | ".join(escape_cell(cell) for cell in cells) + " |")
    return [*out, ""]
