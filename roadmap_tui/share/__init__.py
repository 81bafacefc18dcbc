"""Sharing a roadmap with people who were not there: snapshots, diffs, timelines, exports.

Core: nothing here imports Textual, Rich, the UI or the CLI."""
