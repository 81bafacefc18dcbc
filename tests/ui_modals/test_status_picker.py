"""The status picker: keys and arrows choose, the note goes to history, escape cancels."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from roadmap_tui.model import Market, Status
from roadmap_tui.ui.screens.status_picker import StatusChoice, StatusPicker
from tests.ui_modals.host import TRICKY_NAME_SHOWN, HostApp, screen_text, sync, widget_text


def picker_app(market: Market) -> HostApp:
    return HostApp(lambda: StatusPicker(market))


@pytest.mark.parametrize(("key", "status"), [("1", Status.PLANNED), ("3", Status.LIVE)])
@sync
async def test_number_key_chooses_and_enter_confirms(
    germany: Market, key: str, status: Status
) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")
    assert app.result == StatusChoice(status=status, note="")


@sync
async def test_key_2_chooses_paused_from_live(germany: Market) -> None:
    live = germany.model_copy(update={"status": Status.LIVE})
    app = picker_app(live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "enter")
    assert app.result == StatusChoice(status=Status.PAUSED, note="")


@sync
async def test_note_is_typed_and_returned(germany: Market) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        # Digits typed in the note are note text, not status keys.
        await pilot.press("3", *"Store tab 2 live", "enter")
    assert app.result == StatusChoice(status=Status.LIVE, note="Store tab 2 live")


@pytest.mark.parametrize(
    ("keys", "status"),
    [(["up"], Status.PLANNED), (["down"], Status.LIVE), (["down", "down"], Status.PLANNED)],
)
@sync
async def test_arrows_choose_and_enter_moves_to_note_then_confirms(
    germany: Market, keys: list[str], status: Status
) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys, "enter")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"why", "enter")
    assert app.result == StatusChoice(status=status, note="why")


@sync
async def test_arrows_in_the_note_field_still_change_the_status(germany: Market) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "down", "down", "enter")
    assert app.result == StatusChoice(status=Status.LIVE, note="")


@sync
async def test_current_status_is_not_confirmed_and_says_why(germany: Market) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert "paused is the current status" in screen_text(app)
        assert isinstance(app.screen.focused, OptionList)
        await pilot.press("enter")  # the list still highlights the current status
        await pilot.pause()
        assert not app.results
        await pilot.press("3")
        await pilot.pause()
        assert "current status:" not in screen_text(app)
        await pilot.press("enter")
    assert app.result == StatusChoice(status=Status.LIVE, note="")


@sync
async def test_escape_cancels_from_list_and_from_note(germany: Market) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
    assert app.result is None
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "h", "i", "escape")
    assert app.result is None


@sync
async def test_shows_market_and_current_status(germany: Market) -> None:
    app = picker_app(germany)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "DE  Germany" in text
    assert "Status now: paused since 2022-07-01" in text
    assert "paused  (current)" in text


@sync
async def test_markup_in_market_name_shows_literally(tricky: Market) -> None:
    app = picker_app(tricky)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        shown = widget_text(app.screen.query_one("#picker-market"))
        text = screen_text(app)
    assert shown == f"XX  {TRICKY_NAME_SHOWN}"
    assert "\x1b" not in text
