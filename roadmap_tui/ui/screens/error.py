"""Screens shown instead of the roadmap: a file that does not validate, or is missing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from roadmap_tui.errors import InvalidRoadmap, RoadmapError, exit_code
from roadmap_tui.ui.bindings import shown_on_error_screens
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.header import RoadmapHeader

if TYPE_CHECKING:
    from roadmap_tui.ui.app import RoadmapApp


def first_place(problem: RoadmapError) -> tuple[int | None, int | None]:
    """Line and column of the first error (where an editor should open), or Nones."""
    if isinstance(problem, InvalidRoadmap):
        found = problem.errors or problem.diagnostics
        if found:
            return found[0].line, found[0].col
    return None, None


def problem_lines(problem: RoadmapError) -> list[str]:
    """The problem as `roadmap-tui validate` prints it: one `file:line:col` line each."""
    if isinstance(problem, InvalidRoadmap):
        return [str(diagnostic) for diagnostic in problem.diagnostics]
    return [str(problem)]


class InvalidFileScreen(Screen[None]):
    """The roadmap cannot be opened: every problem with its line and column."""

    CSS_PATH = "error.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", tooltip="Open the file in $VISUAL or $EDITOR at the problem"),
        Binding("r", "reload", "Reload", tooltip="Open the file again after fixing it"),
        *shown_on_error_screens(),
        Binding("q,escape", "give_up", "Quit"),
    ]

    app: RoadmapApp

    def __init__(self, path: Path, problem: RoadmapError) -> None:
        super().__init__()
        self.path = path
        self.problem = problem

    def compose(self) -> ComposeResult:
        yield RoadmapHeader()
        with Vertical(id="problem"):
            yield Static(self._heading(), id="problem-heading")
            with VerticalScroll(id="problem-list"):
                yield Static(self._lines(), id="problem-lines", markup=False)
            yield Static(
                Content.assemble(
                    "Press ",
                    ("e", "bold $text-accent"),
                    " to fix the file in your editor (it opens here once valid), ",
                    ("r", "bold $text-accent"),
                    " to open it again after fixing it elsewhere, or ",
                    ("q", "bold $text-accent"),
                    " to quit. ",
                    ("roadmap-tui validate PATH", "bold"),
                    " prints the same list.",
                ),
                id="problem-hint",
            )
        yield Footer()

    def _heading(self) -> Content:
        if isinstance(self.problem, InvalidRoadmap):
            count = len(self.problem.errors) or len(self.problem.diagnostics)
            noun = "problem" if count == 1 else "problems"
            text = f"{visible(self.path.name)} is not a valid roadmap: {count} {noun}"
        else:
            text = f"{visible(self.path.name)} cannot be opened"
        return Content.styled(text, "bold $text-error")

    def _lines(self) -> Content:
        return Content("\n".join(visible(line) for line in problem_lines(self.problem)))

    def show_problem(self, problem: RoadmapError) -> None:
        """Show the problems found on opening the file again."""
        self.problem = problem
        self.query_one("#problem-heading", Static).update(self._heading())
        self.query_one("#problem-lines", Static).update(self._lines())

    def action_give_up(self) -> None:
        """Quit with the exit code `roadmap-tui validate` would give (1 invalid, 2 I/O)."""
        code = exit_code(self.problem)
        self.app.exit(return_code=code)

    class Reopen(Message):
        """The user asks to open the file again (it may be fixed now)."""

    def action_reload(self) -> None:
        """Open the file again; if it is valid now, the app shows the roadmap."""
        self.post_message(self.Reopen())

    class Edit(Message):
        """The user asks to fix the file in their editor, at `line` and `col` (1-based;
        None when the problem has no place, a file that cannot be read)."""

        def __init__(self, path: Path, line: int | None, col: int | None) -> None:
            super().__init__()
            self.path = path
            self.line = line
            self.col = col

    def action_edit(self) -> None:
        """Open the file in the user's editor at the first problem."""
        line, col = first_place(self.problem)
        self.post_message(self.Edit(self.path, line, col))


class MissingFileScreen(Screen[None]):
    """The roadmap file does not exist: offer to create it from the starter template."""

    CSS_PATH = "error.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create", "Create it", tooltip="Create the file from the starter template"),
        *shown_on_error_screens(),
        Binding("q,escape", "app.quit", "Quit"),
    ]

    app: RoadmapApp

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield RoadmapHeader()
        with Vertical(id="problem"):
            yield Static(
                Content.styled(f"{visible(str(self.path))} does not exist", "bold $text-warning"),
                id="problem-heading",
            )
            yield Static(
                Content.assemble(
                    "Press ",
                    ("c", "bold $text-accent"),
                    " to create it from the starter template (three example markets to "
                    "replace with your own), or ",
                    ("q", "bold $text-accent"),
                    " to quit.",
                ),
                id="problem-hint",
            )
        yield Footer()

    class Create(Message):
        """The user asks to create the missing file from the starter template."""

    def action_create(self) -> None:
        """Create the file from the starter template; the app opens it."""
        self.post_message(self.Create())
