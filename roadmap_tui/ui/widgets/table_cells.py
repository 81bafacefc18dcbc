"""The cells of the market table: each column's text for one market, styled, never
parsed as markup (a market's text is data), with control characters made visible."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text

from roadmap_tui.controls import has_controls
from roadmap_tui.due import Due
from roadmap_tui.model import Market
from roadmap_tui.ui.text import one_line, visible
from roadmap_tui.ui.widgets.due_mark import due_text
from roadmap_tui.ui.widgets.status import look_of, status_text
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

NO_DATE = "—"

# The column of marks (space marks a market for an edit of many): drawn before the
# others, and only while a market is marked.
MARK_COLUMN = "mark"
MARK = "✓"

# Put before the name of a market a comparison found changed: readable without colour.
CHANGE_MARK = "Δ "


def _shown(value: str) -> str:
    """`value` with control characters visible; most text has none, so check first."""
    return visible(value) if has_controls(value) else value


def _first_line(value: str) -> str:
    """Like `one_line`: the first line, control characters visible, `…` if more follows."""
    return one_line(value) if has_controls(value) else value


def _cell(value: str, style: str = "") -> Text:
    # User text is data: a Text is never parsed as markup, and `ellipsis` marks a cut.
    return Text(value, style=style, no_wrap=True, overflow="ellipsis", end="")


def _date_cell(value: object) -> Text:
    return _cell(value.isoformat(), "") if value is not None else _cell(NO_DATE, "dim")  # type: ignore[attr-defined]


def market_cells(
    market: Market,
    marked: bool,
    theme_variables: Mapping[str, str],
    ticked: bool = False,
    workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
    due_state: Due | None = None,
) -> dict[str, Text]:
    """The cell of each column for `market` (its name after `Δ ` when `marked`; `●` in
    the mark column when `ticked`, marked with space for an edit of many; its target
    date followed by `! overdue` or `◷ due soon` for `due_state`)."""
    target = _date_cell(market.target)
    if due_state is not None:
        # Cropped, not cut with `…`: a column too narrow for the word keeps the glyph.
        target = Text.assemble(target, " ", due_text(due_state, theme_variables))
        target.no_wrap, target.overflow, target.end = True, "crop", ""
    name = _cell(_first_line(market.name))
    if marked:
        name = Text.assemble((CHANGE_MARK, "bold"), name, no_wrap=True, overflow="ellipsis")
        name.end = ""
    return {
        MARK_COLUMN: _cell(MARK if ticked else "", "bold"),
        "code": _cell(_shown(market.code), "bold"),
        "name": name,
        "region": _cell(_first_line(market.region or "")),
        "owner": _cell(_first_line(market.owner or "")),
        "status": status_text(look_of(market.status, workflow), theme_variables),
        "since": _date_cell(market.since),
        "target": target,
        "notes": _cell(_shown(market.first_note_line)),
    }
