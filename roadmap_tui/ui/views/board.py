"""The board: a column per status of the roadmap's workflow, a card per market shown.

The arrow keys move between cards (left and right to the nearest card of the next column
that has one). Moving a card to another column is a status change, so shift+arrows (or
`<` `>`) ask the main screen to open the same status picker as `s`, the neighbouring
status chosen: the note, the history entry and the undo are the same as for `s`.

Drawn with the line API: only the lines on screen are drawn, from the columns laid out by
`board_layout`. Each column's lines are kept until it scrolls or the cursor leaves or
enters it, and each card's until its market, the width or the look changes, so moving
the cursor costs the same with 20 markets as with 2,000."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from roadmap_tui.model import Market
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.views import MarketChosen, MarketHighlighted, Shown
from roadmap_tui.ui.views.board_cards import (
    MORE_LEFT,
    MORE_RIGHT,
    card_lines,
    empty_column,
    heading,
)
from roadmap_tui.ui.views.board_layout import (
    COLUMN_GAP,
    FOOT_LINES,
    HEAD_LINES,
    BoardColumn,
    board_columns,
    card_height,
    card_room,
    cards_shown,
    column_widths,
    columns_across,
    first_column,
    first_fitting,
    nearest_card,
    next_filled,
    top_showing,
)
from roadmap_tui.ui.views.due_marks import ON_CURSOR, DueLooks, foreground
from roadmap_tui.ui.widgets.status import status_style

CURSOR_EDGE = "▌"  # the cursor's card without colour too (NO_COLOR keeps the block)
_CARDS_KEPT = 1024  # drawn cards kept: several screens of them


@dataclass(frozen=True)
class _Looks:
    """The board's styles, from its stylesheet (`board.tcss`), for one frame."""

    base: Style  # the board's own: gaps, blank lines
    heading: Style
    card: Style
    cursor: Style
    edge: Style
    due: DueLooks


class BoardView(Widget, can_focus=True):
    """The markets shown, as cards in a column per status; the cursor is on one card."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("board"),
        Binding("up", "cursor_up", "Card above", show=False),
        Binding("down", "cursor_down", "Card below", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "end(-1)", "First card", show=False),
        Binding("end,ctrl+end", "end(1)", "Last card", show=False),
        Binding("enter", "choose", "Notes", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board--heading",
        "board--card",
        "board--cursor",
        "board--edge",
        "board--muted",
        "board--overdue",
        "board--soon",
    }

    class MoveAsked(Message):
        """Move the market with `key` to the status `status`: the screen asks for the
        note in the status picker, as `s` does."""

        def __init__(self, key: str, status: str) -> None:
            super().__init__()
            self.key = key
            self.status = status

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        self._columns: tuple[BoardColumn, ...] = ()
        self._heights: list[list[int]] = []  # of each column's cards, in lines
        self._places: dict[str, tuple[int, int]] = {}  # market key → (column, card)
        # How far each column is scrolled, by status: kept through edits and filters.
        self._tops: dict[str, int] = {}
        self._cursor: tuple[int, int] | None = None  # (column, card)
        self._first = 0  # the first column drawn, when not all of them fit across
        self._cards: LRUCache[tuple[int, int, bool], tuple[Market, list[list[Segment]]]] = LRUCache(
            _CARDS_KEPT
        )
        self._looks: _Looks | None = None
        # Each column's lines, by what they depend on (see `_drawing`).
        self._drawings: dict[int, tuple[tuple[int, ...], list[list[Segment]]]] = {}

    # -- what is shown ------------------------------------------------------------------

    def show(self, shown: Shown, selected: str | None) -> None:
        """Show the markets of `shown` in their columns, the cursor on `selected`."""
        old = self._shown
        if old is None or (old.theme, old.today, old.soon_days, tuple(old.workflow)) != (
            shown.theme,
            shown.today,
            shown.soon_days,
            tuple(shown.workflow),
        ):
            self._cards.clear()
        self._shown = shown
        self._drawings.clear()
        self._columns = board_columns(shown.markets, shown.everything, shown.workflow)
        self._heights = [list(map(card_height, column.markets)) for column in self._columns]
        self._places = {
            market.key: (index, card)
            for index, column in enumerate(self._columns)
            for card, market in enumerate(column.markets)
        }
        place = self._places.get(selected) if selected is not None else None
        if place is None:
            first = next_filled(self._columns, -1, 1)
            place = (first, 0) if first is not None else None
        self._cursor = place
        self._reveal()
        self.refresh()

    def select(self, key: str | None) -> bool:
        """Put the cursor on the card of the market with `key` (no message: the screen
        moved the selection itself)."""
        place = self._places.get(key) if key is not None else None
        if place is None:
            return False
        if place != self._cursor:
            self._set_cursor(place)
        return True

    @property
    def cursor_market(self) -> Market | None:
        """The market whose card the cursor is on."""
        if self._cursor is None:
            return None
        column, card = self._cursor
        return self._columns[column].markets[card]

    @property
    def columns(self) -> tuple[BoardColumn, ...]:
        """The columns, one per status of the workflow, in its order."""
        return self._columns

    def top_of(self, column: int) -> int:
        """The first card drawn in `column`: where it was scrolled to, but never so far
        that cards above would fit in the lines left blank (after a filter, an edit)."""
        heights = self._heights[column]
        if not heights:
            return 0
        lowest = first_fitting(heights, len(heights) - 1, card_room(self.size.height))
        return min(self._tops.get(self._columns[column].status.name, 0), lowest)

    @property
    def first_drawn(self) -> int:
        """The first column drawn (columns scroll across when they do not all fit)."""
        return max(0, min(self._first, len(self._columns) - self._across))

    @property
    def _across(self) -> int:
        return columns_across(self.size.width, len(self._columns))

    def _reveal(self) -> None:
        """Scroll the cursor's column (and the columns across) so its card is drawn."""
        if self._cursor is None or not self.size:  # not laid out yet: on_resize does it
            return
        column, card = self._cursor
        name = self._columns[column].status.name
        room = card_room(self.size.height)
        self._tops[name] = top_showing(self._heights[column], self.top_of(column), card, room)
        self._first = first_column(self._first, column, self._across, len(self._columns))

    # -- moving the cursor --------------------------------------------------------------

    def _set_cursor(self, place: tuple[int, int]) -> None:
        """Put the cursor on `place`, the columns it leaves and enters drawn again."""
        self._drawings.pop(place[0], None)
        if self._cursor is not None:
            self._drawings.pop(self._cursor[0], None)
        self._cursor = place
        self._reveal()
        self.refresh()

    def _move_to(self, column: int, card: int) -> None:
        if (column, card) == self._cursor:
            return
        self._set_cursor((column, card))
        self.post_message(MarketHighlighted(self._columns[column].markets[card].key))

    def action_cursor_up(self) -> None:
        """The card above, in the same column."""
        if self._cursor is not None and self._cursor[1] > 0:
            self._move_to(self._cursor[0], self._cursor[1] - 1)

    def action_cursor_down(self) -> None:
        """The card below, in the same column."""
        if self._cursor is not None:
            column, card = self._cursor
            if card + 1 < len(self._heights[column]):
                self._move_to(column, card + 1)

    def action_cursor_across(self, step: int) -> None:
        """The card drawn nearest to the cursor's in the next column (`step` -1: to the
        left) that has cards; empty columns are passed over."""
        if self._cursor is None:
            return
        column, card = self._cursor
        target = next_filled(self._columns, column, step)
        if target is None:
            return
        room = card_room(self.size.height)
        here = self.top_of(column)
        line = next(
            (
                first
                for shown, first in cards_shown(self._heights[column], here, room)
                if shown == card
            ),
            0,
        )
        self._move_to(target, nearest_card(self._heights[target], self.top_of(target), room, line))

    def action_page(self, step: int) -> None:
        """A screenful of cards up or down the column."""
        if self._cursor is None:
            return
        column, card = self._cursor
        room = card_room(self.size.height)
        page = max(1, len(cards_shown(self._heights[column], self.top_of(column), room)) - 1)
        last = len(self._heights[column]) - 1
        self._move_to(column, max(0, min(last, card + step * page)))

    def action_end(self, step: int) -> None:
        """The first card of the column (`step` -1) or its last."""
        if self._cursor is not None:
            column, _ = self._cursor
            self._move_to(column, 0 if step < 0 else len(self._heights[column]) - 1)

    def action_move_card(self, step: int) -> None:
        """Move the card to the previous status (`step` -1) or the next one: the screen
        opens the status picker with that status chosen, for the note."""
        market = self.cursor_market
        if market is None or self._cursor is None:
            return
        column = self._cursor[0] + step
        if not 0 <= column < len(self._columns):
            edge = "first" if step < 0 else "last"
            # the status is the file's word: plain text, never markup
            self.notify(f"{market.status} is the workflow's {edge} status.", markup=False)
            return
        self.post_message(self.MoveAsked(market.key, self._columns[column].status.name))

    def action_choose(self) -> None:
        """Enter: edit the notes of the market under the cursor, as in the table."""
        market = self.cursor_market
        if market is not None:
            self.post_message(MarketChosen(market.key))

    # -- the mouse ----------------------------------------------------------------------

    def _column_at(self, x: int) -> int | None:
        left = 0
        widths = column_widths(self.size.width, self._across)
        for offset, width in enumerate(widths):
            if left <= x < left + width:
                return self.first_drawn + offset
            left += width + COLUMN_GAP
        return None

    def _card_at(self, column: int, y: int) -> int | None:
        line = y - HEAD_LINES
        room = card_room(self.size.height)
        heights = self._heights[column]
        for card, first in cards_shown(heights, self.top_of(column), room):
            if first <= line < first + heights[card] and line < room:
                return card
        return None

    def on_click(self, event: events.Click) -> None:
        """A click on a card puts the cursor on it; a double click chooses it; a click on
        `↑ n more` or `↓ n more` scrolls that column a page."""
        offset = event.get_content_offset(self)
        if offset is None or not self._columns:
            return
        column = self._column_at(offset.x)
        if column is None:
            return
        if offset.y == HEAD_LINES - 1 or offset.y == self.size.height - FOOT_LINES:
            room = card_room(self.size.height)
            shown = len(cards_shown(self._heights[column], self.top_of(column), room))
            self._scroll_column(column, -shown if offset.y == HEAD_LINES - 1 else shown)
            return
        card = self._card_at(column, offset.y)
        if card is None:
            return
        self._move_to(column, card)
        if event.chain == 2:
            self.action_choose()

    def _scroll_column(self, column: int, cards: int) -> None:
        name = self._columns[column].status.name
        self._tops[name] = max(0, self.top_of(column) + cards)  # top_of stops at the end
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        column = self._column_at(event.x)
        if column is not None:
            event.stop()
            self._scroll_column(column, 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        column = self._column_at(event.x)
        if column is not None:
            event.stop()
            self._scroll_column(column, -1)

    # -- drawing ------------------------------------------------------------------------

    def on_resize(self) -> None:
        self._reveal()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks = None
        self._cards.clear()  # the theme, or focus (the cursor's look) changed
        self._drawings.clear()

    def _get_looks(self) -> _Looks:
        if self._looks is None:
            style = self.get_component_rich_style
            self._looks = _Looks(
                base=self.rich_style,
                heading=style("board--heading"),
                card=style("board--card"),
                cursor=style("board--cursor"),
                edge=foreground(style("board--edge")),
                due=DueLooks(
                    muted=foreground(style("board--muted")),
                    overdue=foreground(style("board--overdue")),
                    soon=foreground(style("board--soon")),
                ),
            )
        return self._looks

    def render_line(self, y: int) -> Strip:
        looks = self._get_looks()
        width = self.size.width
        if not self._columns:
            return Strip.blank(width, looks.base)
        first, across = self.first_drawn, self._across
        segments: list[Segment] = []
        for offset, column_width in enumerate(column_widths(width, across)):
            if offset:
                segments.append(Segment(" " * COLUMN_GAP, looks.base))
            index = first + offset
            left = first if offset == 0 else 0
            right = len(self._columns) - first - across if offset == across - 1 else 0
            segments += self._drawing(index, column_width, left, right)[y]
        return Strip(segments).crop_extend(0, width, looks.base)

    def _drawing(self, index: int, width: int, left: int, right: int) -> list[list[Segment]]:
        """Every line of column `index`, `width` cells wide; `left`/`right`: how many
        columns are scrolled off that side (the heading says so). Kept until the column
        scrolls, its cursor moves, or what is shown changes."""
        height, top = self.size.height, self.top_of(index)
        key = (width, left, right, top, height)
        kept = self._drawings.get(index)
        if kept is not None and kept[0] == key:
            return kept[1]
        drawing = self._draw_column(index, width, left, right, top, height)
        self._drawings[index] = (key, drawing)
        return drawing

    def _draw_column(
        self, index: int, width: int, left: int, right: int, top: int, height: int
    ) -> list[list[Segment]]:
        assert self._shown is not None
        looks = self._get_looks()
        console = self.app.console
        column = self._columns[index]
        heights = self._heights[index]
        room = card_room(height)
        blank = [Segment(" " * width, looks.base)]
        look = status_style(column.status, self._shown.theme)
        title = heading(column, self._shown.filtered, look)
        if left:
            title = Text.assemble((MORE_LEFT, looks.due.muted), title, end="")
        lines = [_padded(console, title, width, looks.heading, MORE_RIGHT if right else "")]
        if top:
            lines.append(
                _padded(console, Text(f"↑ {top} more", looks.due.muted), width, looks.base)
            )
        else:
            lines.append([Segment("─" * width, looks.base + Style(color=look.color))])
        body = [blank] * room
        if not column.markets:
            said = Text(empty_column(column), looks.due.muted + Style(italic=True))
            body[0] = _padded(console, said, width, looks.base)
        shown = cards_shown(heights, top, room)
        for card, first in shown:
            for number, line in enumerate(self._card(index, card, width, looks)):
                if first + number < room:
                    body[first + number] = line
        lines += body
        below = len(heights) - (shown[-1][0] + 1 if shown else 0)
        more = Text(f"↓ {below} more", looks.due.muted)
        lines.append(_padded(console, more, width, looks.base) if below else blank)
        return (lines + [blank] * height)[:height]

    def _card(self, index: int, card: int, width: int, looks: _Looks) -> list[list[Segment]]:
        """The lines of a card, drawn once per market, width and cursor."""
        market = self._columns[index].markets[card]
        on_cursor = self._cursor == (index, card)
        key = (id(market), width, on_cursor)
        kept = self._cards.get(key)
        if kept is not None and kept[0] is market:
            return kept[1]
        assert self._shown is not None
        style = looks.cursor if on_cursor else looks.card
        edge = CURSOR_EDGE if on_cursor else " "
        due = ON_CURSOR if on_cursor else looks.due
        console = self.app.console
        lines = [
            [Segment(edge, style + looks.edge), *_padded(console, text, width - 1, style)]
            for text in card_lines(market, self._shown.today, self._shown.soon_days, due, width - 3)
        ]
        self._cards.set(key, (market, lines))
        return lines


def _padded(
    console: Console, text: Text, width: int, style: Style, right: str = ""
) -> list[Segment]:
    """`text` in `width` cells on `style`, a cell of padding each side, cut with `…`;
    `right` is kept at the right end."""
    inner = max(0, width - 2 - len(right))
    text = text.copy()
    text.truncate(inner, overflow="ellipsis", pad=True)
    line = Text.assemble(" ", text, right, " ", end="")
    # exactly `width` cells (the line's Strip crops whatever a narrow column leaves over)
    return [
        Segment(piece, style + piece_style if piece_style else style)
        for piece, piece_style, _ in line.render(console)
    ]
