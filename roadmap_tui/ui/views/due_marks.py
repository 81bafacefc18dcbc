"""How the board and the regions write a market's target: the date, and whether it is
overdue or due soon (`roadmap_tui/due.py` decides) in the glyph and word the table uses
(`widgets/due_mark.py`), so it reads the same without colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.style import Style
from rich.text import Text

from roadmap_tui.due import Due, due
from roadmap_tui.model import Market
from roadmap_tui.ui.widgets.due_mark import DUE_GLYPHS, due_label

__all__ = ["DUE_GLYPHS", "ON_CURSOR", "DueLooks", "foreground", "target_text"]


@dataclass(frozen=True)
class DueLooks:
    """The styles a target is written in (from the view's stylesheet)."""

    muted: Style
    overdue: Style
    soon: Style

    def of(self, state: Due) -> Style:
        return self.overdue if state is Due.OVERDUE else self.soon


# On the cursor's line every word takes the cursor's colour, readable on its background;
# the glyphs and words still say overdue and due soon.
ON_CURSOR = DueLooks(muted=Style(), overdue=Style(bold=True), soon=Style(bold=True))


def foreground(style: Style) -> Style:
    """`style` without its background: text drawn on a card or a row keeps theirs. (A
    component's whole style has its colour blended, as `$text-muted` needs.)"""
    return Style(color=style.color, bold=style.bold, italic=style.italic)


def target_text(
    market: Market, today: date, soon_days: int, looks: DueLooks, width: int | None = None
) -> Text:
    """`target 2024-09-01`, or the due mark first when there is one: `! overdue
    2022-11-01`. Where that is wider than `width` (a narrow card) the mark keeps its
    glyph and the date, `! 2022-11-01`, rather than losing the date. Empty without a
    target."""
    if market.target is None:
        return Text("", end="")
    day = market.target.isoformat()
    state = due(market, today, soon_days)
    if state is None:
        return Text.assemble(("target ", looks.muted), day, end="")
    word = due_label(state)
    if width is not None and len(word) + 1 + len(day) > width:
        word = DUE_GLYPHS[state]
    return Text.assemble((word, looks.of(state)), " ", day, end="")
