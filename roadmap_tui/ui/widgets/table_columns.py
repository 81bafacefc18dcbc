"""The market table's columns: their headings and how the width is shared between them.

No Textual here: the widths are worked out from numbers (the widest code, name and region
shown, the headings and the width available), so the rules can be read and tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from roadmap_tui.model import Market
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS
from roadmap_tui.ui.widgets.status import STATUS_LABEL_WIDTH

if TYPE_CHECKING:
    from roadmap_tui.ui.widgets.market_table import MarketTable

DATE_WIDTH = 10
# Columns that share the width left over; their widest and narrowest sizes.
FLEXIBLE = ("name", "region", "notes")
NAME_MOST, NAME_LEAST = 28, 10
REGION_MOST = 18
NOTES_LEAST = 10
_CODE, _NAME, _REGION = attrgetter("code"), attrgetter("name"), attrgetter("region")
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
    """The widest code, name and region among the markets shown, in cells."""

    code: int = 4
    name: int = 4
    region: int = 6
    # the widest `glyph status` of the roadmap's workflow
    status: int = STATUS_LABEL_WIDTH


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


def measure(markets: Sequence[Market]) -> Widest:
    """The widest code, name and region of `markets`, in cells (without a pass of
    Python code per market when the text is plain ASCII; regions repeat, so each
    distinct one is measured once)."""
    if not markets:
        return Widest()
    code = max(map(len, map(_CODE, markets)))
    name = _widest_name(list(map(_NAME, markets)))
    regions = set(map(_REGION, markets))
    region = max((_width(value) for value in regions if value), default=0)
    return Widest(code=code, name=name, region=region)


def fit_widths(
    visible: Iterable[str], labels: Mapping[str, str], widest: Widest, available: int, padding: int
) -> dict[str, int]:
    """Share `available` cells between the `visible` columns (each also takes `padding`
    on both sides). Code, status and dates take what they need; name and region take
    their widest value up to a limit; the notes take all that is left. On narrow
    terminals the region gives way first, then the name, so the notes keep a readable
    start. With the notes hidden, the last shown of name and region takes what is left,
    so the table still fills its width."""
    shown = [key for key in COLUMN_KEYS if key in set(visible)]
    label = {key: cell_len(labels[key]) for key in shown}
    widths = {
        key: max(
            widest.status if key == "status" else _FIXED.get(key, max(4, widest.code)),
            label[key],
        )
        for key in shown
        if key not in FLEXIBLE
    }
    rest = available - sum(widths.values()) - 2 * padding * len(shown)
    name = min(max(widest.name, label["name"]), NAME_MOST) if "name" in label else 0
    region = min(max(widest.region, label["region"]), REGION_MOST) if "region" in label else 0
    notes_least = NOTES_LEAST if "notes" in label else 0
    over = name + region + notes_least - rest
    if over > 0 and "region" in label:
        region = max(label["region"], region - over)
        over = name + region + notes_least - rest
    if over > 0 and "name" in label:
        name = max(NAME_LEAST, name - over)
    left = rest - name - region
    if "notes" in label:
        widths["notes"] = max(NOTES_LEAST, left)
    elif left > 0 and ("region" in label or "name" in label):
        if "region" in label:
            region += left
        else:
            name += left
    if "name" in label:
        widths["name"] = name
    if "region" in label:
        widths["region"] = region
    return {key: widths[key] for key in shown}
