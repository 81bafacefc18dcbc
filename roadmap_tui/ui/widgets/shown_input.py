"""An Input that shows what it holds, control characters included."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from roadmap_tui.ui import forms


class ShownInput(Input):
    """An Input that draws control characters as visible symbols (ESC as ␛).

    Only the drawing changes: the value stays exactly as loaded or typed."""

    @property
    def _value(self) -> Text:
        # Input draws `Text(value)`, which drops some control characters silently and
        # sends ESC to the terminal; translate first, one symbol per character.
        if self.password:
            return super()._value
        text = Text(forms.shown_in_field(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text
