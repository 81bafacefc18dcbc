"""The `roadmap-tui` command: parses arguments, calls the core, prints, exits.

Exit codes: 0 success, 1 the roadmap is invalid or the request cannot apply to it,
2 usage or I/O error. Errors a user can cause are printed as one line, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence

from roadmap_tui import __version__
from roadmap_tui.cli import completion, core, recovery, sharing, team
from roadmap_tui.cli.common import guarded_output, report
from roadmap_tui.cli.usage import Parser, UsageProblem, not_a_command, parse, report_usage
from roadmap_tui.errors import RoadmapError

COMMAND_GROUPS = (core, sharing, recovery, team, completion)
READ_ONLY = "--read-only"
# The exit of a command whose reader left before it was done (`| head`): 128 + SIGPIPE,
# what a shell reports for `yes | head -0`; a `set -o pipefail` script sees it failed.
BROKEN_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="roadmap-tui",
        description="Where your product launches next: a roadmap of markets in a TOML file.",
        epilog="Run 'roadmap-tui PATH' (or no arguments for your default roadmap) to open the "
        "app; 'roadmap-tui --read-only PATH' opens it refusing every edit.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The subcommands: an argument that is none of these is a roadmap to open."""
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of `python -m roadmap_tui`."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerate_unencodable_output()
    parser = build_parser()
    commands = command_names(parser)
    try:
        if argv[:1] == ["--"]:  # `roadmap-tui -- -roadmap.toml` opens a file named like an option
            return _open_app(argv[1:])
        if argv[:1] == [READ_ONLY]:  # `roadmap-tui --read-only PATH`: every edit refused
            return _open_app(argv[1:], read_only=True)
        if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
            if len(argv) > 1:
                raise not_a_command(parser, argv[0], commands)
            return _open_app(argv)
        args = parse(parser, argv)
    except UsageProblem as problem:
        return report_usage(problem, argv)
    try:
        with guarded_output():
            return int(args.handler(args) or 0)
    except RoadmapError as error:
        return report(error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader left (`| head`): not a success, as for `git log`
        return BROKEN_PIPE


def _open_app(argv: list[str], read_only: bool = False) -> int:
    from roadmap_tui.cli import tui  # imports Textual, so only when the app is wanted

    return tui.run(argv, read_only=True) if read_only else tui.run(argv)


def _tolerate_unencodable_output() -> None:
    """Print what the terminal's encoding cannot show as escapes rather than crash.

    A market name, a note or the `→` in messages would otherwise raise UnicodeEncodeError
    on an ASCII or Latin-1 terminal, after the work (a save) was already done.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        # only where a character would raise; surrogateescape (UTF-8 mode) already copes
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
