"""Search in the app: the filter reads fields, folds accents, and says what it cannot use."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_tui.ui.widgets.filter_bar import FilterBar
from tests.ui.scenarios import messages, screen_text, table

AUSTRIA = """[roadmap]
title = "DACH"

[[markets]]
code = "AT"
name = "Österreich"
status = "paused"
region = "Europe"
owner = "Team Wien"
target = 2022-09-01
tags = ["pilot"]

[[markets]]
code = "CH"
name = "Schweiz"
status = "planned"
region = "Europe"
owner = "Team Zürich"
target = 2024-05-20

[[markets]]
code = "DE"
name = "Deutschland"
status = "live"
region = "Europe"
owner = "Team Wien"
target = 2021-01-01
"""


@pytest.fixture
def dach(tmp_path: Path) -> Path:
    path = tmp_path / "dach.toml"
    path.write_text(AUSTRIA, encoding="utf-8")
    return path


async def _filter(pilot, query: str) -> None:
    pilot.app.screen.filter_bar.input.value = query
    await pilot.pause()


async def test_each_field_filters_the_table(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash")
        for query, expected in [
            ("status:paused", ["de", "fr", "it", "es", "us"]),
            ('owner:"EU expansion"', ["de", "fr", "it", "es"]),
            ("region:asia", ["id", "cn", "my", "th", "vn", "ph"]),
            ("tag:store-tab", ["id"]),
            ("code:gb", ["gb"]),
            ("name:states", ["us"]),
            ("note:focus", ["de", "fr", "it", "es", "us"]),
            ("status:paused -code:us region:europe", ["de", "fr", "it", "es"]),
        ]:
            await _filter(pilot, query)
            assert table(app).shown_keys == expected, query
            assert f"showing {len(expected)} of 12" in screen_text(app), query
            assert not app.screen.query_one("#filter-problem").display


async def test_accents_owner_dates_and_overdue(dach, open_app):
    app = open_app(dach)  # the tests' clock says 2024-05-06
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"osterreich")
        await pilot.pause()
        assert table(app).shown_keys == ["at"]
        for query, expected in [
            ('owner:"team wien"', ["at", "de"]),
            ("zurich", ["ch"]),
            ("target:<2023-01-01", ["at", "de"]),
            ("target:>=2024-05-20", ["ch"]),
            ("overdue", ["at"]),  # DE's target passed too, but it is live
            ("due-soon", ["ch"]),
            ('status:paused owner:"Team Wien" region:europe overdue tag:pilot', ["at"]),
        ]:
            await _filter(pilot, query)
            assert table(app).shown_keys == expected, query


async def test_a_bad_query_is_one_sentence_under_the_filter(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"status:paused ownr:x")
        await pilot.pause()
        hint = app.screen.query_one("#filter-problem")
        assert hint.display
        assert 'There is no field "ownr:" (did you mean owner:?)' in screen_text(app)
        # the part it can use still filters
        assert table(app).shown_keys == ["de", "fr", "it", "es", "us"]
        await _filter(pilot, "target:<2023-13-01")
        assert 'not "2023-13-01".' in screen_text(app)
        assert len(table(app).shown_keys) == 12
        await _filter(pilot, "target:<2023-01-01")
        assert not hint.display
        assert "Traceback" not in screen_text(app) and not messages(app)


async def test_the_placeholder_says_how_to_search(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert 'words, or status:paused owner:"Team Wien"' in screen_text(app)
        assert app.screen.query_one(FilterBar).display
