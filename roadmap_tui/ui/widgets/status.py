"""How a status looks: its colour and glyph from the roadmap's workflow, made readable on
the app's theme.

The glyph and the word make a status readable without colour (NO_COLOR, a monochrome
terminal). A theme colour (`success`) is drawn with the theme's readable `text-` variant,
so it follows light and dark themes; a colour of the file's own (`#e8a33d`) is mixed
with the theme's text colour the way Textual makes those variants, so it stays legible
on either background."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.color import Color, ColorParseError

from roadmap_tui.model import Status
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

# Theme colours that have a readable `text-` variant in every Textual theme.
_READABLE_VARIANT = frozenset({"primary", "secondary", "accent", "success", "warning", "error"})

STATUS_LABEL_WIDTH = max(len(status) for status in Status) + 2


def status_label_width(workflow: Sequence[WorkflowStatus]) -> int:
    """The cells the widest `glyph name` of the workflow takes."""
    return max((len(status.label) for status in workflow), default=STATUS_LABEL_WIDTH)


def look_of(name: str, workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW) -> WorkflowStatus:
    """The workflow's status called `name`; a plain look for a name it lacks."""
    for status in workflow:
        if status.name == name:
            return status
    return WorkflowStatus(name, "foreground", "?")


def status_label(status: WorkflowStatus) -> str:
    """`● live`, `◐ paused`, `○ planned`: the status in words, with its glyph."""
    return status.label


def theme_variable(status: WorkflowStatus) -> str | None:
    """The theme variable a status's colour names (`text-success`), or None for a colour
    of the file's own."""
    if not status.is_theme_colour:
        return None
    return f"text-{status.colour}" if status.colour in _READABLE_VARIANT else status.colour


def readable_colour(status: WorkflowStatus, theme_variables: Mapping[str, str]) -> str | None:
    """The status's colour as a hex colour readable on the theme's background, or None
    when there is none to give (a colour Textual cannot read)."""
    variable = theme_variable(status)
    if variable is not None:
        return theme_variables.get(variable)
    try:
        colour = Color.parse(status.colour)
        background = Color.parse(theme_variables.get("background", "#000000"))
    except ColorParseError:
        return None
    if background.ansi is not None:  # an ANSI theme: the terminal chooses the shades
        return colour.hex
    # Textual's own recipe for text-success & co: the contrasting text colour, tinted;
    # less of the colour while that is not readable (navy on black, yellow on white)
    text = background.get_contrast_text(1.0)
    for alpha in (0.66, 0.55, 0.45, 0.35, 0.25, 0.15, 0.0):
        shown = text.tint(colour.with_alpha(alpha))
        if contrast_ratio(shown, background) >= READABLE:
            break
    return shown.hex


# WCAG AA for text: what a colour of the file's own is brought to on the theme's background
READABLE = 4.5


def contrast_ratio(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        share = value / 255
        return share / 12.92 if share <= 0.03928 else ((share + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.rgb
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def status_content_style(
    status: WorkflowStatus, theme_variables: Mapping[str, str] | None = None
) -> str:
    """The status style as a Textual style string (`bold $text-success`), for Content."""
    variable = theme_variable(status)
    if variable is not None:
        return f"bold ${variable}"
    colour = readable_colour(status, theme_variables or {})
    return f"bold {colour}" if colour else "bold"


def status_style(status: WorkflowStatus, theme_variables: Mapping[str, str]) -> Style:
    """The Rich style of `status` under the current theme (bold, in the status colour)."""
    colour = readable_colour(status, theme_variables)
    try:
        return Style(color=colour, bold=True)
    except Exception:  # a theme colour Rich cannot read: keep the word, drop the colour
        return Style(bold=True)


def status_text(status: WorkflowStatus, theme_variables: Mapping[str, str]) -> Text:
    """The status as styled text for a table cell or the detail pane."""
    return Text(status_label(status), style=status_style(status, theme_variables), end="")
