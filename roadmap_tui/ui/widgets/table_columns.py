"""The market table's columns: their headings and how the width is shared between them.

No Textual here: the widths are worked out from numbers (the widest code, name and region
shown, the headings and the width available), so the rules can be read and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from roadmap_tui.due import DUE_SOON_DAYS, due_states
from roadmap_tui.model import Market
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS
from roadmap_tui.ui.widgets.status import STATUS_LABEL_WIDTH

if TYPE_CHECKING:
    from roadmap_tui.ui.widgets.market_table import MarketTable

DATE_WIDTH = 10
# Columns that share the width left over: the most each takes of its widest value, and
# the least it is given before it is left out (see `fit_widths`).
FLEXIBLE = ("name", "region", "owner", "notes")
NAME_MOST, NAME_LEAST = 28, 10
REGION_MOST = 18
OWNER_MOST = 32
NOTES_LEAST = 10
# Below these widths a column reads badly: on a narrow table it is left out instead.
_COMFORT = {"name": 16, "region": 12, "owner": 12, "notes": 20}
# What gives way first on a narrow table: the detail pane shows all of them in full.
GIVE_WAY = ("since", "due words", "notes", "owner", "region")
_CODE, _NAME, _REGION, _OWNER = (attrgetter(key) for key in ("code", "name", "region", "owner"))
# What `measure` measures of the markets (the status's width is the workflow's).
_MEASURED = ("code", "name", "region", "owner", "due")
# Columns whose width does not depend on the markets.
_FIXED = {"since": DATE_WIDTH, "target": DATE_WIDTH}


@dataclass
class Column:
    """One column of the table as drawn: its key, its heading and its width in cells
    (without the padding on each side)."""

    key: str
    label: Text
    width: int

    def get_render_width(self, table: MarketTable) -> int:
        """The cells the column takes on screen, padding included."""
        return self.width + 2 * table.cell_padding


@dataclass(frozen=True)
class Widest:
    """The widest code, name, region, owner and due mark among the markets shown, in cells."""

    code: int = 4
    name: int = 4
    region: int = 6
    owner: int = 5
    # the widest `glyph status` of the roadmap's workflow
    status: int = STATUS_LABEL_WIDTH
    # the widest word of an overdue or due-soon mark after a target date (0: none shown)
    due: int = 0


# Widths of text that is not plain ASCII, by text: names and regions come back on every
# filter, and rich's own cache is smaller than a big roadmap.
_WIDTHS: dict[str, int] = {}
_WIDTHS_KEPT = 100_000


def _width(text: str) -> int:
    """`text`'s width in cells (printable ASCII: its length, the common case)."""
    if text.isascii() and text.isprintable():
        return len(text)
    width = _WIDTHS.get(text)
    if width is None:
        if len(_WIDTHS) >= _WIDTHS_KEPT:
            _WIDTHS.clear()
        width = _WIDTHS[text] = cell_len(text)
    return width


def _widest_name(names: list[str]) -> int:
    # The longest name first (in C): as wide as the column, it is the answer the loop
    # below would give, without the join and sort of every name.
    widest = _width(max(names, key=len, default=""))
    if widest >= NAME_MOST:
        return widest
    joined = "".join(names)
    if joined.isascii() and joined.isprintable():
        return max(map(len, names))
    # Longest first: a character takes at most two cells, so once twice a name's length
    # is no more than the widest so far, no shorter name can be wider; and no name
    # needs measuring once one fills the column.
    widest = 0
    for name in sorted(names, key=len, reverse=True):
        if 2 * len(name) <= widest or widest >= NAME_MOST:
            break
        widest = max(widest, _width(name))
    return widest


def measure(
    markets: Sequence[Market], today: date | None = None, soon_days: int = DUE_SOON_DAYS
) -> Widest:
    """The widest code, name, region and owner of `markets`, in cells, and of the words
    of their due marks on `today` (without a pass of Python code per market when the text
    is plain ASCII; regions and owners repeat, so each distinct one is measured once)."""
    if not markets:
        return Widest()
    code = max(map(len, map(_CODE, markets)))
    name = _widest_name(list(map(_NAME, markets)))
    region = max((_width(value) for value in set(map(_REGION, markets)) if value), default=0)
    owner = max((_width(value) for value in set(map(_OWNER, markets)) if value), default=0)
    states = due_states(markets, today, soon_days) if today is not None else set()
    marks = [len(state) for state in states]
    return Widest(code=code, name=name, region=region, owner=owner, due=max(marks, default=0))


def measure_changed(
    widest: Widest,
    before: Sequence[Market],
    after: Sequence[Market],
    changed: Sequence[int],
    today: date | None = None,
    soon_days: int = DUE_SOON_DAYS,
) -> Widest | None:
    """What `measure(after)` gives, from `widest` (what `measure(before)` gave), when the
    markets at the positions `changed` are the only ones that differ: only those are
    measured, as they were and as they are. None when that cannot tell: a changed market
    held a widest value and is now narrower (another may or may not be as wide).

    An edit of one market of 10,000 is then measured as one market, not 10,000."""
    was = measure([before[index] for index in changed], today, soon_days)
    now = measure([after[index] for index in changed], today, soon_days)
    widths = {}
    for field in _MEASURED:
        kept, old, new = getattr(widest, field), getattr(was, field), getattr(now, field)
        if old >= kept and new < old:
            return None
        widths[field] = max(kept, new)
    return replace(widest, **widths)


def fit_widths(
    visible: Iterable[str], labels: Mapping[str, str], widest: Widest, available: int, padding: int
) -> dict[str, int]:
    """Share `available` cells between the `visible` columns (each also takes `padding`
    on both sides); the columns returned are the ones drawn, in order.

    Code, status and dates take what they need; a target date with an overdue or
    due-soon mark takes its glyph too, and its word where there is room. Name, region and
    owner take their widest value up to a limit; the notes take what is left. When that
    does not fit, what reads worst cut short gives way, in turn (`GIVE_WAY`): the since
    date, the marks' words (the summary line says what each glyph means), the notes, the
    owner, the region — the detail pane shows each of them in full. Once every column is
    as wide as it needs, the width over goes to the owner (up to its widest) and the notes;
    with the notes hidden, the last shown of name, region and owner takes it, so the table
    always fills its width."""
    wanted = set(visible)
    shown = [key for key in COLUMN_KEYS if key in wanted]
    label = {key: cell_len(labels[key]) for key in shown}
    # the glyph of a due mark, and its word where there is room
    glyph = 2 if widest.due else 0
    words = widest.due + 1 if widest.due else 0

    def needs(key: str) -> int:
        if key == "status":
            return max(widest.status, label[key])
        if key == "code":
            return max(4, widest.code, label[key])
        if key == "target":
            return max(DATE_WIDTH + glyph, label[key])
        if key in _FIXED:
            return max(_FIXED[key], label[key])
        return max(label[key], _comfortable(key, widest))

    def fits(keys: list[str], with_words: bool) -> bool:
        cells = sum(map(needs, keys)) + 2 * padding * len(keys)
        return cells + (words if with_words and "target" in keys else 0) <= available

    with_words = bool(words)
    for giving_way in GIVE_WAY:
        if fits(shown, with_words) or len(shown) == 1:
            break
        if giving_way == "due words":
            with_words = False
        elif giving_way in shown:
            shown.remove(giving_way)
    widths = {key: needs(key) for key in shown if key not in FLEXIBLE}
    if "target" in widths and with_words:
        widths["target"] += words
    rest = available - sum(widths.values()) - 2 * padding * len(shown)
    most = {
        "name": min(max(widest.name, label.get("name", 0)), NAME_MOST),
        "region": min(max(widest.region, label.get("region", 0)), REGION_MOST),
        "owner": min(max(widest.owner, label.get("owner", 0)), OWNER_MOST),
    }
    flexible: list[str] = [key for key in ("name", "region", "owner") if key in shown]
    share = {key: min(needs(key), most[key]) for key in flexible}
    notes = needs("notes") if "notes" in shown else 0
    # Nothing left to give way and still too wide: the owner, then the region, then the
    # name are cut short (the table scrolls sideways past that).
    over = sum(share.values()) + notes - rest
    floors = {"owner": label.get("owner", 0), "region": label.get("region", 0)}
    for key in ("owner", "region", "name"):
        if over > 0 and key in share:
            cut = max(0, min(over, share[key] - floors.get(key, NAME_LEAST)))
            share[key] -= cut
            over -= cut
    left = -over
    # The width over: name, region and owner up to their widest, then the notes.
    for key in flexible:
        grow = max(0, min(most[key] - share[key], left))
        share[key] += grow
        left -= grow
    if notes:
        notes += max(0, left)
    elif left > 0 and flexible:
        share[flexible[-1]] += left
    widths.update(share)
    if "notes" in shown:
        widths["notes"] = notes
    return {key: widths[key] for key in shown}


def _comfortable(key: str, widest: Widest) -> int:
    """The width `key` reads well at: its widest value, up to `_COMFORT`."""
    value = {"name": widest.name, "region": widest.region, "owner": widest.owner}
    return min(value.get(key, _COMFORT[key]), _COMFORT[key])
