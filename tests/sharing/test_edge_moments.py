"""Moments at the edge of TOML's range: every command and the app show them, none overflows.

TOML allows any offset on 0001-01-01 … 9999-12-31, so `9999-12-31T23:00:00-05:00` lies in
year 10000 in UTC and `0001-01-01T00:30:00+01:00` in year 0; Python's datetime holds
neither, and `validate` rightly calls such a file valid.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from roadmap_tui.share.snapshot import SnapshotError, take_snapshot
from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import market_text, roadmap_text, run_cli

LATE = "9999-12-31T23:00:00-05:00"  # 10000-01-01T04:00Z
EARLY = "0001-01-01T00:30:00+01:00"  # 0000-12-31T23:30Z
YEAR_ONE = "0001-01-01T00:30:00"  # a local time in year 1

EDGE = roadmap_text(
    market_text("DE", "Germany", "live")
    + f'\n[[markets.history]]\nat = {LATE}\nfrom = "planned"\nto = "live"\nnote = "late"\n',
    market_text("FR", "France", "paused")
    + f'\n[[markets.history]]\nat = {EARLY}\nfrom = "planned"\nto = "paused"\nnote = "early"\n',
    market_text("GB", "United Kingdom", "live")
    + f'\n[[markets.history]]\nat = {YEAR_ONE}\nfrom = "planned"\nto = "live"\n'
    + '\n[[markets.history]]\nat = 0001-01-01\nfrom = "live"\nto = "live"\nnote = "day"\n',
    title="Edge",
)

LATE_SHOWN = "9999-12-31 23:00 UTC-05:00"
EARLY_SHOWN = "0001-01-01 00:30 UTC+01:00"
YEAR_ONE_SHOWN = "0001-01-01 00:30"


@pytest.fixture
def edge(tmp_path: Path) -> Path:
    path = tmp_path / "edge.toml"
    path.write_text(EDGE, encoding="utf-8")
    return path


def test_validate_calls_the_edge_file_valid(edge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Valid; the one warning is GB's history, whose day (a date comes before the times
    of its day) is written after a time of that day: put in time order without overflow."""
    warning = (
        f"{edge}:37:6: warning: market GB, history entry 2: dated before the entry above it "
        f"({YEAR_ONE_SHOWN}); a history is read oldest first\n"
    )
    assert run_cli(capsys, "validate", str(edge)) == (0, f"{edge}: ok (3 markets)\n", warning)


def test_log_shows_every_edge_moment_in_order(
    edge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "log", str(edge))
    assert (code, err) == (0, "")
    assert [line[: len(LATE_SHOWN)].rstrip() for line in out.splitlines()] == [
        EARLY_SHOWN,
        "0001-01-01",
        YEAR_ONE_SHOWN,
        LATE_SHOWN,
    ]
    assert out.splitlines()[-1].endswith("planned → live    late")


def test_html_export_shows_the_edge_moments(edge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "export", str(edge), "--format", "html")
    assert (code, err) == (0, "")
    assert f'<time datetime="{LATE}">{LATE_SHOWN}</time>' in out
    assert f'<time datetime="{EARLY}">{EARLY_SHOWN}</time>' in out
    assert f'<time datetime="{YEAR_ONE}">{YEAR_ONE_SHOWN}</time>' in out
    assert 'As of <time datetime="9999-12-31">9999-12-31</time>' in out


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_text_exports_of_the_edge_file(
    edge: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "export", str(edge), "--format", fmt)
    assert (code, err) == (0, "")
    if fmt == "json":
        history = [
            entry["at"] for market in json.loads(out)["markets"] for entry in market["history"]
        ]
        assert history == [LATE, EARLY, YEAR_ONE, "0001-01-01"]
    if fmt == "md":
        assert "As of 9999-12-31" in out


def test_svg_export_of_the_edge_file(edge: Path, tmp_path: Path) -> None:
    """Drawn by the app in a fresh interpreter, as the command runs it."""
    output = tmp_path / "edge.svg"
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "export", str(edge), "-o", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert (result.returncode, result.stderr) == (0, f"exported svg to {output}\n")
    picture = output.read_text(encoding="utf-8")
    assert picture.startswith("<svg")
    assert "UTC-05:00" in picture.replace("&#160;", " ")


def test_snapshot_and_diff_of_the_edge_file(edge: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "snapshot", str(edge))
    assert (code, err) == (0, "")
    written = Path(out.strip())
    assert (
        RoadmapDocument.load(written).roadmap.markets == RoadmapDocument.load(edge).roadmap.markets
    )
    assert run_cli(capsys, "diff", str(written), str(edge)) == (0, "no differences\n", "")
    moved = edge.with_name("moved.toml")
    moved.write_text(
        EDGE.replace('status = "paused"', 'status = "live"').replace(
            f'at = {EARLY}\nfrom = "planned"\nto = "paused"',
            f'at = {EARLY}\nfrom = "paused"\nto = "live"',
        ),
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "diff", str(edge), str(moved))
    assert (code, err) == (1, "")
    assert 'FR France: paused → live (0001-01-01, "early")' in out


def snapshot_file(directory: Path, taken_at: str, name: str) -> Path:
    """A hand-written snapshot of edge.toml taken at `taken_at`."""
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(
        roadmap_text(market_text("DE", "Germany", "live"), title="Edge").replace(
            "\n\n",
            f'\n\n[snapshot]\ntaken_at = {taken_at}\nsource = "edge.toml"\nsource_sha256 = "0"\n\n',
            1,
        ),
        encoding="utf-8",
    )
    return path


def test_snapshots_lists_snapshots_taken_at_the_edge(
    edge: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = edge.parent / "snapshots"
    snapshot_file(folder, LATE, "a.toml")
    snapshot_file(folder, EARLY, "b.toml")
    snapshot_file(folder, "2022-07-05T09:30:00Z", "c.toml")
    code, out, err = run_cli(capsys, "snapshots", str(edge))
    assert (code, err) == (0, "")
    rows = out.splitlines()[1:]
    width = len("0001-01-01 00:30:00 UTC+01:00")
    assert [row[:width].rstrip() for row in rows] == [
        "0001-01-01 00:30:00 UTC+01:00",
        "2022-07-05 09:30:00 UTC",
        "9999-12-31 23:00:00 UTC-05:00",
    ]
    assert [row.split()[-1] for row in rows] == ["b.toml", "c.toml", "a.toml"]


def test_a_clock_outside_utcs_range_is_refused_in_one_sentence(edge: Path) -> None:
    late = datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5)))
    with pytest.raises(SnapshotError) as refused:
        take_snapshot(edge, now=late)
    assert str(refused.value) == (
        f"the clock reads {LATE_SHOWN}, which is outside the years 1 to 9999 in UTC; "
        "no snapshot was taken"
    )
    assert not (edge.parent / "snapshots").exists()


def test_the_app_detail_pane_shows_edge_moments_newest_first(edge: Path) -> None:
    from roadmap_tui.ui.launch import make_app

    def fixed_clock() -> datetime:
        return datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)

    async def scenario() -> list[str]:
        app = make_app(edge, clock=fixed_clock, cursor_blink=False)
        seen = []
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(3):
                await pilot.pause()
                seen.append(
                    "\n".join(strip.text for strip in app.screen._compositor.render_strips())
                )
                await pilot.press("down")
        return seen

    germany, france, britain = asyncio.run(scenario())
    assert f"{LATE_SHOWN}  planned → live" in germany
    assert f"{EARLY_SHOWN}  planned → paused" in france
    assert britain.index(f"{YEAR_ONE_SHOWN}  planned → live") < britain.index(
        "0001-01-01  live → live"
    )
    assert " 1-01-01" not in britain
