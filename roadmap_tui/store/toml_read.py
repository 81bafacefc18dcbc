"""Reading a whole roadmap's TOML fast: the native `toml-rs` parser, with `tomllib` as the
reference for every verdict, value and error.

`loads(text)` returns exactly what `tomllib.loads(text)` returns (the same keys in the same
order, the same types, tzinfo objects, nan, -0.0 and integer sizes) and raises exactly what
it raises. toml-rs (in its TOML 1.0.0 mode) is used only to get there faster:

- When toml-rs is not installed (no wheel for the platform), `loads` is `tomllib.loads`.
- When toml-rs rejects the text, tomllib reads it again: its error (with its `line:col`)
  is the one raised, and should tomllib accept what toml-rs refused, tomllib's value wins.
- toml-rs recurses once per nested `[` or `{` and overflows the C stack (a crash, not an
  exception) a few thousand levels deep, in a worker thread far sooner. Text that could nest
  more than `NATIVE_DEPTH` levels never reaches it; tomllib reads it, and raises
  RecursionError where it always did.
- A text that starts with a BOM goes to tomllib, which refuses it (the app strips a BOM
  before parsing; toml-rs would skip it silently).
- A roadmap is handed over a run of markets at a time (`_read_in_pieces`): read whole,
  toml-rs would hold some twenty times the text at its peak. `read_in_runs` hands the
  runs to a reader that validates each and lets it go (`validate.parse`).

The whole toml-test 1.0.0 corpus, a property over mutated roadmaps and the fallback are
tested in tests/core/test_toml_read.py. The small per-piece parses of an edit stay on
tomllib: they are a few hundred bytes each.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from typing import Any

Loads = Callable[[str], dict[str, Any]]

NATIVE_DEPTH = 128
"""Deepest nesting of `[` and `{` handed to toml-rs. tomllib itself gives up (RecursionError)
near 200 levels of mixed nesting, and the app refuses values deeper than 100 anyway."""

BOM = "\ufeff"


def _import_native() -> Loads | None:
    try:
        import toml_rs
    except ImportError:  # no wheel for this platform or Python: tomllib reads everything
        return None

    def native_loads(text: str) -> dict[str, Any]:
        return toml_rs.loads(text, toml_version="1.0.0")

    return native_loads


native: Loads | None = _import_native()
"""toml-rs's reader when it is installed (tests set it to None to check the fallback)."""


def loads(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, read by toml-rs when that is installed and safe to use."""
    reader = native
    if reader is None or text.startswith(BOM):
        return tomllib.loads(text)
    read = _read_in_pieces(reader, text)
    if read is not None:
        return read
    if nesting_bound(text) > NATIVE_DEPTH:
        return tomllib.loads(text)
    try:
        return reader(text)
    except Exception:
        # any refusal (TOMLDecodeError, a ValueError for year 0, a lone surrogate...):
        # tomllib decides, so its verdict and its line:col are the ones the user sees
        return tomllib.loads(text)


_MARKET_HEADER = "[[markets]]"


def _market_starts(text: str) -> list[int]:
    """Where each line that starts with `[[markets]]` starts. `str.find` looks for the
    newline before it: a MULTILINE `^` regex tried every position of the text, 70 ms of
    a 14 MB roadmap's read against 2 ms."""
    starts = [0] if text.startswith(_MARKET_HEADER) else []
    header = "\n" + _MARKET_HEADER
    found = text.find(header)
    while found != -1:
        starts.append(found + 1)
        found = text.find(header, found + len(header))
    return starts


def _read_in_pieces(reader: Loads, text: str) -> dict[str, Any] | None:
    """A roadmap read as its head (everything before the first `[[markets]]` line) and
    runs of markets, each run parsed alone (see `_runs`); None when that cannot be known
    to read as the whole text reads (then the whole text is read, which also finds the
    error).

    Why: toml-rs builds the whole document natively before handing it over, and holds
    some twenty times the text's size at its peak (290 MB for a 14 MB roadmap); a run
    at a time, the peak is what the values themselves take."""
    read = _runs(reader, text)
    if read is None:
        return None
    head, runs = read
    try:
        head["markets"] = [market for run in runs for market in run]
    except NotInRuns:
        return None
    return head


class NotInRuns(Exception):
    """Raised while reading a text's runs of markets: read a run at a time, the text may
    not read as it reads whole (`read_in_runs`)."""


def read_in_runs(text: str) -> tuple[dict[str, Any], Iterator[list[Any]]] | None:
    """A roadmap's head (its keys but `markets`) and its markets a run at a time, exactly
    as `loads(text)["markets"]` holds them, for a reader that checks each run and lets it
    go before the next: the values of every market never need to be alive at once.

    The runs are what `loads` is once they are all read: should one of them show that the
    text cannot be read this way, the iterator raises NotInRuns, and the text is to be read
    whole (by `loads`, which also finds any error). None when toml-rs is not installed, or
    the text cannot be read a run at a time from its start."""
    reader = native
    if reader is None or text.startswith(BOM):
        return None
    return _runs(reader, text)


def _runs(reader: Loads, text: str) -> tuple[dict[str, Any], Iterator[list[Any]]] | None:
    """The head read, and an iterator over the runs of markets, each parsed alone.

    Each run starts with a new `[[markets]]` table, so nothing in it can reach a market
    of another run or the head, and the whole text means the head's keys then `markets`,
    the runs' markets joined:
    - every run must read as `{"markets": [...]}` alone, and the head without `markets`
      (a `[roadmap]` after the markets, or `markets.x = 1` above them: read whole);
    - a `[[markets]]` line inside a multi-line string leaves the run before it with an
      unclosed string, which is an error, so the whole text is read instead;
    - a run holds at most NATIVE_DEPTH brackets, so it cannot nest deeper than that
      (a single market with more is checked by `nesting_bound`).
    """
    starts = _market_starts(text)
    if not starts:
        return None
    try:
        head = _read_run(reader, text, 0, starts[0])
    except Exception:  # any refusal: the whole text decides, as in `loads`
        return None
    if "markets" in head:
        return None
    runs = []  # (start, end) of each run of markets
    begin, brackets = starts[0], 0
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        more = _brackets(text, start, end)
        if brackets and brackets + more > NATIVE_DEPTH:
            runs.append((begin, start))
            begin, brackets = start, 0
        brackets += more
    runs.append((begin, len(text)))
    return head, _markets_of(reader, text, runs)


def _markets_of(reader: Loads, text: str, runs: list[tuple[int, int]]) -> Iterator[list[Any]]:
    for start, end in runs:
        try:
            run = _read_run(reader, text, start, end)
        except Exception:  # any refusal: the whole text decides, as in `loads`
            raise NotInRuns from None
        if list(run) != ["markets"] or not isinstance(run["markets"], list):
            raise NotInRuns
        yield run["markets"]


def _brackets(text: str, start: int, end: int) -> int:
    return text.count("[", start, end) + text.count("{", start, end)


def _read_run(reader: Loads, text: str, start: int, end: int) -> dict[str, Any]:
    run = text[start:end]
    if _brackets(text, start, end) > NATIVE_DEPTH and nesting_bound(run) > NATIVE_DEPTH:
        raise ValueError("nested too deep for toml-rs")
    return reader(run)


# Everything that is not a bracket token, the way toml-rs's lexer cuts the text: strings
# (up to an unescaped closing quote; a basic or literal string stops before a newline, a
# multi-line one runs to the end when unclosed), comments (to the line's end), and runs of
# other characters. A quote inside a bare word belongs to the word (`x"[` is `x"` then `[`),
# as the lexer has it; only a quote after a separator opens a string.
_NOT_A_BRACKET = re.compile(
    r"""[^\[\]{}#"']+(?:(?<=[^.=,\[\]{} \t#\r\n])["'][^\[\]{}#"']*)*"""
    r'''|"""[^"\\]*(?:(?:\\[\\"]?|"(?!""))[^"\\]*)*(?:"{3,5}|\Z)'''
    r"""|"[^"\\\n]*(?:\\[\\"]?[^"\\\n]*)*"?"""
    r"""|'''[^']*(?:'(?!'')[^']*)*(?:'{3,5}|\Z)"""
    r"""|'[^'\n]*'?"""
    r"""|\#[^\r\n]*"""
)
_PAIR = re.compile(r"\[\]|\{\}")


def nesting_bound(text: str) -> int:
    """At least as deep as toml-rs can recurse on `text` (NATIVE_DEPTH + 1 once past it).

    Only the bracket tokens are kept; each pass removes the innermost matching pairs, so
    the passes count the nesting, and a bracket left unmatched counts as one more level.
    A closer pops only an opener of its own kind, as toml-rs's parser does; a header's
    brackets are counted too (they only make the bound larger).
    """
    openers = text.count("[") + text.count("{")
    if openers <= NATIVE_DEPTH:
        return openers  # none could be deeper than all of them together
    brackets = _NOT_A_BRACKET.sub("", text)
    depth = 0
    while brackets:
        brackets, pairs = _PAIR.subn("", brackets)
        if not pairs:
            break
        depth += 1
        if depth > NATIVE_DEPTH:
            return depth
    return depth + brackets.count("[") + brackets.count("{")
