"""What changed between two roadmaps: markets added and removed, status, notes and fields.

`diff_roadmaps(old, new)` gives a `RoadmapDiff`, a plain data structure the CLI, the
app's compare screen and its "changed on disk" notice all use; `render_text`,
`render_markdown` and `render_json` turn it into words. Pure: no I/O, no Textual.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from roadmap_tui.export.markdown import escape_cell, escape_inline
from roadmap_tui.model import Market, Roadmap, Status, StatusChange

# the fields compared one by one, in the order they are reported; `status`, `notes` and
# `history` have their own treatment
COMPARED_FIELDS = ("code", "name", "region", "owner", "since", "target", "tags")
ROADMAP_FIELDS = ("title", "owner", "description")
_OWN_TREATMENT = {"status", "notes", "history"}
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs: `old` and `new` as the model holds them (None: absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class StatusDelta:
    """A market's status moved; `at` and `note` come from the history entry recording it."""

    old: Status
    new: Status
    at: date | datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class MarketChange:
    """Everything that differs for one market (matched by code, case-insensitively)."""

    code: str
    name: str
    old: Market | None
    new: Market | None
    status: StatusDelta | None = None
    notes_diff: tuple[str, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    history_changed: bool = False

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def notes_changed(self) -> bool:
        return bool(self.notes_diff)

    @property
    def key(self) -> str:
        return self.code.casefold()

    @property
    def kinds(self) -> tuple[str, ...]:
        """What changed, in words: `("added",)`, or e.g. `("status", "owner", "notes")`."""
        if self.added or self.removed:
            return ("added",) if self.added else ("removed",)
        words = ["status"] if self.status is not None else []
        words += [item.field for item in self.fields]
        words += ["history"] if self.history_changed else []
        words += ["notes"] if self.notes_diff else []
        return tuple(words)


@dataclass(frozen=True)
class RoadmapDiff:
    """The differences between two roadmaps, market changes sorted by code."""

    markets: tuple[MarketChange, ...] = ()
    roadmap_fields: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.markets or self.roadmap_fields)

    @property
    def empty(self) -> bool:
        return not self

    @property
    def changed_codes(self) -> set[str]:
        """Keys (casefolded codes) of markets that are new or changed, to mark their rows."""
        return {change.key for change in self.markets if not change.removed}

    def change_for(self, code: str) -> MarketChange | None:
        """The change of the market with this code (any case), or None if it did not change."""
        key = code.casefold()
        return next((change for change in self.markets if change.key == key), None)

    def tally(self) -> dict[str, int]:
        """How many changes of each kind, in the order the summary names them."""
        return {
            "status": sum(1 for c in self.markets if c.status is not None),
            "added": sum(1 for c in self.markets if c.added),
            "removed": sum(1 for c in self.markets if c.removed),
            "notes": sum(1 for c in self.markets if c.notes_changed),
            "fields": sum(len(c.fields) + c.history_changed for c in self.markets)
            + len(self.roadmap_fields),
        }

    def summary(self) -> str:
        """`3 status changes, 1 market added, 2 notes changed` or `no differences`."""
        words = {
            "status": ("status change", "status changes"),
            "added": ("market added", "markets added"),
            "removed": ("market removed", "markets removed"),
            "notes": ("note edited", "notes edited"),
            "fields": ("other field change", "other field changes"),
        }
        parts = [
            f"{count} {words[kind][count != 1]}" for kind, count in self.tally().items() if count
        ]
        return ", ".join(parts) if parts else "no differences"


def diff_roadmaps(old: Roadmap, new: Roadmap) -> RoadmapDiff:
    """What changed from `old` to `new`. Markets are matched by code, case-insensitively."""
    old_by_key = {market.key: market for market in old.markets}
    new_by_key = {market.key: market for market in new.markets}
    changes = []
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        change = diff_markets(old_by_key.get(key), new_by_key.get(key))
        if change is not None:
            changes.append(change)
    roadmap_fields = tuple(
        FieldChange(name, getattr(old.roadmap, name), getattr(new.roadmap, name))
        for name in ROADMAP_FIELDS
        if getattr(old.roadmap, name) != getattr(new.roadmap, name)
    )
    return RoadmapDiff(tuple(changes), roadmap_fields)


def diff_markets(old: Market | None, new: Market | None) -> MarketChange | None:
    """The change from one version of a market to another; None when nothing differs."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        market = new if new is not None else old
        assert market is not None
        return MarketChange(market.code, market.name, old, new)
    if old == new:
        return None
    status = _status_delta(old, new)
    fields = [
        FieldChange(name, _value(old, name), _value(new, name))
        for name in (*COMPARED_FIELDS, *_extra_keys(old, new))
        if _value(old, name) != _value(new, name)
    ]
    if status is not None and status.at is not None:
        # set_status moves `since` to the day of the change: that is the status change, said
        # once, not a second change of its own
        day = status.at.date() if isinstance(status.at, datetime) else status.at
        fields = [f for f in fields if not (f.field == "since" and f.new == day)]
    change = MarketChange(
        code=new.code,
        name=new.name,
        old=old,
        new=new,
        status=status,
        notes_diff=notes_diff(old.notes, new.notes, new.code),
        fields=tuple(fields),
        history_changed=_history_changed(old, new, status),
    )
    unchanged = not (change.status or change.notes_diff or change.fields or change.history_changed)
    return None if unchanged else change


def notes_diff(old: str | None, new: str | None, code: str = "") -> tuple[str, ...]:
    """A unified diff of two notes, as lines without endings and without the file headers."""
    if (old or "") == (new or ""):
        return ()
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2
    )
    body = [line for index, line in enumerate(lines) if index >= 2]  # skip ---/+++ headers
    if not body:  # only trailing whitespace or line endings differ
        body = ["@@ whitespace only @@"]
    return tuple(body)


def _status_delta(old: Market, new: Market) -> StatusDelta | None:
    if old.status == new.status:
        return None
    entry = _recording_entry(old, new)
    return StatusDelta(
        old.status, new.status, entry.at if entry else None, entry.note if entry else None
    )


def _recording_entry(old: Market, new: Market) -> StatusChange | None:
    """The newest history entry in `new` that records the move from old to new status;
    failing that, the newest entry new since `old` that arrives at the new status."""
    exact = [c for c in new.history if c.from_ == old.status and c.to == new.status]
    if exact:
        return exact[-1]
    arriving = [c for c in new.history if c.to == new.status and c not in old.history]
    return arriving[-1] if arriving else None


def _history_changed(old: Market, new: Market, status: StatusDelta | None) -> bool:
    """True when history changed in a way the status change does not explain: entries edited
    or removed, or entries added while the status stayed."""
    if old.history == new.history:
        return False
    appended = new.history[: len(old.history)] == old.history
    return not (appended and status is not None)


def _value(market: Market, name: str) -> Any:
    if name in COMPARED_FIELDS:
        return getattr(market, name)
    # unknown keys a person wrote; read from the extras, never as attributes (a key named
    # `key` would otherwise be the property)
    return (market.model_extra or {}).get(name)


def _extra_keys(old: Market, new: Market) -> list[str]:
    keys = set(old.model_extra or {}) | set(new.model_extra or {})
    return sorted(keys - set(COMPARED_FIELDS) - _OWN_TREATMENT)


# -- rendering ----------------------------------------------------------------------------


def describe_value(value: Any) -> str:
    """A field value as the text output shows it."""
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return "[" + ", ".join(describe_value(item) for item in value) + "]"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def describe_status(change: MarketChange) -> str:
    """`DE Germany: planned → paused (2022-07-05, "Focus on the UK")`."""
    delta = change.status
    assert delta is not None
    detail = []
    if delta.at is not None:
        detail.append((delta.at.date() if isinstance(delta.at, datetime) else delta.at).isoformat())
    if delta.note:
        detail.append(json.dumps(" ".join(delta.note.split()), ensure_ascii=False))
    suffix = f" ({', '.join(detail)})" if detail else ""
    return f"{_label(change)}: {delta.old} → {delta.new}{suffix}"


def render_text(diff: RoadmapDiff) -> str:
    """The diff for a terminal: summary line first, then one line per change, by code."""
    lines = [diff.summary()]
    for item in diff.roadmap_fields:
        lines.append(
            f"roadmap {item.field}: {describe_value(item.old)} → {describe_value(item.new)}"
        )
    for change in diff.markets:
        if change.added:
            assert change.new is not None
            lines.append(f"+ {_label(change)}: added ({change.new.status})")
            continue
        if change.removed:
            assert change.old is not None
            lines.append(f"- {_label(change)}: removed (was {change.old.status})")
            continue
        if change.status is not None:
            lines.append(describe_status(change))
        for item in change.fields:
            lines.append(
                f"{_label(change)}: {item.field}: {describe_value(item.old)} → {describe_value(item.new)}"
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
            when = ""
            if delta.at is not None:
                when = (delta.at.date() if isinstance(delta.at, datetime) else delta.at).isoformat()
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
            before = old if name == "history" else describe_value(old)
            after = new if name == "history" else describe_value(new)
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
    return f"{change.code} {' '.join(change.name.split())}"
