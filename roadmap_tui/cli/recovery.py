"""Commands that keep edits safe: recover, backups, restore (issue #5)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.cli.common import require_file, say
from roadmap_tui.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from roadmap_tui.moments import describe_moment

if TYPE_CHECKING:
    from roadmap_tui.safety import recovery

# The journal, merge and backup code is imported by the command that uses it, so the other
# commands (`validate` above all) and `--help` never load it.


def _backups_description() -> str:
    from roadmap_tui.safety import backups

    return (
        "List the backups kept of PATH, newest first. Each save keeps the previous "
        f"file; the newest {backups.DEFAULT_KEEP} are kept (set {backups.KEEP_VARIABLE} "
        "to change that)."
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds `recover`, `backups` and `restore`."""
    recover = commands.add_parser(
        "recover",
        help="show, re-apply or discard unsaved edits left by a crashed session",
        description="Show the unsaved edits found in the journal of PATH. --apply merges them "
        "into the file as it is on disk now and saves; --discard forgets them. When the file "
        "changed the same field, nothing is written unless --ours or --theirs says which wins.",
    )
    recover.add_argument("path", metavar="PATH", type=Path)
    action = recover.add_mutually_exclusive_group()
    action.add_argument("--apply", action="store_true", help="re-apply the edits and save")
    action.add_argument("--discard", action="store_true", help="remove the journal of edits")
    side = recover.add_mutually_exclusive_group()
    side.add_argument(
        "--ours", action="store_true", help="with --apply: on a conflict, keep the recovered edit"
    )
    side.add_argument(
        "--theirs", action="store_true", help="with --apply: on a conflict, keep the file's value"
    )
    recover.set_defaults(handler=recover_command)

    listing = commands.add_parser(
        "backups",
        help="list the backups kept of a roadmap (one per save)",
        describe=_backups_description,
    )
    listing.add_argument("path", metavar="PATH", type=Path)
    listing.set_defaults(handler=backups_command)

    restore = commands.add_parser(
        "restore",
        help="put a backup back in place (the current file is backed up first)",
        description="Restore BACKUP (its number or name from 'roadmap-tui backups PATH') to "
        "PATH. The current file is backed up first, so a restore can be undone.",
    )
    restore.add_argument("path", metavar="PATH", type=Path)
    restore.add_argument("backup", metavar="BACKUP", help="number (1 = newest) or file name")
    restore.set_defaults(handler=restore_command)


def recover_command(args: argparse.Namespace) -> int:
    from roadmap_tui.safety import recovery

    path: Path = args.path
    if (args.ours or args.theirs) and not args.apply:
        say("roadmap-tui: --ours and --theirs go with --apply", error=True)
        return EXIT_USAGE
    found = recovery.find(path)
    if found.unreadable is not None:
        found.release()
        raise found.unreadable
    if found.in_use:
        live = "another roadmap-tui has" if found.in_use == 1 else f"{found.in_use} sessions have"
        then = "those are left alone" if found.recoveries else "save or close it there first"
        say(
            f"{path}: {live} this roadmap open with unsaved edits right now; {then}",
            error=True,
        )
    if found.already_in_file:
        say(f"{path}: the file already holds the unsaved edits found; journal removed")
    if not found.recoveries:
        require_file(path)  # a journal can outlive its file; without either, it is a typo
        if not (found.in_use or found.already_in_file):
            say(f"{path}: no unsaved edits were found")
        return EXIT_INVALID if found.in_use and (args.apply or args.discard) else EXIT_OK
    try:
        return max(_recover(path, each, args) for each in found.recoveries)
    finally:
        found.release()


def _recover(path: Path, found: recovery.Recovery, args: argparse.Namespace) -> int:
    from roadmap_tui.safety import save
    from roadmap_tui.safety.merge import Take, apply, resolve_all

    if args.discard:
        found.discard()
        say(f"{path}: discarded the unsaved edits ({found.summary()})")
        return EXIT_OK
    say(f"{path}: {found.summary()}")
    if found.base is None:
        say("  nothing can be re-applied; remove the journal with --discard", error=True)
        return EXIT_INVALID
    changes = found.changes()
    for change in changes:
        say(f"  {change.describe()}")
    for line in found.info_changes():
        say(f"  roadmap {line}")
    theirs = found.theirs()
    result = found.merge(theirs)
    if not args.apply:
        if result.incoming:
            say(f"the file changed on disk since; --apply merges {len(result.incoming)} change(s)")
        for conflict in result.conflicts:
            say(f"  conflict: {conflict.describe()}")
        say(f"run 'roadmap-tui recover {path} --apply' to re-apply them, or --discard")
        return EXIT_OK
    if result.conflicts and not (args.ours or args.theirs):
        for conflict in result.conflicts:
            say(f"{path}: conflict: {conflict.describe()}", error=True)
        say(
            f"{path}: nothing written; choose with --ours or --theirs, or open it in the app",
            error=True,
        )
        return EXIT_INVALID
    take = Take.OURS if args.ours else Take.THEIRS
    apply(result, theirs, resolve_all(result, take))
    if theirs.dirty or not os.path.lexists(path):
        save.save(theirs, new_file=not os.path.lexists(path))
        info = len(found.info_changes())
        also = f" and {info} change(s) to the roadmap's own fields" if info else ""
        say(f"{path}: re-applied {len(changes)} market change(s){also} and saved")
    else:
        say(f"{path}: the file already holds these edits; journal removed")
    found.discard()
    return EXIT_OK


def backups_command(args: argparse.Namespace) -> int:
    from roadmap_tui.safety import backups

    path: Path = args.path
    found = backups.list_backups(path)
    if not found:
        require_file(path)  # backups of a deleted file are still listed: that is their use
        backups.check_listable(path)
        say(f"{path}: no backups yet (one is kept at each save)")
        return EXIT_OK
    say(f"{path}: {len(found)} backup(s) in {backups.backup_dir(path)}")
    width = len(str(len(found)))
    for number, backup in enumerate(found, start=1):
        when = describe_moment(backup.taken_at, seconds=True)
        say(f"{number:>{width}}  {when}  {backup.size:>9,} bytes  {backup.name}")
    return EXIT_OK


def restore_command(args: argparse.Namespace) -> int:
    from roadmap_tui.safety import backups

    path: Path = args.path
    if not backups.list_backups(path):
        require_file(path)
        backups.check_listable(path)
    backup = backups.restore(path, args.backup)
    say(f"{path}: restored {backup.name} (the file it replaced was backed up first)")
    return EXIT_OK
