"""How fast the app shows a roadmap and answers keys, next to a bare Textual app.

    python benchmarks/bench_tui.py                      # everything, 3 runs of each
    python benchmarks/bench_tui.py --sizes 2000 --runs 5
    python benchmarks/bench_tui.py --only keys          # first-frame | memory | keys | views

First frame. Each run is a fresh Python process, timed from just before it starts to the
first frame showing the filled table (headless `run_test`, 160×50): imports, reading and
validating the file, building the screen, filling the table and laying it out all count.
The baseline process imports Textual, reads the file with `tomllib.loads` and fills a
`DataTable` with the same seven columns (plain strings, as a first Textual app would).
Both run interleaved in the same invocation, so a busy machine slows both; the median
of the runs is printed, both sides and their ratio. Modules are compiled once, before
any timed run, into a cache kept for the invocation (as an installed package has them). Each of our runs also says where
its time went: imports, loading the file (read, parse and validate: they run a run of
markets at a time, so they are one figure),
and the market table's own work (`show()` and drawing lines). Below 1,000 markets a third
process runs beside them, the floor: the bare app that also imports the roadmap's pydantic
model and validates the file with it, which any app on this model pays before its frame.

Memory. The peak resident size (ru_maxrss) of those same processes, ours next to the
bare app's.

Keys. In one process per size: the app is opened, left to settle, then keys are sent
the way a terminal sends them, a tenth of a second apart (as a fast typist types, and
so that Textual's 60 Hz frame timer is ready, as it is for a person): `down` (cursor
move), `o` (sort by the next column; each column once, then reversed with `O`), the
letters of a filter typed one by one then erased, and a field filter (`tag:wave-2
status:live`, each key of it, then erased). Each figure is the time from the key being
sent to the first frame handed to the terminal after the table changed (median over the
keys, slowest beside it). One status change to the repainted row is measured the same
way, and so are `ctrl+a` (every market marked) and `esc` (marks cleared), and a status
change of 500 marked markets (one edit, one undo step) to its repainted table.

Views. At 2,000 markets, in one process: each view's key (2–5, then 1 back to the table)
timed to the first frame that shows the view, then `down` ×10 and `up` ×5 in that view,
each timed twice: to the first frame in which the view drew its moved cursor, and to the
first frame after the selection moved (the detail pane follows the selection, a frame
later than the cursor).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (160, 50)
HEADINGS = ("Code", "Name", "Region", "Status", "Since", "Target", "Notes")
# Targets of issue 12 (ratios against the bare app in the same run; keys in ms).
FRAME_TARGETS = {10: 1.3, 2_000: 0.6, 10_000: 0.3}
MEMORY_TARGET = 1.5
KEY_TARGET_MS = 16.0
# Issue 9: switching to a view and its first draw (the map's), at 2,000 markets.
VIEW_TARGET_MS, MAP_TARGET_MS = 100.0, 150.0


# -- what runs inside each child process ------------------------------------------------


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def watch_frames(app: Any, changed: Any = None) -> dict[str, Any]:
    """Record the frames handed to the terminal: when the first one holding a filled
    table came, and (when `changed()` is given) when the first one after it answered.

    Headless, Textual still renders every frame and passes it to `App._display`, which
    then skips the write; wrapping it marks the moment a real terminal would get it."""
    seen: dict[str, Any] = {"frames": 0, "waiting": None}
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is None:
            return
        now = time.perf_counter()
        seen["frames"] += 1
        if "frame" not in seen:
            table = seen.get("table_of", lambda _screen: None)(screen)
            if table is not None and table.row_count:
                seen["frame"] = time.time()
        if seen["waiting"] is not None and changed is not None and changed():
            seen["answered"] = now
            seen["answered_cpu"] = time.thread_time()
            seen["waiting"] = None

    app._display = timed_display
    return seen


def _first_line(notes: str | None) -> str:
    for line in (notes or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


async def _bare(path: Path, with_model: bool = False) -> dict[str, Any]:
    import tomllib

    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    if with_model:  # the floor: the bare app that also checks the file with our model
        from roadmap_tui.model import Roadmap

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if with_model:
                Roadmap.model_validate(data)
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
    seen = watch_frames(app)
    seen["table_of"] = lambda screen: next(iter(screen.query(DataTable)), None)
    async with app.run_test(size=SIZE) as pilot:
        while "frame" not in seen:
            await asyncio.sleep(0.01)
        await pilot.pause()
        shown = app.query_one(DataTable).row_count
    return {"frame": seen["frame"], "rows": shown, "memory_mb": _peak_memory_mb()}


class Stopwatch:
    """Time spent inside some functions, wrapped in place (for the breakdown)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, timed)


async def _app(path: Path, started: float) -> dict[str, Any]:
    from roadmap_tui.store import RoadmapDocument
    from roadmap_tui.ui.launch import make_app
    from roadmap_tui.ui.widgets.market_table import MarketTable

    imports = time.time() - started  # the interpreter's start and every import
    watch = Stopwatch()
    watch.wrap(RoadmapDocument, "load", "load")
    watch.wrap(MarketTable, "show", "table")
    watch.wrap(MarketTable, "render_line", "table")
    app = make_app(path)
    seen = watch_frames(app)
    seen["table_of"] = lambda screen: next(iter(screen.query(MarketTable)), None)
    async with app.run_test(size=SIZE) as pilot:
        while "frame" not in seen:
            await asyncio.sleep(0.01)
        parts = dict(watch.seconds)
        await pilot.pause()
        table = app.screen.query_one(MarketTable)
        rows = table.row_count
    load = parts.get("load", 0.0)
    return {
        "frame": seen["frame"],
        "rows": rows,
        "memory_mb": _peak_memory_mb(),
        "imports": imports,
        "load": load,
        "table": parts.get("table", 0.0),
    }


async def _keys(path: Path) -> dict[str, Any]:
    """Send keys to the app, one at a time, and time each to its answering frame."""
    from roadmap_tui.model import Status
    from roadmap_tui.ui.launch import make_app
    from roadmap_tui.ui.widgets.market_table import MarketTable

    app = make_app(path)
    state: dict[str, Any] = {}

    def now_showing() -> tuple[Any, ...]:
        screen = app.screen
        table = state["table"]
        return (
            getattr(screen, "view", None),
            table.row_count,
            table.cursor_row,
            table.selected_market,
            len(table.ticked_keys),
            app.document.checkpoint() if app.document is not None else None,  # an edit
        )

    seen = watch_frames(app, lambda: now_showing() != seen["waiting"])
    seen["table_of"] = lambda screen: next(iter(screen.query(MarketTable)), None)
    timings: dict[str, list[float]] = {
        kind: [] for kind in ("cursor", "sort", "filter", "status", "fields", "mark", "bulk")
    }
    work: dict[str, list[float]] = {kind: [] for kind in timings}
    async with app.run_test(size=SIZE) as pilot:
        while "frame" not in seen:
            await asyncio.sleep(0.01)
        state["table"] = app.screen.query_one(MarketTable)
        await pilot.pause()
        await asyncio.sleep(1.5)  # settled: the filter's search texts are ready

        async def timed(kind: str, key: str) -> None:
            await asyncio.sleep(0.1)
            seen["waiting"] = now_showing()
            seen.pop("answered", None)
            start, start_cpu = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            while "answered" not in seen:
                await asyncio.sleep(0)
            timings[kind].append((seen["answered"] - start) * 1000)
            work[kind].append((seen["answered_cpu"] - start_cpu) * 1000)

        for _ in range(15):
            await timed("cursor", "down")
        for key in ["o"] * 7 + ["O"]:  # each column in turn, then reversed
            await timed("sort", key)
        await pilot.press("o")  # back to the file's order
        await asyncio.sleep(0.1)
        await pilot.press("slash")
        for key in [*"euro", *["backspace"] * 4]:
            await timed("filter", key)
        for key in [*"tag:wave-2 status:live", *["backspace"] * 12]:
            await timed("fields", key)
        await pilot.press("escape")
        await pilot.pause()
        for _ in range(3):
            await timed("mark", "ctrl+a")
            await timed("mark", "escape")

        screen = app.screen
        market = state["table"].selected_market
        for _ in range(7):
            await asyncio.sleep(0.1)
            new = Status.LIVE if market.status != Status.LIVE else Status.PAUSED
            seen["waiting"] = now_showing()
            seen.pop("answered", None)
            start, start_cpu = time.perf_counter(), time.thread_time()
            screen.change_status(market.code, new, "benchmark")
            while "answered" not in seen:
                await asyncio.sleep(0)
            timings["status"].append((seen["answered"] - start) * 1000)
            work["status"].append((seen["answered_cpu"] - start_cpu) * 1000)
            market = state["table"].selected_market
            assert market.status == new

        # 500 markets marked, then one status for all of them (as `s` in the picker does)
        table = state["table"]
        marked = table.shown_keys[:500]
        table.set_ticked(marked)
        for turn in range(3):
            await asyncio.sleep(0.1)
            status = (Status.PLANNED, Status.LIVE, Status.PAUSED)[turn]
            codes = [market.code for market in screen.marked_markets()]
            seen["waiting"] = now_showing()
            seen.pop("answered", None)
            start, start_cpu = time.perf_counter(), time.thread_time()
            screen.change_statuses(codes, status, "benchmark")
            while "answered" not in seen:
                await asyncio.sleep(0)
            timings["bulk"].append((seen["answered"] - start) * 1000)
            work["bulk"].append((seen["answered_cpu"] - start_cpu) * 1000)
            assert all(market.status == status for market in screen.marked_markets())
    return {"timings": timings, "work": work, "rows": state["table"].row_count}


async def _views(path: Path) -> dict[str, Any]:
    """Switch to each view in turn (its key) and move the cursor in it. Two times per
    key: to the first frame in which the view drew anything ("drawn": the switch, the
    cursor's move), and to the first frame after the selection (and so the detail pane,
    which follows it) changed. A key that changes nothing (the cursor at an end) waits
    a second, is left out, and is counted."""
    from roadmap_tui.ui.launch import make_app
    from roadmap_tui.ui.view_names import VIEW_NAMES
    from roadmap_tui.ui.widgets.market_table import MarketTable

    app = make_app(path)
    state: dict[str, Any] = {"drawn": False}

    def now_showing() -> tuple[Any, ...]:
        screen = app.screen
        return (getattr(screen, "current_view", None), state["table"].selected_market)

    def answered() -> bool:
        if state["drawn"] and "drawn_at" not in seen:
            seen["drawn_at"] = time.perf_counter()
        return bool(now_showing() != seen["waiting"])

    seen = watch_frames(app, answered)
    seen["table_of"] = lambda screen: next(iter(screen.query(MarketTable)), None)
    figures: dict[str, dict[str, list[float]]] = {}
    async with app.run_test(size=SIZE) as pilot:
        while "frame" not in seen:
            await asyncio.sleep(0.01)
        state["table"] = app.screen.query_one(MarketTable)
        await pilot.pause()
        for view in VIEW_NAMES:  # a view's lines drawn: the frame that follows shows them
            pane = app.screen.view_pane(view.name)
            draw = pane.render_lines

            def drawing(crop: Any, draw: Any = draw) -> Any:
                state["drawn"] = True
                return draw(crop)

            pane.render_lines = drawing
        await asyncio.sleep(1.5)  # settled

        async def timed(key: str) -> tuple[float | None, float | None]:
            await asyncio.sleep(0.1)
            seen["waiting"] = now_showing()
            seen.pop("answered", None)
            seen.pop("drawn_at", None)
            state["drawn"] = False
            start = time.perf_counter()
            await pilot.press(key)
            while "answered" not in seen and time.perf_counter() - start < 1.0:
                await asyncio.sleep(0)
            drawn = seen.get("drawn_at")
            if "answered" not in seen:
                seen["waiting"] = None
                return None, None
            return float((drawn - start) * 1000) if drawn else None, float(
                (seen["answered"] - start) * 1000
            )

        for view in (*VIEW_NAMES[1:], VIEW_NAMES[0]):
            switch, _ = await timed(view.key)
            moves = [await timed(key) for key in ["down"] * 10 + ["up"] * 5]
            figures[view.name] = {
                "switch": [switch] if switch is not None else [],
                "cursor": [drawn for drawn, _ in moves if drawn is not None],
                "details": [shown for _, shown in moves if shown is not None],
                "still": [float(sum(shown is None for _, shown in moves))],
            }
    return {"views": figures, "rows": state["table"].row_count}


def child(kind: str, path: Path, started: float) -> None:
    if kind == "bare":
        run = _bare(path)
    elif kind == "floor":
        run = _bare(path, with_model=True)
    elif kind == "app":
        run = _app(path, started)
    elif kind == "views":
        run = _views(path)
    else:
        run = _keys(path)
    print(json.dumps(asyncio.run(run)))


# -- the parent: spawn, time, report -----------------------------------------------------


# Compiled modules for the children, kept for the whole invocation (as an installed
# package has them): without it, a machine that sets PYTHONDONTWRITEBYTECODE makes every
# run of the app compile its own modules again, which no user's run does.
_PYCACHE = tempfile.TemporaryDirectory(prefix="bench-tui-pycache-")


def run_child(kind: str, path: Path) -> dict[str, Any]:
    # the app journals its edits and remembers a sort: keep both out of the user's files
    with tempfile.TemporaryDirectory() as state:
        environment = {
            key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
        }
        environment |= {
            "ROADMAP_TUI_STATE_DIR": state,
            "ROADMAP_TUI_CONFIG": str(Path(state) / "config.toml"),
            "PYTHONPYCACHEPREFIX": _PYCACHE.name,
        }
        start = time.time()
        output = subprocess.run(
            [sys.executable, __file__, "--child", kind, str(path), repr(start)],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    if "frame" in result:
        result["seconds"] = result["frame"] - start
    return result


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)


def first_frames(files: dict[int, Path], runs: int) -> dict[int, tuple[list[Any], list[Any]]]:
    print("First frame (fresh process each, median of", runs, "runs)")
    print(
        f"{'markets':>8} {'bare app':>10} {'roadmap-tui':>12} {'ratio':>7} {'target':>7}"
        f"   {'imports':>8} {'load':>7} {'table':>7}   {'floor':>6}"
    )
    measured = {}
    for size, path in files.items():
        bare, ours, floor = [], [], []
        for _ in range(runs):
            bare.append(run_child("bare", path))
            ours.append(run_child("app", path))
            if size < 1_000:
                floor.append(run_child("floor", path))
        assert all(run["rows"] == size for run in bare + ours + floor), "a table did not fill"
        bare_s, ours_s = _median(bare, "seconds"), _median(ours, "seconds")
        target = FRAME_TARGETS.get(size)
        parts = "   ".join(
            f"{_median(ours, part) * 1000:>{width}.0f} ms"
            for part, width in (("imports", 5), ("load", 4), ("table", 4))
        )
        least = f"{_median(floor, 'seconds') / bare_s:>5.2f}×" if floor else ""
        print(
            f"{size:>8} {bare_s * 1000:>7.0f} ms {ours_s * 1000:>9.0f} ms {ours_s / bare_s:>6.2f}×"
            f" {'≤ ' + format(target, '.1f') + '×' if target else '':>7}   {parts}   {least:>6}"
        )
        measured[size] = (bare, ours)
    print(
        "floor: the bare app that also imports the roadmap's pydantic model and checks the"
        " file with it, as a ratio to the bare app (below 1,000 markets, where imports lead)"
    )
    return measured


def memory(measured: dict[int, tuple[list[Any], list[Any]]]) -> None:
    print("\nPeak memory (ru_maxrss of the same processes, median)")
    print(f"{'markets':>8} {'bare app':>10} {'roadmap-tui':>12} {'ratio':>7}")
    for size, (bare, ours) in measured.items():
        bare_mb, ours_mb = _median(bare, "memory_mb"), _median(ours, "memory_mb")
        print(
            f"{size:>8} {bare_mb:>7.0f} MB {ours_mb:>9.0f} MB {ours_mb / bare_mb:>6.2f}×"
            + (f"  (target ≤ {MEMORY_TARGET}×)" if size == 10_000 else "")
        )


def keys(files: dict[int, Path]) -> None:
    print("\nKeys to the answering frame (one process per size; ms: median, slowest,")
    print("and the median CPU time of the app's thread over the same span)")
    kinds = ("cursor", "sort", "filter", "fields", "status", "mark", "bulk")
    print(f"{'markets':>8} " + " ".join(f"{kind:>20}" for kind in kinds))
    for size, path in files.items():
        result = run_child("keys", path)
        assert result["rows"] == size
        cells = []
        for kind in kinds:
            times, cpu = result["timings"][kind], result["work"][kind]
            cells.append(
                f"{statistics.median(times):>5.1f} ({max(times):>6.1f}) {statistics.median(cpu):>4.1f}"
            )
        print(f"{size:>8} " + " ".join(f"{cell:>20}" for cell in cells))
    print(
        f"target at 10,000 markets: ≤ {KEY_TARGET_MS:.0f} ms for cursor, sort, filter and"
        " fields (issue 10: filter ≤ 16 ms at 2,000, ≤ 50 ms at 10,000); bulk is 500 markets"
    )


def views(files: dict[int, Path]) -> None:
    print("\nViews (one process per size; ms from the key to the frame that shows it:")
    print("the view drawn, then the selection and its details; median, slowest)")
    print(
        f"{'markets':>8} {'view':>9} {'switch':>8} {'cursor drawn':>16} {'details':>16} {'still':>6}"
    )
    for size, path in files.items():
        result = run_child("views", path)
        assert result["rows"] == size
        for name, figures in result["views"].items():
            switch = f"{figures['switch'][0]:.1f}" if figures["switch"] else "—"
            cells = []
            for kind in ("cursor", "details"):
                times = figures[kind]
                cells.append(f"{statistics.median(times):.1f} ({max(times):.1f})" if times else "—")
            still = int(figures["still"][0])
            print(f"{size:>8} {name:>9} {switch:>8} {cells[0]:>16} {cells[1]:>16} {still:>6}")
    print(
        f"target at 2,000 markets: ≤ {VIEW_TARGET_MS:.0f} ms to a view's first frame"
        f" (the map ≤ {MAP_TARGET_MS:.0f} ms), ≤ {KEY_TARGET_MS:.0f} ms per cursor move"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 2_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["first-frame", "memory", "keys", "views"])
    parser.add_argument(
        "--child", nargs=3, metavar=("KIND", "PATH", "STARTED"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        kind, path, started = args.child
        child(kind, Path(path), float(started))
        return

    sys.path.insert(0, str(HERE))
    from generate import write_sizes

    files = write_sizes(HERE / "data", tuple(args.sizes))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}\n")
    smallest = files[min(files)]
    for kind in ("bare", "app"):  # compile every module once, untimed
        run_child(kind, smallest)
    if args.only in (None, "first-frame", "memory"):
        measured = first_frames(files, args.runs)
        memory(measured)
    if args.only in (None, "keys"):
        keys({size: path for size, path in files.items() if size >= 2_000})
    if args.only in (None, "views"):
        views({size: path for size, path in files.items() if size == 2_000})


if __name__ == "__main__":
    main()
