"""The journal's line format: one JSON object per line, ASCII only. No Textual.

    {"journal": 1, "kind": "base", "path": ..., "base_sha256": ..., "base_text": ..., ...}
    {"kind": "edit", "n": 1, "markets": {"de": "<TOML of the market>" | null}, "order": [...]}
    {"kind": "saving", "sha256": ..., "temporary": ...}

The base line holds the text of the file the edits started from, so the roadmap before
the edits can be rebuilt exactly. Each edit line holds the whole state of every market
the edit touched, as TOML (dates round-trip exactly), keyed by the casefolded code, with
null for a removed market; `order` lists every market's key only when the order is not
what replaying the line would give. Because lines carry states, not steps, a line that
cannot be read costs only that line: later lines still replay. A `saving` line is written
just before the file is replaced with the bytes whose hash it names, from the temporary
file it names: it tells recovery whether a save finished before a crash.

Lines are ASCII (`\\u` escapes), so a file name that is not valid UTF-8 (held as
surrogate escapes, as `os.fsdecode` gives it) reads back exactly.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from typing import Any

import tomli_w

from roadmap_tui.model import Market, Roadmap, RoadmapInfo, to_toml_dict

JOURNAL_VERSION = 1


def encode(record: dict[str, Any]) -> bytes:
    """One line, newline included."""
    return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def base_line(
    path: str, base_text: str, base_sha256: str, started: str, absorbs: list[str]
) -> dict[str, Any]:
    """The first line; `absorbs` names the journals (of ended sessions) whose edits this
    one holds now, so that a crash before they are removed does not offer them twice."""
    line = {
        "journal": JOURNAL_VERSION,
        "kind": "base",
        "path": path,
        "base_sha256": base_sha256,
        "started": started,
        "base_text": base_text,
    }
    if absorbs:
        line["absorbs"] = absorbs
    return line


def saving_line(sha256: str, temporary: str) -> dict[str, Any]:
    return {"kind": "saving", "sha256": sha256, "temporary": temporary}


def edit_line(before: Roadmap, after: Roadmap, number: int) -> dict[str, Any] | None:
    in_place = _edit_in_place(before, after, number)
    if in_place is not None:
        return in_place if in_place["markets"] or "roadmap" in in_place else None
    old = {market.key: market for market in before.markets}
    new = {market.key: market for market in after.markets}
    markets: dict[str, str | None] = {}
    for key, market in new.items():
        previous = old.get(key)
        if previous is not market and previous != market:
            markets[key] = _market_toml(market)
    for key in old.keys() - new.keys():
        markets[key] = None
    line: dict[str, Any] = {"kind": "edit", "n": number, "markets": markets}
    if after.roadmap != before.roadmap:
        line["roadmap"] = tomli_w.dumps({"roadmap": to_toml_dict(after.roadmap)})
    replayed = _replay_order([market.key for market in before.markets], markets)
    order = [market.key for market in after.markets]
    if replayed != order:
        line["order"] = order
    if not markets and "roadmap" not in line and "order" not in line:
        return None
    return line


def _edit_in_place(before: Roadmap, after: Roadmap, number: int) -> dict[str, Any] | None:
    """The common case, fast: the same markets in the same order, some of them edited.

    Edits keep every untouched market object, so comparing by identity finds the edited
    ones without computing 10,000 keys. None when markets were added, removed or moved.
    """
    if len(before.markets) != len(after.markets):
        return None
    edited = [
        (old, new) for old, new in zip(before.markets, after.markets, strict=True) if old is not new
    ]
    if any(old.key != new.key for old, new in edited):
        return None
    markets = {new.key: _market_toml(new) for old, new in edited if old != new}
    line: dict[str, Any] = {"kind": "edit", "n": number, "markets": markets}
    if after.roadmap != before.roadmap:
        line["roadmap"] = tomli_w.dumps({"roadmap": to_toml_dict(after.roadmap)})
    return line


def _market_toml(market: Market) -> str:
    # single-line strings: a multi-line TOML string would turn "\r\n" in notes into "\n"
    return tomli_w.dumps({"market": to_toml_dict(market)})


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
    markets: list[Market], info: RoadmapInfo, record: dict[str, Any]
) -> tuple[list[Market], RoadmapInfo]:
    if record.get("kind") != "edit":
        raise ValueError("not an edit")
    states = {
        key: None if text is None else Market.model_validate(tomllib.loads(text)["market"])
        for key, text in record["markets"].items()
    }
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
