"""Core speed: load+validate next to plain tomllib, and save after one status change.

"save 1" is the bare atomic write (`RoadmapDocument.save`); "safe" is what the app and
the CLI do (`safety.save`: journal the edit, hold and read back the file, keep a backup,
swap the new file in), measured in the same run, with their ratio.

    python benchmarks/bench_core.py            # all sizes
    python benchmarks/bench_core.py 2000       # one size

Targets (issue #2) on the 2,000-market file: load+validate ≤ 1.5× `tomllib.loads` of the
same bytes, measured in the same run; save after one status change ≤ 0.25 s. Since issue 12
the load reads with toml-rs where it is installed (store/toml_read.py); the first line says
which reader ran, and "read" is that reader alone on the same bytes.
Each figure is the best of several runs, to keep other work on the machine out of it.

A second table opens (`validate.parse`) each file with one warning, an unknown key in its
middle market, next to the same file without it, in the same run: "warned" places the
warning by scanning that market's text (store/locate.py), "whole scan" by scanning the
whole file as it did before (`scan_whole=True`). Those are medians of several runs,
interleaved, as the machine is shared.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import SIZES, write_sizes

from roadmap_tui import paths
from roadmap_tui.safety import save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument, toml_read, validate

DATA = Path(__file__).resolve().parent / "data"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `work()`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of(runs: int, *works: Callable[[], object]) -> list[float]:
    """The median of `runs` timings of each work, run one after another in each round."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for spent, work in zip(times, works, strict=True):
            start = time.perf_counter()
            work()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def with_one_warning(text: str) -> str:
    """`text` with an unknown key in its middle market."""
    middle = text.find("[[markets]]\n", len(text) // 2)
    return text[:middle] + "[[markets]]\nflavour = 'x'\n" + text[middle + len("[[markets]]\n") :]


def warned_opens(paths: dict[int, Path]) -> None:
    """Print the open of each file with one warning next to its open without."""
    print("\nopen (validate.parse) with one warning, median of runs")
    print(f"{'markets':>8} {'clean':>9} {'warned':>9} {'ratio':>6} {'whole scan':>11} {'ratio':>6}")
    for size, path in paths.items():
        clean = path.read_text(encoding="utf-8")
        warned = with_one_warning(clean)
        if len(validate.parse(warned, path.name).warnings) != 1:
            raise SystemExit(f"{path.name}: expected exactly one warning")
        runs = 7 if size <= 2_000 else 5
        opened, located, scanned = median_of(
            runs,
            partial(validate.parse, clean, path.name),
            partial(validate.parse, warned, path.name),
            partial(validate.parse, warned, path.name, scan_whole=True),
        )
        print(
            f"{size:>8} {opened * 1000:>7.1f}ms {located * 1000:>7.1f}ms {located / opened:>5.2f}×"
            f" {scanned * 1000:>9.1f}ms {scanned / opened:>5.2f}×"
        )


def save_after_one_change(source: Path, safely: bool = False) -> float:
    """Seconds for: change one market's status (in a loaded document) and save it; with
    `safely`, journaled and saved the way the app saves."""
    with tempfile.TemporaryDirectory() as directory:
        os.environ[paths.STATE_DIR_VARIABLE] = str(Path(directory) / "state")
        path = Path(directory) / source.name
        shutil.copyfile(source, path)
        document = RoadmapDocument.load(path, clock=lambda: datetime(2022, 7, 5, 9, 30, tzinfo=UTC))
        journal = Journal.open(document)
        market = document.markets[len(document.markets) // 2]
        target = "paused" if market.status != "paused" else "live"
        start = time.perf_counter()
        document.set_status(market.code, target, note="benchmark")
        if safely:
            journal.record()
            save.save(document, journal)
            journal.record()
        else:
            document.save()
        return time.perf_counter() - start


def main(sizes: tuple[int, ...]) -> None:
    paths = write_sizes(DATA, sizes)
    reader = "toml-rs" if toml_read.native is not None else "tomllib (toml-rs not installed)"
    print(f"Python {sys.version.split()[0]}, reader: {reader}")
    print(
        f"{'markets':>8} {'MB':>6} {'tomllib':>9} {'read':>9} {'load':>9} {'ratio':>6}"
        f" {'save 1':>8} {'safe':>8} {'ratio':>6}"
    )
    for size, path in paths.items():
        data = path.read_bytes()
        runs = 5 if size <= 2_000 else 3
        baseline = best_of(runs, lambda data=data: tomllib.loads(data.decode("utf-8")))
        reading = best_of(runs, lambda data=data: toml_read.loads(data.decode("utf-8")))
        loading = best_of(runs, lambda path=path: RoadmapDocument.load(path))
        saving = min(save_after_one_change(path) for _ in range(runs))
        safe = min(save_after_one_change(path, safely=True) for _ in range(runs))
        print(
            f"{size:>8} {len(data) / 1e6:>6.2f} {baseline * 1000:>7.1f}ms {reading * 1000:>7.1f}ms"
            f" {loading * 1000:>7.1f}ms"
            f" {loading / baseline:>5.2f}× {saving * 1000:>6.1f}ms {safe * 1000:>6.1f}ms"
            f" {safe / saving:>5.2f}×"
        )
    warned_opens(paths)


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
