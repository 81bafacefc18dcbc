"""Commands that share a roadmap: snapshot, snapshots, export, diff, log (issue #4)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.cli.common import report, require_file
from roadmap_tui.cli.usage import utf8_text
from roadmap_tui.controls import printable
from roadmap_tui.errors import EXIT_OK, EXIT_USAGE, FileProblem, RoadmapError, show_path


class UsageError(RoadmapError):
    """`diff` was given the wrong number of sides."""


if TYPE_CHECKING:
    from roadmap_tui.model import Roadmap
    from roadmap_tui.share.drift import Baseline
    from roadmap_tui.share.sources import Side

# The model, the exporters and the store are imported by the command that uses them, so
# `--help`, `--version` and the other commands do not load pydantic for them.

EXIT_DIFFERENT = 1  # `diff`: like diff(1), 1 means "differences", so errors are 2
SVG_DESCRIPTION = "a picture of the app's main screen (120×40)"
EXPORT_FORMATS = ("md", "html", "csv", "json", "svg")
"""`export --format`'s choices: share.export's FORMATS and svg (a test checks they agree)."""
DIFF_FORMATS = ("text", "md", "json")
"""`diff --format`'s choices: share.diff_report's RENDERERS (a test checks they agree)."""


def draw_svg(roadmap: Roadmap, today: date | None = None) -> str:
    """The svg export, drawn by the app (Textual is imported only to draw it).

    Drawing takes from 0.7 s (a dozen markets) to several seconds (thousands; see
    docs/performance.md), so a person at a terminal is told it has started."""
    if sys.stderr.isatty():
        print("roadmap-tui: drawing the svg …", file=sys.stderr, flush=True)
    from roadmap_tui.ui.screenshot import render_svg

    return render_svg(roadmap, today)


def register_formats() -> None:
    """The CLI is a composition root: besides the core's formats it offers svg."""
    from roadmap_tui.share.export import ExportFormat, register_format

    register_format(ExportFormat("svg", ".svg", SVG_DESCRIPTION, draw_svg))


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds snapshot, snapshots, export, diff and log."""
    snapshot = commands.add_parser(
        "snapshot",
        help="write a frozen, read-only copy of a roadmap (never overwrites)",
        description="Write a snapshot: a copy of the roadmap as it is on disk, with a "
        "[snapshot] table saying when and from what it was taken. It goes to snapshots/ "
        "beside the roadmap, named <name>-YYYYMMDD-HHMMSS.toml (UTC).",
    )
    snapshot.add_argument("path", metavar="PATH", type=Path)
    snapshot.add_argument(
        "--note", type=utf8_text, help="why the snapshot was taken, e.g. 'before Q3 review'"
    )
    snapshot.add_argument("--dir", type=Path, help="directory to write it to (default: snapshots/)")
    snapshot.set_defaults(handler=snapshot_command)

    listing = commands.add_parser(
        "snapshots",
        help="list the snapshots of a roadmap, oldest first",
        description="List the snapshots taken of a roadmap (oldest first, newest last): time, "
        "markets per status, file and note.",
    )
    listing.add_argument("path", metavar="PATH", type=Path)
    listing.add_argument("--dir", type=Path, help="directory to look in (default: snapshots/)")
    listing.set_defaults(handler=snapshots_command)

    exporter = commands.add_parser(
        "export",
        help="export a roadmap as md, html, csv, json or svg for people without a terminal",
        description="Export a roadmap. Text goes to standard output unless -o is given; "
        "with -o and no --format, the format comes from the file's suffix.",
    )
    exporter.add_argument("path", metavar="PATH", type=Path)
    exporter.add_argument(
        "--format", "-f", dest="fmt", choices=EXPORT_FORMATS, help="output format"
    )
    exporter.add_argument("-o", "--output", type=Path, metavar="FILE", help="file to write")
    exporter.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the 'as of' date shown (default: the newest date the roadmap records)",
    )
    exporter.add_argument(
        "--excel",
        action="store_true",
        help="csv only: start with a UTF-8 byte-order mark, so Excel shows accents right",
    )
    exporter.add_argument(
        "--baseline",
        metavar="FILE",
        help="md and html only: add the drift of each target against this roadmap (a "
        "snapshot, another file, REVISION:PATH, or a git revision of PATH)",
    )
    exporter.set_defaults(handler=export_command)

    differ = commands.add_parser(
        "diff",
        help="what changed between two roadmaps: files, git revisions, stdin, or a date",
        description="Compare two roadmaps, matching markets by code. OLD and NEW are files, "
        "'-' (standard input), REVISION:PATH ('v1.0:roadmap.toml'), or a revision of the "
        "other file ('diff HEAD~3 roadmap.toml'); '--since DATE FILE' compares FILE with its "
        "last commit before DATE (outside git: its newest snapshot before DATE). Exit 0 when "
        "they do not differ, 1 when they do, 2 on error (like diff). Called by git as an "
        "external diff (the 7 or 9 arguments of GIT_EXTERNAL_DIFF or diff.roadmap.command) "
        "it exits 0 when they differ, since git stops at any other exit.",
    )
    differ.add_argument(
        "sides", metavar="OLD NEW", nargs="+", help="two roadmaps (one with --since)"
    )
    differ.add_argument("--format", "-f", dest="fmt", choices=DIFF_FORMATS, default="text")
    differ.add_argument(
        "--since",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="compare FILE with how it was before this day (last commit, or snapshot)",
    )
    differ.add_argument(
        "--drift",
        action="store_true",
        help="only how far each market's target moved since OLD (the baseline): "
        "'target +45 d', 'new', 'dropped'; exit 1 when any target drifted",
    )
    differ.set_defaults(handler=diff_command)

    log = commands.add_parser(
        "log",
        help="the status history of all markets as one timeline",
        description="Print every status change recorded in the roadmap, oldest first.",
    )
    log.add_argument("path", metavar="PATH", type=Path)
    log.add_argument("--market", metavar="CODE", help="only this market (code, any case)")
    log.add_argument(
        "--git",
        dest="with_git",
        action="store_true",
        help="with the commit that brought each change: who, when (and changes made "
        "without a history entry)",
    )
    log.set_defaults(handler=log_command)


# -- handlers -----------------------------------------------------------------------------


def snapshot_command(args: argparse.Namespace) -> int:
    from roadmap_tui.share import snapshot as snapshots

    written = snapshots.take_snapshot(args.path, note=args.note, directory=args.dir)
    print(show_path(written))
    return EXIT_OK


def snapshots_command(args: argparse.Namespace) -> int:
    from roadmap_tui.model import counts_by_status
    from roadmap_tui.share import snapshot as snapshots

    path: Path = args.path
    if not path.is_file():
        raise FileProblem(path, "no such file" if not path.exists() else "is not a file")
    folder = args.dir if args.dir is not None else snapshots.default_snapshot_dir(path)
    entries = snapshots.list_snapshots(path, args.dir)
    name, shown_folder = show_path(path.name), show_path(folder)
    if not entries:
        print(f"no snapshots of {name} in {shown_folder}")
        return EXIT_OK
    count = len(entries)
    print(
        f"{count} snapshot{'s' if count != 1 else ''} of {name} in {shown_folder} (oldest first):"
    )
    rows = []
    for entry in entries:
        counts = counts_by_status(entry.roadmap.markets, entry.roadmap.status_names)
        tally = ", ".join(f"{many} {status}" for status, many in counts.items())
        note = " ".join((entry.info.note or "").split())
        when = snapshots.describe_time(entry.info.taken_at)
        rows.append((when, tally, show_path(entry.path.name), note))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
        print(_terminal(f"{line}  {row[3]}".rstrip()))
    return EXIT_OK


def export_command(args: argparse.Namespace) -> int:
    from roadmap_tui.share.export import ExportError, export
    from roadmap_tui.share.export.csv_export import for_excel
    from roadmap_tui.share.export.output import write_export
    from roadmap_tui.store.document import RoadmapDocument
    from roadmap_tui.store.files import same_file

    register_formats()
    require_file(args.path)
    fmt = args.fmt or _format_from_suffix(args.output)
    if args.excel and fmt != "csv":
        raise ExportError(f"--excel is for csv exports only, not {fmt}")
    document = RoadmapDocument.load(args.path)
    baseline = None if args.baseline is None else _baseline(args.baseline, args.path)
    text = export(document.roadmap, fmt, today=args.date, baseline=baseline)
    if args.excel:
        text = for_excel(text)
    output: Path | None = args.output
    if output is None:
        sys.stdout.write(_terminal(text) if sys.stdout.isatty() else text)
        return EXIT_OK
    if output.exists() and same_file(output, args.path):
        raise FileProblem(output, "is the roadmap itself; choose another output file")
    if output.is_dir():
        raise FileProblem(output, "is a directory; give a file name")
    if not output.parent.is_dir():
        raise FileProblem(output, f"the directory {output.parent} does not exist")
    write_export(output, text.encode("utf-8"))
    print(f"exported {fmt} to {show_path(output)}", file=sys.stderr)
    return EXIT_OK


def diff_command(args: argparse.Namespace) -> int:
    sides: list[str] = args.sides
    external = len(sides) in GIT_EXTERNAL_ARGUMENTS and args.since is None
    try:
        old, new, heading = _diff_sides(args, sides, external)
    except RoadmapError as error:
        report(error)
        return EXIT_USAGE  # 1 means "they differ", so every error is 2
    from roadmap_tui.share.diff import diff_roadmaps
    from roadmap_tui.share.diff_report import RENDERERS

    known = old.roadmap or new.roadmap
    if known is None:  # git's external diff of a file absent on both sides
        return EXIT_OK
    # the side of a file git sees added or deleted: a roadmap without markets
    empty = known.model_copy(update={"markets": []})
    if args.drift:
        return _drift(old.roadmap or empty, new.roadmap or empty, old.label, new.label, args)
    difference = diff_roadmaps(old.roadmap or empty, new.roadmap or empty)
    text = RENDERERS[args.fmt](difference)
    if heading is not None and args.fmt == "text":
        text = heading + text
    if args.fmt == "text" or sys.stdout.isatty():
        text = _terminal(text)
    sys.stdout.write(text)
    if external:
        return EXIT_OK  # git stops at a non-zero exit of an external diff
    return EXIT_DIFFERENT if difference else EXIT_OK


def _drift(old: Roadmap, new: Roadmap, against: str, current: str, args: argparse.Namespace) -> int:
    """`diff --drift`: the drift table; 1 when a target drifted (0 from git, as above)."""
    from roadmap_tui.share.drift import drift
    from roadmap_tui.share.drift_report import RENDERERS

    rows = drift(old, new)
    text = RENDERERS[args.fmt](rows, against, current)
    if args.fmt != "json" or sys.stdout.isatty():
        text = _terminal(text)
    sys.stdout.write(text)
    external = len(args.sides) in GIT_EXTERNAL_ARGUMENTS and args.since is None
    return EXIT_DIFFERENT if any(row.drifted for row in rows) and not external else EXIT_OK


def _baseline(word: str, roadmap_path: Path) -> Baseline:
    """The baseline `export --baseline` names: a file, REVISION:PATH, or a revision of
    the roadmap exported (as `diff` reads its sides); a snapshot is named as such."""
    from roadmap_tui.share import snapshot as snapshots
    from roadmap_tui.share import sources
    from roadmap_tui.share.drift import Baseline

    if word == sources.STDIN:
        raise UsageError("--baseline reads a file or a git revision, not standard input")
    side = sources.resolve(word, str(roadmap_path), sys.stdin.buffer.read)
    if side.roadmap is None:  # the null file
        raise FileProblem(word, "is empty, not a roadmap to compare with")
    info = side.roadmap.snapshot
    label = side.label if info is None else f"{snapshots.describe(info)} ({side.label})"
    return Baseline(label, side.roadmap)


GIT_EXTERNAL_ARGUMENTS = (7, 9)
"""GIT_EXTERNAL_DIFF's arguments: path old-file old-hex old-mode new-file new-hex new-mode,
and for a rename the new path and git's similarity lines."""


def _diff_sides(
    args: argparse.Namespace, sides: list[str], external: bool
) -> tuple[Side, Side, str | None]:
    """The two sides `diff` compares, and a heading line (as git's external diff)."""
    from roadmap_tui.share import sources

    if args.since is not None:
        if len(sides) != 1:
            raise UsageError("--since compares one FILE with its past: give only the FILE")
        path = Path(sides[0])
        return sources.as_of(path, args.since), sources.from_file(path), None
    if external:
        name = sides[0]
        new_name = sides[7] if len(sides) == 9 else name
        old, new = sources.from_file(Path(sides[1])), sources.from_file(Path(sides[4]))
        return old, new, f"roadmap-tui diff a/{name} b/{new_name}\n"
    if len(sides) != 2:
        raise UsageError(f"diff compares two roadmaps, OLD and NEW; {len(sides)} were given")
    if sides == [sources.STDIN, sources.STDIN]:
        raise UsageError("only one side can be standard input ('-')")

    def read_stdin() -> bytes:
        return sys.stdin.buffer.read()

    old = sources.resolve(sides[0], sides[1], read_stdin)
    new = sources.resolve(sides[1], sides[0], read_stdin)
    return old, new, None


def log_command(args: argparse.Namespace) -> int:
    from roadmap_tui.share.timeline import render_timeline, timeline
    from roadmap_tui.store.document import RoadmapDocument

    document = RoadmapDocument.load(args.path)
    entries = timeline(document.roadmap, market=args.market)
    if args.with_git:
        from roadmap_tui import git
        from roadmap_tui.share.sources import versions
        from roadmap_tui.share.timeline import fold_commits

        git.repository_root(args.path)  # one sentence when it is in no repository
        entries = fold_commits(entries, versions(args.path), market=args.market)
    sys.stdout.write(_terminal(render_timeline(entries)))
    return EXIT_OK


# -- helpers ------------------------------------------------------------------------------


def _terminal(text: str) -> str:
    """Text for a terminal: control characters (ESC above all) shown, never acted on; a
    lone CR could overwrite a line, CRLF (csv) and tabs are harmless."""
    return printable(text, keep_lines=True)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2022-07-05") from None


def _format_from_suffix(output: Path | None) -> str:
    from roadmap_tui.share.export import FORMATS, ExportError

    if output is not None:
        suffix = output.suffix.lower()
        for name, export_format in FORMATS.items():
            if suffix in (export_format.suffix, f".{name}"):
                return name
    raise ExportError(f"choose a format with --format ({', '.join(FORMATS)})")
