"""The user's own text editor, opened on a file at a line: which editor ($VISUAL, then
$EDITOR, then `vi`), how each kind is told the line, and running it. No Textual.

- `+LINE file` for vi, vim, nvim and the other vi-style editors (and anything unknown
  that is usually started that way); nano, emacs, micro and kak take the column too
  (`+LINE,COL` for nano, `+LINE:COL` for the others);
- `--wait -g file:LINE:COL` for VS Code (`code`, `code-insiders`, `codium`): `--wait`
  makes it return only once the file's tab is closed, so the app checks the file then;
- `file:LINE:COL` for Helix (`hx`);
- any other editor gets the file alone."""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FALLBACK = "vi"  # what git and most Unix tools start when neither variable is set
VARIABLES = ("VISUAL", "EDITOR")

# Debian names vim `vim.basic` and `vim.tiny`; GUI vims (gvim) return at once, so not here
_PLUS_LINE = frozenset(
    {"vi", "vim", "vim.basic", "vim.tiny", "nvim", "view", "nvi", "elvis", "joe", "mg", "pico"}
)
# editors that take `+LINE` and a column, each in its own way
_PLUS_LINE_COL = {
    "nano": "+{line},{col}",
    "rnano": "+{line},{col}",
    "emacs": "+{line}:{col}",
    "emacsclient": "+{line}:{col}",
    "micro": "+{line}:{col}",
    "kak": "+{line}:{col}",
}
_VS_CODE = frozenset({"code", "code-insiders", "codium", "vscodium", "code-oss"})
_WAIT_FLAGS = frozenset({"--wait", "-w"})
_FILE_LINE_COL = frozenset({"hx", "helix"})


class EditorProblem(Exception):
    """The editor variable cannot be used (a quote left open); its str() is one sentence."""


@dataclass(frozen=True)
class Edited:
    """The editor ran and ended with `returncode`."""

    returncode: int


@dataclass(frozen=True)
class NotStarted:
    """The editor could not be started: `reason` is one sentence."""

    reason: str


def chosen_editor(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor's command as words: $VISUAL, else $EDITOR, else `vi`. A variable may hold
    options (`code --wait`, `emacs -nw`); it is split as a shell would. Raises
    EditorProblem for one that cannot be split."""
    environ = os.environ if environ is None else environ
    for variable in VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise EditorProblem(f"${variable} cannot be used ({error}): {value}") from None
            if words:
                return words
    return [FALLBACK]


def editor_name(editor: list[str]) -> str:
    """`vim` for `/usr/bin/vim`, `code` for `Code.exe`: what kind of editor it is."""
    name = os.path.basename(editor[0]).lower()
    return name.removesuffix(".exe").removesuffix(".cmd")


def editor_command(editor: list[str], path: Path, line: int | None, col: int | None) -> list[str]:
    """The command that opens `path` in `editor` at `line` and `col` (1-based) when the
    editor can be told them. The path is made absolute so no editor reads it as an option."""
    target = os.path.abspath(path)
    name = editor_name(editor)
    if line is None:
        return [*editor, target]
    col = col or 1
    if name in _VS_CODE:
        wait = [] if _WAIT_FLAGS & set(editor[1:]) else ["--wait"]
        return [*editor, *wait, "-g", f"{target}:{line}:{col}"]
    if name in _FILE_LINE_COL:
        return [*editor, f"{target}:{line}:{col}"]
    if name in _PLUS_LINE_COL:
        return [*editor, _PLUS_LINE_COL[name].format(line=line, col=col), target]
    if name in _PLUS_LINE:
        return [*editor, f"+{line}", target]
    return [*editor, target]


def run_editor(command: list[str]) -> Edited | NotStarted:
    """Run the editor in the terminal and wait for it to end (the caller hands the
    terminal over first)."""
    try:
        finished = subprocess.run(command, check=False)
    except FileNotFoundError:
        return NotStarted(f"the editor '{command[0]}' was not found; set $VISUAL or $EDITOR")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return NotStarted(f"the editor '{command[0]}' could not be started ({reason})")
    return Edited(finished.returncode)
