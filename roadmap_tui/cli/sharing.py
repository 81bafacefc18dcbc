"""Commands that share a roadmap: snapshot, snapshots, export, diff, log (issue #4)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Adds the sharing commands (none yet)."""
