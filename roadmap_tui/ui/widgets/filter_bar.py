"""The filter bar: text that narrows the table as you type, the active filters, and a
line saying what part of the query could not be used."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from roadmap_tui.ui.messages import FilterChanged, FilterCleared, FilterSubmitted
from roadmap_tui.ui.text import one_line, visible
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.status import look_of, status_content_style
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

# The placeholder is the hint: words, or the fields of `search.py` (the help lists all).
PLACEHOLDER = 'words, or status:paused owner:"Team Wien" tag:pilot target:<2023-01-01 overdue'


class FilterInput(Input):
    """The filter's text field. Each change of its text is handed to `typed` at once,
    in the turn of the key that made it: the table is filtered before the next frame,
    which then shows the new text and the table it filters together. (Through a message
    the table came one frame later, up to 1/60 s, after a frame of the field alone.)"""

    def __init__(self, typed: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._typed = typed

    def watch_value(self, value: str) -> None:
        # A value set under `prevent(Input.Changed)` (clearing the field) is not typed.
        if not self._is_prevented(Input.Changed):
            self._typed(value)


class FilterBar(Vertical):
    """`/` shows it; typing filters; enter keeps the filter, escape clears it. Under
    the line, when a part of the query cannot be used, one sentence says why."""

    _chips = Content("")
    _problem: str | None = None

    def __init__(
        self, *, typed: Callable[[str], None] | None = None, id: str | None = None
    ) -> None:
        """`typed` is called with the text each time it changes (else a `FilterChanged`
        message says so)."""
        super().__init__(id=id)
        self._typed = typed

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "Clear filter", id="filter.clear")
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-row"):
            yield Label("Filter", id="filter-label")
            yield FilterInput(
                self._text_typed, placeholder=PLACEHOLDER, id="filter-input", select_on_focus=False
            )
            yield Static(id="filter-chips", markup=False)
        yield Static(id="filter-problem", markup=False)

    def show_problem(self, problem: str | None) -> None:
        """Show what part of the query is left out and why (None: all of it is used)."""
        if problem == self._problem:
            return  # showing or hiding it lays the screen out again
        self._problem = problem
        hint = self.query_one("#filter-problem", Static)
        hint.update(Content(problem) if problem else Content(""))
        hint.display = problem is not None

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

    def _text_typed(self, value: str) -> None:
        if self._typed is not None:
            self._typed(value)
        else:
            self.post_message(FilterChanged(value))

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # told already, through `_text_typed`

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FilterSubmitted(event.value))

    def action_clear(self) -> None:
        """Clear the text filter (status and region filters stay) and leave the bar."""
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.post_message(FilterCleared())
