"""A status's colour, from the file's workflow, as the app draws it: readable on light
and dark themes alike, and never the only sign of the status (glyph and word)."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES

from roadmap_tui.ui.widgets.status import readable_colour, status_content_style, status_text
from roadmap_tui.workflow import WorkflowStatus, build_workflow

# colours a file may well choose, several of them hard to read on one background or the other
OWN_COLOURS = ["#ffff00", "yellow", "#000080", "white", "black", "rgb(232, 163, 61)", "#e83"]


def theme_variables(theme: str) -> dict[str, str]:
    """The variables a theme gives the app's styles (`background`, `text-accent` …)."""
    return BUILTIN_THEMES[theme].to_color_system().generate()


def contrast(first: Color, second: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(colour: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = colour.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "nord", "solarized-light"])
@pytest.mark.parametrize("colour", OWN_COLOURS)
def test_a_colour_of_the_files_own_is_readable_on_every_theme(theme: str, colour: str) -> None:
    variables = theme_variables(theme)
    status = WorkflowStatus("testing", colour, "◑")
    shown = readable_colour(status, variables)
    assert shown is not None
    background = Color.parse(variables["background"])
    # WCAG AA for text, computed here independently of the app's own formula
    assert contrast(Color.parse(shown), background) >= 4.5, (theme, colour, shown)


def test_a_theme_colour_follows_the_theme() -> None:
    (status,) = build_workflow([("testing", "$accent", None)])
    assert status_content_style(status) == "bold $text-accent"
    for theme in ("textual-dark", "textual-light"):
        variables = theme_variables(theme)
        assert readable_colour(status, variables) == variables["text-accent"]


def test_the_status_reads_without_colour() -> None:
    (status,) = build_workflow([("exited", "#c2410c", "✕")])
    assert status_text(status, {}).plain == "✕ exited"
