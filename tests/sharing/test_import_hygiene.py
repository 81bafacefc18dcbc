"""The sharing modules are core: importing them must not import Textual."""

from __future__ import annotations

import subprocess
import sys

SHARING_MODULES = (
    "roadmap_tui.snapshot",
    "roadmap_tui.export",
    "roadmap_tui.export.markdown",
    "roadmap_tui.export.html",
    "roadmap_tui.export.csv_export",
    "roadmap_tui.export.json_export",
    "roadmap_tui.diff",
    "roadmap_tui.timeline",
    "roadmap_tui.moments",
    "roadmap_tui.cli.sharing",
)


def test_sharing_modules_do_not_import_textual() -> None:
    script = (
        "import sys\n"
        f"for name in {SHARING_MODULES!r}:\n"
        "    __import__(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == ""


def test_csv_export_does_not_shadow_the_standard_library() -> None:
    import csv

    assert hasattr(csv, "writer") and "roadmap_tui" not in (csv.__file__ or "")
