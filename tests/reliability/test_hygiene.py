"""The reliability modules are core: importing them never imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODULES = [
    "roadmap_tui.safety.watch",
    "roadmap_tui.safety.merge",
    "roadmap_tui.safety.journal",
    "roadmap_tui.safety.backups",
]


def test_reliability_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in MODULES)
        + "print(sorted(name for name in sys.modules if name.split('.')[0] in {'textual', 'rich'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
