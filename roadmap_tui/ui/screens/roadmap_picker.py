"""Choosing a roadmap to open: the roadmaps of a folder and the recent ones, each with
its title and markets per status, or the problem that stops it from opening.

The files are read in a thread (a folder may hold a big roadmap); each entry shows its
name at once and its counts as soon as they are known. The screen answers with the
path picked, or None."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Spacing
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, RenderOptions, Visual
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from roadmap_tui.errors import RoadmapError
from roadmap_tui.listing import Listed, describe, roadmap_files
from roadmap_tui.model import STATUSES
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.status import look_of, status_content_style

# the second line of an entry (and every line it wraps onto) starts this far in
_INDENT = 3


@dataclass(frozen=True)
class Shelf:
    """What the picker offers: the roadmaps of `folder` and the `recent` ones (recent
    roadmaps already listed from the folder are not listed twice); `current` is the
    roadmap open now, marked as such."""

    folder: Path | None = None
    recent: tuple[Path, ...] = ()
    current: Path | None = None


def shown_path(path: Path) -> str:
    """A path as the picker writes it: `~/…` under the home folder, control characters
    visible."""
    home = os.path.expanduser("~")
    text = os.path.abspath(path)
    if home not in ("", "/") and (text == home or text.startswith(home + os.sep)):
        text = "~" + text[len(home) :]
    return visible(text)


class _Entry(Visual):
    """One roadmap in the list: its name and title on one line (cut with `…` when too
    long), then its counts or its problem, indented; a long problem wraps onto lines
    indented the same."""

    def __init__(self, first: Content, second: Content) -> None:
        self._first = first
        self._second = Padding(second, Spacing(0, 0, 0, _INDENT))

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max(
            self._first.get_optimal_width(rules, container_width),
            self._second.get_optimal_width(rules, container_width),
        )

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1 + self._second.get_height(rules, width)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        first = self._first.truncate(width, ellipsis=True)
        return [
            *first.render_strips(width, 1, style, options),
            *self._second.render_strips(width, None, style, options),
        ]


def _same(one: Path, other: Path | None) -> bool:
    return other is not None and os.path.realpath(one) == os.path.realpath(other)


class RoadmapPicker(ModalScreen[Path | None]):
    """Lists the roadmaps of a `Shelf`; `enter` opens the one highlighted, `esc` cancels
    (or, as the first screen of `roadmap-tui DIR`, quits)."""

    CSS_PATH = "roadmap_picker.tcss"

    def __init__(self, shelf: Shelf, *, at_start: bool = False) -> None:
        super().__init__(id="roadmap-picker")
        self.shelf = shelf
        self.at_start = at_start
        if at_start:  # nothing to go back to: esc and q end the app
            self._bindings.bind("escape,q", "cancel", "Quit", key_display="esc")
        else:
            self._bindings.bind("escape", "cancel", "Cancel", key_display="esc")
        self.problem: str | None = None
        self.paths: list[Path] = []  # the options' paths, by option id
        self._sections = self._gather()

    def _gather(self) -> list[tuple[str, list[Path]]]:
        sections: list[tuple[str, list[Path]]] = []
        folder = self.shelf.folder
        in_folder: list[Path] = []
        if folder is not None:
            try:
                in_folder = roadmap_files(folder)
            except RoadmapError as error:
                self.problem = str(error)
            sections.append((f"In {shown_path(folder)}", in_folder))
        listed = {os.path.realpath(path) for path in in_folder}
        recent = [path for path in self.shelf.recent if os.path.realpath(path) not in listed]
        if recent:
            sections.append(("Recent", recent))
        return sections

    @property
    def empty(self) -> bool:
        return not any(paths for _heading, paths in self._sections)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog"):
            yield Static(Content(self._message()), id="picker-message")
            yield OptionList(*self._options(), id="picker-roadmaps")
        yield Footer()

    def _message(self) -> str:
        if self.problem is not None:
            return visible(self.problem)
        if self.empty:
            folder = self.shelf.folder
            where = f"in {shown_path(folder)}" if folder is not None else "to open"
            return f"No roadmaps {where} (no .toml files), and no recent ones."
        return "Which roadmap to open?"

    def _options(self) -> list[Option]:
        options = []
        for heading, paths in self._sections:
            if not paths:
                continue
            options.append(Option(Content(heading), disabled=True))
            for path in paths:
                options.append(Option(self._prompt(path, None), id=str(len(self.paths))))
                self.paths.append(path)
        return options

    def on_mount(self) -> None:
        dialog = self.query_one("#picker-dialog")
        dialog.border_title = "Open a roadmap"
        dialog.border_subtitle = "enter opens · esc " + ("quits" if self.at_start else "cancels")
        roadmaps = self.query_one("#picker-roadmaps", OptionList)
        roadmaps.display = bool(self.paths)
        if self.paths:
            # the first roadmap that is not the one open now
            first = next(
                (i for i, path in enumerate(self.paths) if not _same(path, self.shelf.current)), 0
            )
            roadmaps.highlighted = roadmaps.get_option_index(str(first))
            roadmaps.focus()
            self._describe_all()

    # -- what each roadmap holds, read in a thread -------------------------------------------

    @work(thread=True, exit_on_error=False, group="roadmap-picker")
    def _describe_all(self) -> None:
        worker = get_current_worker()
        for index, path in enumerate(self.paths):
            if worker.is_cancelled:
                return
            listed = describe(path)
            self.app.call_from_thread(self._described, index, listed)

    def _described(self, index: int, listed: Listed) -> None:
        if not self.is_attached:
            return  # picked or cancelled while the thread was still reading
        roadmaps = self.query_one("#picker-roadmaps", OptionList)
        roadmaps.replace_option_prompt(str(index), self._prompt(listed.path, listed))

    def _prompt(self, path: Path, listed: Listed | None) -> _Entry:
        """Two lines: the file and its title, then its counts or its problem (and, for a
        recent roadmap, its folder)."""
        first: list[str | tuple[str, str]] = [(visible(path.name), "bold")]
        if listed is not None and listed.title:
            first.append(("  " + visible(" ".join(listed.title.split())), ""))
        second: list[str | tuple[str, str]] = []
        if listed is None:
            second.append(("reading …", "$text-muted"))
        elif listed.problem is not None:
            second.append(("✗ " + visible(listed.problem), "$text-error"))
        else:
            # the default statuses live first, as the summary line has them; a roadmap's
            # own in the order it declares them
            names = list(listed.counts) or list(STATUSES)
            for number, status in enumerate(reversed(names) if tuple(names) == STATUSES else names):
                if number:
                    second.append((" · ", "$text-muted"))
                count = listed.counts.get(status, 0)
                second.append((f"{count} {visible(status)}", status_content_style(look_of(status))))
            if listed.read_only:
                second.append(("  snapshot, read-only", "$text-muted"))
        if _same(path, self.shelf.current):
            second.append(("  open now", "$text-muted"))
        # a recent roadmap says where it is; the folder's own are under its heading
        if self.shelf.folder is None or not _same(path.parent, self.shelf.folder):
            second.append(("  in " + shown_path(path.parent), "$text-muted"))
        return _Entry(Content.assemble(*first), Content.assemble(*second))

    # -- answering ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#picker-roadmaps")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.paths[int(event.option.id)])

    def action_cancel(self) -> None:
        """Close without opening anything."""
        self.dismiss(None)
