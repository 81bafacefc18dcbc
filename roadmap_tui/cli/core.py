"""Commands on one roadmap file: validate, set, new, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmap_tui.cli.common import report, say
from roadmap_tui.cli.usage import utf8_text
from roadmap_tui.controls import printable
from roadmap_tui.errors import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    FileProblem,
    InvalidRoadmap,
    show_path,
)

# Each command imports what it uses when it runs: `--help` and `--version` load no pydantic,
# and `validate` loads no journal, merge or save code (tests/test_import_hygiene.py).


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = commands.add_parser(
        "validate",
        help="check roadmap files and print every problem with file:line:col",
        description="Check roadmap files. Exit 0 if all are valid, 1 if any is invalid, "
        "2 if a file cannot be read.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    validate.set_defaults(handler=validate_command)

    set_status = commands.add_parser(
        "set",
        help="change the status of one or more markets (records history, saves losslessly)",
        description="Change the status of one or more markets, record a history entry for "
        "each and save once, changing only the lines that must change.",
    )
    set_status.add_argument("path", metavar="PATH", type=Path)
    set_status.add_argument(
        "codes", metavar="CODE", nargs="+", help="market codes, e.g. DE FR IT (any case)"
    )
    set_status.add_argument(
        "status", metavar="STATUS", help="planned, paused or live, or a status the file declares"
    )
    set_status.add_argument(
        "--note", type=utf8_text, help="why the status changed (kept in the history)"
    )
    set_status.add_argument(
        "--at",
        type=utf8_text,
        metavar="WHEN",
        help="when it happened: 2022-07-05 or 2022-07-05T09:30:00Z (default: now)",
    )
    set_status.set_defaults(handler=set_command)

    new = commands.add_parser(
        "new",
        help="create a roadmap from the commented starter template",
        description="Create a new roadmap file from the starter template; never overwrites.",
    )
    new.add_argument("path", metavar="PATH", type=Path)
    new.add_argument("--title", type=utf8_text, help="the roadmap's title")
    new.set_defaults(handler=new_command)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of roadmap files (for editors)",
        description="Print the JSON Schema of roadmap files, for TOML language servers such "
        "as Taplo or Even Better TOML (see docs/format.md).",
    )
    schema.set_defaults(handler=schema_command)


def validate_command(args: argparse.Namespace) -> int:
    from roadmap_tui.store.document import RoadmapDocument

    worst = EXIT_OK
    for path in args.paths:
        try:
            document = RoadmapDocument.load(path)
        except InvalidRoadmap as error:
            report(error)
            worst = max(worst, EXIT_INVALID)
            continue
        except FileProblem as error:
            report(error)
            worst = EXIT_USAGE
            continue
        for warning in document.warnings:
            print(printable(str(warning)), file=sys.stderr)
        count = len(document.markets)
        print(f"{show_path(path)}: ok ({count} market{'s' if count != 1 else ''})")
    return worst


def set_command(args: argparse.Namespace) -> int:
    from roadmap_tui.errors import EditError
    from roadmap_tui.moments import describe_moment, parse_moment
    from roadmap_tui.safety import save
    from roadmap_tui.store.document import RoadmapDocument

    try:
        at = parse_moment(args.at) if args.at is not None else None
    except ValueError as error:
        raise EditError(f"--at: {error}") from None
    document = RoadmapDocument.load(args.path)
    status = document.status_named(args.status)
    before = {code: document.market(code) for code in args.codes}  # unknown codes fail here
    moment = at if at is not None else document.clock()  # to say when, if not the latest
    changed = document.set_statuses(args.codes, status, note=args.note, at=moment)
    if changed:
        for notice in save.save(document).notices:
            say(f"roadmap-tui: {notice}", error=True)
    changed_keys = {market.key for market in changed}
    for market in dict((m.key, m) for m in before.values()).values():
        now = document.market(market.code)
        if market.key not in changed_keys:
            say(
                f"{show_path(args.path)}: {market.code} {market.name} is already {status}; "
                "nothing changed"
            )
        elif now.status == market.status:  # a change dated before the latest one
            say(
                f"{show_path(args.path)}: {market.code} {market.name}: recorded {status} at {args.at or describe_moment(moment)}"
            )
        else:
            say(
                f"{show_path(args.path)}: {market.code} {market.name}: {market.status} → {now.status}"
            )
    return EXIT_OK


def new_command(args: argparse.Namespace) -> int:
    from roadmap_tui import templates
    from roadmap_tui.store.files import create_new, explain
    from roadmap_tui.store.validate import parse

    path: Path = args.path
    exists = FileProblem(path, "already exists; not overwritten (choose another path)")
    if path.exists() or path.is_symlink():
        raise exists
    if not path.parent.is_dir():
        raise FileProblem(path, f"the directory {path.parent} does not exist")
    text = templates.starter(args.title)
    parse(text, str(path))  # the template must always be a valid roadmap
    try:
        # linked into place: a file that appeared since the check above is never replaced
        created = create_new(path, text.encode("utf-8"))
    except OSError as error:
        raise FileProblem(path, f"cannot save: {explain(error)}") from None
    if not created:
        raise exists
    print(f"created {show_path(path)}")
    return EXIT_OK


def schema_command(args: argparse.Namespace) -> int:
    from roadmap_tui.store.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
