"""TOML text for single values, keys and history entries, in the style roadmap files use."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import tomli_w

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def render_key(key: str) -> str:
    """A key, quoted only when it must be."""
    return key if _BARE_KEY.match(key) else tomli_w.dumps({key: 0}).split(" = ", 1)[0]


def render_value(value: Any) -> str:
    """One TOML value. UTC datetimes are written with a `Z`, as people write them."""
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset.total_seconds() == 0:
            naive = value.astimezone(UTC).replace(tzinfo=None)
            return naive.isoformat(timespec=_timespec(naive)) + "Z"
        return value.isoformat(timespec=_timespec(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        # inline, as people write `tags = ["pilot", "eu"]` (tomli-w spreads arrays over lines)
        return "[" + ", ".join(render_value(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{render_key(k)} = {render_value(v)}" for k, v in value.items())
        return f"{{ {pairs} }}" if pairs else "{}"
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        # tomli-w writes a list of tables as [[v]] sections, which cannot follow `key = `
        return f"[{', '.join(render_value(item) for item in value)}]"
    # A carriage return written raw inside a multi-line string is read back as part of a
    # line ending and lost, so text holding one is written with escapes instead.
    rendered = tomli_w.dumps({"v": value}, multiline_strings=not _has_carriage_return(value))
    return rendered[len("v = ") :].removesuffix("\n")


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, list):
        return any(_has_carriage_return(item) for item in value)
    if isinstance(value, dict):
        return any(_has_carriage_return(item) for item in value.values())
    return False


def _timespec(value: datetime) -> str:
    return "microseconds" if value.microsecond else "seconds"


def render_table(header: str, table: dict[str, Any], newline: str = "\n") -> str:
    """`[[header]]` and one line per key; values that are tables go inline."""
    lines = [f"[[{header}]]"]
    lines += [f"{render_key(key)} = {render_value(value)}" for key, value in table.items()]
    return with_newline("\n".join(lines) + "\n", newline)


def with_newline(text: str, newline: str) -> str:
    """Text rendered with LF, written with the file's own line ending."""
    return text.replace("\n", newline) if newline != "\n" else text


def detect_newline(text: str) -> str:
    """The file's line ending: CRLF if its first line ends so, else LF."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def render_market(market: dict[str, Any], newline: str = "\n") -> str:
    """A market as a `[[markets]]` table with its history as `[[markets.history]]` tables.

    An empty `tags` list is left out, as a person writing the file would leave it out (the
    model reads it back as empty); an unknown key's empty list is kept, or it would be lost."""
    history = market.get("history", [])
    fields = {
        key: value
        for key, value in market.items()
        if key != "history" and not (key == "tags" and value == [])
    }
    parts = [render_table("markets", fields)]
    parts += [render_table("markets.history", change) for change in history]
    return with_newline("\n".join(parts), newline)


def render_roadmap(roadmap: dict[str, Any], newline: str = "\n") -> str:
    """A whole roadmap in canonical layout: `[roadmap]`, other tables, then every market."""
    parts = []
    for key, value in roadmap.items():
        if key == "markets":
            continue
        if isinstance(value, dict):
            body = "".join(f"{render_key(k)} = {render_value(v)}\n" for k, v in value.items())
            parts.append(f"[{render_key(key)}]\n{body}")
        else:
            parts.insert(0, f"{render_key(key)} = {render_value(value)}\n")
    parts += [render_market(market) for market in roadmap.get("markets", [])]
    return with_newline("\n".join(parts), newline)
