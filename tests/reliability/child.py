"""Processes the crash tests kill with SIGKILL: `python -m tests.reliability.child MODE PATH`.

save-loop   load the roadmap, then flip Germany's notes between two versions and save,
            forever (through `backups.save`, as the CLI and the app do).
edit-loop   load the roadmap and make EDITS numbered edits, journaling each; print
            "edit N" once edit N is journaled, then wait to be killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from roadmap_tui.safety import save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import fixed_clock

VERSIONS = ("version A of the notes", "version B of the notes")


def apply_edit(document: RoadmapDocument, number: int) -> None:
    """Edit number `number` of the edit loop (the crash test replays the same ones)."""
    kind = number % 4
    if kind == 0:
        document.set_notes("DE", f"notes after edit {number}")
    elif kind == 1:
        status = "live" if document.market("FR").status != "live" else "planned"
        document.set_status("FR", status, note=f"edit {number}")
    elif kind == 2:
        document.add_market({"code": f"N{number}", "name": f"New {number}", "status": "planned"})
    else:
        document.remove_market(f"N{number - 1}")


def save_loop(path: Path) -> None:
    document = RoadmapDocument.load(path)
    print("ready", flush=True)
    while True:
        current = document.market("DE").notes
        document.set_notes("DE", VERSIONS[1] if current == VERSIONS[0] else VERSIONS[0])
        save.save(document, keep=5)


def edit_loop(path: Path, edits: int, pause: float) -> None:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    journal = Journal.open(document)
    print("ready", flush=True)
    for number in range(1, edits + 1):
        apply_edit(document, number)
        journal.record()
        print(f"edit {number}", flush=True)
        time.sleep(pause)
    time.sleep(3600)


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    if mode == "save-loop":
        save_loop(target)
    else:
        edit_loop(target, int(sys.argv[3]), float(sys.argv[4]))
