"""Where the board's cards sit: a column per status, which columns fit across, how far
each column is scrolled, and which card an arrow key goes to. Nothing is drawn here, so
the rules are tested without a terminal.

A column is drawn as a heading line, a line for "↑ n more", its cards (one to three lines
each, a blank line between two) and a last line for "↓ n more". Each column scrolls on
its own, as a kanban board's columns do, so a long column never pushes a short one's
cards off the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_tui.model import Market
from roadmap_tui.workflow import WorkflowStatus

HEAD_LINES = 2  # the heading, and the line that says how many cards are above
FOOT_LINES = 1  # the line that says how many cards are below
CARD_GAP = 1  # blank lines between two cards
COLUMN_GAP = 1  # blank cells between two columns
# Narrowest column before columns are scrolled across instead of narrowed further: a
# code and most of a name, a date with its overdue mark, `◐ paused 12` in the heading.
MIN_COLUMN_WIDTH = 15


@dataclass(frozen=True)
class BoardColumn:
    """One status's column: the markets shown with it, in the table's order, and how
    many markets of the whole roadmap have it (the heading says "2 of 5" under a filter)."""

    status: WorkflowStatus
    markets: tuple[Market, ...]
    total: int


def board_columns(
    markets: Sequence[Market], everything: Sequence[Market], workflow: Sequence[WorkflowStatus]
) -> tuple[BoardColumn, ...]:
    """A column for every status of `workflow`, in its order, empty ones included."""
    shown: dict[str, list[Market]] = {status.name: [] for status in workflow}
    for market in markets:
        column = shown.get(market.status)
        if column is not None:  # validation admits no status outside the workflow
            column.append(market)
    totals = dict.fromkeys(shown, 0)
    for market in everything:
        if market.status in totals:
            totals[market.status] += 1
    return tuple(
        BoardColumn(status, tuple(shown[status.name]), totals[status.name]) for status in workflow
    )


def card_height(market: Market) -> int:
    """Lines of a card: code and name, then the owner and the target where there are."""
    return 1 + (market.owner is not None) + (market.target is not None)


def card_room(height: int) -> int:
    """Lines a column has for cards in a board `height` lines high."""
    return max(1, height - HEAD_LINES - FOOT_LINES)


def cards_shown(heights: Sequence[int], top: int, room: int) -> list[tuple[int, int]]:
    """The cards drawn from card `top` on, as `(card, first line)` below the head lines;
    a card too tall for what is left is drawn cut, and only when it is the first."""
    shown: list[tuple[int, int]] = []
    line = 0
    for card in range(top, len(heights)):
        if shown and line + heights[card] > room:
            break
        shown.append((card, line))
        line += heights[card] + CARD_GAP
    return shown


def top_showing(heights: Sequence[int], top: int, card: int, room: int) -> int:
    """The first card to draw so that `card` is drawn whole: `top` when it already is,
    else the nearest top that shows it (at the top when scrolling up, at the bottom when
    scrolling down)."""
    if not heights:
        return 0
    top = min(top, len(heights) - 1)
    if card < top:
        return card
    if any(shown == card for shown, _ in cards_shown(heights, top, room)):
        return top
    return first_fitting(heights, card, room)  # down: `card` drawn last


def first_fitting(heights: Sequence[int], last: int, room: int) -> int:
    """The first card of the longest run ending with card `last` that fits in `room`
    lines (`last` itself when it alone is too tall). With the column's last card: the
    furthest a column scrolls, so no line is left blank that a card above could fill."""
    used = heights[last]
    first = last
    while first > 0 and used + CARD_GAP + heights[first - 1] <= room:
        first -= 1
        used += CARD_GAP + heights[first]
    return first


def nearest_card(heights: Sequence[int], top: int, room: int, line: int) -> int:
    """The card of a column drawn nearest to `line` (a line below the head lines): the
    card the cursor goes to from a card drawn on that line in another column."""
    best, distance = top, None
    for card, first in cards_shown(heights, top, room):
        last = first + heights[card] - 1
        away = 0 if first <= line <= last else min(abs(line - first), abs(line - last))
        if distance is None or away < distance:
            best, distance = card, away
    return best


def next_filled(columns: Sequence[BoardColumn], column: int, step: int) -> int | None:
    """The next column from `column` in the direction of `step` (±1) with a card."""
    index = column + step
    while 0 <= index < len(columns):
        if columns[index].markets:
            return index
        index += step
    return None


def columns_across(width: int, count: int) -> int:
    """How many columns of `count` fit in `width` cells (at least one)."""
    return max(1, min(count, (width + COLUMN_GAP) // (MIN_COLUMN_WIDTH + COLUMN_GAP)))


def column_widths(width: int, count: int) -> list[int]:
    """`count` columns sharing `width` cells, a gap between two; the first ones get the
    cells left over."""
    if count <= 0:
        return []
    share, left = divmod(max(count, width - COLUMN_GAP * (count - 1)), count)
    return [share + (index < left) for index in range(count)]


def first_column(first: int, column: int, across: int, count: int) -> int:
    """The first column drawn, moved as little as it takes to draw `column`."""
    first = max(0, min(first, count - across))
    if column < first:
        return column
    if column >= first + across:
        return column - across + 1
    return first
