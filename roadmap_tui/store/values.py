"""Comparing values as TOML reads them, where nan is the same value as nan.

`float("nan") != float("nan")`, so a market holding `budget = nan` never equalled the
same market read again, and every check that a text reads back as its market failed.
Each comparison tries plain `==` first (fast, in C) and looks closer only if it fails.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from roadmap_tui.model import to_toml_dict


def same(a: Any, b: Any) -> bool:
    """`a == b`, except that nan is the same as nan, at any depth of tables and arrays."""
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float):
        return math.isnan(a) and math.isnan(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return False


def same_models(a: BaseModel, b: BaseModel) -> bool:
    """Two markets (or roadmaps) hold the same values, nan included."""
    return a == b or same(to_toml_dict(a), to_toml_dict(b))


def same_lists(a: Sequence[BaseModel], b: Sequence[BaseModel]) -> bool:
    """Two lists of markets hold the same markets in the same order, nan included."""
    return a == b or (len(a) == len(b) and all(map(same_models, a, b)))
