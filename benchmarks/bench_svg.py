"""How long `roadmap-tui export --format svg` takes, next to a bare Textual app's screenshot.

    python benchmarks/bench_svg.py                 # the TikTok sample and 2,000 markets, 5 runs
    python benchmarks/bench_svg.py --runs 9

Each run is the whole command in a fresh Python process, as a user waits for it: imports,
reading and validating the file, drawing the main screen headless at 120×40 and writing
the svg. The baseline process imports Textual, reads the same file with `tomllib`, runs
an app holding one DataTable of its markets headless at the same size and exports its
screenshot: the least any Textual svg export of that file costs. Runs are interleaved,
so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "sample_roadmaps" / "tiktok_shop.toml"
sys.path.insert(0, str(HERE))

from generate import roadmap_text  # noqa: E402  (a sibling script, not a package)

BASELINE = """
import tomllib, sys
from textual.app import App
from textual.widgets import DataTable

markets = tomllib.loads(open(sys.argv[1], encoding="utf-8").read())["markets"]

class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Code", "Name", "Status")
        table.add_rows((m["code"], m["name"], m["status"]) for m in markets)

async def draw(pilot):
    await pilot.pause()
    open(sys.argv[2], "w", encoding="utf-8").write(pilot.app.export_screenshot())
    pilot.app.exit()

Bare().run(headless=True, size=(120, 40), auto_pilot=draw)
"""


def timed(argv: list[str]) -> float:
    """Seconds from starting the process to its end; it must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "markets-2000.toml"
        big.write_text(roadmap_text(2000), encoding="utf-8")
        out = str(Path(folder) / "out.svg")
        for label, roadmap in (("the sample, 12 markets", SAMPLE), ("2,000 markets", big)):
            baseline = [sys.executable, "-c", BASELINE, str(roadmap), out]
            command = [sys.executable, "-m", "roadmap_tui", "export", str(roadmap)]
            command += ["--format", "svg", "-o", out]
            timed(baseline), timed(command)  # warm the file cache and the bytecode once
            bare, ours = [], []
            for _ in range(args.runs):
                bare.append(timed(baseline))
                ours.append(timed(command))
            rows.append((label, statistics.median(bare), statistics.median(ours), ours))
    print(f"Python {sys.version.split()[0]}, median of {args.runs} runs:")
    print(f"  {'roadmap':<24} {'bare app':>9} {'roadmap-tui':>12} {'ratio':>6}  (min–max)")
    for label, bare_median, median, ours in rows:
        print(
            f"  {label:<24} {bare_median:8.2f}s {median:11.2f}s {median / bare_median:5.2f}×"
            f"  ({min(ours):.2f}–{max(ours):.2f} s)"
        )


if __name__ == "__main__":
    main()
