"""Snapshots of the screens that keep edits safe: the conflict screen and the recovery
prompt, at 80×24, with the fixed clock and paths relative to tmp_path."""

from __future__ import annotations

from roadmap_tui.ui.widgets.market_table import MarketTable
from tests.ui.scenarios import DE_NOTES, crashed_session, edit_on_disk


def test_conflict_screen_80x24(snap_compare, open_app, tiktok_here):
    async def conflict(pilot) -> None:
        app = pilot.app
        app.safekeeping.watching = False  # the one check below, not the timer's
        app.main_screen.query_one(MarketTable).select_key("de")
        app.main_screen._edit(
            "notes of DE",
            lambda d: d.set_notes("DE", "Restart after Q3 if UK sales per stream double."),
        )
        app.main_screen._edit("name of FR", lambda d: d.update_market("FR", name="France (FR)"))
        await pilot.pause()
        edit_on_disk(tiktok_here, 'name = "France"', 'name = "France (métropole)"')
        edit_on_disk(tiktok_here, DE_NOTES, '"Restart in 2025 with the [bold]Berlin[/] team."')
        app.safekeeping.watching = True
        app.safekeeping.poll()
        await pilot.pause()

    assert snap_compare(open_app(tiktok_here), run_before=conflict, terminal_size=(80, 24))


def test_conflict_screen_with_one_settled_80x24(snap_compare, open_app, tiktok_here):
    async def conflict(pilot) -> None:
        app = pilot.app
        app.safekeeping.watching = False
        app.main_screen._edit("notes of DE", lambda d: d.set_notes("DE", "Ours."))
        app.main_screen._edit("name of FR", lambda d: d.update_market("FR", name="France (FR)"))
        await pilot.pause()
        edit_on_disk(tiktok_here, 'name = "France"', 'name = "France (métropole)"')
        edit_on_disk(tiktok_here, DE_NOTES, '"Theirs."')
        app.safekeeping.watching = True
        app.safekeeping.poll()
        await pilot.pause()
        await pilot.press("t", "left")  # settle the first, then go back to look at it
        await pilot.pause()

    assert snap_compare(open_app(tiktok_here), run_before=conflict, terminal_size=(80, 24))


def test_recovery_prompt_80x24(snap_compare, open_app, tiktok_here):
    crashed_session(tiktok_here)
    assert snap_compare(open_app(tiktok_here), terminal_size=(80, 24))
