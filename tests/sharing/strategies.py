"""Hypothesis strategies for random roadmaps, shared by the diff and export tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from roadmap_tui.model import STATUSES

CODES = st.text("ABCDEFGHJKLMNPRSTUVWXYZ", min_size=2, max_size=3)
WORDS = st.text("abcdefghij klmnop-ÄÖé", min_size=1, max_size=12).filter(lambda s: s.strip())
NOTES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def markets(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Markets as the dicts `render_roadmap` writes: unique codes, any optional field."""
    codes = draw(st.lists(CODES, min_size=1, max_size=6, unique_by=str.casefold))
    found = []
    for code in codes:
        market: dict[str, Any] = {
            "code": code,
            "name": draw(WORDS),
            "status": draw(st.sampled_from(STATUSES)).value,
        }
        for key, strategy in (
            ("region", WORDS),
            ("owner", WORDS),
            ("since", DATES),
            ("target", DATES),
            ("notes", NOTES),
        ):
            value = draw(st.none() | strategy)
            if value is not None:
                market[key] = value
        market["tags"] = draw(st.lists(WORDS, max_size=2))
        found.append(market)
    return found
