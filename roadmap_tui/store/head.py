"""Edit the `[roadmap]` table's own keys (title, owner, description) in the text before
the first market, changing only their lines."""

from __future__ import annotations

import tomllib
from typing import Any

from roadmap_tui.errors import EditError
from roadmap_tui.store.edits import apply_edits
from roadmap_tui.store.patch import CannotPatch, table_edits
from roadmap_tui.store.scan import ScanError, scan_blocks
from roadmap_tui.store.values import same

_EDITED = ("title", "owner", "description")


def patch_head(head: str, old: dict[str, Any], new: dict[str, Any], newline: str) -> str:
    """`head` (the text up to the first market) with the `[roadmap]` table's title, owner
    and description changed from `old` to `new`; EditError for a layout it cannot edit
    line by line (a `roadmap = {…}` inline table, dotted keys)."""
    try:
        blocks = scan_blocks(head)
    except ScanError:
        blocks = []
    table = next((b for b in blocks if b.header and b.key == ("roadmap",)), None)
    if table is None or table.header is None or table.header.is_array:
        raise EditError(
            "the [roadmap] table is written in a way the app cannot edit; edit the file"
        )
    unterminated = not head.endswith("\n") and table is blocks[-1]
    text = head + newline if unterminated else head
    if unterminated:
        table = scan_blocks(text)[blocks.index(table)]
    old_keys = {key: old[key] for key in _EDITED if key in old}
    new_keys = {key: new[key] for key in _EDITED if key in new}
    try:
        edits = table_edits(text, table, old_keys, new_keys, newline)
    except CannotPatch:
        raise EditError(
            "the [roadmap] table uses dotted keys the app cannot edit; edit the file"
        ) from None
    edited = apply_edits(text, edits)
    edited = edited.removesuffix(newline) if unterminated else edited
    try:
        read = tomllib.loads(edited.removeprefix("\ufeff")).get("roadmap", {})
    except tomllib.TOMLDecodeError:
        read = {}
    if not all(same(read.get(key), new.get(key)) for key in _EDITED):
        raise EditError("could not change [roadmap] without changing its meaning; edit the file")
    return edited
