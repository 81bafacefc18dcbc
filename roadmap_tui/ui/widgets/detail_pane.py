"""The detail pane: every field of the selected market, its notes, its history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from roadmap_tui.due import due
from roadmap_tui.model import Market
from roadmap_tui.moments import describe_moment, moment_order
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.due_mark import due_content_style, due_label
from roadmap_tui.ui.widgets.status import look_of, status_content_style, status_label
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

_LABEL_STYLE = "$text-muted"
_HEADING_STYLE = "bold $text-secondary"
_NONE = ("—", "$text-muted")
_LABEL_WIDTH = 8


def _field(label: str, value: str | None) -> list[str | tuple[str, str]]:
    shown: str | tuple[str, str] = visible(value) if value else _NONE
    return [(f"{label:<{_LABEL_WIDTH}}", _LABEL_STYLE), shown, "\n"]


def market_details(
    market: Market,
    workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
    theme_variables: Mapping[str, str] | None = None,
    due_on: tuple[date, int] | None = None,
) -> Content:
    """The selected market as styled content, its statuses as `workflow` draws them,
    its target marked overdue or due soon as of `due_on` (today, the days that are soon).
    User text goes in as plain strings with control characters made visible: Content
    never reads them as markup."""

    def styled(name: str, label: bool = False) -> tuple[str, str]:
        look = look_of(name, workflow)
        shown = status_label(look) if label else visible(name)
        return (shown, status_content_style(look, theme_variables))

    parts: list[str | tuple[str, str]] = [
        (visible(market.code), "bold"),
        "  ",
        (visible(market.name), "bold"),
        "\n",
        styled(market.status, label=True),
    ]
    if market.since:
        parts += [("  since ", _LABEL_STYLE), market.since.isoformat()]
    parts.append("\n\n")
    parts += _field("Region", market.region)
    parts += _field("Owner", market.owner)
    parts += _field("Since", market.since.isoformat() if market.since else None)
    parts += _field("Target", market.target.isoformat() if market.target else None)
    state = due(market, *due_on) if due_on is not None else None
    if state is not None:  # on the Target line, before its newline
        parts[-1:-1] = ["  ", (due_label(state), due_content_style(state))]
    parts += _field("Tags", ", ".join(market.tags) if market.tags else None)
    for key, value in (market.model_extra or {}).items():
        # Keys the app does not know are kept in the file; show them too.
        parts += _field(key, str(value))
    parts += ["\n", ("Notes", _HEADING_STYLE), "\n"]
    if market.notes:
        parts += [visible(market.notes, keep_newlines=True).strip("\n"), "\n"]
    else:
        parts += [("No notes yet — press n to write some.", _LABEL_STYLE), "\n"]
    parts += ["\n", ("History", _HEADING_STYLE), (" newest first", _LABEL_STYLE), "\n"]
    if not market.history:
        parts.append(("No status changes recorded.", _LABEL_STYLE))
    changes = sorted(market.history, key=lambda change: moment_order(change.at), reverse=True)
    for index, change in enumerate(changes):
        parts += [
            ("● " if index == 0 else "○ ", _LABEL_STYLE),
            (describe_moment(change.at), "bold"),
            "  ",
            styled(change.from_),
            " → ",
            styled(change.to),
            "\n",
        ]
        if change.note:
            parts += [("│ ", _LABEL_STYLE), visible(change.note, keep_newlines=True), "\n"]
    return Content.assemble(*parts).rstrip()


class DetailPane(VerticalScroll):
    """Scrollable details of one market; enter here edits its notes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.edit_notes", "Edit notes", show=False)
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: str | None = None  # the market shown (None: a hint)

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body", markup=False)

    def show_market(
        self,
        market: Market | None,
        hint: str = "No market selected.",
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
        due_on: tuple[date, int] | None = None,
    ) -> None:
        """Show `market` (its statuses as `workflow` draws them, its due mark as of
        `due_on`), or `hint` when no market is selected. Another market than the one
        shown starts at the top of its details; the same market edited keeps its place."""
        body = self.query_one("#detail-body", Static)
        key = market.key if market is not None else None
        if key != self._key:
            self._key = key
            self.scroll_home(animate=False, immediate=True)
        if market is None:
            body.update(Content.styled(hint, _LABEL_STYLE))
            return
        body.update(market_details(market, workflow, self.app.theme_variables, due_on))
