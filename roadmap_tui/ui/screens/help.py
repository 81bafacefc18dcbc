"""The help screen: every key of the app, grouped, from the same list as the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from roadmap_tui.ui.bindings import COMMANDS, SEARCH_SYNTAX, TABLE_KEYS


def help_rows() -> dict[str, list[tuple[str, str]]]:
    """Every binding with its name, in groups, then the table's own keys and what the
    filter understands."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for command in COMMANDS:
        groups.setdefault(command.group, []).append((command.shown_keys, command.title))
    groups["Moving around"] = list(TABLE_KEYS)
    groups["Search (after /)"] = list(SEARCH_SYNTAX)
    return groups


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        # A grid keeps a wrapped description in its own column.
        with Vertical(id="help-dialog"), VerticalScroll(id="help-body"), Grid(id="help-keys"):
            for index, (group, rows) in enumerate(help_rows().items()):
                yield Static(
                    Content.styled(group, "bold $text-secondary"),
                    classes="help-group -first" if index == 0 else "help-group",
                )
                for keys, title in rows:
                    yield Static(Content.styled(keys, "bold $text-accent"), classes="help-key")
                    yield Static(Content(title), classes="help-title")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Keys"
        self.query_one("#help-dialog").border_subtitle = "every action is also in ctrl+p"
        self.query_one("#help-body").focus()  # so ↑ ↓ pgup pgdn scroll a short terminal

    def action_close(self) -> None:
        self.dismiss(None)
