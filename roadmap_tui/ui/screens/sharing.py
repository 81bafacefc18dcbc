"""The app's sharing actions (issue 4): take a snapshot, compare with one, export, and save
a read-only snapshot as a new roadmap.

`SharingActions` is mixed into the main screen; the work itself is done by the core
(`snapshot`, `diff`, `export`), this module only asks the questions and says the result."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual.content import Content
from textual.screen import Screen

from roadmap_tui.errors import RoadmapError
from roadmap_tui.git import Commit
from roadmap_tui.model import counts_by_status
from roadmap_tui.opening import Opening
from roadmap_tui.share import snapshot as snapshots
from roadmap_tui.share import sources
from roadmap_tui.share.diff import diff_roadmaps
from roadmap_tui.share.drift import Baseline
from roadmap_tui.share.export import FORMATS, export
from roadmap_tui.store import RoadmapDocument, atomic_write
from roadmap_tui.store.files import explain
from roadmap_tui.ui.forms import expand, new_roadmap_problem, output_problem
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.prompt import PickPrompt, TextPrompt, pick_keys
from roadmap_tui.ui.widgets.sharing_banner import SharingBanner, marks_line

if TYPE_CHECKING:
    from roadmap_tui.ui.app import RoadmapApp
    from roadmap_tui.ui.widgets.market_table import MarketTable

Choice = TypeVar("Choice")

# How each export format is named in the palette and the prompts.
FORMAT_TITLES = {"md": "Markdown", "html": "HTML", "csv": "CSV", "json": "JSON", "svg": "SVG"}


def format_title(name: str) -> str:
    """`Markdown` for `md`; a format registered later is named by its own name."""
    return FORMAT_TITLES.get(name, name.upper())


# -- a read-only snapshot: refuse edits, offer a new roadmap --------------------------------


def refuse_edit(app: RoadmapApp) -> None:
    """Say that a snapshot takes no edits, and offer to save it as a new roadmap."""
    document = app.document
    if document is None or isinstance(app.screen, Confirm | TextPrompt):
        return
    question = (
        f"{document.path.name} is a snapshot: read-only, so it cannot be edited.\n"
        "Save its markets as a new roadmap and edit that instead?"
    )
    choices = [("w", "Save as a new roadmap…", "save_as"), ("escape", "Cancel", "cancel")]

    def answered(answer: str | None) -> None:
        if answer == "save_as":
            ask_save_as_new(app)

    app.push_screen(Confirm(question, choices), answered)


def ask_save_as_new(app: RoadmapApp) -> None:
    """Ask where to write the snapshot's content as a new roadmap; write it; open it."""
    document = app.document
    if document is not None and document.frozen:
        app.say(f"{document.path.name} is open read-only: no new roadmap is written here.")
        return
    if document is None or document.roadmap.snapshot is None:
        app.say("Only a snapshot is saved as a new roadmap; this roadmap takes edits as it is.")
        return
    default = snapshots.default_new_roadmap_path(document.path, document.roadmap.snapshot.source)
    prompt = TextPrompt(
        "Save as a new roadmap",
        f"A new roadmap with the markets of {document.path.name}, without its [snapshot] "
        "table. It opens here once written; an existing file is never overwritten.",
        value=str(default),
        check=new_roadmap_problem,
        id="save-as-prompt",
    )

    def answered(answer: str | None) -> None:
        if answer is not None:
            save_as_new(app, document, expand(answer))

    app.push_screen(prompt, answered)


def save_as_new(app: RoadmapApp, document: RoadmapDocument, path: Path) -> bool:
    """Write the snapshot `document` as a new roadmap at `path` (never over a file) and
    open it in the app; True when done."""
    data = snapshots.new_roadmap_text(document.roadmap).encode("utf-8")
    try:
        if not snapshots.create_exclusive(path, data):
            app.say(f"{path} exists already; nothing was written.", "error")
            return False
        opened = RoadmapDocument.load(path, clock=app.clock)
    except RoadmapError as error:
        app.say(str(error), "error")
        return False
    except OSError as error:
        app.say(f"{path}: cannot write it ({explain(error)}).", "error")
        return False
    open_in_app(app, opened)
    app.say(f"Saved as a new roadmap: {path}. It is open now and takes edits.")
    return True


def open_in_app(app: RoadmapApp, document: RoadmapDocument) -> None:
    """Make `document` the app's roadmap, on a fresh main screen with a fresh undo history."""
    app.adopt(document, Opening(document.path, document))
    app.safekeeping.attach()  # the journal and the disk watch follow the new file
    app.show_main_screen()


# -- what a roadmap is compared with (the compare picker; the timeline's baseline) ----------


def snapshots_to_compare_with(document: RoadmapDocument) -> list[snapshots.SnapshotEntry]:
    """The roadmap's snapshots, oldest first; for a snapshot, the other snapshots of the
    same roadmap in its folder."""
    info = document.roadmap.snapshot
    if info is None:
        return snapshots.list_snapshots(document.path)
    folder = document.path.parent
    siblings = snapshots.list_snapshots(folder / info.source, folder)
    return [entry for entry in siblings if entry.path.name != document.path.name]


def comparison_choices(
    entries: list[snapshots.SnapshotEntry], commits: list[Commit]
) -> list[tuple[Text, snapshots.SnapshotEntry | Commit]]:
    """The picker's lines: the snapshots newest first (the one most often compared with),
    then the commits (`numbered` puts the keys before them)."""
    choices: list[tuple[Text, snapshots.SnapshotEntry | Commit]] = []
    for entry in reversed(entries):
        counts = counts_by_status(entry.roadmap.markets, entry.roadmap.status_names)
        tally = ", ".join(f"{many} {status}" for status, many in counts.items())
        prompt = Text.assemble(
            (snapshots.describe_time(entry.info.taken_at), "bold"), "  ", (tally, "dim")
        )
        if entry.info.note:
            prompt.append("  " + " ".join(entry.info.note.split()))
        choices.append((prompt, entry))
    for commit in commits:
        prompt = Text.assemble(
            (commit.at.strftime("%Y-%m-%d %H:%M"), "bold"),
            "  ",
            (f"commit {commit.short}", "dim"),
            "  ",
            " ".join(commit.subject.split()),
            (f"  {commit.author}", "dim"),
        )
        choices.append((prompt, commit))
    return choices


def numbered(choices: Sequence[tuple[Text, Choice]]) -> list[tuple[Text, Choice]]:
    """Choices with their keys, 1 to 9, before them."""
    return [
        (Text.assemble((f"{number}  " if number <= 9 else "   ", "bold"), prompt), value)
        for number, (prompt, value) in enumerate(choices, start=1)
    ]


# -- actions of the main screen ------------------------------------------------------------


class SharingActions(Screen[None]):
    """A screen that shares its roadmap: snapshot, compare, export and Δ marks. The main
    screen is one; it says which document and which table."""

    app: RoadmapApp

    @property
    def document(self) -> RoadmapDocument:
        """The open roadmap (the screen using these actions says which)."""
        raise NotImplementedError

    @property
    def table(self) -> MarketTable:
        """The table whose rows the Δ marks go on."""
        raise NotImplementedError

    # the comparison whose Δ marks the table shows, as the banner words it
    compare_marks: Content | None = None

    def drift_baseline(self) -> Baseline | None:
        """The baseline the screen draws drift against, if any: md and html exports
        include the drift table against it."""
        return None

    # -- banner -------------------------------------------------------------------------

    def show_sharing_state(self) -> None:
        """The banner: read-only snapshot, and Δ marks from a comparison."""
        banner = self.query_one(SharingBanner)
        banner.show_lines(self.document.roadmap.snapshot, self.compare_marks)

    # -- snapshot -----------------------------------------------------------------------

    def action_take_snapshot(self) -> None:
        """Take a snapshot of the roadmap, with an optional note."""
        document = self.document
        if document.frozen:
            self.app.say(f"{document.path.name} is open read-only: no snapshot is taken here.")
            return
        if document.read_only:
            self.app.say(
                f"{document.path.name} is a snapshot already; take snapshots of the roadmap "
                "it was taken from.",
                "warning",
            )
            return
        if not document.dirty:
            self._ask_snapshot_note()
            return
        question = (
            f"{document.path.name} has unsaved changes. A snapshot is a copy of the saved "
            "file: save the changes first so it holds them, or snapshot the file as last saved?"
        )
        choices = [
            ("s", "Save, then snapshot", "save"),
            ("f", "Snapshot the saved file", "saved"),
            ("escape", "Cancel", "cancel"),
        ]

        def answered(answer: str | None) -> None:
            if answer == "saved" or (answer == "save" and self.app.save()):
                self._ask_snapshot_note()

        self.app.push_screen(Confirm(question, choices), answered)

    def _ask_snapshot_note(self) -> None:
        document = self.document
        folder = snapshots.default_snapshot_dir(document.path)
        prompt = TextPrompt(
            "Take snapshot",
            f"A frozen, read-only copy of {document.path.name} goes to {folder}{os.sep}.\n"
            "Note (optional): why it was taken.",
            placeholder="e.g. before the Q3 review",
            id="snapshot-note",
        )

        def answered(note: str | None) -> None:
            if note is not None:
                self.write_snapshot(note)

        self.app.push_screen(prompt, answered)

    def write_snapshot(self, note: str = "") -> Path | None:
        """Write a snapshot of the saved file now; the path, or None (the problem said)."""
        try:
            written = snapshots.snapshot_document(
                self.document, note.strip() or None, now=self.app.clock()
            )
        except RoadmapError as error:
            self.app.say(str(error), "error")
            return None
        self.app.say(f"Snapshot written: {written}")
        return written

    # -- compare ------------------------------------------------------------------------

    def action_compare_snapshot(self) -> None:
        """Pick one of this roadmap's snapshots, or a git commit of its file, and see what
        changed since."""
        document = self.document
        try:
            entries = snapshots_to_compare_with(document)
        except RoadmapError as error:
            self.app.say(str(error), "error")
            return
        commits = [] if document.roadmap.snapshot is not None else sources.commits(document.path)
        if not entries and not commits:
            if document.read_only and document.roadmap.snapshot is not None:
                self.app.say(f"No other snapshots beside {document.path.name} to compare with.")
            else:
                folder = snapshots.default_snapshot_dir(document.path)
                self.app.say(f"No snapshots of {document.path.name} in {folder} yet: S takes one.")
            return
        choices = numbered(comparison_choices(entries, commits))
        title, what = "Compare with snapshot", f"Snapshots of {document.path.name}, newest first:"
        if commits:
            title = "Compare with a snapshot or a commit"
            what = (
                f"Snapshots of {document.path.name}, newest first, then its git commits:"
                if entries
                else f"Git commits of {document.path.name}, newest first:"
            )
        picker: PickPrompt[snapshots.SnapshotEntry | Commit] = PickPrompt(
            title, what, choices, pick_keys(choices), id="snapshot-picker"
        )

        def picked(entry: snapshots.SnapshotEntry | Commit | None) -> None:
            if isinstance(entry, Commit):
                self.compare_with_commit(entry)
            elif entry is not None:
                self.compare_with(entry)

        self.app.push_screen(picker, picked)

    def compare_with(self, entry: snapshots.SnapshotEntry) -> None:
        """Show what changed since the snapshot `entry` (against the roadmap as it is in
        the app, unsaved edits included) and mark the changed rows Δ."""

        difference = diff_roadmaps(entry.roadmap, self.document.roadmap)
        changed = difference.changed_codes
        self.table.set_marked(changed)
        when = snapshots.describe_time(entry.info.taken_at)
        self.compare_marks = (
            marks_line(len(changed), f"the snapshot of {when}") if changed else None
        )
        self.show_sharing_state()
        self.app.refresh_bindings()
        against = f"{snapshots.describe(entry.info)} ({entry.path.name})"
        from roadmap_tui.ui.screens.compare import CompareScreen  # when first asked

        self.app.push_screen(CompareScreen(difference, against))

    def compare_with_commit(self, commit: Commit) -> None:
        """Show what changed since the git commit `commit` (against the roadmap as it is
        in the app) and mark the changed rows Δ."""
        try:
            then = sources.at_commit(self.document.path, commit)
        except RoadmapError as error:
            self.app.say(str(error), "error")
            return
        difference = diff_roadmaps(then, self.document.roadmap)
        changed = difference.changed_codes
        self.table.set_marked(changed)
        when = commit.at.date().isoformat()
        self.compare_marks = (
            marks_line(len(changed), f"commit {commit.short} of {when}") if changed else None
        )
        self.show_sharing_state()
        self.app.refresh_bindings()
        from roadmap_tui.ui.screens.compare import CompareScreen

        self.app.push_screen(CompareScreen(difference, f"commit {commit.describe()}"))

    def action_clear_marks(self) -> None:
        """Clear the Δ marks a comparison left on the table."""
        self.table.set_marked(())
        self.compare_marks = None
        self.show_sharing_state()
        self.app.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # "Clear Δ" is in the footer only while there are marks to clear.
        if action == "clear_marks":
            return self.compare_marks is not None
        return True

    # -- export -------------------------------------------------------------------------

    def action_export(self, fmt: str = "") -> None:
        """Export the roadmap as `fmt` (asks which format when none is given)."""
        if self.document.frozen:
            # a shared read-only view (serve --read-only) writes no file on the server
            self.app.say(f"{self.document.path.name} is open read-only: nothing is exported here.")
            return
        if fmt:
            self._ask_export_path(fmt)
            return
        names = list(FORMATS)
        title_width = max(len(format_title(name)) for name in names)
        suffix_width = max(len(FORMATS[name].suffix) for name in names)
        choices = [
            (
                Text.assemble(
                    (f"{index}", "bold"),
                    "  ",
                    (format_title(name).ljust(title_width), "bold"),
                    f"  {FORMATS[name].suffix.ljust(suffix_width)}  ",
                    (FORMATS[name].description, "dim"),
                ),
                name,
            )
            for index, name in enumerate(names, start=1)
        ]
        picker: PickPrompt[str] = PickPrompt(
            "Export",
            f"Export {self.document.path.name} as:",
            choices,
            pick_keys(choices),
            id="export-picker",
        )

        def picked(name: str | None) -> None:
            if name is not None:
                self._ask_export_path(name)

        self.app.push_screen(picker, picked)

    def _ask_export_path(self, fmt: str) -> None:
        document = self.document
        export_format = FORMATS[fmt]
        default = document.path.with_name(
            f"{snapshots.safe_stem(document.path.name)}{export_format.suffix}"
        )
        unsaved = (
            " It holds the unsaved changes too, as the app shows them." if document.dirty else ""
        )
        baseline = self._baseline_for(fmt)
        drift = f" With the drift of targets against {baseline.label}." if baseline else ""
        prompt = TextPrompt(
            f"Export as {format_title(fmt)}",
            f"Write {document.path.name} as {format_title(fmt)} ({export_format.description}) "
            f"to:{unsaved}{drift}",
            value=str(default),
            check=partial(output_problem, roadmap_path=document.path),
            id="export-path",
        )

        def answered(answer: str | None) -> None:
            if answer is not None:
                self._confirm_overwrite(fmt, expand(answer))

        self.app.push_screen(prompt, answered)

    def _confirm_overwrite(self, fmt: str, path: Path) -> None:
        if not path.exists():
            self.write_export(fmt, path)
            return
        question = f"{path} exists already. Replace it with the {format_title(fmt)} export?"
        choices = [("r", "Replace", "replace"), ("escape", "Cancel", "cancel")]

        def answered(answer: str | None) -> None:
            if answer == "replace":
                self.write_export(fmt, path)
            else:
                self.app.say(f"Not exported: {path} is as it was.")

        self.app.push_screen(Confirm(question, choices), answered)

    def write_export(self, fmt: str, path: Path) -> None:
        """Export the roadmap as the app holds it to `path`; svg is drawn in a thread."""
        roadmap = self.document.roadmap
        if fmt != "svg":
            self._exported(fmt, path, _export_text(roadmap, fmt, self._baseline_for(fmt)))
            return
        self.app.say(f"Drawing the {format_title(fmt)} picture …")

        def draw() -> None:
            outcome = _export_text(roadmap, fmt)
            self.app.call_from_thread(self._exported, fmt, path, outcome)

        self.app.run_worker(draw, thread=True, exit_on_error=False, group="export")

    def _baseline_for(self, fmt: str) -> Baseline | None:
        """The drift baseline, for a format that shows drift (md, html)."""
        return self.drift_baseline() if FORMATS[fmt].with_baseline is not None else None

    def _exported(self, fmt: str, path: Path, outcome: str | RoadmapError) -> None:
        if isinstance(outcome, RoadmapError):
            self.app.say(str(outcome), "error")
            return
        try:
            atomic_write(path, outcome.encode("utf-8"))
        except RoadmapError as error:
            self.app.say(str(error), "error")
            return
        self.app.say(f"Exported {format_title(fmt)} to {path}")


def _export_text(roadmap: Any, fmt: str, baseline: Baseline | None = None) -> str | RoadmapError:
    try:
        return export(roadmap, fmt, baseline=baseline)
    except RoadmapError as error:
        return error
