"""The regions view: the markets shown, grouped by region, as a tree of lines.

Each region's line counts its markets per status and names its earliest target; the
markets without a region are a group of their own, last. Regions collapse and expand
(← →, space or enter on a region's line, a click on it) and stay so through edits and
filters; `o` sorts them by count or by name. The cursor on a market selects it, as the
table's does.

Drawn with the line API, as the table is: `show()` only groups the markets; a line is
drawn when it comes on screen, so 2,000 markets cost little more than 20. (Textual's
`Tree` built a node and its label per market up front: 0.3 s at 2,000.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from roadmap_tui.model import Market
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.views import MarketChosen, MarketHighlighted, Shown
from roadmap_tui.ui.views.due_marks import ON_CURSOR, DueLooks, foreground
from roadmap_tui.ui.views.region_groups import RegionGroup, RegionOrder, region_groups
from roadmap_tui.ui.views.region_labels import Widths, market_label, region_label, widths_of

EXPANDED, COLLAPSED = "▼ ", "▶ "
BRANCH, LAST_BRANCH = "├─ ", "└─ "
_LINES_KEPT = 512  # drawn lines kept: a few screens of them


class Line(NamedTuple):
    """A line of the view: a region's own (`market` -1) or one of its markets."""

    group: int  # the region's place among the groups shown
    market: int  # the market's place in its region, -1 for the region's line


@dataclass(frozen=True)
class _Looks:
    """The view's styles, from its stylesheet (`regions.tcss`), for one frame."""

    base: Style  # the view's own
    cursor: Style
    guide: Style
    due: DueLooks


class RegionsView(ScrollView, can_focus=True):
    """A line per region, under it a line per market of it, in the table's order."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("regions"),
        Binding("up", "cursor(-1)", "Line above", show=False),
        Binding("down", "cursor(1)", "Line below", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "end(-1)", "First line", show=False),
        Binding("end,ctrl+end", "end(1)", "Last line", show=False),
        Binding("enter", "choose", "Notes", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "regions--cursor",
        "regions--guide",
        "regions--muted",
        "regions--overdue",
        "regions--soon",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.order = RegionOrder.COUNT
        self._shown: Shown | None = None
        self._groups: list[RegionGroup] = []
        self._widths: Widths | None = None
        self._places: dict[str, tuple[int, int]] = {}  # market key → (group, place)
        self._collapsed: set[str | None] = set()  # regions collapsed, by name
        self._lines: list[Line] = []  # the lines shown: regions, and markets of expanded ones
        self._starts: list[int] = []  # the line of each region
        self._cursor = 0
        # The market the screen knows as selected: the cursor landing on it says nothing.
        self._selected: str | None = None
        self._away = True  # another view was shown since the last `show()`
        self._drawn: LRUCache[tuple[int, int, bool, int], Strip] = LRUCache(_LINES_KEPT)
        self._looks: _Looks | None = None

    # -- what is shown ------------------------------------------------------------------

    def show(self, shown: Shown, selected: str | None) -> None:
        """Group the markets of `shown` by region; the cursor goes on `selected`, its
        region expanded. While the view stays on screen (an edit, a filter, `o`) and
        the selection is the one it was, a cursor on a region's line stays there, and
        the tree as the user left it."""
        on_region = self.cursor_group if self.cursor_market is None else None
        stay = on_region is not None and selected == self._selected and not self._away
        self._away = False
        self._shown = shown
        self._groups = region_groups(
            shown.markets, shown.workflow, shown.today, shown.soon_days, self.order
        )
        self._widths = widths_of(self._groups, shown.workflow)
        self._places = {
            market.key: (index, place)
            for index, group in enumerate(self._groups)
            for place, market in enumerate(group.markets)
        }
        self._drawn.clear()
        self._lay_out()
        regions = [group.region for group in self._groups]
        if stay and on_region is not None and on_region.region in regions:
            self._cursor = self._starts[regions.index(on_region.region)]
            self._reveal()
        elif not self._go_to(selected):
            self._cursor = 0
            self._reveal()
        self._selected = selected
        self.refresh()

    def on_hide(self) -> None:
        """Another view is shown: the next `show()` shows this one again."""
        self._away = True

    def select(self, key: str | None) -> bool:
        """Put the cursor on the market with `key`, its region expanded (no message: the
        screen moved the selection itself). The market selected already leaves the
        cursor where it is, on its line or its region's."""
        if key is not None and key == self._selected:
            return key in self._places
        return self._go_to(key)

    def _go_to(self, key: str | None) -> bool:
        place = self._places.get(key) if key is not None else None
        if place is None:
            return False
        self._selected = key
        group, market = place
        if self._groups[group].region in self._collapsed:
            self._collapsed.discard(self._groups[group].region)
            self._lay_out()
        self._move(self._starts[group] + 1 + market, announce=False)
        return True

    def _lay_out(self) -> None:
        """The lines: each region's, then its markets' unless it is collapsed."""
        lines: list[Line] = []
        starts: list[int] = []
        for index, group in enumerate(self._groups):
            starts.append(len(lines))
            lines.append(Line(index, -1))
            if group.region not in self._collapsed:
                lines.extend(Line(index, place) for place in range(len(group.markets)))
        self._lines, self._starts = lines, starts
        self._drawn.clear()  # a region's ▼ or ▶, and which line is where
        self.virtual_size = Size(0, len(lines))  # lines are cut, never scrolled across
        self._cursor = min(self._cursor, max(0, len(lines) - 1))
        self.refresh()

    @property
    def cursor_line(self) -> Line | None:
        return self._lines[self._cursor] if self._lines else None

    @property
    def cursor_group(self) -> RegionGroup | None:
        """The region of the line under the cursor."""
        line = self.cursor_line
        return self._groups[line.group] if line is not None else None

    @property
    def cursor_market(self) -> Market | None:
        """The market on the line under the cursor (None on a region's line)."""
        line = self.cursor_line
        if line is None or line.market < 0:
            return None
        return self._groups[line.group].markets[line.market]

    @property
    def groups(self) -> list[RegionGroup]:
        """The regions shown, in their order."""
        return self._groups

    def is_collapsed(self, region: str | None) -> bool:
        return region in self._collapsed

    # -- moving the cursor --------------------------------------------------------------

    def _move(self, line: int, announce: bool = True) -> None:
        line = max(0, min(line, len(self._lines) - 1))
        if line != self._cursor:
            self._refresh_line(self._cursor)
            self._cursor = line
            self._refresh_line(line)
        self._reveal()
        market = self.cursor_market
        if announce and market is not None and market.key != self._selected:
            self._selected = market.key
            self.post_message(MarketHighlighted(market.key))

    def _refresh_line(self, line: int) -> None:
        self.refresh_line(line - round(self.scroll_offset.y))

    def _reveal(self) -> None:
        height = self.scrollable_content_region.height
        if not height:  # not laid out yet: on_resize does it
            return
        top = round(self.scroll_offset.y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=False, force=True)

    def on_resize(self) -> None:
        self._reveal()

    def action_cursor(self, step: int) -> None:
        """The line above (`step` -1) or below."""
        self._move(self._cursor + step)

    def action_page(self, step: int) -> None:
        """A screenful up or down."""
        self._move(self._cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_end(self, step: int) -> None:
        """The first line (`step` -1) or the last."""
        self._move(0 if step < 0 else len(self._lines) - 1)

    # -- collapsing, ordering, choosing --------------------------------------------------

    def _fold(self, group: int, collapse: bool) -> None:
        region = self._groups[group].region
        if collapse == (region in self._collapsed):
            return
        if collapse:
            self._collapsed.add(region)
        else:
            self._collapsed.discard(region)
        self._lay_out()
        self._cursor = self._starts[group]
        self._reveal()

    def action_collapse(self) -> None:
        """Collapse the region under the cursor; from a market, go to its region."""
        line = self.cursor_line
        if line is None:
            return
        if line.market >= 0:
            self._move(self._starts[line.group])
        else:
            self._fold(line.group, collapse=True)

    def action_expand(self) -> None:
        """Expand the region under the cursor; expanded, go to its first market."""
        line = self.cursor_line
        if line is None or line.market >= 0:
            return
        if self._groups[line.group].region in self._collapsed:
            self._fold(line.group, collapse=False)
        else:
            self._move(self._cursor + 1)

    def action_toggle_region(self) -> None:
        """Collapse or expand the region under the cursor; on a market, space is the
        screen's (it marks the market)."""
        line = self.cursor_line
        if line is None or line.market >= 0:
            raise SkipAction
        self._toggle(line.group)

    def _toggle(self, group: int) -> None:
        self._fold(group, collapse=self._groups[group].region not in self._collapsed)

    def action_choose(self) -> None:
        """Enter: on a region, collapse or expand it; on a market, edit its notes."""
        line = self.cursor_line
        if line is None:
            return
        market = self.cursor_market
        if market is None:
            self._toggle(line.group)
        else:
            self.post_message(MarketChosen(market.key))

    def action_toggle_order(self) -> None:
        """Sort the regions by count, or by name."""
        self.order = self.order.other
        if self._shown is not None:
            self.show(self._shown, self._selected)
        self.notify(f"Regions by {self.order}.", timeout=2)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on its line; on a region's line it also collapses or
        expands it; a double click on a market edits its notes."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = round(self.scroll_offset.y) + offset.y
        if not 0 <= line < len(self._lines):
            return
        self._move(line)
        if self._lines[line].market < 0:
            self._toggle(self._lines[line].group)
        elif event.chain == 2:
            self.action_choose()

    # -- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks = None
        self._drawn.clear()  # the theme, or focus (the cursor's look) changed

    def _get_looks(self) -> _Looks:
        if self._looks is None:
            style = self.get_component_rich_style
            self._looks = _Looks(
                base=self.rich_style,
                cursor=style("regions--cursor"),
                guide=foreground(style("regions--guide")),
                due=DueLooks(
                    muted=foreground(style("regions--muted")),
                    overdue=foreground(style("regions--overdue")),
                    soon=foreground(style("regions--soon")),
                ),
            )
        return self._looks

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = round(self.scroll_offset.y) + y
        if not 0 <= number < len(self._lines):
            looks = self._get_looks()
            if number == 0 and self._shown is not None:  # nothing to group: say why
                said = Text(_nothing_shown(self._shown), looks.due.muted + Style(italic=True))
                return Strip(said.render(self.app.console)).crop_extend(0, width, looks.base)
            return Strip.blank(width, looks.base)
        line = self._lines[number]
        on_cursor = number == self._cursor
        key = (line.group, line.market, on_cursor, width)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._draw(line, on_cursor, width)
            self._drawn.set(key, drawn)
        return drawn

    def _draw(self, line: Line, on_cursor: bool, width: int) -> Strip:
        shown, widths = self._shown, self._widths
        assert shown is not None and widths is not None
        looks = self._get_looks()
        due, guide_look = (ON_CURSOR, Style()) if on_cursor else (looks.due, looks.guide)
        group = self._groups[line.group]
        if line.market < 0:
            icon = COLLAPSED if group.region in self._collapsed else EXPANDED
            label = region_label(group, widths, shown.theme, due, width - 1 - len(icon))
            text = Text.assemble((icon, guide_look), label)
        else:
            market = group.markets[line.market]
            guide = LAST_BRANCH if line.market == len(group.markets) - 1 else BRANCH
            label = market_label(
                market,
                widths,
                shown.workflow,
                shown.theme,
                shown.today,
                shown.soon_days,
                due,
                owner=widths.owner_room(width),
            )
            text = Text.assemble(("  " + guide, guide_look), label)
        base = looks.cursor if on_cursor else looks.base
        segments = [
            Segment(piece, base + style if style else base)
            for piece, style, _ in Text.assemble(" ", text, end="").render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, base)


def _nothing_shown(shown: Shown) -> str:
    if shown.filtered:
        return " No market matches the filters; esc clears them."
    return " No markets yet: press a to add one."
