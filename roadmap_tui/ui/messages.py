"""Messages the UI's widgets send up to the screen that owns them."""

from __future__ import annotations

from textual.message import Message


class FilterChanged(Message):
    """The filter text changed (sent as the user types)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class FilterSubmitted(Message):
    """Enter in the filter: keep it and go back to the table."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class FilterCleared(Message):
    """Escape in the filter: clear the text filter and go back to the table."""
