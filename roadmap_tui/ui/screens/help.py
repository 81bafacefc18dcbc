"""The help screen: every key of the app, grouped, from the same list as the footer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from roadmap_tui.ui.bindings import COMMANDS, TABLE_KEYS

_KEY_WIDTH = 22


def help_content() -> Content:
    """Every binding with its name, in groups, then the table's own keys."""
    parts: list[str | tuple[str, str]] = []
    groups: dict[str, list[tuple[str, str]]] = {}
    for command in COMMANDS:
        groups.setdefault(command.group, []).append((command.shown_keys, command.title))
    groups["Moving around"] = list(TABLE_KEYS)
    for index, (group, rows) in enumerate(groups.items()):
        if index:
            parts.append("\n")
        parts += [(group, "bold $text-secondary"), "\n"]
        for keys, title in rows:
            parts += [(f"  {keys:<{_KEY_WIDTH}}", "bold $text-accent"), title, "\n"]
    return Content.assemble(*parts).rstrip()


class HelpScreen(ModalScreen[None]):
    """Lists every key; escape, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"), VerticalScroll(id="help-body"):
            yield Static(help_content(), id="help-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-dialog").border_title = "Keys"
        self.query_one("#help-dialog").border_subtitle = "every action is also in ctrl+p"

    def action_close(self) -> None:
        self.dismiss(None)
