"""The HTML export's map section: the world map as inline SVG, and the markets it cannot
show (a code that is not a country, or Antarctica) named under it."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from roadmap_tui.model import Roadmap
from roadmap_tui.share.world import MapUnavailable, world
from roadmap_tui.share.world_svg import MapKey, markets_on_map, world_svg


def map_section(roadmap: Roadmap, page_colours: Mapping[str, str]) -> list[str]:
    """`<h2>Map</h2>`, the picture and the markets left off it; nothing for a roadmap
    without markets, and one sentence where the map's package is missing."""
    if not roadmap.markets:
        return []
    keys = [
        MapKey(status.name, status.glyph, page_colours.get(status.colour, status.colour))
        for status in roadmap.workflow
    ]
    try:
        picture = world_svg(
            roadmap.markets, keys, f"{roadmap.title}: markets on a world map", in_html=True
        )
        on_map = markets_on_map(roadmap.markets, world())
    except MapUnavailable as error:
        return ["<h2>Map</h2>", f'<p class="empty">{escape(str(error))}</p>']
    left_off = [market for market in roadmap.markets if market.code.upper() not in on_map]
    lines = ["<h2>Map</h2>", '<figure class="map">', picture, "</figure>"]
    if left_off:
        names = ", ".join(
            escape(f"{market.code} {market.name} ({market.status})") for market in left_off
        )
        lines.append(f'<p class="meta">Not on the map: {names}.</p>')
    return lines
