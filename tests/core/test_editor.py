"""Which editor opens a file, and how it is told the line: `+LINE` for vi-style editors,
`-g file:line:col` for VS Code; a fake editor script shows what a real one receives."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from roadmap_tui.editor import (
    Edited,
    EditorProblem,
    NotStarted,
    chosen_editor,
    editor_command,
    run_editor,
)


@pytest.mark.parametrize(
    ("environ", "editor"),
    [
        ({"VISUAL": "nvim", "EDITOR": "nano"}, ["nvim"]),
        ({"EDITOR": "nano"}, ["nano"]),
        ({"VISUAL": "  ", "EDITOR": "emacs -nw"}, ["emacs", "-nw"]),
        ({"EDITOR": "'/opt/my editor/bin/ed' --flag"}, ["/opt/my editor/bin/ed", "--flag"]),
        ({}, ["vi"]),
    ],
)
def test_visual_then_editor_then_vi(environ, editor):
    assert chosen_editor(environ) == editor


def test_an_editor_variable_with_an_open_quote_is_one_sentence():
    with pytest.raises(EditorProblem) as raised:
        chosen_editor({"EDITOR": "code 'oops"})
    assert str(raised.value) == "$EDITOR cannot be used (No closing quotation): code 'oops"


FILE = Path("/work/maps/broken.toml")


@pytest.mark.parametrize(
    ("editor", "command"),
    [
        (["vi"], ["vi", "+7", str(FILE)]),
        (["/usr/bin/vim"], ["/usr/bin/vim", "+7", str(FILE)]),
        (["nvim"], ["nvim", "+7", str(FILE)]),
        (["nano"], ["nano", "+7,10", str(FILE)]),
        (["emacs", "-nw"], ["emacs", "-nw", "+7:10", str(FILE)]),
        (["emacsclient", "-t"], ["emacsclient", "-t", "+7:10", str(FILE)]),
        (["micro"], ["micro", "+7:10", str(FILE)]),
        (["kak"], ["kak", "+7:10", str(FILE)]),
        (["code"], ["code", "--wait", "-g", f"{FILE}:7:10"]),
        (["code", "--wait"], ["code", "--wait", "-g", f"{FILE}:7:10"]),
        (["code-insiders", "-w"], ["code-insiders", "-w", "-g", f"{FILE}:7:10"]),
        (["codium"], ["codium", "--wait", "-g", f"{FILE}:7:10"]),
        (["C:/Programs/Code.exe"], ["C:/Programs/Code.exe", "--wait", "-g", f"{FILE}:7:10"]),
        (["hx"], ["hx", f"{FILE}:7:10"]),
        (["ed"], ["ed", str(FILE)]),
    ],
)
def test_each_kind_of_editor_is_told_the_line_its_own_way(editor, command):
    assert editor_command(editor, FILE, 7, 10) == command


def test_without_a_place_the_file_alone():
    assert editor_command(["vim"], FILE, None, None) == ["vim", str(FILE)]
    assert editor_command(["code"], FILE, None, None) == ["code", str(FILE)]


def test_a_relative_path_is_made_absolute_so_no_editor_reads_it_as_an_option(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    command = editor_command(["vim"], Path("-n.toml"), 2, 1)
    assert command == ["vim", "+2", str(tmp_path / "-n.toml")]


def fake_editor(tmp_path: Path, name: str, exit_code: int = 0) -> Path:
    """A script standing in for an editor: records its arguments, ends with `exit_code`."""
    script = tmp_path / "bin" / name
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        f"pathlib.Path({str(tmp_path / 'argv.json')!r}).write_text(json.dumps(sys.argv[1:]))\n"
        f"sys.exit({exit_code})\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def test_the_editor_runs_with_those_arguments_and_its_exit_status_is_kept(tmp_path: Path):
    script = fake_editor(tmp_path, "vim", exit_code=3)
    outcome = run_editor(editor_command([str(script)], FILE, 4, 2))
    assert outcome == Edited(3)
    assert json.loads((tmp_path / "argv.json").read_text()) == ["+4", str(FILE)]


def test_an_editor_that_is_not_there_is_one_sentence(tmp_path: Path):
    outcome = run_editor(["no-such-editor-anywhere", str(FILE)])
    assert outcome == NotStarted(
        "the editor 'no-such-editor-anywhere' was not found; set $VISUAL or $EDITOR"
    )


def test_an_editor_that_cannot_run_is_one_sentence(tmp_path: Path):
    script = tmp_path / "not-executable"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o644)
    outcome = run_editor([str(script), str(FILE)])
    assert outcome == NotStarted(f"the editor '{script}' could not be started (Permission denied)")
