"""Helpers the sharing tests share: running the CLI, and small roadmaps written by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from roadmap_tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_roadmaps"
TIKTOK = SAMPLES / "tiktok_shop.toml"

FIXED_NOW = datetime(2022, 7, 6, 12, 0, 0, tzinfo=UTC)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `roadmap-tui ARGV` in-process; returns exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def roadmap_text(*markets: str, title: str = "Expansion") -> str:
    """A roadmap file with a title and the given `[[markets]]` blocks."""
    return f'[roadmap]\ntitle = "{title}"\n\n' + "\n".join(markets)


def market_text(code: str, name: str, status: str, **fields: str) -> str:
    """One `[[markets]]` block; `fields` values are TOML literals written as given."""
    lines = ["[[markets]]", f'code = "{code}"', f'name = "{name}"', f'status = "{status}"']
    lines += [f"{key} = {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"
