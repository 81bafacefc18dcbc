"""Many markets at once: marks (space, ctrl+a, esc), edits of every marked market as one
undo step, and the jump to a market by its code."""

from __future__ import annotations

import shutil

from roadmap_tui.cli import main as cli_main
from roadmap_tui.model import Status
from roadmap_tui.ui.screens.marked_status import MarkedStatusPicker
from roadmap_tui.ui.screens.prompt import TextPrompt
from roadmap_tui.ui.widgets.table_cells import MARK
from tests.ui.scenarios import messages, screen_lines, screen_text, table

EU_US = ["de", "fr", "it", "es", "us"]
NOTE = "Restart after the UK review"


def row_of(app, code: str) -> list[str]:
    """The words of the table row whose code is `code` (after its mark, if marked)."""
    for line in screen_lines(app):
        words = line.split()
        if words[:1] == [code] or words[:2] == [MARK, code]:
            return words
    raise AssertionError(f"no row of {code} on screen")


async def mark_paused(pilot) -> None:
    """Filter the paused markets (DE FR IT ES US), mark them all, back to every market."""
    await pilot.press("slash", *"status:paused", "enter", "ctrl+a")
    await pilot.pause()
    pilot.app.screen.action_clear_filters()
    await pilot.pause()


async def test_space_marks_and_moves_on_esc_clears(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert MARK not in screen_text(app)
        await pilot.press("down", "space", "space")  # DE, then FR
        await pilot.pause()
        assert table(app).ticked_keys == {"de", "fr"}
        assert table(app).selected_key == "it"
        assert "2 marked" in screen_text(app)
        assert row_of(app, "DE")[:3] == [MARK, "DE", "Germany"]
        assert row_of(app, "IT")[:2] == ["IT", "Italy"]
        assert "esc Unmark" in screen_lines(app)[-1]
        await pilot.press("up", "space")  # FR again: unmarked
        await pilot.pause()
        assert table(app).ticked_keys == {"de"}
        await pilot.press("escape")
        await pilot.pause()
        assert table(app).ticked_keys == set()
        assert MARK not in screen_text(app) and "marked" not in screen_text(app)
        assert "esc Unmark" not in screen_lines(app)[-1]


async def test_ctrl_a_marks_the_markets_shown_and_esc_clears_marks_before_filters(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash", *"region:asia", "enter", "ctrl+a")
        await pilot.pause()
        assert table(app).ticked_keys == {"id", "cn", "my", "th", "vn", "ph"}
        await pilot.press("escape")  # the marks go, the filter stays
        await pilot.pause()
        assert table(app).ticked_keys == set()
        assert len(table(app).shown_keys) == 6
        await pilot.press("escape")  # now the filter
        await pilot.pause()
        assert len(table(app).shown_keys) == 12


async def test_status_of_marked_markets_equals_five_set_commands_and_undoes_in_one_step(
    tiktok, open_app, tmp_path, fixed_core_clock
):
    original = tiktok.read_bytes()
    by_cli = tmp_path / "by_cli.toml"
    shutil.copyfile(tiktok, by_cli)
    for code in ("DE", "FR", "IT", "ES", "US"):
        assert cli_main(["set", str(by_cli), code, "live", "--note", NOTE]) == 0

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await mark_paused(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, MarkedStatusPicker)
        assert "5 marked markets: DE, FR, IT, ES, US" in screen_text(app)
        await pilot.press("3", *NOTE, "enter")
        await pilot.pause()
        document = app.document
        for code in EU_US:
            market = document.market(code)
            assert market.status == Status.LIVE
            assert [change.note for change in market.history].count(NOTE) == 1
        assert app.history.can_undo
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tiktok.read_bytes() == by_cli.read_bytes()

        await pilot.press("ctrl+z")  # one step takes back all five
        await pilot.pause()
        assert document.text.encode() == original
        assert not app.history.can_undo
        assert "Undid status of 5 markets." in messages(app)


async def test_delete_owner_region_and_tag_of_marked_markets(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await mark_paused(pilot)
        document = app.document
        before = document.text

        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Team Wien", "enter")  # the prompt starts empty: owners differ
        await pilot.pause()
        assert [document.market(code).owner for code in EU_US] == ["Team Wien"] * 5

        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"DACH", "enter")  # empty at first: Europe and North America
        await pilot.pause()
        assert {document.market(code).region for code in EU_US} == {"DACH"}

        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"eu-wave-1", "enter")  # DE..ES have it: only US gains it
        await pilot.pause()
        assert document.market("US").tags[-1] == "eu-wave-1"
        assert document.market("DE").tags.count("eu-wave-1") == 1

        await pilot.press("d")
        await pilot.pause()
        assert "Delete 5 markets: DE, FR, IT, ES, US?" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert [market.key for market in document.markets] == [
            "gb",
            "id",
            "cn",
            "my",
            "th",
            "vn",
            "ph",
        ]
        assert table(app).ticked_keys == set()  # the marks went with their markets

        for _ in range(4):  # delete, tag, region, owner: one step each
            await pilot.press("ctrl+z")
            await pilot.pause()
        assert document.text == before
        assert not app.history.can_undo


async def test_without_marks_the_keys_act_on_the_market_under_the_cursor(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("down", "t", *"q4", "enter")
        await pilot.pause()
        assert app.document.market("DE").tags == ["eu-wave-1", "q4"]
        assert app.document.market("GB").tags == ["pilot", "live-events"]
        await pilot.press("w", "ctrl+u", "enter")  # empty removes the owner
        await pilot.pause()
        assert app.document.market("DE").owner is None


async def test_an_edit_of_many_that_fails_halfway_changes_nothing(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        before = app.document.checkpoint()
        # US is paused: its change goes through, then the unknown code stops the edit
        app.screen.change_statuses(["US", "XX"], Status.LIVE, "halfway")
        await pilot.pause()
        assert app.document.checkpoint() is before
        assert not app.history.can_undo
        assert any("no market with code 'XX'" in message for message in messages(app))


async def test_jump_to_a_market_by_its_code(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("colon", *"vn", "enter")
        await pilot.pause()
        assert table(app).selected_key == "vn"
        assert app.focused is table(app)

        await pilot.press("slash", *"region:europe", "enter")  # hides the US and Asia
        await pilot.press("ctrl+g", *"ph", "enter")
        await pilot.pause()
        assert table(app).selected_key == "ph"
        assert len(table(app).shown_keys) == 12  # the filter that hid it is cleared
        assert "PH was hidden by the filters; they are cleared." in messages(app)

        await pilot.press("colon", *"xx", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # stays open, and says why
        assert "There is no market with the code xx." in screen_text(app)
        await pilot.press("ctrl+u", *"vm", "enter")
        await pilot.pause()
        assert "There is no market with the code vm; did you mean 'VN'?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert table(app).selected_key == "ph"
