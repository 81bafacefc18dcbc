"""What the board writes: a column's heading and a market's card, as Rich text built
from parts (a market's words are data, never markup)."""

from __future__ import annotations

from datetime import date

from rich.style import Style
from rich.text import Text

from roadmap_tui.model import Market
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.views.board_layout import BoardColumn
from roadmap_tui.ui.views.due_marks import DueLooks, target_text

MORE_LEFT, MORE_RIGHT = "◀ ", " ▶"  # columns scrolled off either side


def card_lines(
    market: Market, today: date, soon_days: int, looks: DueLooks, width: int
) -> list[Text]:
    """The lines of a market's card, `width` cells of text: `DE  Germany`, the owner,
    the target (the last two only where the market has them: `board_layout.card_height`
    counts the same)."""
    lines = [Text.assemble((one_line(market.code), "bold"), "  ", one_line(market.name), end="")]
    if market.owner is not None:
        lines.append(Text(one_line(market.owner), style=looks.muted, end=""))
    if market.target is not None:
        lines.append(target_text(market, today, soon_days, looks, width))
    return lines


def heading(column: BoardColumn, filtered: bool, look: Style) -> Text:
    """`◐ paused  5`, or `◐ paused  2 of 5` while filters hide some of them."""
    shown = len(column.markets)
    count = f"{shown} of {column.total}" if filtered and shown != column.total else f"{shown}"
    return Text.assemble((one_line(column.status.label), look), "  ", (count, "bold"), end="")


def empty_column(column: BoardColumn) -> str:
    """What an empty column says: none at all, or none through the filters."""
    return (
        "none match the filters" if column.total else f"no {one_line(column.status.name)} markets"
    )
