"""Edits to a file's text: each a range and its new text, applied together. No Textual."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class TextEdit:
    """Replace `text[start:end]` with `replacement` (an insertion when start == end)."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """`text` with every edit made at once, each at its offsets in the original text.

    Insertions at one offset go in the order they are listed, before a replacement that
    starts there. Two edits of the same characters are a mistake, not a choice: overlapping
    ranges (and ranges outside the text) raise ValueError and nothing is applied."""
    ordered = sorted(enumerate(edits), key=lambda item: (item[1].start, item[1].end, item[0]))
    pieces: list[str] = []
    position = 0
    for _, edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(text):
            raise ValueError(f"edit {edit.start}:{edit.end} is outside the text")
        if edit.start < position:
            raise ValueError(f"edits overlap at offset {edit.start}")
        pieces += (text[position : edit.start], edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
