"""The market form: add a market, or edit one's fields, with inline validation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from roadmap_tui.model import Market
from roadmap_tui.ui import forms
from roadmap_tui.ui.screens.typing_dialog import TypingDialog
from roadmap_tui.ui.text import one_line
from roadmap_tui.ui.widgets.shown_input import ShownInput
from roadmap_tui.ui.widgets.status import status_label
from roadmap_tui.workflow import DEFAULT_WORKFLOW, WorkflowStatus

_LABELS = {
    "code": "Code",
    "name": "Name",
    "region": "Region",
    "status": "Status",
    "owner": "Owner",
    "target": "Target",
    "since": "Since",
    "tags": "Tags",
}

_PLACEHOLDERS = {
    "code": "letters, digits, - and _ (DE, uk-london)",
    "name": "Germany",
    "region": "Europe",
    "owner": "who drives the launch",
    "target": forms.DATE_FORMAT_HINT,
    "since": f"{forms.DATE_FORMAT_HINT}, the day the status took effect",
    "tags": "comma separated: live-shopping, store-tab",
}

_TEXT_FIELDS = ("code", "name", "region", "owner", "target", "since", "tags")


class MarketForm(TypingDialog[dict[str, Any]]):
    """Add a market (`market` None) or edit `market`'s fields.

    Dismisses with Market fields under the file's key names (see
    `forms.market_changes`), or None when cancelled. `taken_codes` are the casefolded
    codes already in the roadmap; the edited market keeps its own. A new market's status
    is one of `workflow`'s (the first by default). Cancelling (or quitting) after a
    change asks first: see TypingDialog."""

    CSS_PATH = "market_form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form-save"),
        Binding("escape", "cancel", "Cancel", key_display="esc", id="form-cancel"),
    ]

    def __init__(
        self,
        taken_codes: set[str],
        market: Market | None = None,
        workflow: Sequence[WorkflowStatus] = DEFAULT_WORKFLOW,
    ) -> None:
        super().__init__()
        self.taken_codes = {code.casefold() for code in taken_codes}
        self.market = market
        self.workflow = tuple(workflow)
        self.statuses = tuple(status.name for status in self.workflow)
        self.initial = (
            forms.MarketFields.of(market)
            if market
            else replace(forms.MarketFields(), status=self.statuses[0])
        )
        # Errors for untouched fields stay hidden until a save is tried.
        self._save_tried = False

    @property
    def editing(self) -> bool:
        """True when the form edits an existing market."""
        return self.market is not None

    def compose(self) -> ComposeResult:
        with Vertical(id="form-dialog"):
            with VerticalScroll(id="form-fields"):
                for field in forms.FIELDS:
                    with Horizontal(classes="form-row", id=f"row-{field}"):
                        yield Label(_LABELS[field], classes="form-label")
                        with Vertical(classes="form-value"):
                            yield from self._field_widgets(field)
                            yield Static(
                                "", id=f"error-{field}", classes="form-error", markup=False
                            )
            with Horizontal(id="form-buttons"):
                yield Button("Save", variant="primary", id="form-save", compact=True)
                yield Button("Cancel", id="form-cancel", compact=True)
        yield Footer()

    def _field_widgets(self, field: str) -> ComposeResult:
        if field == "status":
            if self.editing:
                yield Static(
                    Text.assemble(
                        one_line(self.initial.status),
                        ("  (change it with the status picker)", "italic"),
                    ),
                    id="field-status",
                    classes="form-readonly",
                    markup=False,
                )
            else:
                yield Select(
                    [(one_line(status_label(status)), status.name) for status in self.workflow],
                    value=self.initial.status,
                    allow_blank=False,
                    compact=True,
                    id="field-status",
                )
            return
        yield ShownInput(
            getattr(self.initial, field),
            placeholder=_PLACEHOLDERS[field],
            compact=True,
            id=f"field-{field}",
        )

    def on_mount(self) -> None:
        dialog = self.query_one("#form-dialog")
        if self.market is None:
            dialog.border_title = "Add market"
        else:
            # The title names the market: plain Text, never markup.
            dialog.border_title = Text(one_line(f"Edit market {self.market.code}"))
        # set_focus, not focus(): keys typed right after the one that opened the form
        # are routed as soon as it is mounted, and must find the code field focused.
        self.set_focus(self.query_one("#field-code", Input))

    @property
    def typed_what(self) -> str:
        return f"the fields of {self.market.name}" if self.market else "the new market"

    @property
    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self.fields() != self.initial

    def fields(self) -> forms.MarketFields:
        """What the form holds now."""
        values = {field: self.query_one(f"#field-{field}", Input).value for field in _TEXT_FIELDS}
        if self.editing:
            status = self.initial.status
        else:
            selected = self.query_one("#field-status", Select).value
            status = str(selected) if selected is not Select.NULL else ""
        return forms.MarketFields(status=status, **values)

    def _check(self, field: str, fields: forms.MarketFields) -> str | None:
        own_code = self.market.code if self.market else None
        error = forms.field_error(field, fields, self.taken_codes, own_code, self.statuses)
        shown = (
            error
            if (self._save_tried or getattr(fields, field) != getattr(self.initial, field))
            else None
        )
        message = self.query_one(f"#error-{field}", Static)
        message.update(Text(shown or ""))
        message.set_class(bool(shown), "-shown")
        self.query_one(f"#row-{field}").set_class(bool(shown), "-invalid")
        return error

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("field-")
        if field in _TEXT_FIELDS:
            self._check(field, self.fields())

    @on(Input.Submitted)
    def _field_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        # Enter moves through the form like tab; on the last field it saves.
        if event.input.id == f"field-{forms.FIELDS[-1]}":
            self.action_save()
        else:
            self.focus_next()

    def kept(self) -> dict[str, Any] | None:
        """The fields to add or change if every one is valid; otherwise None, and the
        form shows what to fix."""
        self._save_tried = True
        fields = self.fields()
        invalid = [field for field in forms.FIELDS if self._check(field, fields)]
        if invalid:
            self.set_focus(self.query_one(f"#field-{invalid[0]}"))
            return None
        return forms.market_changes(fields, editing=self.editing, market=self.market)

    def action_save(self) -> None:
        """Accept the form if every field is valid; otherwise show what to fix."""
        self.action_keep()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
