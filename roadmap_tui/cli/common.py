"""What every command shares: exit codes and how a user's error is printed."""

from __future__ import annotations

import sys

from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def report(error: RoadmapError) -> int:
    """Print a user's error as one clear line (or one per problem) and return the exit code."""
    if isinstance(error, InvalidRoadmap):
        for diagnostic in error.diagnostics:
            print(diagnostic, file=sys.stderr)
        return EXIT_INVALID
    print(f"roadmap-tui: {error}", file=sys.stderr)
    return EXIT_USAGE if isinstance(error, FileProblem) else EXIT_INVALID
