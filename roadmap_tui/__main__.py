"""`python -m roadmap_tui`: the same as the `roadmap-tui` command."""

import sys

from roadmap_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
