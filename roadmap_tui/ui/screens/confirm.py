"""A question with a few answers, each a key and a button: delete, quit, discard."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from roadmap_tui.ui.screens.unasked import UnaskedQuestion
from roadmap_tui.ui.text import visible

_KEY_NAMES = {"escape": "esc", "enter": "enter", "space": "space"}
# A button's cells besides its label (confirm.tcss: line-pad 1 each side, margin-left 1,
# min-width 10), to tell whether the answers fit side by side.
_BUTTON_PADDING, _BUTTON_MARGIN, _BUTTON_LEAST = 2, 1, 10


def key_label(key: str) -> str:
    """How a key is written on a button: `d`, `esc`, `ctrl+s`."""
    return _KEY_NAMES.get(key, key)


class Confirm(UnaskedQuestion, ModalScreen[str | None]):
    """Asks `question` and dismisses with the value of the answer chosen.

    Each choice is `(key, label, value)`: pressing the key or clicking its button
    dismisses with `value`. Escape dismisses with the value of the choice whose key is
    "escape", or None when there is none. The question may hold user text (a market's
    name): it is shown as typed, never read as markup. `unasked` marks a question the
    app raises by itself (the file was deleted): keys typed before it showed never
    answer it."""

    CSS_PATH = "confirm.tcss"

    def __init__(
        self, question: str, choices: list[tuple[str, str, str]], *, unasked: bool = False
    ) -> None:
        super().__init__()
        self.unasked = unasked
        self.question = question
        self.choices = list(choices)
        for index, (key, label, _value) in enumerate(self.choices):
            self._bindings.bind(key, f"choose({index})", label, key_display=key_label(key))
        if not any(key == "escape" for key, _label, _value in self.choices):
            self._bindings.bind("escape", "cancel", "Cancel", key_display="esc")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(
                Text(visible(self.question, keep_newlines=True)),
                id="confirm-question",
                markup=False,
            )
            with Horizontal(id="confirm-choices"):
                for index, (key, label, _value) in enumerate(self.choices):
                    yield Button(
                        Text.assemble((key_label(key), "bold"), " ", label),
                        id=f"choice-{index}",
                        variant="primary" if index == 0 else "default",
                        compact=True,
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#confirm-dialog").border_title = "Confirm"
        self.call_after_refresh(self._fit_choices)
        # The first answer is the one the question is about; enter presses it.
        self.query_one("#choice-0", Button).focus()
        self.call_after_refresh(self.shown)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_choices)

    def _fit_choices(self) -> None:
        """The answers side by side where they fit, else one under the other: a button
        is never cut short (a narrow terminal cut "esc Cancel" to "e")."""
        row = self.query_one("#confirm-choices")
        room = self.query_one("#confirm-dialog").content_region.width
        needed = sum(
            max(_BUTTON_LEAST, cell_len(key_label(key)) + 1 + cell_len(label) + _BUTTON_PADDING)
            + _BUTTON_MARGIN
            for key, label, _value in self.choices
        )
        row.set_class(room > 0 and needed > room, "-stacked")

    def action_choose(self, index: int) -> None:
        """Answer with the choice at `index`."""
        self.dismiss(self.choices[index][2])

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    @on(Button.Pressed)
    def _choice_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        index = int((event.button.id or "choice-0").removeprefix("choice-"))
        self.action_choose(index)
