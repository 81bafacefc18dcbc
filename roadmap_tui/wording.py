"""The words for a change, in one place.

Notices after a merge, the recovery dialogue, `roadmap-tui diff`, the Markdown report and
the compare screen all say what happened to a market; they take their phrases from here so
that a status change or a removed field reads the same wherever it is shown. Plain text
only: callers that draw it escape or style it themselves."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from roadmap_tui.moments import day_of

ABSENT = "(none)"
# fields whose old and new values fit on a notice's line
_SHOWN_IN_NOTICES = frozenset({"status", "since", "target", "owner", "region", "code", "name"})


def one_line(text: str) -> str:
    """Text with every run of whitespace (newlines included) made one space."""
    return " ".join(text.split())


def market_label(code: str, name: str) -> str:
    """`DE Germany`: how a report names a market."""
    return f"{code} {one_line(name)}"


# -- values --------------------------------------------------------------------------------


def value_text(value: Any) -> str:
    """A field's value as a report shows it: text quoted, dates ISO, absent as `(none)`."""
    if value is None:
        return ABSENT
    if isinstance(value, list):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def short_text(value: Any, limit: int = 40) -> str:
    """A value for one line of a notice: dates ISO, long text cut, absent as `(none)`."""
    if value is None:
        return ABSENT
    if isinstance(value, dict):
        return str(value.get("code", "(market)"))
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- what happened to a market, in a report ------------------------------------------------


def added_text(status: object) -> str:
    return f"added ({status})"


def removed_text(status: object) -> str:
    return f"removed (was {status})"


def status_detail(at: date | datetime | None, note: str | None) -> str:
    """`2022-07-05, "Focus on the UK"`: when a status changed and why ('' when neither)."""
    detail = []
    if at is not None:
        detail.append(day_of(at).isoformat())
    if note:
        detail.append(value_text(one_line(note)))
    return ", ".join(detail)


# -- what one side did, in a notice --------------------------------------------------------


def field_change(name: str, before: Any, after: Any) -> str:
    """`status paused → live`, `notes changed`, `2 history entries added`."""
    if name == "history" and isinstance(after, list):
        added = len(after) - len(before or [])
        if added > 0:
            return f"{added} history entr{'y' if added == 1 else 'ies'} added"
        return "history changed"
    if name in _SHOWN_IN_NOTICES:
        return f"{name} {short_text(before)} → {short_text(after)}"
    if after is None:
        return f"{name} removed"
    return f"{name} changed"


def change_line(code: str, kind: str, fields: Mapping[str, Any], before: Mapping[str, Any]) -> str:
    """`DE: status paused → live, notes changed`; `FR: added (France)`; `IT: removed (Italy)`."""
    if kind in {"added", "removed"}:
        name = (fields if kind == "added" else before).get("name")
        return f"{code}: {kind}" + (f" ({name})" if name else "")
    parts = [field_change(name, before.get(name), value) for name, value in fields.items()]
    return f"{code}: " + ", ".join(parts)


def conflict_line(
    code: str,
    field: str | None,
    base: Any,
    theirs: Any,
    ours: Any,
    sides: tuple[str, str] = ("the file on disk", "we"),
) -> str:
    """What a conflict is about: one field's three values, or a market removed on one side.

    `sides` names theirs and ours: the file on disk and the app, or two git branches."""
    their_side, our_side = sides
    if field is None:
        side = f"{our_side} removed it, {their_side} changed it"
        if theirs is None:
            side = f"{their_side} removed it, {our_side} changed it"
        return f"{code}: {side}"
    their_label = "on disk" if their_side == "the file on disk" else their_side
    our_label = "ours" if our_side == "we" else our_side
    return (
        f"{code}.{field}: base {short_text(base)}, {their_label} {short_text(theirs)}, "
        f"{our_label} {short_text(ours)}"
    )
