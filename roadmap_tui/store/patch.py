"""Rewrite one market's text for an edit, changing only the lines the edit must change.

A market's text runs from the comments introducing its `[[markets]]` header to the next
market. `patch_market` replaces the values that changed in place (keeping each line's key,
spacing and trailing comment), inserts new keys after the market's last key, deletes
removed keys, and appends new history entries after the last one (and its sub-tables).
Whatever it produces is parsed back (`toml_read`: toml-rs, whose values are tomllib's, at
a tenth of the cost of a 500-market bulk edit) and must equal the intended market.

A layout the line patches do not follow (an inline `history = [...]`, a value that is a
table, dotted keys) is edited with tomlkit over this market's text only (`styled`), which
keeps its comments and layout, and is checked the same way. Only if that fails too is
the market rewritten in canonical form (keeping the comments above its header); no
layout the tests know of gets there.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from typing import Any

from roadmap_tui.errors import EditError
from roadmap_tui.model import Market, to_toml_dict
from roadmap_tui.store import toml_read
from roadmap_tui.store.edits import TextEdit, apply_edits
from roadmap_tui.store.render import (
    render_key,
    render_market,
    render_table,
    render_value,
    with_newline,
)
from roadmap_tui.store.scan import Block, ScanError, scan_blocks
from roadmap_tui.store.values import same, same_models

MARKETS: tuple[str] = ("markets",)
HISTORY: tuple[str, str] = ("markets", "history")
TRIPLE_SINGLE = "'" * 3
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)*")


class CannotPatch(Exception):
    """This edit needs more than line patches; rewrite the market instead."""


def patch_market(
    text: str, old: Market, new: Market, newline: str, blank_before_headers: bool
) -> str:
    """The market's new text, read back and found to be exactly `new`."""
    old_table, new_table = to_toml_dict(old), to_toml_dict(new)
    if same(old_table, new_table):
        return text
    try:
        patched = _patch_lines(text, old_table, new_table, newline, blank_before_headers)
        if same_models(Market.model_validate(_parse_one(patched)), new):
            return patched
    except (CannotPatch, ScanError, tomllib.TOMLDecodeError, ValueError):
        pass
    edited = _edit_with_tomlkit(text, old_table, new_table, newline, blank_before_headers)
    if edited is not None and same_models(Market.model_validate(edited[1]), new):
        return edited[0]
    return render_market_text(new, newline, keep_around=text)


def _edit_with_tomlkit(
    text: str, old: dict[str, Any], new: dict[str, Any], newline: str, blank_line: bool
) -> tuple[str, dict[str, Any]] | None:
    """The piece edited by tomlkit and what it reads back as, or None if tomlkit cannot
    read it or make the edit, or the result is not one valid market."""
    import tomlkit.exceptions  # slow to import, and only needed for rare layouts

    from roadmap_tui.store.styled import edit_piece

    try:
        edited = edit_piece(text, old, new, newline, blank_line)
        raw = _parse_one(edited)
        Market.model_validate(raw)
    except (tomlkit.exceptions.TOMLKitError, ValueError, LookupError, TypeError):
        return None  # ValueError includes tomllib's and pydantic's errors
    return edited, raw


def render_market_text(market: Market, newline: str, keep_around: str = "") -> str:
    """A market in canonical form, keeping the comments and blank lines around `keep_around`
    (read back and found to be exactly `market`)."""
    body = render_market(to_toml_dict(market))
    leading, trailing = _surroundings(keep_around)
    text = leading + with_newline(body, newline) + trailing
    if not same_models(Market.model_validate(_parse_one(text)), market):
        raise EditError(f"could not write market {market.code} without changing its meaning")
    return text


def _parse_one(text: str) -> dict[str, Any]:
    document = toml_read.loads(text)
    markets = document.get("markets")
    if set(document) != {"markets"} or not isinstance(markets, list) or len(markets) != 1:
        raise ValueError("a market's text must hold exactly one market")
    market: dict[str, Any] = markets[0]
    return market


def _surroundings(text: str) -> tuple[str, str]:
    """The comment lines before a market's header and the blank lines after its content."""
    if not text:
        return "", ""
    try:
        blocks = scan_blocks(text)
    except ScanError:
        return "", ""
    leading = text[: blocks[1].start] if len(blocks) > 1 else ""
    content_end = max(block.content_end for block in blocks)
    return leading, text[content_end:] if not text[content_end:].strip() else ""


def _patch_lines(
    text: str,
    old: dict[str, Any],
    new: dict[str, Any],
    newline: str,
    blank_before_headers: bool,
) -> str:
    # The last market of a file without a final newline: end its last line first, so
    # that insertions at the end do not each add a line ending of their own (which left
    # an extra blank line); the file keeps having no final newline afterwards.
    unterminated = not text.endswith("\n")
    if unterminated:
        text += newline
    blocks = scan_blocks(text)
    if len(blocks) < 2 or blocks[0].entries or blocks[1].key != MARKETS:
        raise CannotPatch
    main, subtables = blocks[1], blocks[2:]
    if any(block.key[:1] != MARKETS for block in subtables):
        raise CannotPatch
    entries = {entry.key: entry for entry in main.entries}
    dotted_roots = {entry.key[0] for entry in main.entries if len(entry.key) > 1}
    table_roots = {block.key[1] for block in subtables}

    edits: list[TextEdit] = []
    inserted: list[str] = []
    # new keys line up with the market's other keys when the file indents them
    indent = text[main.entries[-1].start : main.entries[-1].key_start] if main.entries else ""
    for key in dict.fromkeys([*new, *old]):
        if key == "history" or same(old.get(key), new.get(key)):
            continue
        value = new.get(key)
        if key in dotted_roots or key in table_roots or _is_table(value) or _is_table(old.get(key)):
            raise CannotPatch
        entry = entries.get((key,))
        if entry is None:
            inserted.append(f"{indent}{render_key(key)} = {_value(value, newline)}{newline}")
        elif value is None:
            edits.append(TextEdit(entry.start, entry.end, ""))
        else:
            old_text = text[entry.value_start : entry.value_end]
            edits.append(
                TextEdit(entry.value_start, entry.value_end, _value(value, newline, old_text))
            )
    if inserted:
        edits.append(_insertion(text, main.content_end, "".join(inserted), newline))
    edits += _history_edits(text, old, new, main, subtables, newline, blank_before_headers)

    # of two insertions at one offset, the one listed first ends up first (keys before a
    # history header)
    text = apply_edits(text, edits)
    return text.removesuffix(newline) if unterminated else text


def _history_edits(
    text: str,
    old: dict[str, Any],
    new: dict[str, Any],
    main: Block,
    subtables: list[Block],
    newline: str,
    blank_before_headers: bool,
) -> list[TextEdit]:
    before, after = old.get("history", []), new.get("history", [])
    if same(before, after):
        return []
    if ("history",) in {entry.key for entry in main.entries}:
        raise CannotPatch
    history_blocks = [block for block in subtables if block.key == HISTORY]
    appended_only = len(after) > len(before) and same(after[: len(before)], before)
    if not appended_only:
        return _history_rewrites(text, before, after, subtables, newline, blank_before_headers)
    last = history_blocks[-1] if history_blocks else (subtables or [main])[-1]
    if history_blocks:
        # after the last entry's own sub-tables (`[markets.history.meta]`), or they
        # would become the new entry's
        for block in subtables[subtables.index(last) + 1 :]:
            if block.key[:2] != HISTORY:
                break
            last = block
    blank = newline if blank_before_headers else ""
    rendered = "".join(
        blank + render_table("markets.history", entry, newline) for entry in after[len(before) :]
    )
    return [_insertion(text, last.content_end, rendered, newline)]


def _history_rewrites(
    text: str,
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
    subtables: list[Block],
    newline: str,
    blank_before_headers: bool,
) -> list[TextEdit]:
    """Entries inserted (a change dated in the past), edited or removed: each entry's own
    lines change, every other entry stays byte for byte. Only for a history written as
    one `[[markets.history]]` table per entry with nothing else among them."""
    blocks = [block for block in subtables if block.key[:2] == HISTORY]
    if len(blocks) != len(before) or any(block.key != HISTORY for block in blocks):
        raise CannotPatch
    if blocks and subtables[-len(blocks) :] != blocks:
        raise CannotPatch  # other sub-tables after the history: keep it simple, rewrite
    blank = newline if blank_before_headers else ""
    edits: list[TextEdit] = []
    matcher = difflib.SequenceMatcher(
        a=[_entry_key(entry) for entry in before],
        b=[_entry_key(entry) for entry in after],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for block, old_entry, new_entry in zip(
                blocks[i1:i2], before[i1:i2], after[j1:j2], strict=True
            ):
                edits += table_edits(text, block, old_entry, new_entry, newline)
            continue
        if i2 > i1:  # removed entries with the comments above them
            start = _before_comment_lines(text, blocks[i1].start)
            if i2 < len(blocks):  # and the blank lines after them
                end = _past_blank_lines(text, blocks[i2 - 1].content_end)
            else:  # the last ones: from the end of what stays before them
                start = blocks[i1 - 1].content_end if i1 > 0 else _before_blank_lines(text, start)
                end = blocks[i2 - 1].content_end
            edits.append(TextEdit(start, end, ""))
        if j2 > j1:
            tables = [render_table("markets.history", entry, newline) for entry in after[j1:j2]]
            if i2 < len(blocks):  # before the entry that follows them, and its comments
                at = _before_comment_lines(text, blocks[i2].start)
                edits.append(TextEdit(at, at, "".join(table + blank for table in tables)))
            else:
                if i1 == 0:  # every entry replaced by others: rewrite the market
                    raise CannotPatch
                at = blocks[i1 - 1].content_end
                edits.append(
                    _insertion(text, at, "".join(blank + table for table in tables), newline)
                )
    return edits


def table_edits(
    text: str, block: Block, old: dict[str, Any], new: dict[str, Any], newline: str
) -> list[TextEdit]:
    """One table's changed values in place, removed keys' lines out, new keys after its
    last key."""
    entries = {entry.key: entry for entry in block.entries}
    if any(len(entry.key) > 1 for entry in block.entries):
        raise CannotPatch
    edits: list[TextEdit] = []
    inserted: list[str] = []
    for key in dict.fromkeys([*new, *old]):
        if same(old.get(key), new.get(key)):
            continue
        value = new.get(key)
        if _is_table(value) or _is_table(old.get(key)):
            raise CannotPatch
        entry = entries.get((key,))
        if entry is None:
            inserted.append(f"{render_key(key)} = {_value(value, newline)}{newline}")
        elif value is None:
            edits.append(TextEdit(entry.start, entry.end, ""))
        else:
            old_text = text[entry.value_start : entry.value_end]
            edits.append(
                TextEdit(entry.value_start, entry.value_end, _value(value, newline, old_text))
            )
    if inserted:
        edits.append(_insertion(text, block.content_end, "".join(inserted), newline))
    return edits


def _entry_key(entry: dict[str, Any]) -> str:
    return repr(sorted((key, repr(value)) for key, value in entry.items()))


def _past_blank_lines(text: str, at: int) -> int:
    match = _BLANK_LINES.match(text, at)
    return match.end() if match else at


def _before_comment_lines(text: str, at: int) -> int:
    """Where the comment lines directly above `at` (a header) start."""
    start = at
    while start > 0:
        line_start = text.rfind("\n", 0, start - 1) + 1
        if not text[line_start:start].lstrip(" \t").startswith("#"):
            break
        start = line_start
    return start


def _before_blank_lines(text: str, at: int) -> int:
    start = at
    while start > 0:
        line_start = text.rfind("\n", 0, start - 1) + 1
        if text[line_start:start].strip():
            break
        start = line_start
    return start


def _insertion(text: str, at: int, addition: str, newline: str) -> TextEdit:
    """Insert whole lines at `at`, ending the line before it if the file did not."""
    if at > 0 and text[at - 1] != "\n":
        addition = newline + addition
    return TextEdit(at, at, addition)


def _value(value: Any, newline: str, like: str = "") -> str:
    """The value's text; a string replacing a 'literal string' stays a literal string."""
    one_line_literal = like.startswith("'") and not like.startswith(TRIPLE_SINGLE)
    if one_line_literal and isinstance(value, str) and "'" not in value and value.isprintable():
        return f"'{value}'"
    return with_newline(render_value(value), newline)


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(item, dict) for item in value)
    )
