"""A roadmap as CSV for spreadsheets: RFC 4180, UTF-8, a header row, one row per market,
with the note of the change that set each market's status (why it is paused).

Named `csv_export` so it never shadows the standard library's `csv`. Cells that a
spreadsheet would run as a formula are prefixed with `'` (see `guard_cell`). Excel reads
a CSV as UTF-8 only when it starts with a byte-order mark: `for_excel` adds one.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from roadmap_tui.model import Market, Roadmap
from roadmap_tui.share.export.reason import status_note

COLUMNS = (
    "code",
    "name",
    "status",
    "region",
    "owner",
    "since",
    "target",
    "tags",
    "notes",
    "status_note",
)
TAG_SEPARATOR = "; "
BYTE_ORDER_MARK = "\ufeff"

# a spreadsheet treats a cell starting with one of these as a formula (or as the start of
# one, after a tab or carriage return); `'*` so that the guard can be undone exactly
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")


def guard_cell(value: str) -> str:
    """`value` made inert for spreadsheets: `=HYPERLINK(...)` becomes `'=HYPERLINK(...)`.

    Text that starts with apostrophes before such a character gets one more, so that
    `unguard_cell` gives back exactly the original text."""
    return "'" + value if _FORMULA_START.match(value) else value


def unguard_cell(value: str) -> str:
    """The original text of a cell written by `guard_cell`."""
    return value[1:] if _GUARDED.match(value) else value


def market_row(market: Market) -> list[str]:
    """One market as the row's cells, in `COLUMNS` order, before guarding."""
    return [
        market.code,
        market.name,
        str(market.status),
        market.region or "",
        market.owner or "",
        market.since.isoformat() if market.since else "",
        market.target.isoformat() if market.target else "",
        TAG_SEPARATOR.join(market.tags),
        market.notes or "",
        status_note(market),
    ]


def render(roadmap: Roadmap, today: date | None = None) -> str:
    """Every market as a CSV row under a header row; lines end with CRLF as RFC 4180 says."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for market in roadmap.markets:
        writer.writerow([guard_cell(cell) for cell in market_row(market)])
    return buffer.getvalue()


def for_excel(text: str) -> str:
    """The CSV with a UTF-8 byte-order mark in front, which is how Excel (and LibreOffice's
    import) know it is UTF-8 rather than the machine's legacy code page: `Köln`, not
    `KÃ¶ln`. Python's `csv` and pandas read it with `encoding="utf-8-sig"`."""
    return BYTE_ORDER_MARK + text
