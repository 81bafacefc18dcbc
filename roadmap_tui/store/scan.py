"""Where things are in a TOML text: table headers, keys and values, as character offsets.

tomllib gives the data but not positions; these scanners give positions but trust that
the text already parsed. Two speeds:

* `find_headers` looks only at lines starting with `[` (a regex, fast enough for every
  open); it may also report a header-looking line inside a multi-line string, which the
  callers detect and correct for.
* `scan_blocks` walks every line, skipping strings, arrays and inline tables exactly, and
  records each key's offsets. It is used on one market's text when editing it, and on a
  whole file only to place error messages.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field

_BARE_KEY = r"[A-Za-z0-9_-]+"
# possessive quantifiers (*+, ++): a string never needs to give characters back, and
# without them a 5 MB note made the regex engine keep 600 MB of backtracking state
_BASIC_STR = r'"(?:[^"\\\r\n]++|\\.)*+"'
_LITERAL_STR = r"'[^'\r\n]*'"
_KEY = rf"(?:{_BARE_KEY}|{_BASIC_STR}|{_LITERAL_STR})"
_DOTTED_KEY = rf"{_KEY}(?:[ \t]*\.[ \t]*{_KEY})*"

_HEADER_PATTERN = (
    rf"[ \t]*(\[\[?)[ \t]*({_DOTTED_KEY})[ \t]*(\]\]?)[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)"
)
_HEADER = re.compile(_HEADER_PATTERN)
_HEADER_LINE = re.compile("^" + _HEADER_PATTERN, re.MULTILINE)
_KEY_PART = re.compile(rf"[ \t]*({_KEY})[ \t]*\.?")
_KEYVAL = re.compile(rf"[ \t]*({_DOTTED_KEY})[ \t]*=[ \t]*")
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(#[^\r\n]*)?(?:\r?\n|\Z)")
_LINE_REST = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r?\n|\Z)")
_GAP = re.compile(r"(?:[ \t\r\n]|#[^\r\n]*)*")
_SPACES = re.compile(r"[ \t]*")
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"{3,5}')
_ML_LITERAL = re.compile(r"'''[\s\S]*?'{3,5}")
_BASIC = re.compile(_BASIC_STR)
_LITERAL = re.compile(_LITERAL_STR)
_SCALAR = re.compile(r"[^ \t\r\n,\]}#]+(?: [0-9]{2}:[^ \t\r\n,\]}#]*)?")


class ScanError(ValueError):
    """The text has a layout these scanners do not follow; callers fall back."""


Key = tuple[str, ...]


def parse_key(raw: str) -> Key:
    """`a."b c".d` -> ('a', 'b c', 'd')."""
    parts: list[str] = []
    pos = 0
    while pos < len(raw):
        match = _KEY_PART.match(raw, pos)
        if not match or match.end() == pos:
            raise ScanError(f"not a key: {raw!r}")
        part = match.group(1)
        if part[0] in "\"'":
            part = next(iter(tomllib.loads(f"{part} = 0")))
        parts.append(part)
        pos = match.end()
    return tuple(parts)


@dataclass(frozen=True)
class Header:
    """A `[table]` or `[[array]]` header line."""

    start: int  # offset of the line
    end: int  # offset just past its line ending
    key: Key
    is_array: bool


def find_headers(text: str) -> list[Header]:
    """Every line that looks like a table header, in order (fast; see the module note)."""
    headers = []
    keys: dict[str, Key] = {}  # most headers repeat: [[markets]], [[markets.history]]
    for match in _HEADER_LINE.finditer(text):
        opening, raw_key, closing = match.groups()
        if (opening == "[[") != (closing == "]]"):
            continue
        key = keys.get(raw_key)
        if key is None:
            try:
                key = keys[raw_key] = parse_key(raw_key)
            except ScanError:
                continue
        headers.append(Header(match.start(), match.end(), key, opening == "[["))
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
        first = _SPACES.match(text, pos).end()
        if text.startswith("[", first):
            match = _HEADER.match(text, pos)
            if not match:
                raise ScanError(f"unreadable header at offset {pos}")
            header = Header(pos, match.end(), parse_key(match.group(2)), match.group(1) == "[[")
            blocks[-1].end = pos
            blocks.append(Block(header=header, start=pos))
            pos = match.end()
            continue
        match = _KEYVAL.match(text, pos)
        if not match:
            raise ScanError(f"unreadable line at offset {pos}")
        value_start = match.end()
        value_end = skip_value(text, value_start)
        rest = _LINE_REST.match(text, value_end)
        if not rest:
            raise ScanError(f"unexpected text after a value at offset {value_end}")
        blocks[-1].entries.append(
            Entry(
                key=parse_key(match.group(1)),
                start=pos,
                key_start=match.start(1),
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
    if text.startswith('"""', pos):
        match = _ML_BASIC.match(text, pos)
    elif text.startswith("'''", pos):
        match = _ML_LITERAL.match(text, pos)
    elif text.startswith('"', pos):
        match = _BASIC.match(text, pos)
    elif text.startswith("'", pos):
        match = _LITERAL.match(text, pos)
    elif text.startswith("[", pos):
        return _skip_array(text, pos + 1)
    elif text.startswith("{", pos):
        return _skip_inline_table(text, pos + 1)
    else:
        match = _SCALAR.match(text, pos)
    if not match:
        raise ScanError(f"unreadable value at offset {pos}")
    return match.end()


def _skip_array(text: str, pos: int) -> int:
    while True:
        pos = _GAP.match(text, pos).end()
        if text.startswith("]", pos):
            return pos + 1
        if pos >= len(text):
            raise ScanError("unterminated array")
        pos = _GAP.match(text, skip_value(text, pos)).end()
        if text.startswith(",", pos):
            pos += 1


def _skip_inline_table(text: str, pos: int) -> int:
    while True:
        pos = _GAP.match(text, pos).end()
        if text.startswith("}", pos):
            return pos + 1
        match = _KEYVAL.match(text, pos)
        if not match:
            raise ScanError(f"unreadable inline table at offset {pos}")
        pos = _GAP.match(text, skip_value(text, match.end())).end()
        if text.startswith(",", pos):
            pos += 1


class LineIndex:
    """Turns character offsets into 1-based (line, column)."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
