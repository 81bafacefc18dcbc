"""Markets the modal screens are tried on."""

from __future__ import annotations

from datetime import date

import pytest

from roadmap_tui.model import Market, Status

#: User text that looks like markup or holds a terminal escape: must show as typed.
TRICKY_NAME = "[bold]x[/] [/ [link=https://example.com]x[/link] \x1b[31mred"


@pytest.fixture
def germany() -> Market:
    """Germany, paused in July 2022 with notes and tags."""
    return Market(
        code="DE",
        name="Germany",
        status=Status.PAUSED,
        region="Europe",
        owner="Anna",
        since=date(2022, 7, 1),
        target=date(2026, 3, 31),
        tags=["live-shopping", "store-tab"],
        notes="Paused in July 2022 after the UK pilot drew small audiences.\nRevisit in 2026.",
    )


@pytest.fixture
def tricky() -> Market:
    """A market whose name and notes look like markup."""
    return Market(
        code="XX",
        name=TRICKY_NAME,
        status=Status.PLANNED,
        notes="[bold]x[/]\n[/\n[link=https://example.com]x[/link]",
    )
