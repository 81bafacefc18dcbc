"""The header: the roadmap's title, then the file name and its state (`● unsaved`).

Textual's own header centres `title — subtitle` and cuts the end off when it is too long,
so a long title pushed the unsaved marker off an 80-column screen. Here the title gives
way first (it ends in `…`); the file's state is the part that must always be read."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.content import Content
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

ICON = "◆"
_BETWEEN = " — "
# What the header's icon (left) and the space kept for a clock (right) take.
_SIDES = 8 + 10


def cut_to_width(text: str, width: int, from_start: bool = False) -> str:
    """`text` in at most `width` cells, `…` where it was cut (at its end, or its start)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if from_start:
        return "…" + set_cell_size(text[::-1], width - 1)[::-1]
    return set_cell_size(text, width - 1) + "…"


def header_title(title: str, sub_title: str, width: int) -> Content:
    """`title — sub_title` in at most `width` cells (0: unknown, nothing is cut): the
    title is cut short first; a subtitle too long by itself loses its start, so its end
    (where the unsaved marker is) stays."""
    if not sub_title:
        return Content(cut_to_width(title, width) if width > 0 else title)
    between = cell_len(_BETWEEN)
    if width > 0:
        room = width - between - cell_len(sub_title)
        if room < min(8, cell_len(title)):  # the subtitle alone leaves no room for a title
            room = min(8, cell_len(title))
            keep = max(1, width - between - room)
            sub_title = cut_to_width(sub_title, keep, from_start=True)
        title = cut_to_width(title, room)
    return Content.assemble(Content(title), (_BETWEEN, "dim"), Content(sub_title).stylize("dim"))


class RoadmapHeader(Header):
    """Textual's header, with a title that gives way to the file's state."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(icon=ICON, id=id)

    def format_title(self) -> Content:
        width = self.size.width - _SIDES if self.size.width else 0
        return header_title(self.screen_title, self.screen_sub_title, max(width, 0))

    def on_resize(self, event: events.Resize) -> None:
        for title in self.query(HeaderTitle):
            title.update(self.format_title())
