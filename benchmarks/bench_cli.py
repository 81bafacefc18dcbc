"""Whole-process speed of the quick commands, each next to its baseline in the same run.

    python benchmarks/bench_cli.py            # 7 interleaved runs of each
    python benchmarks/bench_cli.py 15         # more runs

- `roadmap-tui validate` of the 2,000-market file, next to a process that only
  `tomllib.load`s the same file (target, issue 12: ≤ 0.8×);
- `roadmap-tui --version`, next to `python -c pass` (target: ≤ 3×).

Each command is a fresh process started with the interpreter running this script (the
`roadmap-tui` console script beside it when installed, as users run it). The runs of a
command and of its baseline alternate, and the median of each is reported, so other work on
the machine moves both sides.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_sizes

DATA = Path(__file__).resolve().parent / "data"
TOMLLIB_ONLY = "import sys, tomllib\nwith open(sys.argv[1], 'rb') as f:\n    tomllib.load(f)"


def roadmap_tui() -> list[str]:
    """The console script beside the interpreter, else `python -m roadmap_tui`."""
    script = Path(sys.executable).with_name("roadmap-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "roadmap_tui"]


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(label: str, command: list[str], baseline: list[str], runs: int, target: float) -> None:
    ours: list[float] = []
    theirs: list[float] = []
    seconds(command), seconds(baseline)  # warm the file cache and the .pyc files
    for _ in range(runs):
        ours.append(seconds(command))
        theirs.append(seconds(baseline))
    mine, base = statistics.median(ours), statistics.median(theirs)
    verdict = "ok" if mine / base <= target else "MISSED"
    print(
        f"{label:<28} {mine * 1000:>8.1f} ms  {base * 1000:>8.1f} ms  {mine / base:>6.2f}×"
        f"  ≤ {target}× {verdict}"
    )


def main(runs: int) -> None:
    from roadmap_tui.store import toml_read

    reader = "toml-rs" if toml_read.native is not None else "tomllib (toml-rs not installed)"
    path = write_sizes(DATA, (2_000,))[2_000]
    print(f"Python {sys.version.split()[0]}, reader: {reader}, median of {runs} runs")
    print(f"{'command':<28} {'ours':>11}  {'baseline':>11}  {'ratio':>7}")
    compare(
        "validate, 2,000 markets",
        [*roadmap_tui(), "validate", str(path)],
        [sys.executable, "-c", TOMLLIB_ONLY, str(path)],
        runs,
        0.8,
    )
    compare("--version", [*roadmap_tui(), "--version"], [sys.executable, "-c", "pass"], runs, 3)
    print("baselines: `python -c` that only tomllib.loads the file; `python -c pass`")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
