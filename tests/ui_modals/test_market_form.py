"""The market form: inline validation, the dict it returns, and edits that clear fields."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, Select

from roadmap_tui.model import Market, Status
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.market_form import MarketForm
from tests.ui_modals.host import HostApp, screen_text, sync, widget_text

TAKEN = {"de", "fr", "uk"}


def form_app(market: Market | None = None, taken: set[str] = TAKEN) -> HostApp:
    return HostApp(lambda: MarketForm(taken, market))


async def fill(pilot: Pilot[None], field: str, text: str) -> None:
    """Type `text` into a field in place of what it held, as a person would."""
    field_input = pilot.app.screen.query_one(f"#field-{field}", Input)
    field_input.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u", *text)


def error_under(app: HostApp, field: str) -> str:
    """The error sentence shown under a field ('' when none is shown)."""
    message = app.screen.query_one(f"#error-{field}")
    return widget_text(message) if message.display else ""


@sync
async def test_valid_add_returns_the_exact_dict() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "ID")
        await fill(pilot, "name", "Indonesia")
        await fill(pilot, "region", "Asia")
        await fill(pilot, "owner", "Sari")
        await fill(pilot, "target", "2026-06-01")
        await fill(pilot, "tags", "store-tab, live-shopping")
        await pilot.press("ctrl+s")
    assert app.result == {
        "code": "ID",
        "name": "Indonesia",
        "status": Status.PLANNED,
        "region": "Asia",
        "owner": "Sari",
        "target": date(2026, 6, 1),
        "tags": ["store-tab", "live-shopping"],
    }


@sync
async def test_status_is_chosen_with_the_select_and_empty_fields_are_left_out() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "MY")
        await fill(pilot, "name", "Malaysia")
        app.screen.query_one("#field-status", Select).focus()
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#field-status", Select).value == "live"
        await pilot.click("#form-save")
    assert app.result == {"code": "MY", "name": "Malaysia", "status": Status.LIVE}


@sync
async def test_duplicate_code_in_any_case_shows_an_error_and_blocks_save() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "De")
        await pilot.pause()
        # Shown as you type, before any save.
        assert error_under(app, "code") == "The code De is taken (codes ignore case)."
        assert "The code De is taken" in screen_text(app)
        await fill(pilot, "name", "Germany again")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.results
        assert app.screen.focused is app.screen.query_one("#field-code")
        await fill(pilot, "code", "DE-BY")
        await pilot.pause()
        assert error_under(app, "code") == ""
        await pilot.press("ctrl+s")
    assert app.result["code"] == "DE-BY"


@sync
async def test_code_with_other_characters_is_refused() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "uk london")
        await pilot.pause()
        assert error_under(app, "code") == "A code may only contain letters, digits, '-' and '_'."


@sync
async def test_bad_date_shows_an_error_and_blocks_save() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "IT")
        await fill(pilot, "name", "Italy")
        await fill(pilot, "target", "2026-13")
        await pilot.pause()
        assert error_under(app, "target") == "Write the date as YYYY-MM-DD, such as 2026-03-31."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.results
        await fill(pilot, "target", "2026-02-30")
        await pilot.pause()
        assert error_under(app, "target") == "2026-02-30 is not a day in the calendar."
        await fill(pilot, "target", "2026-02-28")
        await pilot.press("ctrl+s")
    assert app.result["target"] == date(2026, 2, 28)


@sync
async def test_empty_name_is_refused_on_save() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "ES")
        await pilot.pause()
        assert error_under(app, "name") == ""  # not nagged before trying to save
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.results
        assert error_under(app, "name") == "A name is required, such as Germany."
        assert app.screen.focused is app.screen.query_one("#field-name")
        await pilot.press(*"Spain")
        await pilot.pause()
        assert error_under(app, "name") == ""
        await pilot.press("ctrl+s")
    assert app.result == {"code": "ES", "name": "Spain", "status": Status.PLANNED}


@sync
async def test_empty_form_save_shows_code_and_name_errors() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_under(app, "code") == "A code is required, such as DE or uk-london."
        assert error_under(app, "name") == "A name is required, such as Germany."
        assert error_under(app, "target") == ""
    assert not app.results


@sync
async def test_enter_moves_to_the_next_field_and_saves_from_the_last() -> None:
    app = form_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"PL", "enter")
        assert app.screen.focused is app.screen.query_one("#field-name")
        await pilot.press(*"Poland", "enter")
        assert app.screen.focused is app.screen.query_one("#field-region")
        await fill(pilot, "tags", "pilot")
        await pilot.press("enter")
    assert app.result == {
        "code": "PL",
        "name": "Poland",
        "status": Status.PLANNED,
        "tags": ["pilot"],
    }


@sync
async def test_escape_after_a_change_asks_then_discards(germany: Market) -> None:
    app = form_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "name", "changed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("d")
    assert app.result is None


@sync
async def test_edit_opens_filled_with_status_read_only(germany: Market) -> None:
    app = form_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        values = {
            field: app.screen.query_one(f"#field-{field}", Input).value
            for field in ("code", "name", "region", "owner", "target", "tags")
        }
        assert not app.screen.query(Select)
        assert widget_text(app.screen.query_one("#field-status")).startswith("paused")
        assert "Edit market DE" in screen_text(app)
    assert values == {
        "code": "DE",
        "name": "Germany",
        "region": "Europe",
        "owner": "Anna",
        "target": "2026-03-31",
        "tags": "live-shopping, store-tab",
    }


@sync
async def test_edit_keeps_its_own_code_in_another_case(germany: Market) -> None:
    app = form_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "code", "de")
        await pilot.pause()
        assert error_under(app, "code") == ""
        await fill(pilot, "code", "FR")
        await pilot.pause()
        assert error_under(app, "code") == "The code FR is taken (codes ignore case)."
        await fill(pilot, "code", "de")
        await pilot.press("ctrl+s")
    assert app.result["code"] == "de"


ROADMAP = """\
[roadmap]
title = "TikTok Shop"

[[markets]]
code = "DE"
name = "Germany"
status = "paused"
region = "Europe"
owner = "Anna"
target = 2026-03-31
tags = ["live-shopping", "store-tab"]
"""


@sync
async def test_edit_that_clears_fields_returns_none_and_the_document_drops_them() -> None:
    document = RoadmapDocument.from_text(ROADMAP)
    germany = document.market("DE")
    app = form_app(germany, {market.key for market in document.markets})
    async with app.run_test(size=(80, 24)) as pilot:
        await fill(pilot, "owner", "")
        await fill(pilot, "target", "")
        await fill(pilot, "tags", "")
        await fill(pilot, "name", "Deutschland")
        await pilot.press("ctrl+s")
    assert app.result == {
        "code": "DE",
        "name": "Deutschland",
        "region": "Europe",
        "owner": None,
        "target": None,
        "since": None,
        "tags": None,
    }
    edited = document.update_market("DE", **app.result)
    assert (edited.name, edited.owner, edited.target, edited.tags) == (
        "Deutschland",
        None,
        None,
        [],
    )
    assert edited.status == Status.PAUSED
    assert "owner" not in document.text
    assert "target" not in document.text
    assert 'name = "Deutschland"' in document.text


@sync
async def test_user_text_in_fields_shows_literally(tricky: Market) -> None:
    # Short enough to fit the field, so the whole value is on screen.
    short_name = "[bold]x[/] [/ [link=https://example.com]x[/link] \x1b[31m"
    market = tricky.model_copy(
        update={"name": short_name, "owner": "a\x07b", "tags": ["[b]", "x\x1by"]}
    )
    app = form_app(market, {"xx"})
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        name = widget_text(app.screen.query_one("#field-name"))
        owner = widget_text(app.screen.query_one("#field-owner"))
        tags = widget_text(app.screen.query_one("#field-tags"))
        text = screen_text(app)
        await pilot.press("ctrl+s")
    assert name == "[bold]x[/] [/ [link=https://example.com]x[/link] ␛[31m"
    assert owner == "a␇b"
    assert tags == "[b], x␛y"
    assert "\x1b" not in text
    # Drawing changed; the values did not.
    assert app.result["name"] == short_name
    assert app.result["owner"] == "a\x07b"
    assert app.result["tags"] == ["[b]", "x\x1by"]
