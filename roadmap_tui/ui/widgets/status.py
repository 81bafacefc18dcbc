"""How a status looks: one theme colour and one symbol per status, defined here once.

The symbol and the word make a status readable without colour; the colour comes from
the app's theme, so it follows light and dark themes."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text

from roadmap_tui.model import Status

# Theme variable per status. The `text-` variants are the theme's success / warning /
# primary colours adjusted to stay readable on the theme's background, light or dark.
STATUS_THEME_VARIABLE: dict[Status, str] = {
    Status.LIVE: "text-success",
    Status.PAUSED: "text-warning",
    Status.PLANNED: "text-primary",
}

STATUS_SYMBOL: dict[Status, str] = {
    Status.LIVE: "●",
    Status.PAUSED: "◐",
    Status.PLANNED: "○",
}

STATUS_LABEL_WIDTH = max(len(status) for status in Status) + 2


def status_label(status: Status) -> str:
    """`● live`, `◐ paused`, `○ planned`: the status in words, with its symbol."""
    return f"{STATUS_SYMBOL[status]} {status}"


def status_content_style(status: Status) -> str:
    """The status style as a Textual style string (`bold $text-success`), for Content."""
    return f"bold ${STATUS_THEME_VARIABLE[status]}"


def status_style(status: Status, theme_variables: Mapping[str, str]) -> Style:
    """The Rich style of `status` under the current theme (bold, in the status colour)."""
    colour = theme_variables.get(STATUS_THEME_VARIABLE[status])
    try:
        return Style(color=colour, bold=True)
    except Exception:  # a theme colour Rich cannot read: keep the word, drop the colour
        return Style(bold=True)


def status_text(status: Status, theme_variables: Mapping[str, str]) -> Text:
    """The status as styled text for a table cell or the detail pane."""
    return Text(status_label(status), style=status_style(status, theme_variables), end="")
