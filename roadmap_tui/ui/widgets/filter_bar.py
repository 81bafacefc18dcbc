"""The filter bar: text that narrows the table as you type, and the active filters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label, Static

from roadmap_tui.ui.messages import FilterChanged, FilterCleared, FilterSubmitted
from roadmap_tui.ui.text import one_line, visible
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import look_of, status_content_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus


class FilterBar(Horizontal):
    """`/` shows it; typing filters; enter keeps the filter, escape clears it."""

    _chips = Content("")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter.clear")
    ]

    def compose(self) -> ComposeResult:
        yield Label("Filter", id="filter-label")
        yield Input(
            placeholder="code, name, region, tag or note",
            id="filter-input",
            select_on_focus=False,
        )
        yield Static(id="filter-chips", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#filter-input", Input)

    def show_view(
        self, view: MarketView, workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW
    ) -> None:
        """Show the status and region filters next to the text filter."""
        parts: list[str | tuple[str, str]] = []
        if view.status is not None:
            parts += [
                ("status ", "$text-muted"),
                (visible(view.status), status_content_style(look_of(view.status, workflow))),
            ]
        if view.region is not None:
            if parts:
                parts.append("  ")
            parts += [("region ", "$text-muted"), (one_line(view.region), "bold")]
        chips = Content.assemble(*parts)
        if chips != self._chips:  # an update asks for a new layout of the screen
            self._chips = chips
            self.query_one("#filter-chips", Static).update(chips)

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FilterChanged(event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FilterSubmitted(event.value))

    def action_clear(self) -> None:
        """Clear the text filter (status and region filters stay) and leave the bar."""
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.post_message(FilterCleared())
