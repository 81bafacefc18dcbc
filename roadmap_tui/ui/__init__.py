"""The Textual user interface: the only part of roadmap-tui that imports Textual."""
