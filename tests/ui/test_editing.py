"""Every edit through the TUI: status, notes, add, edit, delete, undo/redo, save, quit."""

from __future__ import annotations

import difflib
import shutil
from datetime import date

from textual.widgets import Input, TextArea

from roadmap_tui.cli import main as cli_main
from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.app import UNSAVED_MARKER
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import FIXED_NOW, screen_text


def table(app) -> MarketTable:
    return app.screen_stack[-1].query_one(MarketTable)


async def change_de_to_planned(pilot, note: str = "Restart in 2024") -> None:
    await pilot.press("down", "s")  # DE is the second row
    await pilot.pause()
    assert isinstance(pilot.app.screen, StatusPicker)
    await pilot.press("1", *note, "enter")
    await pilot.pause()


async def test_status_change_updates_model_row_summary_and_marker(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(200, 50)) as pilot:  # wide enough for the Since column
        await pilot.pause()
        await change_de_to_planned(pilot)
        germany = app.document.market("DE")
        assert germany.status is Status.PLANNED
        assert germany.since == FIXED_NOW.date()
        assert germany.history[-1].note == "Restart in 2024"
        assert germany.history[-1].at == FIXED_NOW
        assert table(app).get_cell("de", "status").plain == "○ planned"
        assert table(app).get_cell("de", "since").plain == "2024-05-06"
        assert table(app).selected_key == "de"
        assert "7 live · 4 paused · 1 planned" in screen_text(app)
        # What is drawn, not only the cell data: the row was repainted from fresh renders.
        row = next(line for line in screen_text(app).splitlines() if line.startswith(" DE "))
        assert "○ planned" in row and "2024-05-06" in row
        await pilot.press("down", "up")  # moving the cursor redraws from the caches
        await pilot.pause()
        row = next(line for line in screen_text(app).splitlines() if line.startswith(" DE "))
        assert "○ planned" in row and "◐ paused" not in row
        assert app.sub_title == f"tiktok_shop.toml · {UNSAVED_MARKER}"


async def test_status_change_draws_only_its_row_again(tiktok, open_app, monkeypatch):
    from roadmap_tui.ui.widgets import market_table

    app = open_app(tiktok)
    async with app.run_test(size=(200, 50)) as pilot:  # wide enough for the Since column
        await pilot.pause()
        painted: list[str] = []
        paint_row = market_table.paint_row

        def spy(cells, *args, **kwargs):
            painted.append(cells[0].plain)
            return paint_row(cells, *args, **kwargs)

        monkeypatch.setattr(market_table, "paint_row", spy)
        app.screen.change_status("DE", Status.PLANNED, "Restart in 2024")
        await pilot.pause()
        assert painted == ["DE"]  # every other line comes from the table's cache
        row = next(line for line in screen_text(app).splitlines() if line.startswith(" DE "))
        assert "○ planned" in row and "2024-05-06" in row
        assert table(app).get_cell("de", "status").plain == "○ planned"


async def test_saved_status_change_matches_the_set_command_byte_for_byte(
    tiktok, open_app, tmp_path, fixed_core_clock
):
    by_cli = tmp_path / "by_cli.toml"
    shutil.copyfile(tiktok, by_cli)
    assert cli_main(["set", str(by_cli), "de", "planned", "--note", "Restart in 2024"]) == 0

    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.sub_title == "tiktok_shop.toml"
    assert tiktok.read_bytes() == by_cli.read_bytes()


async def test_status_change_diff_is_limited_to_the_market(tiktok, open_app):
    original = tiktok.read_text(encoding="utf-8").splitlines()
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = tiktok.read_text(encoding="utf-8").splitlines()
    germany = range(original.index('code = "DE"'), original.index('code = "FR"'))
    changes = [
        op for op in difflib.SequenceMatcher(a=original, b=saved).get_opcodes() if op[0] != "equal"
    ]
    assert changes
    for _tag, start, end, _b_start, _b_end in changes:
        assert start in germany and (end - 1 in germany or end == start)
    changed_lines = [saved[b] for _t, _s, _e, b0, b1 in changes for b in range(b0, b1)]
    assert 'status = "planned"' in changed_lines
    assert "since = 2024-05-06" in changed_lines


async def test_cancelled_status_picker_changes_nothing(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.document.dirty
        assert not app.history.can_undo


async def test_notes_edit_with_n_and_with_enter(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "n")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        app.screen.query_one(TextArea).text = "Neue Notizen — 新しい 🚀\nzweite Zeile"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.market("DE").notes == "Neue Notizen — 新しい 🚀\nzweite Zeile"
        assert table(app).get_cell("de", "notes").plain == "Neue Notizen — 新しい 🚀"
        assert "zweite Zeile" in screen_text(app)

        await pilot.press("enter")  # enter on the row opens the notes too
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        app.screen.query_one(TextArea).text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.market("DE").notes is None


async def test_add_market_through_the_form(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MarketForm)
        form.query_one("#field-code", Input).value = "SA"
        form.query_one("#field-name", Input).value = "Saudi Arabia"
        form.query_one("#field-region", Input).value = "Middle East"
        form.query_one("#field-target", Input).value = "2025-01-15"
        form.query_one("#field-tags", Input).value = "gulf, wave-2"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        market = app.document.market("SA")
        assert (market.name, market.region, market.target, market.tags) == (
            "Saudi Arabia",
            "Middle East",
            date(2025, 1, 15),
            ["gulf", "wave-2"],
        )
        assert table(app).shown_keys[-1] == "sa"
        assert table(app).selected_key == "sa"
        assert "13 markets" in screen_text(app)


async def test_add_refuses_a_taken_code_inline(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-code", Input).value = "de"
        app.screen.query_one("#field-name", Input).value = "Germany again"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MarketForm)  # still open, showing the error
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.document.markets) == 12


async def test_edit_market_fields_and_rename_its_code(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MarketForm)
        assert form.query_one("#field-name", Input).value == "Germany"
        form.query_one("#field-code", Input).value = "DE-BY"
        form.query_one("#field-name", Input).value = "Bavaria"
        form.query_one("#field-owner", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        market = app.document.market("DE-BY")
        assert (market.name, market.owner, market.status) == ("Bavaria", None, Status.PAUSED)
        assert table(app).shown_keys[1] == "de-by"
        assert table(app).selected_key == "de-by"
        assert table(app).get_cell("de-by", "name").plain == "Bavaria"


async def test_delete_asks_naming_the_market_and_undo_restores_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == "Delete DE Germany?"
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.document.markets) == 12
        await pilot.press("d", "d")
        await pilot.pause()
        assert [m.code for m in app.document.markets][:3] == ["GB", "FR", "IT"]
        assert "de" not in table(app).shown_keys
        assert table(app).selected_key == "fr"  # the cursor stays where the row was
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert table(app).shown_keys[:3] == ["gb", "de", "fr"]
        assert not app.document.dirty


async def test_undo_redo_many_steps_and_the_unsaved_marker(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.change_status("GB", Status.PAUSED, "one")
        screen.change_status("GB", Status.LIVE, "two")
        screen.change_status("DE", Status.LIVE, "three")
        await pilot.pause()
        assert UNSAVED_MARKER in app.sub_title
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert app.document.market("DE").status is Status.PAUSED
        assert app.document.market("GB").status is Status.PAUSED
        assert table(app).get_cell("gb", "status").plain == "◐ paused"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (
            app.document.market("GB").history[-1].note
            == "On Trend: first multi-brand live-stream shopping event"
        )
        assert app.sub_title == "tiktok_shop.toml"  # back at the saved state: no marker
        await pilot.press("ctrl+z")  # nothing more to undo: no change, no crash
        await pilot.press("ctrl+y", "ctrl+y", "ctrl+y")
        await pilot.pause()
        assert app.document.market("DE").status is Status.LIVE
        assert table(app).get_cell("de", "status").plain == "● live"
        assert UNSAVED_MARKER in app.sub_title


async def test_new_edit_after_undo_drops_the_redo(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.screen.change_status("GB", Status.PAUSED)
        await pilot.press("ctrl+z")
        app.screen.change_status("DE", Status.LIVE)
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.document.market("GB").status is Status.LIVE


async def test_save_refuses_when_the_file_changed_on_disk(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.safekeeping.watching = False  # the save comes before the once-a-second check
        edited_elsewhere = tiktok.read_text(encoding="utf-8").replace(
            "Global e-commerce", "Someone else"
        )
        tiktok.write_text(edited_elsewhere, encoding="utf-8")
        await change_de_to_planned(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("changed on disk" in m and "not saved" in m for m in messages)
        assert tiktok.read_text(encoding="utf-8") == edited_elsewhere
        assert UNSAVED_MARKER in app.sub_title


async def test_save_notifies_the_path(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert f"Saved {tiktok}" in [n.message for n in app._notifications]


async def test_quit_without_changes_exits(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_quit_with_changes_asks_and_cancel_stays(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == "tiktok_shop.toml has unsaved changes."
        await pilot.press("ctrl+q")  # asking again does not stack a second prompt
        await pilot.pause()
        assert sum(isinstance(s, Confirm) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app._exit
        assert app.document.dirty


async def test_quit_discard_leaves_the_file_alone(tiktok, open_app):
    before = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
        assert app._exit
    assert tiktok.read_bytes() == before


async def test_quit_save_writes_then_exits(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await change_de_to_planned(pilot)
        await pilot.press("q", "s")
        await pilot.pause()
        assert app._exit
    assert RoadmapDocument.load(tiktok).market("DE").status is Status.PLANNED


async def test_snapshot_files_refuse_edits_with_a_sentence(tmp_path, open_app):
    snapshot = tmp_path / "frozen.toml"
    snapshot.write_text(
        '[roadmap]\ntitle = "Frozen"\n\n[snapshot]\ntaken_at = 2024-01-01T00:00:00Z\n'
        'source = "roadmap.toml"\nsource_sha256 = "00"\n\n'
        '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "paused"\n',
        encoding="utf-8",
    )
    app = open_app(snapshot)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "read-only snapshot" in app.sub_title
        await pilot.press("s")
        await pilot.pause()
        # refused, with the offer to save it as a new roadmap (tests/ui/test_sharing_ui.py)
        assert isinstance(app.screen, Confirm) and "new roadmap" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("snapshot" in n.message for n in app._notifications)


async def test_added_market_hidden_by_a_filter_is_said(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"asia", "enter", "a")
        await pilot.pause()
        app.screen.query_one("#field-code", Input).value = "SA"
        app.screen.query_one("#field-name", Input).value = "Saudi Arabia"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.market("SA").name == "Saudi Arabia"
        assert "sa" not in table(app).shown_keys
        assert any("filters hide it" in n.message for n in app._notifications)


async def test_market_form_leaves_the_fields_not_touched_as_they_are(tmp_path, open_app):
    # A tag holding a comma, a blank tag and a region with spaces round it are valid in
    # the file; the form shows them as text it would split and trim, so saving it must
    # not write back the fields the user did not touch.
    path = tmp_path / "odd.toml"
    path.write_text(
        '[roadmap]\ntitle = "Odd"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\n'
        'status = "planned"\nregion = " Europe "\nowner = "Anna"\n'
        'tags = ["Q1, 2025", "\\r\\n"]\n',
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MarketForm)
        form.query_one("#field-owner", Input).value = "Ben"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.document.market("DE").tags == ["Q1, 2025", "\r\n"]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == before.replace('"Anna"', '"Ben"')
