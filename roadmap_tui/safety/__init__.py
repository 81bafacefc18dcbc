"""Never losing an edit: the journal, backups, the three-way merge and the disk watcher.

No Textual. The modules here are siblings: each owns one promise (docs/reliability.md).
"""
