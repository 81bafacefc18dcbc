"""The views' widgets, made (and their modules imported) when a view is first shown."""

from __future__ import annotations

from textual.widget import Widget


def new_pane(name: str) -> Widget:
    """A new widget of the view `name` (timeline, board, regions or map), its id the name."""
    pane: type[Widget]
    if name == "timeline":
        from roadmap_tui.ui.views.timeline import TimelineView as pane
    elif name == "board":
        from roadmap_tui.ui.views.board import BoardView as pane
    elif name == "regions":
        from roadmap_tui.ui.views.regions import RegionsView as pane
    elif name == "map":
        from roadmap_tui.ui.views.world_map import MapView as pane
    else:
        raise ValueError(f"no view named {name!r}")
    return pane(id=name)
