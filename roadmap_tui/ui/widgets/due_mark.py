"""How overdue and due soon look: a glyph and a word, in a theme colour.

The glyph and the word make the mark readable without colour (NO_COLOR, a monochrome
terminal); the colour is the theme's readable `text-error` / `text-warning`, so it follows
light and dark themes. The summary line writes each mark with its word, so where a narrow
table keeps only the glyph, the line above it says what the glyph means."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text

from roadmap_tui.due import Due

DUE_GLYPHS: dict[Due, str] = {Due.OVERDUE: "!", Due.SOON: "◷"}
_VARIABLES: dict[Due, str] = {Due.OVERDUE: "text-error", Due.SOON: "text-warning"}


def due_label(state: Due) -> str:
    """`! overdue`, `◷ due soon`: the mark as glyph and word."""
    return f"{DUE_GLYPHS[state]} {state}"


def due_content_style(state: Due) -> str:
    """The mark's style as a Textual style string (`bold $text-error`), for Content."""
    return f"bold ${_VARIABLES[state]}"


def due_style(state: Due, theme_variables: Mapping[str, str]) -> Style:
    """The mark's Rich style under the current theme (bold, in its theme colour)."""
    try:
        return Style(color=theme_variables.get(_VARIABLES[state]), bold=True)
    except Exception:  # a theme colour Rich cannot read: keep the word, drop the colour
        return Style(bold=True)


def due_text(state: Due, theme_variables: Mapping[str, str]) -> Text:
    """The mark as styled text."""
    return Text(due_label(state), style=due_style(state, theme_variables), end="")
