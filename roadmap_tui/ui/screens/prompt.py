"""Small questions the sharing actions ask: one line of text, or one choice from a list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.shown_input import ShownInput

Choice = TypeVar("Choice")

# Says what is wrong with a typed answer (the prompt stays open), or None when it is fine.
Check = Callable[[str], str | None]


class TextPrompt(ModalScreen[str | None]):
    """Asks for one line: `enter` answers with the text typed, `esc` cancels (None).

    `message` and `value` may hold user text (file names, notes): shown as typed, never
    read as markup. With `check`, an answer it objects to keeps the prompt open and shows
    its objection under the field."""

    CSS_PATH = "prompt.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        value: str = "",
        placeholder: str = "",
        check: Check | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.prompt_title = title
        self.message = message
        self.initial_value = value
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog", classes="prompt-dialog"):
            yield Static(
                Text(visible(self.message, keep_newlines=True)), id="prompt-message", markup=False
            )
            yield ShownInput(
                value=self.initial_value,
                placeholder=self.placeholder,
                compact=True,
                id="prompt-input",
            )
            yield Static("", id="prompt-problem", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#prompt-dialog")
        dialog.border_title = self.prompt_title
        dialog.border_subtitle = Content("enter confirms · esc cancels")
        field = self.query_one("#prompt-input", Input)
        field.focus()
        field.cursor_position = len(field.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check is not None else None
        shown = self.query_one("#prompt-problem", Static)
        if problem:
            shown.update(Text(visible(problem)))
            shown.add_class("-shown")
            return
        self.dismiss(event.value)


class PickPrompt(ModalScreen[Choice | None], Generic[Choice]):
    """Asks for one of a few choices: arrows and `enter`, or a choice's own key; `esc`
    cancels. Each choice is `(prompt, value)`; prompts are Text, so user text in them is
    never markup."""

    CSS_PATH = "prompt.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        choices: Sequence[tuple[Text, Choice]],
        keys: Sequence[str] = (),
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.prompt_title = title
        self.message = message
        self.choices = list(choices)
        # a key per choice (optional): pressing it picks that choice at once
        for index, key in enumerate(keys):
            self._bindings.bind(key, f"pick({index})", str(self.choices[index][0]), show=False)

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="prompt-dialog"):
            yield Static(
                Text(visible(self.message, keep_newlines=True)), id="pick-message", markup=False
            )
            yield OptionList(
                *(Option(prompt, id=str(index)) for index, (prompt, _) in enumerate(self.choices)),
                id="pick-choices",
            )
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#pick-dialog")
        dialog.border_title = self.prompt_title
        dialog.border_subtitle = Content("enter picks · esc cancels")
        choices = self.query_one("#pick-choices", OptionList)
        choices.highlighted = 0 if self.choices else None
        choices.focus()

    def action_pick(self, index: int) -> None:
        """Answer with the choice at `index`."""
        self.dismiss(self.choices[index][1])

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#pick-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option_index)


def pick_keys(choices: Sequence[Any]) -> list[str]:
    """`1` … `9` for the first nine choices."""
    return [str(number) for number in range(1, min(len(choices), 9) + 1)]
