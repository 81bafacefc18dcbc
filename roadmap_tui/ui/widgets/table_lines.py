"""Drawing one line of the market table: cells cut to their columns, padded and styled.

The table is drawn the way Textual's `DataTable` draws a row of `Text` cells (a cell is
its text between one space of padding on each side; the row's style, then the text's own
styles, then the cursor's colour on top), so the screen looks as it did when the table
was a `DataTable`. What differs is the cost: a cell goes straight to segments, without
Rich's general layout machinery, so a screenful of rows costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

# A one-line text joined into a Text of its own, as Rich does before drawing it: the
# text's base style becomes a span, so every segment carries a full style.
_LINES = Text("\n")


def cell_segments(text: Text, width: int, console: Console) -> list[Segment]:
    """`text` drawn on one line of exactly `width` cells, as Rich draws a no-wrap Text:
    cut with `…` when its overflow is "ellipsis" (else cropped), then padded with
    unstyled spaces. The text must hold no line break (cells are one line)."""
    plain = text.plain
    line = text
    head = plain[: width + 1]
    if head.isascii() and head.isprintable():
        # The common case, and the cheap one: one cell per character as far as the cut.
        length = len(plain)
        if length > width:
            if text.spans or width < 1:
                line = _truncated(text, width)
                plain = line.plain
            else:  # what `Text.truncate` leaves of plain ASCII, without measuring the rest
                plain = plain[: width - 1] + "…" if text.overflow == "ellipsis" else head[:width]
            length = width
    else:
        length = cell_len(plain)
        if length > width:
            if text.spans or width < 1:
                line = _truncated(text, width)
                plain = line.plain
                length = cell_len(plain)
            else:  # what `Text.truncate` leaves, without copying the Text
                ellipsis = text.overflow == "ellipsis"
                plain = (
                    set_cell_size(plain, width - 1) + "…"
                    if ellipsis
                    else set_cell_size(plain, width)
                )
                length = width
    segments: list[Segment]
    if line.spans:
        segments = list(_LINES.join([line]).render(console))
    elif line.style:
        # What the general path gives for a text with a style and no spans: one piece
        # in that style (none at all for an empty text).
        segments = [Segment(plain, console.get_style(line.style))] if plain else []
    else:
        segments = [Segment(plain)]
    if length < width:
        segments.append(Segment(" " * (width - length)))
    return segments


def _truncated(text: Text, width: int) -> Text:
    line = text.copy()
    line.truncate(width, overflow=text.overflow or "fold")
    return line


@dataclass(frozen=True)
class RowLook:
    """The styles a row is drawn with: for each column the style under the text and the
    one over it (the cursor's colour wins over a status colour), and the style of the
    blank that fills the line past the last column."""

    under: tuple[Style, ...]
    over: tuple[Style, ...]
    filler: Style
    # The style of a cell's padding and of the spaces after its text.
    blanks: tuple[Style, ...] = field(init=False)

    def __post_init__(self) -> None:
        blanks = tuple(under + over for under, over in zip(self.under, self.over, strict=True))
        object.__setattr__(self, "blanks", blanks)


def paint_row(
    cells: Sequence[Text],
    widths: Sequence[int],
    padding: int,
    look: RowLook,
    console: Console,
    line_width: int,
) -> list[Segment]:
    """The segments of one row: each cell padded to its column, then the filler up to
    `line_width` (the widget's width; an empty filler if the columns fill it).

    Neighbouring pieces of equal style are joined as they come, as `Segment.simplify`
    would join them after: a plain cell is one segment, padding included."""
    segments: list[Segment] = []
    append = segments.append
    spaces = " " * padding
    run, run_style = "", look.filler  # the segment being built (none yet: run is "")
    started = False
    for text, width, under, over, blank in zip(
        cells, widths, look.under, look.over, look.blanks, strict=True
    ):
        # The padding, the text's unstyled pieces and the spaces after it are all in
        # the cell's blank style; only a piece with a style of its own starts a segment.
        if started and blank == run_style:
            run += spaces
        else:
            if started:
                append(Segment(run, run_style))
            run, run_style, started = spaces, blank, True
        for piece, own, _control in cell_segments(text, width, console):
            style = (under + own) + over if own else blank
            if style is run_style or style == run_style:
                run += piece
            else:
                append(Segment(run, run_style))
                run, run_style = piece, style
        if run_style is blank or run_style == blank:
            run += spaces
        else:
            append(Segment(run, run_style))
            run, run_style = spaces, blank
    used = sum(widths) + 2 * padding * len(widths)
    filler = " " * max(0, line_width - used)
    if started and look.filler == run_style:
        run += filler
    else:
        if started:
            append(Segment(run, run_style))
        run, run_style = filler, look.filler
    append(Segment(run, run_style))
    return segments
