"""What every command shares: how a user's error is printed (its exit code is in `errors`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from roadmap_tui.controls import printable
from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError, exit_code


def require_file(path: Path) -> None:
    """FileProblem `no such file` unless something is at `path`, so a command says that
    first rather than what it would have done with the file."""
    if not os.path.lexists(path):
        raise FileProblem(path, "no such file")


def report(error: RoadmapError) -> int:
    """Print a user's error as one clear line (or one per problem) and return the exit code."""
    if isinstance(error, InvalidRoadmap):
        for diagnostic in error.diagnostics:
            print(printable(str(diagnostic)), file=sys.stderr)
    else:
        # the sentence may quote what was typed (a code, a backup's name) as well as paths
        print(printable(f"roadmap-tui: {error}"), file=sys.stderr)
    return exit_code(error)
