"""A `RoadmapDiff` in words: plain text for the terminal, Markdown, and JSON."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from roadmap_tui import wording
from roadmap_tui.moments import day_of
from roadmap_tui.share.diff import FieldChange, MarketChange, RoadmapDiff
from roadmap_tui.share.export.markdown import escape_cell, escape_inline

_BACKTICKS = re.compile(r"`+")


def describe_status(change: MarketChange) -> str:
    """`DE Germany: planned → paused (2022-07-05, "Focus on the UK")`."""
    delta = change.status
    assert delta is not None
    detail = wording.status_detail(delta.at, delta.note)
    suffix = f" ({detail})" if detail else ""
    return f"{_label(change)}: {delta.old} → {delta.new}{suffix}"


def render_text(diff: RoadmapDiff) -> str:
    """The diff for a terminal: summary line first, then one line per change, by code."""
    lines = [diff.summary()]
    for item in diff.roadmap_fields:
        lines.append(
            f"roadmap {item.field}: {wording.value_text(item.old)} → {wording.value_text(item.new)}"
        )
    for change in diff.markets:
        if change.added:
            assert change.new is not None
            lines.append(f"+ {_label(change)}: {wording.added_text(change.new.status)}")
            continue
        if change.removed:
            assert change.old is not None
            lines.append(f"- {_label(change)}: {wording.removed_text(change.old.status)}")
            continue
        if change.status is not None:
            lines.append(describe_status(change))
        for item in change.fields:
            lines.append(
                f"{_label(change)}: {item.field}: {wording.value_text(item.old)} → {wording.value_text(item.new)}"
            )
        if change.history_changed:
            lines.append(f"{_label(change)}: history edited")
        if change.notes_diff:
            lines.append(f"{_label(change)}: notes changed")
            lines += [f"    {line}" for line in change.notes_diff]
    return "\n".join(lines) + "\n"


def render_markdown(diff: RoadmapDiff) -> str:
    """The diff as Markdown: summary, then a section for each kind of change."""
    out = [f"**{escape_inline(diff.summary())}**", ""]
    added = [c for c in diff.markets if c.added]
    removed = [c for c in diff.markets if c.removed]
    moved = [c for c in diff.markets if c.status is not None]
    rows = [("(roadmap)", item.field, item.old, item.new) for item in diff.roadmap_fields]
    for change in diff.markets:
        rows += [(_label(change), item.field, item.old, item.new) for item in change.fields]
    rows += [
        (_label(c), "history", "…", "entries edited") for c in diff.markets if c.history_changed
    ]
    notes = [c for c in diff.markets if c.notes_diff]
    if added or removed:
        out += ["## Markets added and removed", ""]
        for change in added:
            assert change.new is not None
            out.append(f"- added: {escape_inline(_label(change))} ({change.new.status})")
        for change in removed:
            assert change.old is not None
            out.append(f"- removed: {escape_inline(_label(change))} (was {change.old.status})")
        out.append("")
    if moved:
        out += [
            "## Status changes",
            "",
            "| Market | From | To | When | Note |",
            "| --- | --- | --- | --- | --- |",
        ]
        for change in moved:
            delta = change.status
            assert delta is not None
            when = day_of(delta.at).isoformat() if delta.at is not None else ""
            out.append(
                f"| {escape_cell(_label(change))} | {delta.old} | {delta.new} | {when} "
                f"| {escape_cell(delta.note or '')} |"
            )
        out.append("")
    if rows:
        out += [
            "## Other changes",
            "",
            "| Market | Field | Before | After |",
            "| --- | --- | --- | --- |",
        ]
        for label, name, old, new in rows:
            before = old if name == "history" else wording.value_text(old)
            after = new if name == "history" else wording.value_text(new)
            out.append(
                f"| {escape_cell(label)} | {escape_cell(name)} "
                f"| {escape_cell(before)} | {escape_cell(after)} |"
            )
        out.append("")
    if notes:
        out += ["## Notes", ""]
        for change in notes:
            # longer than any run of backticks in the notes, so no line can close it early
            longest = max(
                (len(run) for line in change.notes_diff for run in _BACKTICKS.findall(line)),
                default=0,
            )
            fence = "`" * max(3, longest + 1)
            out += [
                f"### {escape_inline(_label(change))}",
                "",
                f"{fence}diff",
                *change.notes_diff,
                fence,
                "",
            ]
    return "\n".join(out).rstrip("\n") + "\n"


def to_json_data(diff: RoadmapDiff) -> dict[str, Any]:
    """The diff as plain JSON data: summary, counts, roadmap fields, and market changes."""
    markets = []
    for change in diff.markets:
        kind = "added" if change.added else "removed" if change.removed else "changed"
        entry: dict[str, Any] = {"code": change.code, "name": change.name, "change": kind}
        if change.added or change.removed:
            market = change.new if change.added else change.old
            assert market is not None
            entry["market"] = market.model_dump(mode="json", by_alias=True)
        else:
            delta = change.status
            entry["status"] = (
                None
                if delta is None
                else {
                    "from": str(delta.old),
                    "to": str(delta.new),
                    "at": delta.at.isoformat() if delta.at is not None else None,
                    "note": delta.note,
                }
            )
            entry["fields"] = [_json_field(item) for item in change.fields]
            entry["history_changed"] = change.history_changed
            entry["notes_diff"] = list(change.notes_diff)
        markets.append(entry)
    return {
        "summary": diff.summary(),
        "counts": diff.tally(),
        "roadmap": [_json_field(item) for item in diff.roadmap_fields],
        "markets": markets,
    }


def render_json(diff: RoadmapDiff) -> str:
    """The diff as indented JSON with a final newline."""
    return json.dumps(to_json_data(diff), indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "md": render_markdown, "json": render_json}


def _json_field(item: FieldChange) -> dict[str, Any]:
    return {"field": item.field, "old": _json_value(item.old), "new": _json_value(item.new)}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    return value


def _label(change: MarketChange) -> str:
    return wording.market_label(change.code, change.name)
