"""The footer: the keys of the screen, with `? Help` kept in sight at the right.

Textual's footer lists keys left to right and cuts off what does not fit, and the keys
that come and go (`esc Unmark`, a view's own keys) come before the app's: on an
80-column screen they pushed `?` off. Pinned to the right like Textual's own command
palette key, the help key stays, and the help screen lists whatever was cut."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_KEY = "question_mark"


class RoadmapFooter(Footer):
    """A compact footer without the palette entry (ctrl+p is on the help screen)."""

    DEFAULT_CSS = """
    RoadmapFooter FooterKey.-help {
        dock: right;
        padding-left: 1;
        margin-right: 0;
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.key == HELP_KEY:
                widget.add_class("-help")
            yield widget
