"""The journal's line format: one JSON object per line, ASCII only. No Textual.

    {"journal": 2, "kind": "base", "path": ..., "base_sha256": ..., "base_copy": ..., ...}
    {"kind": "edit", "n": 1, "markets": {"de": "<TOML of the market>" | null},
     "base": {"de": "<TOML of the market as the base holds it>" | null}, "at": {"de": 4},
     "same": {"fr": 0, "it": 3}, "order": [...]}
    {"kind": "saving", "sha256": ..., "temporary": ...}

The base line names the bytes the edits started from by their hash, and the file beside
the journal that holds a copy of them (`base_copy`), so the roadmap before the edits can
be rebuilt exactly even if the file is deleted. Each edit line holds the whole state of
every market the edit touched, as TOML (dates round-trip exactly), keyed by the
casefolded code, with null for a removed market; `order` lists every market's key only
when the order is not what replaying the line would give. The first line that touches a
market also holds its state in the base (`base`, null if the edits added it) and where it
stood in the base (`at`): what the edits changed can then be told, and merged, without reading the
base at all. A market put back into a state a line holds already (an undo or a redo of a
bulk edit) is named in `same` with the number (`n`) of the edit line that holds it (0:
its base state) instead of being written out again. Because lines carry states, not steps, a line that cannot be
read costs only that line, and the lines that name a state it held: later lines still
replay. A `saving` line is written just before the file is
replaced with the bytes whose hash it names, from the temporary file it names: it tells
recovery whether a save finished.

Version 1 journals (written before 2026-12) held the base's text in the base line
(`base_text`) and no `base` states; recovery still reads them.

Lines are ASCII (`\\u` escapes), so a file name that is not valid UTF-8 (held as
surrogate escapes, as `os.fsdecode` gives it) reads back exactly.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import tomli_w

from roadmap_tui.model import Market, Roadmap, RoadmapInfo, to_toml_dict
from roadmap_tui.store.layout import differing

JOURNAL_VERSION = 2


def encode(record: dict[str, Any]) -> bytes:
    """One line, newline included."""
    return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def base_line(
    path: str, base_sha256: str, started: str, absorbs: list[str], base_copy: str
) -> dict[str, Any]:
    """The first line; `absorbs` names the journals (of ended sessions) whose edits this
    one holds now, so that a crash before they are removed does not offer them twice."""
    line = {
        "journal": JOURNAL_VERSION,
        "kind": "base",
        "path": path,
        "base_sha256": base_sha256,
        "started": started,
        "base_copy": base_copy,
    }
    if absorbs:
        line["absorbs"] = absorbs
    return line


def saving_line(sha256: str, temporary: str) -> dict[str, Any]:
    return {"kind": "saving", "sha256": sha256, "temporary": temporary}


# The market states a journal holds, by key: each state object with the number of the
# edit line that holds its TOML (0: its base state). Lists are never changed in place.
Written = dict[str, list[tuple[Market, int]]]


def edit_line(
    before: Roadmap,
    after: Roadmap,
    number: int,
    written: Written | None = None,
    base_positions: Mapping[str, int] | None = None,
) -> dict[str, Any] | None:
    """The line that turns `before` into `after`, or None if nothing changed.

    With `written` (what the journal holds so far), a market the journal never touched
    also gets its base state (`base`: it is in its base state in `before`) and its index
    in the base (`at`, from `base_positions`; its index in `before` without them), and a
    market put back into a state the journal holds already — an undo, a redo — is named
    by the number of the edit that holds it (`same`) instead of being written again. `written` takes
    what the line adds."""
    found = _changes_in_place(before, after)
    changes, positions, moved = found if found is not None else _changes_anywhere(before, after)
    roadmap_changed = after.roadmap != before.roadmap
    if not changes and not roadmap_changed and not moved:
        return None
    line: dict[str, Any] = {"kind": "edit", "n": number, "markets": {}}
    if written is not None:
        fresh = [key for key in changes if key not in written]
        if fresh:
            line["base"], line["at"] = {}, {}
            for key in fresh:
                index = positions.get(key)
                base = None if index is None else before.markets[index]
                line["base"][key] = None if base is None else _market_toml(base)
                if index is not None:
                    where = base_positions.get(key) if base_positions is not None else index
                    line["at"][key] = index if where is None else where
                written[key] = [] if base is None else [(base, 0)]
    same: dict[str, int] = {}
    for key, state in changes.items():
        held = written.get(key, []) if written is not None else []
        earlier = next((at for kept, at in reversed(held) if kept is state), None)
        if earlier is not None:
            same[key] = earlier
        elif state is None:
            line["markets"][key] = None
        else:
            line["markets"][key] = _market_toml(state)
            if written is not None:
                written[key] = [*held, (state, number)]
    if same:
        line["same"] = same
    if roadmap_changed:
        line["roadmap"] = tomli_w.dumps({"roadmap": to_toml_dict(after.roadmap)})
    if moved:
        # replaying appends new markets in the order the line lists them: states first
        listed = {key: changes[key] for key in [*line["markets"], *same]}
        order = [market.key for market in after.markets]
        if _replay_order([market.key for market in before.markets], listed) != order:
            line["order"] = order
    if not (line["markets"] or same or roadmap_changed or "order" in line):
        return None
    return line


# the changed markets by key (None: removed), the positions of markets in `before` by
# key, and whether markets were added, removed or moved
Changes = tuple[dict[str, Market | None], dict[str, int], bool]


def _changes_in_place(before: Roadmap, after: Roadmap) -> Changes | None:
    """The common case, fast: the same markets in the same order, some of them edited.

    Edits keep every untouched market object, so comparing by identity finds the edited
    ones without computing 10,000 keys. None when markets were added, removed or moved.
    """
    if len(before.markets) != len(after.markets):
        return None
    edited = [(index, after.markets[index]) for index in differing(before.markets, after.markets)]
    if any(before.markets[index].key != new.key for index, new in edited):
        return None
    changes: dict[str, Market | None] = {
        new.key: new for index, new in edited if before.markets[index] != new
    }
    return changes, {new.key: index for index, new in edited}, False


def _changes_anywhere(before: Roadmap, after: Roadmap) -> Changes:
    """Markets added, removed or moved: compare by key (every key is computed)."""
    old = {market.key: market for market in before.markets}
    new = {market.key: market for market in after.markets}
    changes: dict[str, Market | None] = {}
    for key, market in new.items():
        previous = old.get(key)
        if previous is not market and previous != market:
            changes[key] = market
    for key in old.keys() - new.keys():
        changes[key] = None
    positions = {market.key: index for index, market in enumerate(before.markets)}
    return changes, positions, True


def _market_toml(market: Market) -> str:
    # single-line strings: a multi-line TOML string would turn "\r\n" in notes into "\n"
    return tomli_w.dumps({"market": to_toml_dict(market)})


def market_state(text: str | None) -> Market | None:
    """A market as a line stores it (None for a removed market)."""
    return None if text is None else Market.model_validate(tomllib.loads(text)["market"])


def records(raw: bytes, problems: list[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The readable lines of a journal with their line numbers; a problem per unreadable one."""
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    yield from _records(lines, raw.endswith(b"\n"), problems)


def _records(
    lines: list[bytes], ends_with_newline: bool, problems: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, line in enumerate(lines):
        number = index + 1
        last = index == len(lines) - 1
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            record = None
        if not isinstance(record, dict):
            if last and not ends_with_newline:
                problems.append(f"the last edit (line {number}) was cut short")
            else:
                problems.append(f"line {number} is unreadable")
            continue
        yield number, record


def replay(
    markets: list[Market],
    info: RoadmapInfo,
    record: dict[str, Any],
    held: Callable[[str, int], Market | None] | None = None,
) -> tuple[list[Market], RoadmapInfo]:
    """`markets` and `info` with the edit line `record` applied; `held(key, line)` gives
    a state an earlier line holds (KeyError if it cannot), for the markets it names."""
    if record.get("kind") != "edit":
        raise ValueError("not an edit")
    states = {key: market_state(text) for key, text in record["markets"].items()}
    for key, line in record.get("same", {}).items():
        if held is None:
            raise KeyError(key)
        states[key] = held(key, line)
    for key, market in states.items():
        if market is not None and market.key != key:
            raise ValueError("market stored under another code")
    replayed = _replay_markets(markets, states)
    if "order" in record:
        by_key = {market.key: market for market in replayed}
        order = record["order"]
        if sorted(order) != sorted(by_key):
            raise ValueError("order does not name every market")
        replayed = [by_key[key] for key in order]
    if "roadmap" in record:
        info = RoadmapInfo.model_validate(tomllib.loads(record["roadmap"])["roadmap"])
    return replayed, info


def _replay_markets(markets: list[Market], states: dict[str, Market | None]) -> list[Market]:
    """Markets with each state applied: replaced in place, appended if new, None removes."""
    result = [market for market in markets if states.get(market.key, market) is not None]
    index = {market.key: position for position, market in enumerate(result)}
    for key, state in states.items():
        if state is None:
            continue
        if key in index:
            result[index[key]] = state
        else:
            index[key] = len(result)
            result.append(state)
    return result


def _replay_order(keys: list[str], states: dict[str, Any]) -> list[str]:
    """The market keys `_replay_markets` would give, without building the markets."""
    result = [key for key in keys if key not in states or states[key] is not None]
    present = set(result)
    result += [key for key, state in states.items() if state is not None and key not in present]
    return result
