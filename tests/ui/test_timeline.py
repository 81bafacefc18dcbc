"""The timeline view (key 2): rows in the table's order, zoom, sideways scroll, the cursor
that moves the selection, and a baseline picked (snapshot, file, commit) and cleared."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from roadmap_tui.ui.commands import RoadmapCommands
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.prompt import PickPrompt
from roadmap_tui.ui.screens.roadmap_picker import RoadmapPicker
from roadmap_tui.ui.views.timeline import TimelineView
from roadmap_tui.ui.views.timeline_lines import Zoom
from tests.sharing.helpers import GitRepo, git_environment
from tests.ui.scenarios import SAMPLES, messages, screen_text

SNAPSHOT = "tiktok_shop-20220620-090000.toml"
DATED = ["gb", "de", "fr", "it", "es", "us", "id"]
UNDATED = ["cn", "my", "th", "vn", "ph"]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The TikTok sample and its baseline snapshot in a folder of their own; HOME there."""
    monkeypatch.setenv("HOME", str(tmp_path))
    here = tmp_path / "roadmaps"
    (here / "snapshots").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "tiktok_shop.toml", here / "tiktok_shop.toml")
    shutil.copyfile(SAMPLES / "snapshots" / SNAPSHOT, here / "snapshots" / SNAPSHOT)
    return here


def timeline(app) -> TimelineView:
    return app.main_screen.query_one(TimelineView)


async def to_timeline(pilot) -> TimelineView:
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    view = timeline(pilot.app)
    assert view.has_focus
    return view


def selected(app) -> str | None:
    return app.main_screen.table.selected_key


# -- rows and cursor --------------------------------------------------------------------------


async def test_a_row_per_market_in_the_tables_order_undated_under_the_chart(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")  # sort by code: the timeline follows the table
        view = await to_timeline(pilot)
        keys = [row.key for row in view.rows]
        assert keys == [*sorted(DATED), None, *sorted(UNDATED)]
        assert view.rows[len(DATED)].heading == "Without dates (5): no since, no target"
        text = screen_text(app)
        assert "● GB United Kingdom" in text and "◐ US United States" in text
        assert "Without dates (5)" in text and "● CN China" in text


async def test_up_and_down_move_the_selection_past_the_heading(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        assert view.cursor_key == selected(app) == "gb"
        await pilot.press("down")
        assert view.cursor_key == selected(app) == "de"
        assert "GB  United Kingdom" not in screen_text(app)  # the details show Germany
        assert "DE  Germany" in screen_text(app)
        await pilot.press(*["down"] * 5)
        assert view.cursor_key == selected(app) == "id"
        await pilot.press("down")  # over the heading, onto the first market without dates
        assert view.cursor_key == selected(app) == "cn"
        await pilot.press("up")
        assert view.cursor_key == selected(app) == "id"
        await pilot.press("ctrl+end")
        assert view.cursor_key == selected(app) == "ph"
        await pilot.press("ctrl+home")
        assert view.cursor_key == selected(app) == "gb"


async def test_the_selection_carries_into_and_out_of_the_timeline(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["down"] * 5)  # the US, in the table
        view = await to_timeline(pilot)
        assert view.cursor_key == "us"
        app.main_screen.jump_to("MY")  # the screen moves the selection: the view follows
        await pilot.pause()
        assert view.cursor_key == selected(app) == "my"
        await pilot.press("2", "up")
        await pilot.press("1")
        assert selected(app) == "cn"


async def test_enter_edits_the_notes_of_the_market_under_the_cursor(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_timeline(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesEditor)
        assert app.screen.market.code == "DE"


async def test_a_filter_narrows_the_timeline(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("slash", *"status:paused", "enter")
        await pilot.pause()
        assert [row.key for row in view.rows] == ["de", "fr", "it", "es", "us"]


# -- zoom and scroll --------------------------------------------------------------------------


async def test_plus_and_minus_zoom_between_year_quarter_and_month(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        assert view.zoom is Zoom.YEAR  # 2021 to today fits only a year a dozen cells
        assert "Year zoom" in screen_text(app)
        await pilot.press("plus")
        assert view.zoom is Zoom.QUARTER
        assert "Quarter zoom" in screen_text(app) and " Q3 " in screen_text(app)
        await pilot.press("plus", "plus")
        assert view.zoom is Zoom.MONTH
        assert "Month zoom" in screen_text(app)
        await pilot.press("minus")
        assert view.zoom is Zoom.QUARTER
        await pilot.press("minus", "minus")
        assert view.zoom is Zoom.YEAR


async def test_left_right_home_and_end_scroll_the_chart_only(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("plus", "plus", "home")
        assert view.chart_x == 0
        assert re.search(r"Market +2021    Apr", screen_text(app))
        await pilot.press("right")
        assert view.chart_x == 8  # a month at month zoom
        assert re.search(r"Market +2021 Apr     May", screen_text(app))
        await pilot.press("left")
        assert view.chart_x == 0
        await pilot.press("end")
        assert view.chart_x > 0 and view.chart_x + view._chart_width() == view.scale.width
        text = screen_text(app)
        assert re.search(r"Market +2023 +Oct     Nov", text)  # no cut label at the edge
        assert "Apr     May     Jun" in text and "┿" in text  # today is near the end
        assert "● GB United Kingdom" in text  # the labels stay put
        assert view.cursor_key == selected(app) == "gb"  # scrolling moves no cursor


# -- the baseline -----------------------------------------------------------------------------


async def test_b_picks_a_snapshot_as_baseline_and_shift_b_clears_it(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("B")  # nothing to clear: nothing happens
        assert view.baseline is None
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, PickPrompt)
        assert "2022-06-20 09:00:00 UTC" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert view.has_focus
        assert view.baseline is not None and view.baseline.short == "snapshot 2022-06-20"
        drift = {row.key: row.drift.words for row in view.rows if row.drift is not None}
        assert drift["us"] == "target +47 d" and drift["de"] == "target removed"
        text = screen_text(app)
        assert "◇ baseline: snapshot 2022-06-20 · B clears" in text
        assert "target +47 d" in text and "vs baseline" in text and "◇" in text
        await pilot.press("B")
        await pilot.pause()
        assert view.baseline is None
        assert "target +47 d" not in screen_text(app)
        assert "b picks a baseline" in screen_text(app)


async def test_any_roadmap_file_as_baseline_shows_new_and_dropped(folder, open_app):
    plan = (SAMPLES / "tiktok_shop.toml").read_text(encoding="utf-8")
    plan = plan.replace('code = "PH"', 'code = "SA"').replace(
        "target = 2022-11-01", "target = 2022-12-01"
    )
    (folder / "old_plan.toml").write_text(plan, encoding="utf-8")
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("2")  # another roadmap file
        await pilot.pause()
        assert isinstance(app.screen, RoadmapPicker)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter")  # the first that is not open: old_plan.toml
        await pilot.pause()
        assert view.baseline is not None and view.baseline.short == "old_plan.toml"
        rows = {row.key: row for row in view.rows}
        assert rows["us"].drift is not None and rows["us"].drift.words == "target −30 d"
        assert rows["ph"].drift is not None and rows["ph"].drift.words == "new"
        assert rows["sa"].dropped and rows["sa"].drift is not None
        assert [row.key for row in view.rows][len(DATED)] == "sa"  # after the dated rows
        text = screen_text(app)
        assert "SA Philippines" in text and "dropped" in text
        # a dropped market is no market of this roadmap: the selection stays where it was
        await pilot.press(*["down"] * len(DATED))
        assert view.rows[view._cursor].key == "sa"
        assert selected(app) == "id"


async def test_a_baseline_file_that_is_not_a_roadmap_is_said_in_one_sentence(folder, open_app):
    broken = folder / "broken.toml"
    broken.write_text('[roadmap]\ntitle = "x"\n[[markets]]\ncode = 1\n', encoding="utf-8")
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.press("enter")  # broken.toml comes first
        await pilot.pause()
        assert view.baseline is None
        said = messages(app)[-1]
        assert said.startswith(f"{broken}:3:1: error:") and "\n" not in said


async def test_a_git_commit_as_baseline(tmp_path, open_app, monkeypatch):
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "home"))
    for key, value in repo.environment.items():
        monkeypatch.setenv(key, value)
    text = (SAMPLES / "tiktok_shop.toml").read_text(encoding="utf-8")
    repo.commit(
        "tiktok_shop.toml", text.replace("target = 2022-11-01", "target = 2022-10-01"), "plan"
    )
    (repo.folder / "tiktok_shop.toml").write_text(text, encoding="utf-8")
    app = open_app(repo.folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert "commit" in screen_text(app)
        await pilot.press("1")
        await pilot.pause()
        assert view.baseline is not None and view.baseline.short.startswith("commit ")
        rows = {row.key: row for row in view.rows}
        assert rows["us"].drift is not None and rows["us"].drift.words == "target +31 d"


async def test_the_palette_offers_the_timelines_keys_while_it_is_shown(folder, open_app):
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [hit.text async for hit in RoadmapCommands(app.screen).discover()]
        assert "Timeline: clear the baseline" not in titles
        view = await to_timeline(pilot)
        titles = [hit.text async for hit in RoadmapCommands(app.screen).discover()]
        assert "Timeline: zoom in (year, quarter, month)" in titles
        hits = [hit async for hit in RoadmapCommands(app.screen).search("zoom in")]
        await hits[0].command()
        await pilot.pause()
        assert view.zoom is Zoom.QUARTER


async def test_overdue_and_due_soon_marks_end_the_label(folder, open_app):
    text = (folder / "tiktok_shop.toml").read_text(encoding="utf-8")
    # Germany's target in three weeks of the fixed clock's day (2024-05-06): due soon
    text = text.replace(
        'since = 2022-07-05\ntags = ["eu-wave-1"]\nnotes',
        'since = 2022-07-05\ntarget = 2024-05-27\ntags = ["eu-wave-1"]\nnotes',
        1,
    )
    (folder / "tiktok_shop.toml").write_text(text, encoding="utf-8")
    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_timeline(pilot)
        lines = screen_text(app).splitlines()
        assert any(re.match(r" ◐ US United States +! ", line) for line in lines)  # overdue
        assert any(re.match(r" ◐ DE Germany +◷ ", line) for line in lines)  # due soon
        assert any(re.match(r" ◐ FR France +◐━", line) for line in lines)  # neither


async def test_an_export_from_the_app_carries_the_timelines_drift(folder, open_app):
    """With a baseline drawn, `x` writes md and html with the drift table against it, the
    same bytes the command line writes with `--baseline`; csv has no drift to carry."""
    from roadmap_tui.share.drift import Baseline
    from roadmap_tui.share.export import export

    app = open_app(folder / "tiktok_shop.toml")
    async with app.run_test(size=(120, 30)) as pilot:
        view = await to_timeline(pilot)
        await pilot.press("b", "1")
        await pilot.pause()
        baseline = view.baseline
        assert isinstance(baseline, Baseline)
        screen = app.main_screen
        for fmt in ("md", "html", "csv"):
            screen.write_export(fmt, folder / f"out.{fmt}")
        roadmap = app.document.roadmap
    markdown = (folder / "out.md").read_bytes().decode("utf-8")
    assert markdown == export(roadmap, "md", baseline=baseline)
    assert "target +47 d" in markdown
    assert "target +47 d" in (folder / "out.html").read_text(encoding="utf-8")
    assert (folder / "out.csv").read_bytes().decode("utf-8") == export(roadmap, "csv")
