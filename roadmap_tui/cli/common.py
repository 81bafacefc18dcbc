"""What every command shares: how a user's error is printed (its exit code is in `errors`)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar, cast

from roadmap_tui.controls import printable
from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError, exit_code

Written = TypeVar("Written")


def require_file(path: Path) -> None:
    """FileProblem `no such file` unless something is at `path` (or `is a directory`
    when that is what is there), so a command says that first rather than what it would
    have done with the file ('no unsaved edits were found' in a folder)."""
    if not os.path.lexists(path):
        raise FileProblem(path, "no such file")
    if os.path.isdir(path):
        raise FileProblem(path, "is a directory, not a roadmap file")


def say(text: str, *, error: bool = False) -> None:
    """Print a line of a command's output (on standard error with `error`): what it quotes
    from a roadmap or a file name, control characters and bytes that are not UTF-8, shown
    as escapes, never acted on by the terminal."""
    print(printable(text), file=sys.stderr if error else sys.stdout)


def report(error: RoadmapError) -> int:
    """Print a user's error as one clear line (or one per problem) and return the exit code."""
    if isinstance(error, InvalidRoadmap):
        for diagnostic in error.diagnostics:
            print(printable(str(diagnostic)), file=sys.stderr)
    else:
        # the sentence may quote what was typed (a code, a backup's name) as well as paths
        print(printable(f"roadmap-tui: {error}"), file=sys.stderr)
    return exit_code(error)


class OutputProblem(FileProblem):
    """Standard output cannot be written: closed (`roadmap-tui … >&-`), a full disk."""

    def __init__(self, reason: str) -> None:
        super().__init__("standard output", f"cannot write: {reason}")


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Run a command with standard output whose failures are an OutputProblem (one
    sentence, exit 2) rather than an OSError, or an AttributeError when it is closed,
    from inside some print. Flushed before the block ends, so a failure shows here."""
    real = sys.stdout
    guarded = _GuardedOutput(real)
    sys.stdout = cast(TextIO, guarded)
    try:
        yield
        guarded.flush()
    finally:
        sys.stdout = real


class _GuardedOutput:
    """Standard output (None when it was closed) whose writes raise OutputProblem; a
    broken pipe stays a BrokenPipeError (the reader left: `| head`)."""

    def __init__(self, stream: TextIO | None) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._guarded(lambda stream: stream.write(text))

    def flush(self) -> None:
        self._guarded(lambda stream: stream.flush())

    def isatty(self) -> bool:
        return self._stream is not None and self._stream.isatty()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _guarded(self, action: Callable[[TextIO], Written]) -> Written:
        if self._stream is None:
            raise OutputProblem("it is closed")
        try:
            return action(self._stream)
        except BrokenPipeError:
            raise
        except OSError as error:
            from roadmap_tui.store.files import explain  # not at import: `--help` loads no pydantic

            self._drop_unwritten()
            raise OutputProblem(explain(error)) from None
        except ValueError:  # "I/O operation on closed file"
            raise OutputProblem("it is closed") from None

    def _drop_unwritten(self) -> None:
        # what is still buffered would fail again when Python flushes at exit, after our
        # sentence: let it go to /dev/null instead
        with contextlib.suppress(OSError, ValueError, AttributeError):
            assert self._stream is not None
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
