"""The map view's first draw and cursor moves, headless, in a fresh process each run.

    python benchmarks/bench_map.py [runs]

For the TikTok sample and the 2,000-market file (`generate.py`; its codes AA, AB … are
two letters, so some 250 of them are countries and the map fills), at 80×24 and
200×60: the time from pressing `5` to the first frame holding the drawn map (the
outlines are read in that time: the first view of the map in a run pays for it), and
from each arrow key to the frame showing the cursor on another market. The issue's
goals: first draw ≤ 150 ms, a cursor move ≤ 16 ms. Also the parts on their own: reading
the outlines, and drawing the pixels at one size (cached per size afterwards).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZES = ((80, 24), (200, 60))


async def _measure(path: Path, size: tuple[int, int], cold: bool) -> dict[str, Any]:
    from roadmap_tui.ui.launch import make_app
    from roadmap_tui.ui.screens.main import MainScreen
    from roadmap_tui.ui.views.world_map import MapView

    if cold:  # no reading ahead: the press of 5 reads the outlines itself
        MainScreen._read_map_ahead = lambda self: None  # type: ignore[method-assign]

    app = make_app(path)
    seen: dict[str, Any] = {"want": None}
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        want = seen["want"]
        if renderable is not None and want is not None and want():
            seen["at"] = time.perf_counter()
            seen["want"] = None

    app._display = timed_display
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await asyncio.sleep(1.0)  # settled: the table's preparations are done

        async def timed(key: str, want: Any) -> float | None:
            """Milliseconds to the frame that shows `want`; None when none does within a
            second (an arrow with no market that way moves nothing)."""
            await asyncio.sleep(0.05)
            seen.pop("at", None)
            seen["want"] = want
            start = time.perf_counter()
            await pilot.press(key)
            while "at" not in seen and time.perf_counter() - start < 1:
                await asyncio.sleep(0)
            seen["want"] = None
            return (seen["at"] - start) * 1000 if "at" in seen else None

        # the map's widget is made when 5 is first pressed
        first = await timed("5", lambda: any(view._lines for view in app.screen.query(MapView)))
        view = app.screen.query_one(MapView)
        moves = []
        for key in ["right"] * 6 + ["down"] * 3 + ["left"] * 6 + ["right_square_bracket"] * 5:
            before = view._selected
            moved = await timed(key, lambda before=before: view._selected != before)
            if moved is not None:
                moves.append(moved)
    return {"first": first, "moves": moves}


def child(path: Path, width: int, height: int, cold: bool) -> None:
    print(json.dumps(asyncio.run(_measure(path, (width, height), cold))))


def parts() -> None:
    start = time.perf_counter()
    from roadmap_tui.share.world import raster, world

    world()
    read = (time.perf_counter() - start) * 1000
    drawn = []
    for width, height in SIZES:
        start = time.perf_counter()
        raster(width, height)
        drawn.append(f"{width}×{height} {(time.perf_counter() - start) * 1000:.0f} ms")
    print(json.dumps({"read": read, "drawn": drawn}))


def run_child(*arguments: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as state:
        environment = os.environ | {
            "ROADMAP_TUI_STATE_DIR": state,
            "ROADMAP_TUI_CONFIG": str(Path(state) / "config.toml"),
        }
        output = subprocess.run(
            [sys.executable, __file__, "--child", *arguments],
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sys.path.insert(0, str(HERE))
    from generate import write_sizes

    files = {
        "TikTok sample": HERE.parent / "sample_roadmaps" / "tiktok_shop.toml",
        "2,000 markets": write_sizes(HERE / "data", (2_000,))[2_000],
    }
    alone = run_child("parts")
    print(f"Outlines read once per process: {alone['read']:.0f} ms; pixels: {alone['drawn']}")
    print(f"Map view (fresh process each, median of {runs} runs)")
    print(
        "| roadmap | size | first draw (ms) | the same, outlines not read ahead (ms) "
        "| cursor move median / worst (ms) |"
    )
    print("|---|---|---|---|---|")
    for name, path in files.items():
        for width, height in SIZES:
            firsts = {}
            for how in ("warm", "cold"):
                results = [run_child(str(path), str(width), str(height), how) for _ in range(runs)]
                firsts[how] = statistics.median(result["first"] for result in results)
                if how == "warm":
                    moves = [move for result in results for move in result["moves"]]
            print(
                f"| {name} | {width}×{height} | {firsts['warm']:.0f} | {firsts['cold']:.0f} "
                f"| {statistics.median(moves):.1f} / {max(moves):.1f} |"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        if sys.argv[2] == "parts":
            parts()
        else:
            child(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "cold")
    else:
        main()
