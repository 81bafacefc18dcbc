"""User text made safe to show: control characters visible, never interpreted.

Markup is a separate trap: widgets get user text as `rich.text.Text` or with
`markup=False`; these functions only deal with characters a terminal would act on (the
policies themselves are in `roadmap_tui.controls`).
"""

from __future__ import annotations

from roadmap_tui.controls import pictured as visible

__all__ = ["one_line", "visible"]


def one_line(value: str) -> str:
    """The first line of `value`, control characters visible, with `…` if more follows."""
    lines = value.splitlines()
    first = lines[0] if lines else ""
    return visible(first) + (" …" if len(lines) > 1 else "")
