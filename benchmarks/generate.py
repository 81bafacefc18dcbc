"""Write synthetic roadmaps for the benchmarks: N markets × 10 history entries, commented.

    python benchmarks/generate.py 2000 benchmarks/data/markets-2000.toml

The text is written the way people write these files (comments above markets, trailing
comments, multi-line notes), so the benchmarks measure the layouts the app must keep.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

STATUSES = ("planned", "paused", "live")
REGIONS = ("Europe", "North America", "Asia", "Latin America", "Middle East", "Africa")
SIZES = (10, 200, 2_000, 10_000)


def market_code(index: int) -> str:
    """A unique code per index: AA, AB, ... then with a number."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code = letters[index // 26 % 26] + letters[index % 26]
    return code if index < 676 else f"{code}{index // 676}"


def roadmap_text(markets: int, history: int = 10, seed: int = 7) -> str:
    """A roadmap with `markets` markets, each with `history` status changes."""
    rng = random.Random(seed)
    lines = [
        "# Synthetic roadmap for benchmarks",
        "[roadmap]",
        f'title = "Benchmark roadmap with {markets} markets"',
        'owner = "Benchmarks"  # who to ask',
        "",
    ]
    for index in range(markets):
        code = market_code(index)
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(1500))
        changes = [rng.choice(STATUSES) for _ in range(history + 1)]
        lines += [
            f"# Market {index}: {code}",
            "[[markets]]",
            f'code = "{code}"',
            f'name = "Market {index} — {rng.choice(REGIONS)} expansion"',
            f'status = "{changes[-1]}"  # checked {day.isoformat()}',
            f'region = "{rng.choice(REGIONS)}"',
            'owner = "Regional commerce"',
            f"since = {day.isoformat()}",
            f"target = {(day + timedelta(days=180)).isoformat()}",
            f'tags = ["wave-{index % 5}", "synthetic"]',
            'notes = """',
            f"Line one about market {index}: audiences, sales, creators.",
            "Line two with more detail; # not a comment inside the notes.",
            '"""',
            "",
        ]
        for step in range(history):
            when = day - timedelta(days=(history - step) * 20)
            lines += [
                "[[markets.history]]",
                f"at = {when.isoformat()}T09:30:00Z",
                f'from = "{changes[step]}"',
                f'to = "{changes[step + 1]}"',
                f'note = "Step {step} for {code}"',
                "",
            ]
    return "\n".join(lines)


def write_sizes(directory: Path, sizes: tuple[int, ...] = SIZES) -> dict[int, Path]:
    """Write one file per size (reusing existing ones) and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for size in sizes:
        path = directory / f"markets-{size}.toml"
        if not path.exists():
            path.write_text(roadmap_text(size), encoding="utf-8")
        paths[size] = path
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("markets", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.write_text(roadmap_text(args.markets), encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
