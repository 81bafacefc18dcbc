"""What the regions view writes on each line: a region with its counts per status, its
earliest target and how many are late; a market with its code, name, status and target.
Lined up in columns, built from parts (names are data, never markup)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from roadmap_tui.due import Due
from roadmap_tui.model import Market
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.views.due_marks import DUE_GLYPHS, DueLooks, target_text
from roadmap_tui.ui.views.region_groups import RegionGroup
from roadmap_tui.ui.widgets.status import look_of, status_label_width, status_style
from roadmap_tui.workflow import WorkflowStatus

# Widest a region's or a market's name is lined up to; longer ones are cut with `…`.
NAME_WIDTH = 28
CODE_WIDTH = 8
OWNER_WIDTH = 28
MIN_OWNER_WIDTH = 8  # narrower, an owner says little: left to the detail pane
GUIDE_WIDTH = 6  # the padding and `  ├─ ` before a market's code
TARGET_WIDTH = len("◷ due soon 2024-05-20")


@dataclass(frozen=True)
class Widths:
    """The columns the lines are lined up in."""

    title: int  # a region's name (its markets' lines are indented under it)
    count: int  # digits of the largest count
    code: int
    name: int
    status: int
    owner: int  # the widest owner (drawn where the view is wide enough)

    def owner_room(self, width: int) -> int:
        """The cells a market's line `width` cells wide has for its owner (0: none):
        what the code, name, status and a target with its mark leave over."""
        used = GUIDE_WIDTH + self.code + self.name + self.status + TARGET_WIDTH + 2 * 4
        room = min(self.owner, OWNER_WIDTH, width - used)
        return room if room >= MIN_OWNER_WIDTH else 0


def widths_of(groups: Sequence[RegionGroup], workflow: Sequence[WorkflowStatus]) -> Widths:
    markets = [market for group in groups for market in group.markets]
    return Widths(
        title=min(NAME_WIDTH, max((cell_len(one_line(g.title)) for g in groups), default=0)),
        count=len(str(max((len(group.markets) for group in groups), default=0))),
        code=min(CODE_WIDTH, max((len(market.code) for market in markets), default=0)),
        name=_widest((market.name for market in markets), NAME_WIDTH),
        status=status_label_width(workflow),
        owner=_widest((market.owner or "" for market in markets), OWNER_WIDTH),
    )


def _widest(names: Iterable[str], most: int) -> int:
    """The cells the widest of `names` takes as drawn (its first line), `most` at most.
    Measuring names is most of what the view costs at 2,000 markets: ASCII is measured
    at C speed, and the measuring stops at the first name as wide as `most`."""
    widest = 0
    for name in names:
        cells = len(name) if name.isascii() and name.isprintable() else cell_len(one_line(name))
        if cells >= most:
            return most
        widest = max(widest, cells)
    return widest


def _fitted(value: str, width: int, style: Style | str = "") -> Text:
    text = Text(value, style=style, end="")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def region_label(
    group: RegionGroup,
    widths: Widths,
    theme: Mapping[str, str],
    looks: DueLooks,
    width: int | None = None,
) -> Text:
    """`Europe   ○ 0  ◐ 4  ● 1   earliest 2022-11-01  ! 1 overdue`, the counts lined
    up with the other regions'. Wider than `width` (many statuses, a narrow terminal),
    the statuses no market of the region has are left out, so the overdue count shows."""
    label = _region_label(group, widths, theme, looks, zeros=True)
    if width is not None and label.cell_len > width:
        label = _region_label(group, widths, theme, looks, zeros=False)
    return label


def _region_label(
    group: RegionGroup, widths: Widths, theme: Mapping[str, str], looks: DueLooks, zeros: bool
) -> Text:
    parts: list[Text | tuple[str, Style | str] | str] = [
        _fitted(one_line(group.title), widths.title, "bold" if group.region else "italic"),
        " ",
    ]
    for status, count in group.counts:
        if count or zeros:
            look = status_style(status, theme) if count else looks.muted
            parts += ["  ", (f"{status.glyph} {count:>{widths.count}}", look)]
    if group.earliest is not None:
        parts += ["   ", ("earliest ", looks.muted), group.earliest.isoformat()]
    else:
        parts += ["   ", ("no target", looks.muted)]
    for state, count in ((Due.OVERDUE, group.overdue), (Due.SOON, group.soon)):
        if count:
            parts += ["  ", (f"{DUE_GLYPHS[state]} {count} {state}", looks.of(state))]
    return Text.assemble(*parts, end="", no_wrap=True)


def market_label(
    market: Market,
    widths: Widths,
    workflow: Sequence[WorkflowStatus],
    theme: Mapping[str, str],
    today: date,
    soon_days: int,
    looks: DueLooks,
    owner: int = 0,
) -> Text:
    """`DE  Germany          ◐ paused   target 2022-11-01`, with the owner after the
    status in `owner` cells when that is not 0."""
    status = look_of(market.status, workflow)
    parts: list[Text | str] = [
        _fitted(one_line(market.code), widths.code, "bold"),
        "  ",
        _fitted(one_line(market.name), widths.name),
        "  ",
        _fitted(one_line(status.label), widths.status, status_style(status, theme)),
        "  ",
    ]
    if owner:
        parts += [_fitted(one_line(market.owner or ""), owner, looks.muted), "  "]
    parts.append(target_text(market, today, soon_days, looks))
    return Text.assemble(*parts, end="", no_wrap=True)
