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

The whole toml-test 1.0.0 corpus, a property over mutated roadmaps and the fallback are
tested in tests/core/test_toml_read.py. The small per-piece parses of an edit stay on
tomllib: they are a few hundred bytes each.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
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
    if reader is None or text.startswith(BOM) or nesting_bound(text) > NATIVE_DEPTH:
        return tomllib.loads(text)
    try:
        return reader(text)
    except Exception:
        # any refusal (TOMLDecodeError, a ValueError for year 0, a lone surrogate...):
        # tomllib decides, so its verdict and its line:col are the ones the user sees
        return tomllib.loads(text)


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
