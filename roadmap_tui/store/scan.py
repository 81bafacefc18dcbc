"""Where things are in a TOML text: table headers, keys and values, as character offsets.

tomllib gives the data but not positions; these scanners give positions but trust that
the text already parsed. Two speeds:

* `find_headers` looks only at lines starting with `[` (a regex, fast enough for every
  open); it may also report a header-looking line inside a multi-line string, which the
  callers detect and correct for.
* `scan_blocks` walks every line, skipping strings, arrays and inline tables exactly, and
  records each key's offsets. It is used on one market's text when editing it, and to
  place error messages: on the market or head they are in, on a whole file only when
  that piece cannot be proven (store/locate.py).
"""

from __future__ import annotations

import functools
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import NamedTuple

_BARE_KEY = r"[A-Za-z0-9_-]+"
# No possessive quantifiers or atomic groups: they arrived in Python 3.11.0 and misbehave
# in early 3.11 releases (3.11.2 fails to match a multi-line string holding a quote, so
# saves fell back to rewriting). Instead no pattern here can backtrack over a string's
# characters: repeats are of single-character classes, which the regex engine runs
# without keeping state per character, and the alternatives of a repeated group differ
# in their first character. Keys without escapes (nearly all) match the fast patterns
# below; strings, and keys with escapes, go through `basic_string_end` and friends.
_PLAIN_BASIC_STR = r'"[^"\\\r\n]*"'  # a basic string without escapes
_LITERAL_STR = r"'[^'\r\n]*'"
_PLAIN_KEY = rf"(?:{_BARE_KEY}|{_PLAIN_BASIC_STR}|{_LITERAL_STR})"
_PLAIN_DOTTED_KEY = rf"{_PLAIN_KEY}(?:[ \t]*\.[ \t]*{_PLAIN_KEY})*"

_HEADER_OPEN = r"[ \t]*(\[\[?)[ \t]*"
_HEADER_CLOSE = r"[ \t]*(\]\]?)[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)"
_HEADER = re.compile(rf"{_HEADER_OPEN}({_PLAIN_DOTTED_KEY}){_HEADER_CLOSE}")
# a header line, or (the empty second branch) a line starting with `[` that holds a
# backslash, which may be a header with an escape in a quoted key: `_header_at` decides
_HEADER_LINE = re.compile(
    rf"^[ \t]*(?:(\[\[?)[ \t]*({_PLAIN_DOTTED_KEY}){_HEADER_CLOSE}|(?=\[[^\r\n]*\\))",
    re.MULTILINE,
)
_OPEN = re.compile(_HEADER_OPEN)
_CLOSE = re.compile(_HEADER_CLOSE)
_KEYVAL = re.compile(rf"[ \t]*({_PLAIN_DOTTED_KEY})[ \t]*=[ \t]*")
_EQUALS = re.compile(r"[ \t]*=[ \t]*")
_BARE_OR_LITERAL = re.compile(rf"{_BARE_KEY}|{_LITERAL_STR}")
_DOT = re.compile(r"[ \t]*\.[ \t]*")
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(#[^\r\n]*)?(?:\r?\n|\Z)")
_LINE_REST = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)")
_GAP = re.compile(r"[ \t\r\n]*(?:#[^\r\n]*[ \t\r\n]*)*")  # one repeat per comment, not per space
_SPACES = re.compile(r"[ \t]*")
# A string's body up to its end, or to a character that needs a look, or to a batch of
# escapes: nothing follows the bounded repeat, so the engine never backtracks into it,
# and it keeps state for at most _BATCH escapes whatever the string's length (without
# such care a 5 MB note made the regex engine keep 600 MB of backtracking state).
_BATCH = 1000
_BASIC_RUN = re.compile(rf'[^"\\\r\n]*(?:\\[^\n][^"\\\r\n]*){{0,{_BATCH}}}')
_ML_BASIC_RUN = re.compile(rf'[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*){{0,{_BATCH}}}')
_BASIC_CLOSE = re.compile('"')
_ML_BASIC_CLOSE = re.compile(r'"{3,5}')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'{3,5}")
_LITERAL = re.compile(_LITERAL_STR)
_PLAIN_BASIC = re.compile(_PLAIN_BASIC_STR)
_SCALAR = re.compile(r"[^ \t\r\n,\]}#]+(?: [0-9]{2}:[^ \t\r\n,\]}#]*)?")


class ScanError(ValueError):
    """The text has a layout these scanners do not follow; callers fall back."""


Key = tuple[str, ...]


@functools.lru_cache(maxsize=1024)  # a file repeats a few keys: code, name, status, at…
def parse_key(raw: str) -> Key:
    """`a."b c".d` -> ('a', 'b c', 'd')."""
    parts: list[str] = []
    pos = _past(_SPACES, raw)
    while True:
        end = _key_end(raw, pos)
        if end is None:
            raise ScanError(f"not a key: {raw!r}")
        part = raw[pos:end]
        if part[0] in "\"'":
            try:
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except tomllib.TOMLDecodeError:  # `"\q"`: a header-looking line in a note
                raise ScanError(f"not a key: {raw!r}") from None
        parts.append(part)
        pos = _past(_SPACES, raw, end)
        if pos == len(raw):
            return tuple(parts)
        if not raw.startswith(".", pos):
            raise ScanError(f"not a key: {raw!r}")
        pos = _past(_SPACES, raw, pos + 1)


def _past(pattern: re.Pattern[str], text: str, pos: int = 0) -> int:
    """Where `pattern` (one that always matches, if only the empty string) ends from `pos`."""
    match = pattern.match(text, pos)
    assert match is not None
    return match.end()


def basic_string_end(text: str, pos: int) -> int | None:
    """Offset just past the one-line "basic string" opening at `pos`, or None if it does
    not end on its line."""
    return _string_end(text, pos + 1, _BASIC_RUN, '"', _BASIC_CLOSE)


def multiline_basic_string_end(text: str, pos: int) -> int | None:
    """Offset just past the \"\"\"multi-line basic string\"\"\" opening at `pos`, or None."""
    return _string_end(text, pos + 3, _ML_BASIC_RUN, '"""', _ML_BASIC_CLOSE)


def _string_end(
    text: str, pos: int, run: re.Pattern[str], closing: str, close: re.Pattern[str]
) -> int | None:
    while True:
        end = _past(run, text, pos)
        if text.startswith(closing, end):
            return _past(close, text, end)
        if end == pos:
            # a run stops at the closing quotes, at what the string cannot hold (a line
            # ending, a backslash with nothing to escape, the end of the text), or after
            # a batch of escapes; only after a batch does the next run go on
            return None
        pos = end


def _key_end(text: str, pos: int) -> int | None:
    """Offset just past the bare or quoted key at `pos`, or None."""
    if text.startswith('"', pos):
        return basic_string_end(text, pos)
    match = _BARE_OR_LITERAL.match(text, pos)
    return match.end() if match else None


def _dotted_key_end(text: str, pos: int) -> int | None:
    """Offset just past the dotted key at `pos` (`a."b c".d`), or None."""
    end = _key_end(text, pos)
    while end is not None and (dot := _DOT.match(text, end)):
        after = _key_end(text, dot.end())
        if after is None:
            break  # a dot not followed by a key: the key ends before it
        end = after
    return end


def _header_at(text: str, pos: int) -> tuple[int, str, str, str] | None:
    """(end, opening brackets, raw key, closing brackets) of a header line at `pos`."""
    match = _HEADER.match(text, pos)
    if match:
        return match.end(), match.group(1), match.group(2), match.group(3)
    # a quoted key with escapes (or not a header at all)
    opening = _OPEN.match(text, pos)
    key_end = _dotted_key_end(text, opening.end()) if opening else None
    closing = _CLOSE.match(text, key_end) if key_end is not None else None
    if not (opening and closing):
        return None
    return closing.end(), opening.group(1), text[opening.end() : key_end], closing.group(1)


def _keyval_at(text: str, pos: int) -> tuple[int, int, int] | None:
    """(key start, key end, value start) of a `key = ` at `pos` (after any indent)."""
    match = _KEYVAL.match(text, pos)
    if match:
        return match.start(1), match.end(1), match.end()
    key_start = _past(_SPACES, text, pos)  # a quoted key with escapes, or no key
    key_end = _dotted_key_end(text, key_start)
    equals = _EQUALS.match(text, key_end) if key_end is not None else None
    return (key_start, key_end, equals.end()) if equals and key_end is not None else None


class Header(NamedTuple):
    """A `[table]` or `[[array]]` header line (a tuple: cutting makes one per market)."""

    start: int  # offset of the line
    end: int  # offset just past its line ending
    key: Key
    is_array: bool


def find_headers(text: str) -> list[Header]:
    """Every line that looks like a table header, in order (fast; see the module note)."""
    keys: dict[str, Key] = {}  # most headers repeat: [[markets]], [[markets.history]]
    found = (_header_line(text, match, keys) for match in _HEADER_LINE.finditer(text))
    return [header for header in found if header is not None]


def _header_line(text: str, match: re.Match[str], keys: dict[str, Key]) -> Header | None:
    """The header on the line `_HEADER_LINE` matched, or None if it is not one."""
    opening, raw_key, closing = match.groups()
    start, end = match.span()
    if opening is None:  # a line the plain pattern leaves to `_header_at`
        found = _header_at(text, start)
        if found is None:
            return None
        end, opening, raw_key, closing = found
    if (opening == "[[") != (closing == "]]"):
        return None
    key = keys.get(raw_key)
    if key is None:
        try:
            key = keys[raw_key] = parse_key(raw_key)
        except ScanError:
            return None
    return Header(start, end, key, opening == "[[")


# A line that starts a table other than a market's own sub-table (`[[markets.history]]`,
# `[markets.meta]` …). The pattern starts with a line ending, so the regex engine looks
# for that one character in C and tries the rest only there; a roadmap has ten history
# headers per market, and skipping them here is what makes cutting 10,000 markets cheap.
_TABLE_LINE_AFTER = re.compile(r"\n(?=[ \t]*\[(?![ \t]*\[?[ \t]*markets[ \t]*\.))")
_TABLE_LINE_FIRST = re.compile(r"[ \t]*\[(?![ \t]*\[?[ \t]*markets[ \t]*\.)")


def find_tables(text: str) -> list[Header]:
    """Every line that looks like a table header, except those of a market's sub-tables
    (`[[markets.history]]`): what `find_headers` gives without them, in a fifth of the time."""
    starts = [match.end() for match in _TABLE_LINE_AFTER.finditer(text)]
    if _TABLE_LINE_FIRST.match(text):
        starts.insert(0, 0)
    headers = []
    keys: dict[str, Key] = {}
    market = ("markets",)
    for start in starts:
        if text.startswith("[[markets]]\n", start):  # nearly every line found: no regex
            headers.append(Header(start, start + 12, market, True))
            continue
        match = _HEADER_LINE.match(text, start)
        header = None if match is None else _header_line(text, match, keys)
        # a sub-table written with quotes or escapes gets past the pattern: left out here
        if header is not None and not (header.key[0] == "markets" and len(header.key) > 1):
            headers.append(header)
    return headers


@dataclass(frozen=True)
class Entry:
    """A `key = value` line (the value may span lines)."""

    key: Key
    start: int  # offset of the line
    key_start: int
    value_start: int
    value_end: int
    end: int  # offset just past the line ending after the value


@dataclass
class Block:
    """A header and the key/value lines under it; the root block has no header."""

    header: Header | None
    start: int
    end: int = 0
    entries: list[Entry] = field(default_factory=list)
    # offsets of whole-line comments, so callers can keep comments with what they describe
    comment_lines: list[int] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return self.header.key if self.header else ()

    @property
    def content_end(self) -> int:
        """Offset just past the last header or entry line (trailing blanks/comments excluded)."""
        last = self.entries[-1].end if self.entries else self.start
        return max(last, self.header.end if self.header else self.start)


def scan_blocks(text: str) -> list[Block]:
    """Every block of the text with the exact offsets of its entries."""
    blocks = [Block(header=None, start=0)]
    pos, size = 0, len(text)
    while pos < size:
        blank = _BLANK_OR_COMMENT.match(text, pos)
        if blank and blank.end() > pos:
            if blank.group(1):
                blocks[-1].comment_lines.append(pos)
            pos = blank.end()
            continue
        first = _past(_SPACES, text, pos)
        if text.startswith("[", first):
            found = _header_at(text, pos)
            if not found:
                raise ScanError(f"unreadable header at offset {pos}")
            end, opening, raw_key, _ = found
            header = Header(pos, end, parse_key(raw_key), opening == "[[")
            blocks[-1].end = pos
            blocks.append(Block(header=header, start=pos))
            pos = end
            continue
        match = _KEYVAL.match(text, pos)  # most keys: no need for `_keyval_at`'s care
        keyval = (match.start(1), match.end(1), match.end()) if match else _keyval_at(text, pos)
        if not keyval:
            raise ScanError(f"unreadable line at offset {pos}")
        key_start, key_end, value_start = keyval
        value_end = skip_value(text, value_start)
        rest = _LINE_REST.match(text, value_end)
        if not rest:
            raise ScanError(f"unexpected text after a value at offset {value_end}")
        blocks[-1].entries.append(
            Entry(
                key=parse_key(text[key_start:key_end]),
                start=pos,
                key_start=key_start,
                value_start=value_start,
                value_end=value_end,
                end=rest.end(),
            )
        )
        pos = rest.end()
    blocks[-1].end = size
    return blocks


def skip_value(text: str, pos: int) -> int:
    """Offset just past the TOML value starting at `pos`."""
    if text.startswith("[", pos):
        return _skip_array(text, pos + 1)
    if text.startswith("{", pos):
        return _skip_inline_table(text, pos + 1)
    if text.startswith('"""', pos):
        end = multiline_basic_string_end(text, pos)
    elif text.startswith('"', pos):
        plain = _PLAIN_BASIC.match(text, pos)  # most strings: no escapes
        end = plain.end() if plain else basic_string_end(text, pos)
    else:
        if text.startswith("'''", pos):
            match = _ML_LITERAL.match(text, pos)
        elif text.startswith("'", pos):
            match = _LITERAL.match(text, pos)
        else:
            match = _SCALAR.match(text, pos)
        end = match.end() if match else None
    if end is None:
        raise ScanError(f"unreadable value at offset {pos}")
    return end


def _skip_array(text: str, pos: int) -> int:
    while True:
        pos = _past(_GAP, text, pos)
        if text.startswith("]", pos):
            return pos + 1
        if pos >= len(text):
            raise ScanError("unterminated array")
        pos = _past(_GAP, text, skip_value(text, pos))
        if text.startswith(",", pos):
            pos += 1


def _skip_inline_table(text: str, pos: int) -> int:
    while True:
        pos = _past(_GAP, text, pos)
        if text.startswith("}", pos):
            return pos + 1
        keyval = _keyval_at(text, pos)
        if not keyval:
            raise ScanError(f"unreadable inline table at offset {pos}")
        pos = _past(_GAP, text, skip_value(text, keyval[2]))
        if text.startswith(",", pos):
            pos += 1


class LineIndex:
    """Turns character offsets into 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
