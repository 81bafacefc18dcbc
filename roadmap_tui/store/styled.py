"""Edits through tomlkit, for layouts the line patcher does not follow, keeping every comment.

tomlkit keeps a text's comments and layout, but is slow on a whole file and has traps:
replacing a whole table drops its styling, and values it formats itself do not look like
the rest of a roadmap. So edits here change values in place, key by key and item by item
(a table is updated key by key, an array by its items), and every new value is tomlkit's
reading of our own rendering of it (`render`), in the file's line endings. `edit_piece`
applies that to one market's piece of text; `whole.rewrite_markets` to a whole file.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable

from roadmap_tui.store.render import render_table, render_value, with_newline
from roadmap_tui.store.scan import ScanError, scan_blocks
from roadmap_tui.store.values import same

_MISSING = object()


def edit_piece(
    text: str, old: dict[str, Any], new: dict[str, Any], newline: str, blank_line: bool
) -> str:
    """One market's text (a `[[markets]]` table and its sub-tables) edited from `old` to `new`.

    Trailing blank lines and comments stay last: tomlkit would put new keys after them,
    away from the market's other keys."""
    unterminated = not text.endswith("\n")
    body, tail = _split_tail(text + newline if unterminated else text)
    document = tomlkit.parse(body)
    update_table(document["markets"][0], old, new, newline, blank_line)
    result = tomlkit.dumps(document) + tail
    return result.removesuffix(newline) if unterminated else result


def _split_tail(text: str) -> tuple[str, str]:
    try:
        end = max(block.content_end for block in scan_blocks(text))
    except ScanError:
        return text, ""
    return text[:end], text[end:]


def update_table(
    table: Any, old: dict[str, Any], new: dict[str, Any], newline: str, blank_line: bool
) -> None:
    """Change `table` (a tomlkit table) from `old` to `new` in place, key by key."""
    for key in old.keys() - new.keys():
        del table[key]
    for key, value in new.items():
        before = old.get(key, _MISSING)
        if same(before, value):
            continue
        current = table.get(key) if before is not _MISSING else None
        if not _updated_in_place(current, before, value, newline, blank_line):
            # inside `{ ... }` a value must not end its line
            line_end = "" if isinstance(table, InlineTable) else newline
            table[key] = _item(value, newline, line_end, key, blank_line)


def _updated_in_place(current: Any, before: Any, value: Any, newline: str, blank: bool) -> bool:
    """Whether `current` could be changed into `value` in place (keeping its styling)."""
    # a table, an inline table, or dotted keys (`contact.email = ...`)
    if isinstance(current, MutableMapping) and isinstance(before, dict):
        if not isinstance(value, dict):
            return False
        update_table(current, before, value, newline, blank)
        return True
    if isinstance(current, AoT | Array) and isinstance(before, list) and isinstance(value, list):
        for index, (was, now) in enumerate(zip(before, value, strict=False)):
            if same(was, now):
                continue
            if not _updated_in_place(current[index], was, now, newline, blank):
                if isinstance(current, AoT):
                    return False  # a table among tables: replaced with the whole array
                current[index] = _item(now, newline, "")
        for index in range(len(before) - 1, len(value) - 1, -1):
            del current[index]
        for now in value[len(before) :]:
            if isinstance(current, AoT):
                if not isinstance(now, dict):
                    return False
                current.append(_table(now, newline, blank))
            else:
                current.append(_item(now, newline, ""))
        return True
    return False


def _item(value: Any, newline: str, line_end: str, key: str = "", blank: bool = False) -> Any:
    """tomlkit's item for `value` as we render it; a list of tables for a new key of a
    table is written as `[[key]]` tables, as the canonical form writes history."""
    is_tables = isinstance(value, list) and value and all(isinstance(v, dict) for v in value)
    if key and line_end and is_tables:
        tables = tomlkit.aot()
        for entry in value:
            tables.append(_table(entry, newline, blank))
        return tables
    return tomlkit.parse(f"v = {with_newline(render_value(value), newline)}{line_end}")["v"]


def _table(entry: dict[str, Any], newline: str, blank: bool) -> Any:
    table = tomlkit.parse(render_table("v", entry, newline))["v"][0]
    if blank:
        table.trivia.indent = newline  # a blank line before its header, as the file has
    return table
