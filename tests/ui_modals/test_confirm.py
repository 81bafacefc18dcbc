"""The confirm screen: keys and buttons answer, escape cancels, the question is plain text."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from roadmap_tui.ui.screens.confirm import Confirm
from tests.ui_modals.host import HostApp, screen_text, sync, widget_text

DELETE = [("d", "Delete", "delete"), ("escape", "Cancel", "cancel")]
QUIT = [("s", "Save", "save"), ("d", "Discard", "discard"), ("escape", "Cancel", "cancel")]


def confirm_app(question: str, choices: list[tuple[str, str, str]]) -> HostApp:
    return HostApp(lambda: Confirm(question, choices))


@pytest.mark.parametrize(("key", "value"), [("s", "save"), ("d", "discard"), ("escape", "cancel")])
@sync
async def test_each_key_answers_with_its_value(key: str, value: str) -> None:
    app = confirm_app("Unsaved changes in tiktok_shop.toml:", QUIT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
    assert app.result == value


@sync
async def test_other_keys_do_nothing() -> None:
    app = confirm_app("Delete DE Germany?", DELETE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("x", "s", "q")
        await pilot.pause()
        assert not app.results
        assert isinstance(app.screen, Confirm)


@pytest.mark.parametrize(("button", "value"), [("#choice-0", "delete"), ("#choice-1", "cancel")])
@sync
async def test_clicking_a_button_answers(button: str, value: str) -> None:
    app = confirm_app("Delete DE Germany?", DELETE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click(button)
    assert app.result == value


@sync
async def test_enter_presses_the_focused_first_answer() -> None:
    app = confirm_app("Delete DE Germany?", DELETE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#choice-0", Button)
        await pilot.press("enter")
    assert app.result == "delete"


@sync
async def test_escape_without_an_escape_choice_answers_none() -> None:
    app = confirm_app("Overwrite?", [("o", "Overwrite", "overwrite")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
    assert app.result is None


@sync
async def test_buttons_and_footer_show_the_keys() -> None:
    app = confirm_app("Unsaved changes in tiktok_shop.toml:", QUIT)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        labels = [widget_text(button) for button in app.screen.query(Button)]
        text = screen_text(app)
    assert labels == ["s Save", "d Discard", "esc Cancel"]
    assert "Unsaved changes in tiktok_shop.toml:" in text
    footer = text.splitlines()[-1]
    assert "s Save" in footer
    assert "d Discard" in footer
    assert "esc Cancel" in footer


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("[bold]x[/]", "[bold]x[/]"),
        ("[/", "[/"),
        ("[link=https://example.com]x[/link]", "[link=https://example.com]x[/link]"),
        ("\x1b[31mred\x07", "␛[31mred␇"),
    ],
)
@sync
async def test_question_with_markup_looking_user_text_shows_literally(
    name: str, shown: str
) -> None:
    app = confirm_app(f"Delete DE {name}?", DELETE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = widget_text(app.screen.query_one("#confirm-question"))
        text = screen_text(app)
        await pilot.press("d")
    assert question == f"Delete DE {shown}?"
    assert "\x1b" not in text
    assert app.result == "delete"
