"""Turn a roadmap's bytes into a model, or into every problem found, each with line:col."""

from __future__ import annotations

import contextlib
import functools
import gc
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from roadmap_tui.errors import Diagnostic, InvalidRoadmap, Severity, did_you_mean
from roadmap_tui.model import (
    Market,
    Roadmap,
    RoadmapInfo,
    SnapshotInfo,
    StatusChange,
    StatusDeclaration,
)
from roadmap_tui.moments import describe_moment, moment_order
from roadmap_tui.store.dates import impossible_date
from roadmap_tui.store.locate import Locator, Problem
from roadmap_tui.store.scan import LineIndex
from roadmap_tui.store.toml_read import NotInRuns, read_in_runs
from roadmap_tui.store.toml_read import loads as read_toml
from roadmap_tui.workflow import DEFAULT_STATUS_NAMES

BOM = "\ufeff"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_LONG_DOTTED_KEY = re.compile(
    r"""\.(?:[ \t]*(?:[A-Za-z0-9_-]+|"[^"\r\n]*"|'[^'\r\n]*')[ \t]*\.){99}"""
)  # anchored on a dot, so ordinary text costs a few milliseconds per megabyte
_DEEP_NESTING = re.compile(r"[\[{](?:[^\[\]{}]{0,20}[\[{]){32}")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects, and
    count what was built as old when it starts again.

    Parsing a big roadmap allocates hundreds of thousands of dicts and models; the
    collector would rescan the growing heap again and again (measured: validation of
    10,000 markets takes 0.77 s with it running, 0.20 s paused). Nothing here makes cycles.
    Left in the youngest generation, the million objects of a 10,000-market roadmap were
    all scanned by the next young collection (125 ms) and by the next middle one again;
    `freeze` then `unfreeze` moves every tracked object to the oldest generation without
    scanning any (only a full collection, which comes seldom, looks at them again).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Parsed:
    """A roadmap read from text: the model, and the warnings it was read with."""

    roadmap: Roadmap
    warnings: list[Diagnostic]


def decode(data: bytes, path: str) -> str:
    """The file's text; invalid UTF-8 is an error pointing at the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # columns count characters, as editors do; the bytes before the bad one are valid
        col = len(data[line_start : error.start].decode("utf-8").removeprefix(BOM)) + 1
        byte = data[error.start]
        message = f"invalid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8"
        raise InvalidRoadmap(path, [Diagnostic(path, line, col, message)]) from None


def parse(text: str, path: str, *, scan_whole: bool = False) -> Parsed:
    """Parse and validate a roadmap; raises InvalidRoadmap listing every problem in one pass.

    Problems are placed by scanning only the market (or the head) they are in, where
    that is proven to give what scanning the whole text gives (`locate.Locator`);
    `scan_whole` scans the whole text instead, the reference the tests and benchmarks
    compare with."""
    # one pause over it all: a collection between the read and the checks scanned every
    # value just read (30 ms of a 10,000-market read). The app also freezes them (ui/heap.py)
    with collector_paused():
        return _parse(text, path, scan_whole)


def _parse(text: str, path: str, scan_whole: bool) -> Parsed:
    body = text.removeprefix(BOM)
    if "\x00" in body:
        offset = body.index("\x00")
        line, col = LineIndex(body).position(offset)
        raise InvalidRoadmap(
            path, [Diagnostic(path, line, col, "NUL byte in the file; is it a roadmap?")]
        )
    long_key = _LONG_DOTTED_KEY.search(body)
    if long_key:
        # tomllib takes quadratic time on such keys (minutes for 100,000 parts), so they
        # are refused before parsing; no roadmap nests anywhere near this deep
        start = long_key.start()
        while start > 0 and (body[start - 1].isalnum() or body[start - 1] in "_-"):
            start -= 1  # back to the key's first part
        line, col = LineIndex(body).position(start)
        message = f"a dotted key or header is nested too deeply (more than {MAX_DEPTH} levels)"
        raise InvalidRoadmap(path, [Diagnostic(path, line, col, message)])
    roadmap = _read_in_runs(body)
    if roadmap is not None:
        return Parsed(roadmap, [])
    try:
        # toml-rs when installed, with tomllib's verdict, values and errors (toml_read)
        raw = read_toml(body)
    except tomllib.TOMLDecodeError as error:
        raise InvalidRoadmap(path, [_syntax_error(error, body, path)]) from None
    except RecursionError:
        # tomllib recurses once per nesting level: a few hundred `[` overflow the stack
        deep = _DEEP_NESTING.search(body)
        line, col = LineIndex(body).position(deep.start() if deep else 0)
        message = "values are nested too deeply to read (arrays or tables inside each other)"
        raise InvalidRoadmap(path, [Diagnostic(path, line, col, message)]) from None

    errors: list[Problem] = []
    try:
        roadmap = Roadmap.model_validate(raw)
    except ValidationError as error:
        errors = _schema_errors(error, raw)
    duplicates = list(_duplicate_codes(raw))
    history = _history_problems(raw)
    duplicates += [problem for problem in history if problem.severity is Severity.ERROR]
    unknown = list(_unknown_keys(raw))
    unknown += [problem for problem in history if problem.severity is Severity.WARNING]
    unknown += list(_too_deep(raw, [problem.path for problem in unknown]))
    if not (errors or duplicates or unknown):
        assert roadmap is not None
        return Parsed(roadmap, [])

    locator = Locator(body, path, None if scan_whole else raw)
    diagnostics = [locator.diagnose(problem) for problem in [*errors, *duplicates, *unknown]]
    if any(d.severity is Severity.ERROR for d in diagnostics):
        raise InvalidRoadmap(path, _unique(diagnostics))
    assert roadmap is not None
    return Parsed(roadmap, _unique(diagnostics))


def _read_in_runs(body: str) -> Roadmap | None:
    """The roadmap read and validated a run of markets at a time, when it reads without a
    single error or warning; None otherwise (and when the text cannot be read in runs,
    see `toml_read.read_in_runs`), for `parse` to read it whole, which says where.

    Why: read whole, the dicts of every market (some 70 MB at 10,000 markets) are all
    alive while the models are built from them, and that set the app's peak memory. Here
    each run's dicts are checked as a whole read checks them (schema, statuses, history
    order, unknown keys, codes used twice) and let go once its markets are models. The
    roadmap is the one a whole read gives: each market is validated by the schema that
    validates it inside `Roadmap`, which then takes the models as they are."""
    read = read_in_runs(body)
    if read is None:
        return None
    head, runs = read
    try:
        Roadmap.model_validate(head)  # the head's errors, before any market is read
        if any(_unknown_keys(head)):
            return None
        info = head.get("roadmap")
        markets: list[Market] = []
        codes: set[str] = set()
        names: dict[str, str] = {}  # each status name read, as one string
        for run in runs:
            part = {"roadmap": info, "markets": run}
            if _history_problems(part) or any(_unknown_keys(part)):
                return None
            for market in run:
                code = market.get("code") if isinstance(market, dict) else None
                if isinstance(code, str):
                    if code.casefold() in codes:
                        return None  # a code used twice
                    codes.add(code.casefold())
                _share_status_names(market, names)
                markets.append(Market.model_validate(market))
        return Roadmap.model_validate({**head, "markets": markets})
    except (NotInRuns, ValidationError):
        return None


def _share_status_names(market: dict[str, Any], names: dict[str, str]) -> None:
    """Make each history entry's `from` and `to` the one string `names` holds for it.

    The reader makes a new string of every value it reads: a roadmap of 10,000 markets
    with ten entries each kept 200,000 copies of a few status names (13 MB). The values
    stay plain strings, equal to what was read (see `model.ChangeStatus`)."""
    history = market.get("history") if type(market) is dict else None
    if type(history) is not list:
        return
    for change in history:
        if type(change) is dict:
            then, now = change.get("from"), change.get("to")
            if type(then) is str:
                change["from"] = names.setdefault(then, then)
            if type(now) is str:
                change["to"] = names.setdefault(now, now)


def _syntax_error(error: tomllib.TOMLDecodeError, body: str, path: str) -> Diagnostic:
    message = str(error.args[0] if error.args else error)
    match = _TOML_POSITION.search(message)
    if match:
        line, col = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
        # `2022-13-01`: tomllib stops inside it without saying that it is the date
        lines = body.split("\n")
        text = lines[line - 1].removesuffix("\r") if 0 < line <= len(lines) else ""
        impossible = impossible_date(text, col)
        if impossible is not None:
            col, sentence = impossible
            return Diagnostic(path, line, col, sentence)
    else:
        line, col = LineIndex(body).position(len(body))
        message = _TOML_END.sub("", message)
    message = message[:1].lower() + message[1:]
    return Diagnostic(path, line, col, f"TOML syntax error: {message}")


def _schema_errors(error: ValidationError, raw: dict[str, Any]) -> list[Problem]:
    problems = []
    seen: set[tuple[Any, ...]] = set()
    for detail in error.errors():
        loc = tuple(detail["loc"])
        # union members add a trailing tag (e.g. 'datetime'); keep only the data path
        field_loc = _data_path(loc, raw)
        # each member of a union (`at` is a date-time or a date) reports the same value;
        # one message per value is enough
        if field_loc in seen:
            continue
        seen.add(field_loc)
        problems.append(_describe(detail["type"], field_loc, detail, raw))
    return problems


def _data_path(loc: tuple[Any, ...], raw: dict[str, Any]) -> tuple[Any, ...]:
    node: Any = raw
    for depth, part in enumerate(loc):
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
        else:
            is_missing_key = isinstance(node, dict) and depth == len(loc) - 1
            return loc if is_missing_key else loc[:depth]
    return loc


def _describe(kind: str, loc: tuple[Any, ...], detail: Any, raw: dict[str, Any]) -> Problem:
    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    where = _where(loc, raw)
    value = detail.get("input")
    if kind == "missing":
        parent = loc[:-1]
        if parent == ():
            return Problem((), "start", f"missing [{key}] table; a roadmap needs at least a title")
        # name the table that lacks the key: `market DE`, `[roadmap] table`, `[snapshot] table`
        owner = _where(parent, raw).removesuffix(": ") or f"[{parent[0]}] table"
        return Problem(parent, "table", f"{owner} is missing required key '{key}'")
    if key == "markets" and loc == ("markets",):
        return Problem(
            loc, "value", "'markets' must be an array of tables, written as [[markets]] sections"
        )
    if loc[:1] == ("markets",) and len(loc) == 2:
        return Problem(
            loc, "value", f"market #{loc[1] + 1} must be a table under a [[markets]] header"
        )
    if key == "roadmap" and loc == ("roadmap",):
        return Problem(loc, "value", "'roadmap' must be a table, written as a [roadmap] section")
    if kind in {
        "date_type",
        "date_parsing",
        "date_from_datetime_inexact",
        "date_from_datetime_parsing",
    }:
        return Problem(
            loc,
            "value",
            f"{where}'{key}' must be a date such as 2022-07-05, written without quotes",
        )
    if kind.startswith("datetime") or kind.startswith("date"):
        return Problem(
            loc,
            "value",
            f"{where}'{key}' must be a date or date-time such as 2022-07-05T09:30:00Z, without quotes",
        )
    if kind == "string_type":
        return Problem(
            loc, "value", f"{where}'{key}' must be a string in quotes, not {_type_name(value)}"
        )
    if kind == "list_type":
        return Problem(loc, "value", f"{where}'{key}' must be an array, not {_type_name(value)}")
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return Problem(loc, "value", f"{where}'{key}' must be a table, not {_type_name(value)}")
    if kind == "value_error":
        reason = str(detail.get("msg", "")).removeprefix("Value error, ")
        if loc[:2] == ("roadmap", "statuses") and len(loc) == 3:  # a status's bare name
            return Problem(
                loc, "value", f"[roadmap] statuses, entry {loc[2] + 1}: the name {reason}"
            )
        return Problem(loc, "value", f"{where}'{key}' {reason}")
    return Problem(loc, "value", f"{where}'{key}': {detail.get('msg', 'invalid value')}")


def _where(loc: tuple[Any, ...], raw: dict[str, Any]) -> str:
    """`market DE: ` for paths inside a market, so a message says whose value is wrong."""
    if len(loc) >= 2 and loc[0] == "markets" and isinstance(loc[1], int):
        market = _get(raw, ("markets", loc[1]))
        code = market.get("code") if isinstance(market, dict) else None
        name = f"market {code}" if isinstance(code, str) else f"market #{loc[1] + 1}"
        if len(loc) >= 4 and loc[2] == "history" and isinstance(loc[3], int):
            name += f", history entry {loc[3] + 1}"
        return name + ": " if len(loc) > 2 else name
    if loc[:2] == ("roadmap", "statuses") and len(loc) >= 4 and isinstance(loc[2], int):
        return f"[roadmap] statuses, entry {loc[2] + 1}: "
    if loc[:1] in {("roadmap",), ("snapshot",)}:
        return f"[{loc[0]}]: " if len(loc) > 1 else f"[{loc[0]}] table"
    return ""


def declared_statuses(raw: dict[str, Any]) -> tuple[str, ...] | None:
    """The status names `[roadmap] statuses` declares, as far as they can be read; None
    when it declares none (the default workflow applies)."""
    info = raw.get("roadmap")
    declared = info.get("statuses") if isinstance(info, dict) else None
    if not isinstance(declared, list):
        return None
    names = (item.get("name") if isinstance(item, dict) else item for item in declared)
    return tuple(name for name in names if isinstance(name, str))


def _history_problems(raw: dict[str, Any]) -> list[Problem]:
    """Every `status`, `from` and `to` that is not one of the workflow's statuses (errors),
    and the histories not read oldest first (warnings: an entry dated before the one above
    it, or a `from` that is not the `to` of the entry above it; a merge or a hand edit can
    leave either, and the file stays valid).

    One pass, written for speed: it runs on every read, over every history entry."""
    declared = declared_statuses(raw)
    names = DEFAULT_STATUS_NAMES if declared is None else declared
    # an empty declaration is its own error; every status would repeat it
    known = frozenset(names) if names else None
    markets = raw.get("markets")
    problems: list[Problem] = []

    def unknown(path: tuple[Any, ...], value: str) -> None:
        message = unknown_status_message(value, names, declared is not None)
        problems.append(Problem(path, "value", _where(path, raw) + message))

    for index, market in enumerate(markets if isinstance(markets, list) else []):
        if type(market) is not dict:
            continue
        status = market.get("status")
        if known is not None and type(status) is str and status not in known:
            unknown(("markets", index, "status"), status)
        history = market.get("history")
        if type(history) is not list:
            continue
        above: dict[str, Any] | None = None
        for position, change in enumerate(history):
            if type(change) is not dict:
                above = None
                continue
            then, now = change.get("from"), change.get("to")
            if known is not None:
                if type(then) is str and then not in known:
                    unknown(("markets", index, "history", position, "from"), then)
                if type(now) is str and now not in known:
                    unknown(("markets", index, "history", position, "to"), now)
            # the common case stays inline: same statuses, moments of one kind and zone
            if above is not None and (
                then != above.get("to") or not _in_order(above.get("at"), change.get("at"))
            ):
                _order_warnings(
                    raw, ("markets", index, "history", position), above, change, problems
                )
            above = change
    return problems


def _order_warnings(
    raw: dict[str, Any],
    path: tuple[Any, ...],
    above: dict[str, Any],
    entry: dict[str, Any],
    problems: list[Problem],
) -> None:
    earlier, at = above.get("at"), entry.get("at")
    if isinstance(earlier, date) and isinstance(at, date) and _before(at, earlier):
        message = (
            f"{_where((*path, 'at'), raw)}dated before the entry above it "
            f"({describe_moment(earlier)}); a history is read oldest first"
        )
        problems.append(Problem((*path, "at"), "value", message, Severity.WARNING))
    was, then = above.get("to"), entry.get("from")
    if isinstance(was, str) and isinstance(then, str) and was != then:
        message = (
            f"{_where((*path, 'from'), raw)}'from' is '{then}', but the entry above "
            f"it changed the status to '{was}'"
        )
        problems.append(Problem((*path, "from"), "value", message, Severity.WARNING))


def _in_order(earlier: Any, at: Any) -> bool:
    """True when `at` is surely not before `earlier` (quickly: two dates, or two times in
    one zone); False sends the pair to `_order_warnings`, which looks closely."""
    kind = type(at)
    if kind is not type(earlier):
        return False
    if kind is date:
        return bool(earlier <= at)
    return kind is datetime and at.tzinfo is earlier.tzinfo and bool(earlier <= at)


def _before(at: date, earlier: date) -> bool:
    """Whether `at` is earlier than `earlier`. Moments of one kind and offset (two dates,
    two UTC times: nearly every history) compare as they are, which is ten times quicker
    than `moment_order`; the rest are put in time order first."""
    if type(at) is type(earlier) and (
        type(at) is date or at.utcoffset() == earlier.utcoffset()  # type: ignore[attr-defined]
    ):
        return at < earlier
    return moment_order(at) < moment_order(earlier)


def unknown_status_message(value: str, names: tuple[str, ...], declared: bool) -> str:
    """`unknown status 'lve' (valid: planned, paused, live); did you mean 'live'?`, or, for
    a declared workflow, that the status is not (or no longer) declared."""
    valid = ", ".join(names)
    hint = did_you_mean(value, names)
    if not declared:
        return f"unknown status '{value}' (valid: {valid}){hint}"
    # a status renamed or removed in [roadmap] while markets still use it lands here too
    return (
        f"status '{value}' is not declared in [roadmap] statuses ({valid}); declare it "
        f"there, or change the statuses that use it{hint}"
    )


def _duplicate_codes(raw: dict[str, Any]) -> Iterator[Problem]:
    markets = raw.get("markets")
    if not isinstance(markets, list):
        return
    first: dict[str, int] = {}
    for index, market in enumerate(markets):
        code = market.get("code") if isinstance(market, dict) else None
        if not isinstance(code, str):
            continue
        if code.casefold() in first:
            earlier = first[code.casefold()]
            earlier_code = markets[earlier]["code"]
            yield Problem(
                ("markets", index, "code"),
                "value",
                f"duplicate market code '{code}'; '{earlier_code}' is already used by the market",
                other=("markets", earlier, "code"),
            )
        else:
            first[code.casefold()] = index


_KNOWN_TOP = frozenset({"roadmap", "markets", "snapshot"})


@functools.cache
def _known(model: type[BaseModel]) -> frozenset[str]:
    # once per model: asked per market and per history entry, pydantic's model_fields took
    # half of a 2,000-market validation
    return frozenset(field.alias or name for name, field in model.model_fields.items())


def _unknown_keys(raw: dict[str, Any]) -> Iterator[Problem]:
    yield from _unknown_in((), raw, _KNOWN_TOP, "at the top level")
    yield from _unknown_in(("roadmap",), raw.get("roadmap"), _known(RoadmapInfo), "in [roadmap]")
    info = raw.get("roadmap")
    statuses = info.get("statuses") if isinstance(info, dict) else None
    for index, status in enumerate(statuses if isinstance(statuses, list) else []):
        label = f"in [roadmap] statuses, entry {index + 1}"
        yield from _unknown_in(
            ("roadmap", "statuses", index), status, _known(StatusDeclaration), label
        )
    yield from _unknown_in(
        ("snapshot",), raw.get("snapshot"), _known(SnapshotInfo), "in [snapshot]"
    )
    markets = raw.get("markets")
    market_keys, change_keys = _known(Market), _known(StatusChange)
    # the labels are written only for a table that has an unknown key: building 22,000 of
    # them for a 2,000-market roadmap that has none took a third of its validation
    for index, market in enumerate(markets if isinstance(markets, list) else []):
        if not isinstance(market, dict):
            continue
        if market.keys() - market_keys:
            yield from _unknown_in(("markets", index), market, market_keys, _label(market, index))
        history = market.get("history")
        for position, change in enumerate(history if isinstance(history, list) else []):
            if isinstance(change, dict) and change.keys() - change_keys:
                where = ("markets", index, "history", position)
                label = f"{_label(market, index)}, history entry {position + 1}"
                yield from _unknown_in(where, change, change_keys, label)


def _label(market: dict[str, Any], index: int) -> str:
    return f"in market {market.get('code', f'#{index + 1}')}"


def _unknown_in(
    path: tuple[Any, ...], table: Any, known: frozenset[str], label: str
) -> Iterator[Problem]:
    if not isinstance(table, dict):
        return
    for key in table.keys() - known:
        hint = did_you_mean(key, known)
        message = f"unknown key '{key}' {label} is kept as it is{hint}"
        yield Problem((*path, key), "key", message, Severity.WARNING)


MAX_DEPTH = 100


def _too_deep(raw: dict[str, Any], unknown_keys: list[tuple[Any, ...]]) -> Iterator[Problem]:
    """Unknown values nested more than MAX_DEPTH levels (`a.a.a...` thousands deep): they
    parse, but every recursive step after loading (dumping, exporting) would overflow."""
    for key_path in unknown_keys:
        stack = [(_get(raw, key_path), 1)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                message = f"'{key_path[-1]}' is nested too deeply (more than {MAX_DEPTH} levels)"
                yield Problem(key_path, "key", message)
                break
            if isinstance(node, dict):
                stack.extend((value, depth + 1) for value in node.values())
            elif isinstance(node, list):
                stack.extend((value, depth + 1) for value in node)


def _get(raw: Any, path: tuple[Any, ...]) -> Any:
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _type_name(value: Any) -> str:
    names = {
        bool: "a boolean",
        int: "an integer",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "a table",
    }
    return next((label for kind, label in names.items() if type(value) is kind), "a date or time")


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics))
