"""Commands that keep edits safe: recover, backups, restore (issue #5)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Adds the recovery commands (none yet)."""
