"""Control characters in user text: every policy for showing them, in one place. No Textual.

A roadmap's notes, names and file names may hold characters a terminal acts on (ESC
starts a sequence, a lone CR rewrites a line), and file names may hold bytes that are not
UTF-8 (surrogate escapes). Each place text goes has its own rule:

- `printable` — a message or command output for a terminal: `\\x1b`, `\\xff` escapes
  (with `keep_lines`, tabs, newlines and CRLF stay, for multi-line output);
- `pictured` — text the app draws: control pictures (ESC as ␛), C1 as `\\x85`, the bidi
  controls that reorder a line as `\\u202e`;
- `pictured_in_field` — a field being edited: one picture per character, tab kept, so
  columns and selections stay where they are;
- `flattened` — a banner or a TOML comment: controls and line breaks as single spaces.
"""

from __future__ import annotations

import re

# The bidi embeddings, overrides and isolates (LRE … RLO, LRI … PDI): a terminal that
# lays out right-to-left text reorders the rest of the line after one, so a name could
# show as another ("Trojan Source"); editors show them, and so does the app. The marks
# (LRM, RLM) only steer neutral characters and stay.
_BIDI = "\u202a-\u202e\u2066-\u2069"
# C0, DEL, C1, the bidi controls and lone surrogates: what a terminal would act on, and
# what a strict UTF-8 stream cannot write
_UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]")
# the same, with tabs, newlines and CR before LF (csv) left alone
_UNPRINTABLE_BUT_LINES = re.compile(
    rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ud800-\udfff]|\r(?!\n)"
)
_CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")  # and line separators
_BIDI_CODES = frozenset([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_FIELD_PICTURES: dict[int, int] = (
    {code: 0x2400 + code for code in range(0x20) if code != 0x09}
    | {0x7F: 0x2421}
    | dict.fromkeys(range(0x80, 0xA0), 0xFFFD)
    | dict.fromkeys(_BIDI_CODES, 0xFFFD)
)


def has_controls(text: str) -> bool:
    """True when `text` holds a control character or a line separator (a quick check
    before the slower policies; most text has none)."""
    return _CONTROL.search(text) is not None


def printable(text: str, keep_lines: bool = False) -> str:
    """`text` as it can be printed anywhere, showing what it holds: a byte that was not
    UTF-8 (held as a surrogate escape, as in file names and argv) as `\\xff`, a control
    character as `\\x1b`. Escaped text is left as it is, so applying it twice is harmless."""
    return (_UNPRINTABLE_BUT_LINES if keep_lines else _UNPRINTABLE).sub(_escape, text)


def pictured(text: str, keep_newlines: bool = False) -> str:
    """`text` with control characters replaced by visible symbols (ESC shows as ␛).

    With `keep_newlines`, newlines and tabs stay as they are (for multi-line notes)."""
    kept = {"\n", "\t"} if keep_newlines else set()
    out = []
    for char in text:
        code = ord(char)
        if char in kept:
            out.append(char)
        elif code in _PICTURES:
            out.append(_PICTURES[code])
        elif 0x80 <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        elif code in _BIDI_CODES:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def pictured_in_field(text: str) -> str:
    """One visible character for each control character, so that a value holding an
    escape sequence shows it instead of sending it to the terminal. One for one keeps an
    editor's columns and selections where they are; the tab stays a tab."""
    return text.translate(_FIELD_PICTURES)


def flattened(text: str) -> str:
    """`text` on one line: control characters and line breaks as single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"
