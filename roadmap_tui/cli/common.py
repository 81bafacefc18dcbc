"""What every command shares: exit codes and how a user's error is printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError, printable

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


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
        return EXIT_INVALID
    # the sentence may quote what was typed (a code, a backup's name) as well as paths
    print(printable(f"roadmap-tui: {error}"), file=sys.stderr)
    return EXIT_USAGE if isinstance(error, FileProblem) else EXIT_INVALID
