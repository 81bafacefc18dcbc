"""Launching the app: `roadmap-tui [PATH | DIR]` (issues #3 and #13)."""

from __future__ import annotations

import sys
from pathlib import Path

from roadmap_tui.cli.common import report
from roadmap_tui.errors import EXIT_OK, EXIT_USAGE, RoadmapError


def run(argv: list[str], read_only: bool = False) -> int:
    """Open the roadmap at PATH, or the default roadmap (created from the starter
    template on first run), or a choice of the recent ones when there are several. A
    folder offers its roadmaps. A file that cannot be opened shows the app's error screen.
    `read_only` refuses every edit (`roadmap-tui --read-only PATH`, what `serve
    --read-only` runs for each browser)."""
    if len(argv) > 1:
        print("roadmap-tui: give at most one roadmap to open", file=sys.stderr)
        return EXIT_USAGE
    from roadmap_tui import listing
    from roadmap_tui.settings import backups_kept

    path = Path(argv[0]) if argv else None
    if path is not None and path.is_dir():
        try:
            found = listing.roadmap_files(path)
        except RoadmapError as error:
            return report(error)
        if not found:
            print(f"roadmap-tui: {listing.folder_sentence(path)}", file=sys.stderr)
            return EXIT_USAGE
    from roadmap_tui.ui.launch import make_app  # Textual is imported only to run the app

    app = make_app(path, read_only=read_only)
    try:
        # the backup count of the config file, for the saves the app makes
        with backups_kept(app.settings):
            app.run()
    except KeyboardInterrupt:
        return 130
    return app.return_code or EXIT_OK
