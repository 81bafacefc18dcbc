"""Errors a user can cause, each one clear sentence with `file:line:col` where there is one."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from roadmap_tui.controls import printable


def show_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    """A path as a message shows it: the file system's bytes, with those that are not
    UTF-8 as `\\xff` (never an encoding error, whatever the terminal takes)."""
    return printable(os.fsdecode(path))


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a roadmap file, pointing at a line and column (1-based)."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return (
            f"{show_path(self.path)}:{self.line}:{self.col}: {self.severity}: "
            f"{printable(self.message)}"
        )


class RoadmapError(Exception):
    """Base of every error a user can cause; its str() is one sentence fit to show."""


class FileProblem(RoadmapError):
    """The file could not be read or written: missing, a directory, no permission, disk full."""

    def __init__(self, path: str | Path, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{show_path(path)}: {message}")


class InvalidRoadmap(RoadmapError):
    """The file was read but is not a valid roadmap; carries every problem found."""

    def __init__(self, path: str | Path, diagnostics: list[Diagnostic]) -> None:
        self.path = str(path)
        self.diagnostics = sorted(diagnostics)
        self.errors = [d for d in self.diagnostics if d.severity is Severity.ERROR]
        count = len(self.errors)
        first = str(self.errors[0]) if self.errors else f"{show_path(path)}: invalid roadmap"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(first + more)


class ConflictError(RoadmapError):
    """The file changed on disk since it was loaded; saving would overwrite someone's edit."""

    def __init__(self, path: str | Path, message: str | None = None) -> None:
        self.path = str(path)
        super().__init__(
            message
            or f"{self.path} changed on disk since it was opened; not saved, to keep those changes"
        )


class EditError(RoadmapError):
    """An edit the roadmap cannot take: unknown market, duplicate code, invalid value."""


class ReadOnlyError(EditError):
    """The roadmap is a snapshot, which is frozen."""


class GitProblem(RoadmapError):
    """git is missing, the path is not in a repository, or git refused what was asked."""


# What the process exits with: 0 done, 1 a roadmap that is not valid (or an edit it
# refuses), 2 a file or an argument that cannot be used.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def exit_code(error: RoadmapError) -> int:
    """The exit code for a user's error: 2 for a file (or a repository) that cannot be
    used, else 1."""
    return EXIT_USAGE if isinstance(error, FileProblem | GitProblem) else EXIT_INVALID


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`; did you mean 'x'?` for the closest choice, or an empty string when none is close."""
    options = list(choices)
    by_fold = {choice.casefold(): choice for choice in options}
    matches = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=cutoff)
    return f"; did you mean '{by_fold[matches[0]]}'?" if matches else ""
