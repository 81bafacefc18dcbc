"""Launching the app: `roadmap-tui [PATH]` (issue #3)."""

from __future__ import annotations

import sys
from pathlib import Path

from roadmap_tui.errors import EXIT_OK, EXIT_USAGE


def run(argv: list[str]) -> int:
    """Open the roadmap at PATH, or the default roadmap (created from the starter
    template on first run). A file that cannot be opened shows the app's error screen."""
    if len(argv) > 1:
        print("roadmap-tui: give at most one roadmap to open", file=sys.stderr)
        return EXIT_USAGE
    from roadmap_tui.ui.launch import make_app  # Textual is imported only to run the app

    app = make_app(Path(argv[0]) if argv else None)
    try:
        app.run()
    except KeyboardInterrupt:
        return 130
    return app.return_code or EXIT_OK
