"""Sharing from the app (issue 4): snapshots, read-only snapshots saved as new roadmaps,
comparing with a snapshot (Δ marks), and exports — asserted on the files written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from roadmap_tui.cli import main as cli_main
from roadmap_tui.model import Status
from roadmap_tui.share import snapshot as snapshots
from roadmap_tui.share.diff import diff_roadmaps
from roadmap_tui.share.diff_report import render_text
from roadmap_tui.share.export import export
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.commands import SharingCommands
from roadmap_tui.ui.screens.compare import CompareScreen
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.prompt import PickPrompt, TextPrompt
from roadmap_tui.ui.widgets.sharing_banner import SharingBanner
from roadmap_tui.ui.widgets.table_cells import CHANGE_MARK
from tests.ui.scenarios import FIXED_NOW, run_from_palette, screen_text

SNAPSHOT_NAME = "tiktok_shop-20240506-070809.toml"  # the fixed clock's moment
EDIT_KEYS = ("s", "n", "a", "e", "d", "enter")


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


def banner(app) -> str:
    return app.screen.query_one(SharingBanner).text


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cli_export(source: Path, fmt: str, out: Path) -> bytes:
    assert cli_main(["export", str(source), "--format", fmt, "-o", str(out)]) == 0
    return out.read_bytes()


# -- taking a snapshot --------------------------------------------------------------------


async def test_snapshot_key_writes_a_snapshot_with_its_note(tiktok, open_app):
    source_bytes = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"before the [bold]Q3[/] review", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    written = tiktok.parent / "snapshots" / SNAPSHOT_NAME
    assert [path.name for path in written.parent.iterdir()] == [SNAPSHOT_NAME]
    assert f"Snapshot written: {written}" in messages(app)
    frozen = RoadmapDocument.load(written)
    assert frozen.read_only
    info = frozen.roadmap.snapshot
    assert info.note == "before the [bold]Q3[/] review"  # as typed, not markup
    assert info.source == "tiktok_shop.toml" and info.taken_at == FIXED_NOW
    assert info.source_sha256 == hashlib.sha256(source_bytes).hexdigest()
    assert frozen.roadmap.markets == RoadmapDocument.load(tiktok).roadmap.markets
    assert tiktok.read_bytes() == source_bytes


async def test_snapshot_with_unsaved_edits_can_hold_the_saved_file(tiktok, open_app):
    saved = RoadmapDocument.load(tiktok).roadmap
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "enter")  # GB live → planned, not saved
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "unsaved changes" in app.screen.question
        await pilot.press("f", "enter")  # the file as last saved; no note
        await pilot.pause()
        assert app.document.dirty  # the edits are still there, unsaved
    frozen = RoadmapDocument.load(tiktok.parent / "snapshots" / SNAPSHOT_NAME).roadmap
    assert frozen.markets == saved.markets and frozen.snapshot.note is None
    assert frozen.find("GB").status == Status.LIVE


async def test_snapshot_with_unsaved_edits_can_save_them_first(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "enter")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("s")  # save, then snapshot
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt) and not app.document.dirty
        await pilot.press("enter")
        await pilot.pause()
    frozen = RoadmapDocument.load(tiktok.parent / "snapshots" / SNAPSHOT_NAME).roadmap
    assert frozen.find("GB").status == Status.PLANNED
    assert frozen.snapshot.source_sha256 == hashlib.sha256(tiktok.read_bytes()).hexdigest()


async def test_snapshot_cancelled_writes_nothing_and_palette_offers_it(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await run_from_palette(pilot, "take snapshot", lambda: isinstance(app.screen, TextPrompt))
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert not (tiktok.parent / "snapshots").exists()


# -- a snapshot opened: read-only, saved as a new roadmap ------------------------------------


def frozen_tiktok(tiktok: Path) -> Path:
    return snapshots.take_snapshot(tiktok, note="July review", now=FIXED_NOW)


async def test_snapshot_opens_read_only_with_a_banner_and_refuses_every_edit(tiktok, open_app):
    frozen = frozen_tiktok(tiktok)
    before = frozen.read_bytes()
    app = open_app(frozen)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        info = app.document.roadmap.snapshot
        assert snapshots.describe(info) in banner(app)
        assert "snapshot of tiktok_shop.toml taken 2024-05-06 07:08:09 UTC" in screen_text(app)
        for key in EDIT_KEYS:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, Confirm), key
            assert "new roadmap" in app.screen.question
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("S")  # no snapshot of a snapshot
        await pilot.pause()
        assert any("is a snapshot already" in message for message in messages(app))
        assert not app.document.dirty
    assert frozen.read_bytes() == before
    assert sorted(path.name for path in frozen.parent.iterdir()) == [frozen.name]


async def test_snapshot_saved_as_a_new_roadmap_opens_and_takes_edits(tiktok, open_app):
    frozen = frozen_tiktok(tiktok)
    markets = RoadmapDocument.load(frozen).roadmap.markets
    app = open_app(frozen)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("w")  # save as a new roadmap …
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        target = tiktok.parent / "tiktok_shop-from-snapshot.toml"
        assert app.screen.initial_value == str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document.path == target and not app.document.read_only
        assert banner(app) == ""
        await pilot.press("s", "1", "enter", "ctrl+s")  # GB live → planned, saved
        await pilot.pause()
    new = RoadmapDocument.load(target).roadmap
    assert new.snapshot is None and "[snapshot]" not in target.read_text(encoding="utf-8")
    assert new.find("GB").status == Status.PLANNED
    assert [market.code for market in new.markets] == [market.code for market in markets]
    assert new.markets[1:] == markets[1:]
    assert RoadmapDocument.load(frozen).roadmap.markets == markets  # the snapshot as it was


async def test_save_as_new_never_overwrites(tiktok, open_app):
    frozen = frozen_tiktok(tiktok)
    taken = tiktok.parent / "tiktok_shop-from-snapshot.toml"
    taken.write_text("mine\n", encoding="utf-8")
    app = open_app(frozen)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await run_from_palette(
            pilot, "save as a new roadmap", lambda: isinstance(app.screen, TextPrompt)
        )
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # stays open, says why
        assert "exists already" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.path == frozen
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_new_roadmap_text_is_the_snapshot_without_its_table(tiktok):
    frozen = RoadmapDocument.load(frozen_tiktok(tiktok)).roadmap
    text = snapshots.new_roadmap_text(frozen)
    again = RoadmapDocument.from_text(text).roadmap
    assert again.snapshot is None and again.markets == frozen.markets
    assert again.roadmap == frozen.roadmap
    assert text.startswith("# Saved from the snapshot of tiktok_shop.toml taken 2024-05-06")
    assert snapshots.default_new_roadmap_path(Path("a/snapshots/x.toml"), "plan.toml") == Path(
        "a/plan-from-snapshot.toml"
    )
    assert snapshots.default_new_roadmap_path(Path("b/x.toml"), "../p.toml") == Path(
        "b/p-from-snapshot.toml"
    )


# -- compare with a snapshot ---------------------------------------------------------------


async def test_compare_lists_the_changes_and_marks_rows_until_cleared(tiktok, open_app):
    frozen = frozen_tiktok(tiktok)
    app = open_app(tiktok)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", *"[bold]restart[/]", "enter")  # GB live → planned
        await pilot.pause()
        await pilot.press("down", "n", "end", *" [link=x]more[/link]", "ctrl+s")  # DE notes
        await pilot.pause()
        assert app.document.dirty  # compared as the app holds it, unsaved edits included
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickPrompt)
        assert "July review" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        expected = diff_roadmaps(RoadmapDocument.load(frozen).roadmap, app.document.roadmap)
        assert expected.summary() == "1 status change, 1 note edited"
        shown = screen_text(app)
        assert expected.summary() in shown
        assert "GB United Kingdom" in shown and "live → planned" in shown
        assert '"[bold]restart[/]"' in shown  # the history note, as typed
        assert "DE Germany" in shown and "[link=x]more[/link]" in shown
        # every line `roadmap-tui diff` prints for a change is on the screen too
        assert "@@" in render_text(expected) and "@@" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        table = app.screen.table
        assert table.marked_keys == {"gb", "de"}
        assert str(table.get_cell("gb", "name")).startswith(CHANGE_MARK)
        assert not str(table.get_cell("fr", "name")).startswith(CHANGE_MARK)
        assert "Δ 2 markets changed since the snapshot of 2024-05-06" in banner(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Clear Δ" in footer
        await pilot.press("C")
        await pilot.pause()
        assert table.marked_keys == frozenset()
        assert not str(table.get_cell("gb", "name")).startswith(CHANGE_MARK)
        assert banner(app) == "" and "Clear Δ" not in screen_text(app).splitlines()[-1]


async def test_marks_survive_an_edit_and_a_sort(tiktok, open_app):
    frozen_tiktok(tiktok)
    app = open_app(tiktok)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s", "1", "enter", "c", "enter", "escape")
        await pilot.pause()
        await pilot.press("o", "o")  # sort by name
        await pilot.pause()
        table = app.screen.table
        assert str(table.get_cell("gb", "name")).startswith(CHANGE_MARK)
        assert table.shown_keys[0] == "cn"


async def test_a_snapshot_compares_with_the_other_snapshots_of_its_roadmap(tiktok, open_app):
    older = frozen_tiktok(tiktok)
    document = RoadmapDocument.load(tiktok)
    document.set_status("FR", Status.LIVE, note="back on")
    document.save()
    newer = snapshots.take_snapshot(tiktok, now=FIXED_NOW.replace(hour=9))
    app = open_app(newer)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, PickPrompt)
        assert [entry.path for _, entry in app.screen.choices] == [older]
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen)
        assert "FR France" in screen_text(app) and "paused → live" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.marked_keys == {"fr"}


async def test_compare_without_snapshots_says_how_to_take_one(tiktok, open_app):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("No snapshots of tiktok_shop.toml" in message for message in messages(app))


# -- exports --------------------------------------------------------------------------------


async def test_export_each_text_format_equals_the_cli_export(tiktok, open_app, tmp_path):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        for number, fmt, suffix in ((1, "md", ".md"), (2, "html", ".html"), (3, "csv", ".csv")):
            await pilot.press("x")
            await pilot.pause()
            assert isinstance(app.screen, PickPrompt)
            await pilot.press(str(number))
            await pilot.pause()
            assert app.screen.initial_value == str(tiktok.with_suffix(suffix))
            await pilot.press("enter")
            await pilot.pause()
            written = tiktok.with_suffix(suffix)
            assert written.read_bytes() == cli_export(tiktok, fmt, tmp_path / f"cli{suffix}")
            assert f"Exported {fmt.upper() if fmt != 'md' else 'Markdown'} to {written}" in (
                messages(app)
            )
        # json from the palette
        hits = [hit.text async for hit in SharingCommands(app.screen).discover()]
        assert {"Export as Markdown…", "Export as SVG…", "Export as JSON…"} <= set(hits)
        await run_from_palette(pilot, "export as json", lambda: isinstance(app.screen, TextPrompt))
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("enter")
        await pilot.pause()
    assert tiktok.with_suffix(".json").read_bytes() == cli_export(
        tiktok, "json", tmp_path / "cli.json"
    )


async def test_export_asks_before_replacing_a_file(tiktok, open_app):
    existing = tiktok.with_suffix(".md")
    existing.write_text("keep me\n", encoding="utf-8")
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm) and "exists already" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert existing.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("x", "1", "enter", "r")
        await pilot.pause()
    assert existing.read_text(encoding="utf-8") == export(
        RoadmapDocument.load(tiktok).roadmap, "md"
    )


async def test_export_refuses_the_roadmap_itself_and_missing_folders(tiktok, open_app):
    before = tiktok.read_bytes()
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "1")
        await pilot.pause()
        field = app.screen.query_one("#prompt-input")
        field.value = str(tiktok)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt) and "the roadmap itself" in screen_text(app)
        field.value = str(tiktok.parent / "nowhere" / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt) and "does not exist" in screen_text(app)
    assert tiktok.read_bytes() == before


async def test_export_svg_from_the_app_equals_the_cli_svg(tiktok, open_app, tmp_path):
    app = open_app(tiktok)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "5", "enter")
        await settle(pilot)
        await pilot.pause()
    written = tiktok.with_suffix(".svg")
    assert f"Exported SVG to {written}" in messages(app)
    assert written.read_bytes() == cli_export(tiktok, "svg", tmp_path / "cli.svg")


def test_cli_exports_svg_of_the_main_screen(tiktok, tmp_path):
    out = tmp_path / "out.svg"
    svg = cli_export(tiktok, "svg", out).decode("utf-8")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    roadmap = RoadmapDocument.load(tiktok).roadmap
    for market in roadmap.markets:
        assert market.name.replace(" ", "&#160;") in svg, market.name
    assert "as&#160;of&#160;2022-07-05" in svg
    assert cli_export(tiktok, "svg", tmp_path / "again.svg").decode("utf-8") == svg


def test_the_svg_is_the_same_however_long_the_drawing_takes(tiktok, tmp_path, monkeypatch):
    """A busy machine draws the picture seconds after the headless app starts, when the
    once-a-second disk watch has run: the in-memory roadmap has no file to be "deleted"."""
    from roadmap_tui.ui import screenshot

    quick = cli_export(tiktok, "svg", tmp_path / "quick.svg")
    real = screenshot.RoadmapApp.export_screenshot

    def after_the_watch_has_run(app, *args, **kwargs):
        app.safekeeping.poll()
        app.safekeeping.poll()  # missing twice: what two seconds of the timer would see
        return real(app, *args, **kwargs)

    monkeypatch.setattr(screenshot.RoadmapApp, "export_screenshot", after_the_watch_has_run)
    assert cli_export(tiktok, "svg", tmp_path / "slow.svg") == quick


async def test_user_text_in_banner_and_comparison_is_shown_as_typed(tiktok, open_app):
    note = "[bold]Q3[/] \x1b[31m [link=https://x]x[/link]"
    frozen = snapshots.take_snapshot(tiktok, note=note, now=FIXED_NOW)
    document = RoadmapDocument.load(tiktok)
    document.set_notes("DE", "[red]gone[/] \x1b[2J")
    document.save()
    app = open_app(frozen)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        # the banner is one line: describe() turns control characters into spaces
        assert "— [bold]Q3[/] [31m [link=https://x]x[/link]" in screen_text(app)
    app = open_app(tiktok)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c", "enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "+[red]gone[/] ␛[2J" in shown
        assert "[bold]Q3[/] [31m [link=https://x]x[/link]" in shown
