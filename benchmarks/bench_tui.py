"""How fast the app shows a roadmap, next to a bare Textual app doing the least it can.

    python benchmarks/bench_tui.py            # 10 / 2,000 / 10,000 markets, 3 runs each
    python benchmarks/bench_tui.py --sizes 2000 --runs 5

Each run is a fresh Python process, timed from just before it starts to the first frame
showing the table (headless `run_test`, 160×50): imports, reading and validating the
file, building the screen, filling the table and laying it out all count. The baseline
process imports Textual, reads the file with `tomllib.loads` and fills a DataTable with
the same seven columns (plain strings, as a first Textual app would). Both run in the
same invocation, interleaved, so a busy machine slows both.

roadmap-tui paints its first frame with the first 200 rows (more than a screen holds)
and adds the rest right after; "all rows in" is when the last of them is in the table.

Also measured at 2,000 markets: one status change through the main screen until the
changed row is repainted (the table's cells are updated, not rebuilt).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZE = (160, 50)
HEADINGS = ("Code", "Name", "Region", "Status", "Since", "Target", "Notes")


# -- what runs inside each child process ------------------------------------------------


def watch_first_frame(app) -> dict[str, float]:
    """Record when the first frame holding a filled table is handed to the terminal.

    Headless, Textual still renders every frame and passes it to `App._display`, which
    then skips the write; wrapping it marks the moment a real terminal would get it."""
    from textual.widgets import DataTable

    seen: dict[str, float] = {"frames": 0}
    display = app._display

    def timed_display(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            seen["frames"] += 1
            seen["last"] = time.perf_counter()
        if renderable is not None and "frame" not in seen:
            tables = screen.query(DataTable)
            if tables and tables.first().row_count:
                seen["frame"] = time.time()
                seen["rows_at_frame"] = tables.first().row_count

    app._display = timed_display
    return seen


def _first_line(notes: str | None) -> str:
    for line in (notes or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


async def _bare(path: Path) -> dict[str, float]:
    import tomllib

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            rows = [
                (
                    m["code"],
                    m["name"],
                    m.get("region", ""),
                    m["status"],
                    str(m.get("since", "")),
                    str(m.get("target", "")),
                    _first_line(m.get("notes")),
                )
                for m in data.get("markets", [])
            ]
            table = self.query_one(DataTable)
            table.add_columns(*HEADINGS)
            table.add_rows(rows)

    app = BareApp()
    seen = watch_first_frame(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = app.query_one(DataTable).row_count
    return {"frame": seen["frame"], "rows": shown}


async def _app(path: Path, status_changes: int) -> dict[str, float]:
    from roadmap_tui.model import Status
    from roadmap_tui.ui.launch import make_app
    from roadmap_tui.ui.widgets.market_table import MarketTable

    app = make_app(path)
    seen = watch_first_frame(app)
    result: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        table = None
        while table is None or table._pending or not table.row_count:
            await asyncio.sleep(0)  # until the rows left for after the first frame are in
            table = next(iter(app.screen.query(MarketTable)), None)
        result["all_rows"] = time.time()
        await pilot.pause()
        result["frame"] = seen["frame"]
        result["rows"] = table.row_count
        if seen["rows_at_frame"] == table.row_count:  # small roadmaps: all in the first frame
            result["all_rows"] = seen["frame"]
        timings = []
        code = app.document.markets[len(app.document.markets) // 2].code
        table.select_key(code.casefold())  # on screen, as when a user changes it
        await pilot.pause()
        for _ in range(status_changes):
            current = app.document.market(code).status
            new = Status.LIVE if current != Status.LIVE else Status.PAUSED
            frames = seen["frames"]
            start = time.perf_counter()
            app.screen.change_status(code, new, "benchmark")
            while seen["frames"] == frames:  # until the next frame is handed out
                await asyncio.sleep(0)
            timings.append((seen["last"] - start) * 1000)
            assert table.get_cell(code.casefold(), "status").plain.endswith(str(new))
            await pilot.pause()
        if timings:
            result["status_ms"] = statistics.median(timings)
    return result


def child(kind: str, path: Path, status_changes: int) -> None:
    run = _bare(path) if kind == "bare" else _app(path, status_changes)
    result = asyncio.run(run)
    print(json.dumps(result))


# -- the parent: spawn, time, report -----------------------------------------------------


def run_child(kind: str, path: Path, status_changes: int = 0) -> dict[str, float]:
    # the app journals its edits: keep that journal out of the user's state directory
    with tempfile.TemporaryDirectory() as state:
        environment = os.environ | {"ROADMAP_TUI_STATE_DIR": state}
        start = time.time()
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path), str(status_changes)],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["seconds"] = result["frame"] - start
    if "all_rows" in result:
        result["all_rows_seconds"] = result["all_rows"] - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 2_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "PATH", "CHANGES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        kind, path, changes = args.child
        child(kind, Path(path), int(changes))
        return

    sys.path.insert(0, str(HERE))
    from generate import write_sizes

    files = write_sizes(HERE / "data", tuple(args.sizes))
    print(f"{'markets':>8} {'bare app':>10} {'roadmap-tui':>12} {'ratio':>7} {'all rows in':>12}")
    for size in args.sizes:
        bare, ours = [], []
        for _ in range(args.runs):
            bare.append(run_child("bare", files[size]))
            ours.append(run_child("app", files[size]))
        assert all(run["rows"] == size for run in bare + ours), "a table did not fill"
        bare_s = statistics.median(run["seconds"] for run in bare)
        ours_s = statistics.median(run["seconds"] for run in ours)
        all_rows = statistics.median(run["all_rows_seconds"] for run in ours)
        print(
            f"{size:>8} {bare_s * 1000:>8.0f} ms {ours_s * 1000:>9.0f} ms {ours_s / bare_s:>6.2f}×"
            f" {all_rows * 1000:>9.0f} ms"
        )
    if 2_000 in files:
        changed = run_child("app", files[2_000], status_changes=7)
        print(
            f"status change to repainted row at 2,000 markets: {changed['status_ms']:.1f} ms (median of 7)"
        )


if __name__ == "__main__":
    main()
