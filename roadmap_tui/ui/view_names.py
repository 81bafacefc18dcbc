"""The views in the order of their keys (1–5): the main screen, the bindings, the help
screen, the palette and the config file's `view` all read this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ViewName:
    """A view: `name` as the config file writes it, `key` that shows it, `title`."""

    name: str
    key: str
    title: str
    description: str


VIEW_NAMES: tuple[ViewName, ...] = (
    ViewName("table", "1", "Table", "Every field"),
    ViewName("timeline", "2", "Timeline", "Dates and drift"),
    ViewName("board", "3", "Board", "A column per status"),
    ViewName("regions", "4", "Regions", "Markets by region"),
    ViewName("map", "5", "Map", "Countries by status"),
)
