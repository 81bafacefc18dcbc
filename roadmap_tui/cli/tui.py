"""Launching the app: `roadmap-tui [PATH]` (issue #3)."""

from __future__ import annotations

import sys
from pathlib import Path

from roadmap_tui.cli import core
from roadmap_tui.cli.common import EXIT_OK, EXIT_USAGE


def run(argv: list[str]) -> int:
    """Until the app exists: validate the roadmap that would be opened."""
    if len(argv) > 1:
        print("roadmap-tui: give at most one roadmap to open", file=sys.stderr)
        return EXIT_USAGE
    import argparse

    from roadmap_tui import paths

    path = Path(argv[0]) if argv else paths.default_roadmap()
    return core.validate_command(argparse.Namespace(paths=[path])) or EXIT_OK
