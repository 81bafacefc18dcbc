"""User text made safe to show: control characters visible, never interpreted.

Markup is a separate trap: widgets get user text as `rich.text.Text` or with
`markup=False`; these functions only deal with characters a terminal would act on.
"""

from __future__ import annotations

_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}


def visible(value: str, keep_newlines: bool = False) -> str:
    """`value` with control characters replaced by visible symbols (ESC shows as ␛).

    With `keep_newlines`, newlines and tabs stay as they are (for multi-line notes)."""
    kept = {"\n", "\t"} if keep_newlines else set()
    out = []
    for char in value:
        code = ord(char)
        if char in kept:
            out.append(char)
        elif code in _CONTROL_PICTURES:
            out.append(_CONTROL_PICTURES[code])
        elif 0x80 <= code <= 0x9F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(char)
    return "".join(out)


def one_line(value: str) -> str:
    """The first line of `value`, control characters visible, with `…` if more follows."""
    lines = value.splitlines()
    first = lines[0] if lines else ""
    return visible(first) + (" …" if len(lines) > 1 else "")
