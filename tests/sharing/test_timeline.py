"""`log`: every market's status history as one timeline, oldest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from roadmap_tui.errors import EditError
from roadmap_tui.share.timeline import render_timeline, timeline
from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import TIKTOK, market_text, roadmap_text, run_cli

MIXED = roadmap_text(
    market_text("US", "United States", "paused")
    + '\n[[markets.history]]\nat = 2022-07-05T09:45:00Z\nfrom = "planned"\nto = "paused"\n',
    market_text("DE", "Germany", "live")
    + '\n[[markets.history]]\nat = 2022-07-05T11:00:00+02:00\nfrom = "planned"\nto = "paused"\n'
    + 'note = "two hours ahead of UTC"\n'
    + '\n[[markets.history]]\nat = 2023-02-01\nfrom = "paused"\nto = "live"\n',
    market_text("FR", "France", "paused")
    + '\n[[markets.history]]\nat = 2022-07-05\nfrom = "planned"\nto = "paused"\n'
    + 'note = "day only"\n',
    market_text("IT", "Italy", "paused")
    + '\n[[markets.history]]\nat = 2022-07-05T09:45:00Z\nfrom = "planned"\nto = "paused"\n',
)


def test_timeline_orders_dates_and_times_across_markets() -> None:
    roadmap = RoadmapDocument.from_text(MIXED).roadmap
    entries = timeline(roadmap)
    assert [(entry.code, entry.when) for entry in entries] == [
        ("FR", "2022-07-05"),  # a date alone comes first on its day
        ("DE", "2022-07-05 09:00 UTC"),  # 11:00+02:00
        ("US", "2022-07-05 09:45 UTC"),  # same moment as IT: file order
        ("IT", "2022-07-05 09:45 UTC"),
        ("DE", "2023-02-01"),
    ]
    assert entries[1].at == datetime(2022, 7, 5, 11, tzinfo=timezone(timedelta(hours=2)))


def test_timeline_of_one_market_and_an_unknown_code() -> None:
    roadmap = RoadmapDocument.from_text(MIXED).roadmap
    assert [entry.to for entry in timeline(roadmap, market="de")] == ["paused", "live"]
    with pytest.raises(EditError, match=r"no market with code 'GE'.*did you mean 'DE'"):
        timeline(roadmap, market="GE")


def test_render_timeline_is_aligned_and_one_line_per_change() -> None:
    roadmap = RoadmapDocument.load(TIKTOK).roadmap
    text = render_timeline(timeline(roadmap))
    lines = text.splitlines()
    assert lines[0] == (
        "2021-04-01            ID  Indonesia       planned → live    Launch (date approximate)"
    )
    assert lines[-1] == (
        "2022-07-05 09:45 UTC  US  United States   planned → paused  "
        "Not before the UK pilot works; focus on the UK"
    )
    assert len(lines) == sum(len(market.history) for market in roadmap.markets) == 7
    assert len({line.index("→") for line in lines}) == 1
    assert render_timeline([]) == "no status changes recorded\n"


def test_cli_log(tiktok: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "log", str(tiktok))
    assert (code, err) == (0, "")
    assert [line.split()[0] for line in out.splitlines()] == sorted(
        line.split()[0] for line in out.splitlines()
    )
    code, out, err = run_cli(capsys, "log", str(tiktok), "--market", "gb")
    assert (code, err) == (0, "")
    assert out == (
        "2021-12-01  GB  United Kingdom  planned → live  "
        "On Trend: first multi-brand live-stream shopping event\n"
    )
    code, out, err = run_cli(capsys, "log", str(tiktok), "--market", "dee")
    assert (code, out) == (1, "")
    assert err == "roadmap-tui: no market with code 'dee' in this roadmap; did you mean 'DE'?\n"
    code, out, err = run_cli(capsys, "log", str(tiktok), "--market", "CN")
    assert (code, out) == (0, "no status changes recorded\n")


def test_cli_log_after_edits_lists_them_last(tiktok: Path, capsys) -> None:
    moment = datetime(2022, 9, 1, 8, 0, tzinfo=UTC)
    document = RoadmapDocument.load(tiktok, clock=lambda: moment)
    document.set_status("de", "live", note="restart\nwith a new team")
    document.set_status("FR", "planned")
    document.save()
    code, out, _ = run_cli(capsys, "log", str(tiktok))
    assert code == 0
    assert out.splitlines()[-2:] == [
        "2022-09-01 08:00 UTC  DE  Germany         paused → live     restart with a new team",
        "2022-09-01 08:00 UTC  FR  France          paused → planned",
    ]
    assert date(2022, 9, 1) == document.market("DE").since
