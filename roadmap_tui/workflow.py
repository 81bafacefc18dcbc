"""A roadmap's workflow: its statuses in order, each with a colour and a glyph.

Without a declaration in `[roadmap]` the workflow is planned, paused, live, as it has
always been. This module knows the defaults and what a colour or a glyph may be; it reads
no file and draws nothing (the app turns a colour into a style readable on its theme).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The statuses of a roadmap that declares none, in the order of a launch.
DEFAULT_STATUS_NAMES: tuple[str, ...] = ("planned", "paused", "live")

# Theme colours a status may name. The app shows each through the theme's readable
# `text-` variant where it has one, so it stays legible on light and dark backgrounds.
THEME_COLOURS: tuple[str, ...] = (
    "primary",
    "secondary",
    "accent",
    "success",
    "warning",
    "error",
    "foreground",
)
# The colour names CSS (and Textual) know, so `validate` can tell a colour from a typo.
NAMED_COLOURS: frozenset[str] = frozenset(
    """black silver gray white maroon red purple fuchsia green lime olive yellow navy blue teal aqua orange aliceblue antiquewhite aquamarine azure beige bisque blanchedalmond blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen gainsboro ghostwhite gold goldenrod greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow limegreen linen magenta mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite oldlace olivedrab orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum powderblue rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna skyblue slateblue slategray slategrey snow springgreen steelblue tan thistle tomato turquoise violet wheat whitesmoke yellowgreen rebeccapurple""".split()  # noqa: SIM905 - a list of words, read as one
)
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FUNCTION = re.compile(r"^(?:rgb|hsl)\(\s*[0-9.%]+\s*,\s*[0-9.%]+\s*,\s*[0-9.%]+\s*\)$")

# Colours and glyphs of statuses that declare none: the three defaults keep the colours
# and glyphs they always had; other well-known stages get their own; the rest take turns.
_KNOWN: dict[str, tuple[str, str]] = {
    "planned": ("primary", "○"),
    "paused": ("warning", "◐"),
    "live": ("success", "●"),
    "exploring": ("secondary", "◌"),
    "testing": ("accent", "◑"),
    "exited": ("error", "✕"),
}
_SPARE_COLOURS = ("accent", "secondary", "primary", "success", "warning", "error")
_SPARE_GLYPHS = ("◆", "◇", "■", "□", "▲", "△", "★", "☆")
MAX_NAME_LENGTH = 30


@dataclass(frozen=True)
class WorkflowStatus:
    """One status of a roadmap's workflow, as the app and the exports show it.

    `colour` is either a theme colour's name (`success`, one of THEME_COLOURS) or a
    colour as CSS writes it (`#e8a33d`, `orange`, `rgb(232, 163, 61)`)."""

    name: str
    colour: str
    glyph: str

    @property
    def is_theme_colour(self) -> bool:
        return self.colour in THEME_COLOURS

    @property
    def label(self) -> str:
        """`● live`: the glyph and the word, readable without any colour."""
        return f"{self.glyph} {self.name}"


DEFAULT_WORKFLOW: tuple[WorkflowStatus, ...] = tuple(
    WorkflowStatus(name, *_KNOWN[name]) for name in DEFAULT_STATUS_NAMES
)


def build_workflow(
    declared: Iterable[tuple[str, str | None, str | None]] | None,
) -> tuple[WorkflowStatus, ...]:
    """The workflow from `(name, colour, glyph)` declarations (None: not given), filling
    in colours and glyphs; the default workflow when nothing is declared."""
    if declared is None:
        return DEFAULT_WORKFLOW
    statuses: list[WorkflowStatus] = []
    spare = 0
    used_glyphs: set[str] = set()
    declarations = list(declared)
    for _, _, glyph in declarations:
        if glyph is not None:
            used_glyphs.add(glyph)
    for name, colour, glyph in declarations:
        known_colour, known_glyph = _KNOWN.get(name.casefold(), (None, None))
        if colour is None:
            colour = known_colour or _SPARE_COLOURS[spare % len(_SPARE_COLOURS)]
        if glyph is None:
            glyph = known_glyph if known_glyph not in used_glyphs else None
            if glyph is None:
                glyph = next((g for g in _SPARE_GLYPHS if g not in used_glyphs), "•")
            used_glyphs.add(glyph)
        if known_colour is None:
            spare += 1
        statuses.append(WorkflowStatus(name, normal_colour(colour), glyph))
    return tuple(statuses)


def normal_colour(colour: str) -> str:
    """A colour as the workflow keeps it: `$success` and `text-success` are `success`."""
    bare = colour.strip().removeprefix("$").removeprefix("text-")
    return bare if bare in THEME_COLOURS else colour.strip()


def colour_problem(colour: str) -> str | None:
    """Why `colour` is not a colour a status can have, or None when it is one."""
    text = colour.strip()
    if normal_colour(text) in THEME_COLOURS or text.lower() in NAMED_COLOURS:
        return None
    if _HEX.fullmatch(text) or _FUNCTION.fullmatch(text):
        return None
    return (
        "must be a theme colour (" + ", ".join(THEME_COLOURS) + ") or a colour such as "
        "#e8a33d, orange or rgb(232, 163, 61)"
    )


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a status, or None when it can."""
    if not name.strip():
        return "must not be empty"
    if name != name.strip():
        return "must not start or end with a space"
    if len(name) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters"
    if any(not character.isprintable() for character in name):
        return "must not hold control characters"
    return None


def glyph_problem(glyph: str) -> str | None:
    """Why `glyph` cannot mark a status, or None when it can: one visible character."""
    # a combining mark (Mn, Me) is printable but draws nothing of its own
    if (
        len(glyph) != 1
        or not glyph.isprintable()
        or glyph.isspace()
        or unicodedata.category(glyph) in ("Mn", "Me")
    ):
        return "must be one visible character, such as ● or ◐"
    return None


def status_names(workflow: Sequence[WorkflowStatus]) -> tuple[str, ...]:
    return tuple(status.name for status in workflow)
