"""Commands for a team on one roadmap (issue 11): git's merge driver, `git install`, and
`serve` (the app in a browser)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from roadmap_tui.controls import printable
from roadmap_tui.errors import EXIT_OK, EXIT_USAGE, InvalidRoadmap, show_path

EXIT_CONFLICT = 1  # git reads any non-zero exit of a merge driver as "conflicts left"
DEFAULT_PORT = 8000


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds merge-driver, git and serve."""
    driver = commands.add_parser(
        "merge-driver",
        help="git's merge driver for roadmap files (set up by 'roadmap-tui git install')",
        description="Merge a roadmap by market and field, as git's merge driver: "
        "'roadmap-tui merge-driver %%O %%A %%B %%P'. Writes the result to OURS; exit 0 when "
        "clean, 1 when a field was changed to two different values (settle it with "
        "'roadmap-tui PATH').",
    )
    driver.add_argument("base", metavar="BASE", type=Path, help="%%O: the common ancestor")
    driver.add_argument("ours", metavar="OURS", type=Path, help="%%A: your branch (rewritten)")
    driver.add_argument("theirs", metavar="THEIRS", type=Path, help="%%B: the branch merged")
    driver.add_argument("name", metavar="PATH", nargs="?", help="%%P: the file's name")
    driver.set_defaults(handler=merge_driver_command)

    git = commands.add_parser(
        "git",
        help="set git up for roadmaps: 'roadmap-tui git install'",
        description="Set git up to merge and diff roadmap files with roadmap-tui.",
    )
    actions = git.add_subparsers(dest="git_action", metavar="ACTION", required=True)
    install = actions.add_parser(
        "install",
        help="add the .gitattributes line and the merge and diff config",
        description="Add '<PATTERN> merge=roadmap diff=roadmap' to the repository's "
        ".gitattributes (with --global: to your own attributes file) and set "
        "merge.roadmap.driver and diff.roadmap.command. Running it again changes nothing.",
    )
    install.add_argument(
        "pattern", metavar="PATTERN", nargs="?", default=None, help="default: *.roadmap.toml"
    )
    install.add_argument(
        "--global", dest="globally", action="store_true", help="in your user config instead"
    )
    install.set_defaults(handler=git_install_command)

    serve = commands.add_parser(
        "serve",
        help="serve the app in a web browser (textual-serve), on 127.0.0.1",
        description="Serve the app to web browsers. It listens on 127.0.0.1 only, unless "
        "--host is given: there is no login, so anyone who reaches the port edits the roadmap "
        "(or, with --read-only, sees it).",
    )
    serve.add_argument("path", metavar="PATH", nargs="?", type=Path)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}")
    serve.add_argument("--host", default=None, help="address to listen on (default: 127.0.0.1)")
    serve.add_argument(
        "--read-only",
        action="store_true",
        help="every edit refused, as in a snapshot: to share a live view",
    )
    serve.set_defaults(handler=serve_command)


def merge_driver_command(args: argparse.Namespace) -> int:
    from roadmap_tui.safety.gitmerge import describe, merge_sides, read_sides
    from roadmap_tui.store.files import atomic_write, read_bytes
    from roadmap_tui.store.validate import decode

    name = args.name or str(args.ours)
    files = {"base": args.base, "ours": args.ours, "theirs": args.theirs}
    try:
        # each side is named in what is said of it: the file in the work tree is only ours
        texts = [decode(read_bytes(path)[0], f"{name} ({side})") for side, path in files.items()]
        base = texts[0] if texts[0].strip() else None  # git gives an empty base when both added
        sides = read_sides(base, texts[1], texts[2], name)
    except InvalidRoadmap as error:
        print(printable(f"roadmap-tui: {error}"), file=sys.stderr)
        print(
            printable(f"roadmap-tui: {name} is not merged by market; it is left as on your branch"),
            file=sys.stderr,
        )
        return EXIT_CONFLICT
    merged = merge_sides(sides)
    if merged.text != texts[1]:
        atomic_write(args.ours, merged.text.encode("utf-8", "surrogateescape"))
    if merged.problem is not None:
        print(printable(f"roadmap-tui: {name}: {merged.problem}"), file=sys.stderr)
        return EXIT_CONFLICT
    if merged.conflicts:
        count = len(merged.conflicts)
        print(
            printable(
                f"roadmap-tui: {name}: {count} conflict{'s' if count != 1 else ''} "
                "(kept as on your branch until settled):"
            ),
            file=sys.stderr,
        )
        for conflict in merged.conflicts:
            print(printable(f"  {describe(conflict)}"), file=sys.stderr)
        print(
            printable(f"roadmap-tui: settle them with 'roadmap-tui {name}', then 'git add {name}'"),
            file=sys.stderr,
        )
        return EXIT_CONFLICT
    return EXIT_OK


def git_install_command(args: argparse.Namespace) -> int:
    from roadmap_tui import git

    pattern = args.pattern or git.DEFAULT_PATTERN
    for line in git.install(Path.cwd(), pattern, globally=args.globally):
        print(printable(line))
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    from roadmap_tui.cli.serving import serve

    if args.path is not None and not args.path.exists():
        print(f"roadmap-tui: {show_path(args.path)}: no such file", file=sys.stderr)
        return EXIT_USAGE
    if not 0 < args.port < 65536:
        print(f"roadmap-tui: --port {args.port} is not a port (1-65535)", file=sys.stderr)
        return EXIT_USAGE
    return serve(args.path, args.port, args.host, read_only=args.read_only)
