"""The `roadmap-tui` command: exit codes, output format, and no traceback for any input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from roadmap_tui import __version__
from roadmap_tui.cli import build_parser, command_names, main
from roadmap_tui.store import RoadmapDocument, parse
from tests.core.helpers import lines

VALID = """\
# Live shopping
[roadmap]
title = "CLI"

[[markets]]
code = "GB"
name = "United Kingdom"
status = "live"

[[markets]]
code = "DE"
name = "Germany"
status = "planned"  # next
"""

INVALID = VALID.replace('status = "planned"', 'status = "pasued"')


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; the exit code and what it printed."""
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse exits for --help, --version and usage errors
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


def test_validate_a_valid_file(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 0
    assert out == f"{path}: ok (2 markets)\n"
    assert err == ""


def test_validate_prints_warnings_but_passes(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID + 'stauts = "x"\n')
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 0
    assert out == f"{path}: ok (2 markets)\n"
    assert (
        err
        == f"{path}:14:1: warning: unknown key 'stauts' in market DE is kept as it is; did you mean 'status'?\n"
    )


def test_validate_an_invalid_file(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(INVALID)
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 1
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"{path}:13:10: error: market DE: unknown status 'pasued'")


def test_validate_many_files_reports_the_worst(
    write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = write(VALID, "good.toml"), write(INVALID, "bad.toml")
    assert run(["validate", str(good), str(bad)], capsys)[0] == 1
    code, out, err = run(["validate", str(bad), str(tmp_path / "missing.toml"), str(good)], capsys)
    assert code == 2
    assert out == f"{good}: ok (2 markets)\n"
    assert f"{bad}:13:10: error:" in err
    assert f"{tmp_path / 'missing.toml'}: no such file" in err


@pytest.mark.parametrize(
    ("name", "reason"), [("missing.toml", "no such file"), (".", "is a directory")]
)
def test_validate_io_problems_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    path = tmp_path / name
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert (
        err
        == f"roadmap-tui: {path}: {reason}" + (", not a roadmap file" if name == "." else "") + "\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_validate_unreadable_file_exits_2(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    path.chmod(0)
    try:
        code, _, err = run(["validate", str(path)], capsys)
    finally:
        path.chmod(0o600)
    assert code == 2
    assert "permission denied" in err


def test_validate_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate"], capsys)
    assert code == 2
    assert "usage:" in err


def test_set_changes_the_status_with_a_minimal_diff(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    code, out, err = run(["set", str(path), "de", "Paused", "--note", "July 2022"], capsys)
    assert code == 0, err
    assert out == f"{path}: DE Germany: planned → paused\n"
    market = RoadmapDocument.load(path).market("DE")
    assert market.status == "paused" and market.history[-1].note == "July 2022"
    at = market.history[-1].at  # the CLI uses the real clock
    assert isinstance(at, datetime) and at.tzinfo is not None
    assert lines(path.read_text(encoding="utf-8")) == [
        *lines(VALID)[:-1],
        'status = "paused"  # next\n',
        f"since = {at.date().isoformat()}\n",
        "\n",
        "[[markets.history]]\n",
        f"at = {at.strftime('%Y-%m-%dT%H:%M:%SZ')}\n",
        'from = "planned"\n',
        'to = "paused"\n',
        'note = "July 2022"\n',
    ]


def test_set_the_same_status_changes_nothing(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    code, out, _ = run(["set", str(path), "GB", "live"], capsys)
    assert code == 0
    assert "already live; nothing changed" in out
    assert path.read_text(encoding="utf-8") == VALID


def test_set_now_before_a_later_history_entry_says_when_it_was_recorded(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # the latest entry is dated 9999-12-31, so a change made now goes into the history
    # before it and the status stays what that entry says
    later = '\n[[markets.history]]\nat = 9999-12-31\nfrom = "live"\nto = "planned"\n'
    path = write(VALID + later)
    code, out, err = run(["set", str(path), "DE", "paused"], capsys)
    assert (code, err) == (0, "")
    assert out.startswith(f"{path}: DE Germany: recorded paused at 2")
    assert out.endswith(" UTC\n") and "None" not in out


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (["DX", "paused"], "no market with code 'DX'"),
        (
            ["DE", "pasued"],
            "unknown status 'pasued' (valid: planned, paused, live); did you mean 'paused'?",
        ),
    ],
)
def test_set_unknown_code_or_status_exits_1_with_a_suggestion(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str], args: list[str], hint: str
) -> None:
    path = write(VALID)
    code, out, err = run(["set", str(path), *args], capsys)
    assert code == 1
    assert out == ""
    assert hint in err
    assert err.startswith("roadmap-tui: ") and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == VALID


def test_set_unknown_code_suggests_the_closest(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    _, _, err = run(["set", str(path), "GBR", "paused"], capsys)
    assert "did you mean 'GB'?" in err


def test_set_on_an_invalid_or_missing_file(
    write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(INVALID)
    code, _, err = run(["set", str(path), "GB", "paused"], capsys)
    assert code == 1
    assert f"{path}:13:10: error:" in err
    assert path.read_text(encoding="utf-8") == INVALID
    code, _, err = run(["set", str(tmp_path / "nope.toml"), "GB", "paused"], capsys)
    assert code == 2
    assert "no such file" in err


def test_new_creates_a_valid_roadmap_and_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.toml"
    code, out, _ = run(["new", str(path), "--title", 'Launches "2025" [beta]'], capsys)
    assert code == 0
    assert out == f"created {path}\n"
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#")  # the template is commented
    roadmap = parse(text, str(path)).roadmap
    assert roadmap.title == 'Launches "2025" [beta]'
    assert roadmap.markets
    assert run(["validate", str(path)], capsys)[0] == 0

    code, _, err = run(["new", str(path)], capsys)
    assert code == 2
    assert "already exists" in err
    assert path.read_text(encoding="utf-8") == text


def test_new_never_replaces_a_file_created_while_it_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from roadmap_tui.store import disk

    path = tmp_path / "mine.toml"

    def someone_else_creates_it(event: disk.Event) -> None:
        if event.step is disk.Step.CREATE and not path.exists():
            path.write_text("# theirs\n", encoding="utf-8")

    with disk.watching(before=someone_else_creates_it):
        code, out, err = run(["new", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {path}: already exists; not overwritten (choose another path)\n"
    assert path.read_text(encoding="utf-8") == "# theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.toml"]  # no temporary file left


def test_new_refuses_a_dangling_symlink_and_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "nowhere.toml")
    assert run(["new", str(link)], capsys)[0] == 2
    assert not (tmp_path / "nowhere.toml").exists()
    code, _, err = run(["new", str(tmp_path / "no" / "dir.toml")], capsys)
    assert code == 2
    assert "does not exist" in err


def test_schema_is_json_describing_roadmaps(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert {"roadmap", "markets"} <= set(schema["properties"])
    assert schema["required"] == ["roadmap"]
    market = schema["properties"]["markets"]["items"]
    assert {"code", "name", "status"} <= set(market["required"])
    assert market["properties"]["history"]["items"]["properties"].keys() >= {"at", "from", "to"}
    default = schema["else"]["properties"]["markets"]["items"]["properties"]
    assert default["status"]["enum"] == ["planned", "paused", "live"]


@pytest.mark.parametrize("command", sorted(command_names(build_parser())))
def test_help_for_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: roadmap-tui " + command)


def test_top_level_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "validate" in out and "schema" in out
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out == f"roadmap-tui {__version__}\n"


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["--frobnicate"], capsys)
    assert code == 2 and "usage:" in err


def test_python_dash_m_version(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "HOME": str(tmp_path),
        "ROADMAP_TUI_DATA_DIR": str(tmp_path / "data"),
        "ROADMAP_TUI_STATE_DIR": str(tmp_path / "state"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "--version"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"roadmap-tui {__version__}\n"
    assert result.stderr == ""


def test_an_ascii_terminal_gets_escapes_not_a_traceback(write: Callable[..., Path]) -> None:
    path = write(VALID.replace('"Germany"', '"Deutschland — Straße"'))
    result = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "set", str(path), "DE", "paused"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == f"{path}: DE Deutschland \\u2014 Stra\\xdfe: planned \\u2192 paused\n"


def test_permission_denied_is_reported_as_such(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs as root too: the refusal comes from a patched open, as a read-only mount would."""
    from roadmap_tui.store import files

    path = write(VALID)

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", refuse)
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err == f"roadmap-tui: {path}: permission denied\n"


# -- a file that is not there, file names that start with '-', usage problems -----------------


MISSING = [
    ["recover", "{missing}"],
    ["backups", "{missing}"],
    ["restore", "{missing}", "1"],
    ["log", "{missing}"],
    ["snapshots", "{missing}"],
    ["snapshot", "{missing}"],
    ["export", "{missing}"],
    ["diff", "{missing}", "{valid}"],
    ["diff", "{valid}", "{missing}"],
    ["validate", "{missing}"],
    ["set", "{missing}", "DE", "live"],
]


@pytest.mark.parametrize("argv", MISSING, ids=[" ".join(argv) for argv in MISSING])
def test_a_missing_file_is_called_missing(
    argv: list[str], write: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    valid, missing = write(VALID), tmp_path / "nope.toml"
    code, out, err = run([word.format(missing=missing, valid=valid) for word in argv], capsys)
    assert (code, out, err) == (2, "", f"roadmap-tui: {missing}: no such file\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["roadmap.toml"]


def test_backups_of_a_deleted_file_are_still_listed_and_restored(
    write: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(VALID)
    assert run(["set", str(path), "DE", "live"], capsys)[0] == 0
    path.unlink()
    code, out, _ = run(["backups", str(path)], capsys)
    assert code == 0 and out.startswith(f"{path}: 1 backup(s) in ")
    assert run(["restore", str(path), "1"], capsys)[0] == 0
    assert path.read_text(encoding="utf-8") == VALID


DASH_NAMED = [
    ["validate", "--", "-r.toml"],
    ["set", "--", "-r.toml", "DE", "live"],
    ["snapshot", "--note", "x", "--", "-r.toml"],
    ["snapshots", "--", "-r.toml"],
    ["export", "-f", "md", "--", "-r.toml"],
    ["diff", "--", "-r.toml", "-r.toml"],
    ["log", "--", "-r.toml"],
    ["recover", "--", "-r.toml"],
    ["backups", "--", "-r.toml"],
    ["new", "--", "-new.toml"],
]


@pytest.mark.parametrize("argv", DASH_NAMED, ids=[argv[0] for argv in DASH_NAMED])
def test_double_dash_passes_a_file_name_that_starts_with_a_dash(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-r.toml").write_text(VALID, encoding="utf-8")
    code, out, err = run(argv, capsys)
    assert (code, err) == (0, "")
    assert out  # each says what it did, or prints what it was asked for
    if argv[0] == "new":
        assert RoadmapDocument.load(tmp_path / "-new.toml").markets
    if argv[0] == "set":
        assert RoadmapDocument.load(tmp_path / "-r.toml").market("DE").status == "live"


def test_double_dash_restores_a_file_name_that_starts_with_a_dash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-r.toml").write_text(VALID, encoding="utf-8")
    assert run(["set", "--", "-r.toml", "DE", "live"], capsys)[0] == 0
    code, out, err = run(["restore", "--", "-r.toml", "1"], capsys)
    assert out.startswith("-r.toml: restored ")
    assert (code, err) == (0, "")
    assert (tmp_path / "-r.toml").read_text(encoding="utf-8") == VALID


def test_double_dash_opens_a_file_name_that_starts_with_a_dash_in_the_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from roadmap_tui.cli import tui

    opened: list[list[str]] = []
    monkeypatch.setattr(tui, "run", lambda argv: opened.append(argv) or 0)
    assert run(["--", "-r.toml"], capsys) == (0, "", "")
    assert opened == [["-r.toml"]]


def usage_and_sentence(err: str) -> tuple[list[str], str]:
    """Standard error of a usage problem: the usage lines, then exactly one sentence."""
    *usage, sentence = err.splitlines()
    assert usage[0].startswith("usage: roadmap-tui"), err
    assert all(line.startswith(" ") for line in usage[1:]), err
    return usage, sentence


DASH_HINT = "use '--' before a file name that starts with '-', or write it as ./-roadmap.toml"


USAGE_PROBLEMS = [
    (
        ["validate", "-roadmap.toml"],
        "validate",
        f"roadmap-tui validate: error: -roadmap.toml is not an option: {DASH_HINT}",
    ),
    (
        ["validate", "ok.toml", "-roadmap.toml"],
        "validate",
        f"roadmap-tui validate: error: -roadmap.toml is not an option: {DASH_HINT}",
    ),
    (
        ["-roadmap.toml"],
        "",
        f"roadmap-tui: error: -roadmap.toml is not an option: {DASH_HINT}",
    ),
    (
        ["export", "r.toml", "--fromat", "md"],
        "export",
        "roadmap-tui export: error: unknown option --fromat; did you mean '--format'?",
    ),
    (
        ["set", "r.toml", "DE", "live", "--note", "-urgent"],
        "set",
        "roadmap-tui set: error: --note needs a value; to give one that starts with '-', "
        "write --note=-urgent",
    ),
    (
        ["valdate", "r.toml"],
        "",
        "roadmap-tui: error: 'valdate' is not a command; did you mean 'validate'?",
    ),
    (
        ["export", "r.toml", "-f", "xyz"],
        "export",
        "roadmap-tui export: error: --format: invalid choice: 'xyz' "
        "(choose from 'md', 'html', 'csv', 'json', 'svg')",
    ),
    (
        ["set", "r.toml"],
        "set",
        "roadmap-tui set: error: the following arguments are required: CODE, STATUS",
    ),
]


@pytest.mark.parametrize(
    ("argv", "usage_of", "sentence"),
    USAGE_PROBLEMS,
    ids=[" ".join(case[0]) for case in USAGE_PROBLEMS],
)
def test_a_usage_problem_is_the_usage_and_one_sentence(
    argv: list[str], usage_of: str, sentence: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    usage, said = usage_and_sentence(err)
    expected = build_parser()
    if usage_of:
        expected = next(
            action.choices[usage_of]
            for action in expected._actions
            if getattr(action, "choices", None) and usage_of in action.choices
        )
    assert "\n".join(usage) + "\n" == expected.format_usage()
    assert said == sentence


# -- standard output that cannot be written --------------------------------------------------

OUTPUT_COMMANDS = [
    ["validate", "{path}"],
    ["log", "{path}"],
    ["export", "{path}", "--format", "md"],
    ["snapshots", "{path}"],
    ["schema"],
]


def _argv(template: list[str], path: Path) -> list[str]:
    return [word.format(path=path) for word in template]


def _run_into(stdout: int, command: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    """The command run in a fresh process, its standard output the file descriptor given."""
    return subprocess.run(
        [sys.executable, "-m", "roadmap_tui", *_argv(command, path)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=[c[0] for c in OUTPUT_COMMANDS])
def test_a_full_disk_under_standard_output_is_one_sentence_and_exit_2(
    command: list[str], write: Callable[..., Path]
) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    path = write(VALID)
    with open("/dev/full", "wb") as full:
        result = _run_into(full.fileno(), command, path)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr == "roadmap-tui: standard output: cannot write: the disk is full\n"
    assert result.returncode == 2
    assert path.read_text(encoding="utf-8") == VALID


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=[c[0] for c in OUTPUT_COMMANDS])
def test_a_closed_standard_output_is_one_sentence_and_exit_2(
    command: list[str],
    write: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write(VALID)
    monkeypatch.setattr(sys, "stdout", None)  # what Python makes of `roadmap-tui … >&-`
    code = main(_argv(command, path))
    _, err = capsys.readouterr()
    assert err == "roadmap-tui: standard output: cannot write: it is closed\n"
    assert code == 2
    assert sys.stdout is None  # given back as it was


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=[c[0] for c in OUTPUT_COMMANDS])
def test_a_reader_gone_before_the_output_is_not_taken_for_success(
    command: list[str], write: Callable[..., Path]
) -> None:
    """`roadmap-tui validate *.toml | head -0` under `set -o pipefail`: the files after the
    pipe broke were never checked, so the exit is not 0 but 141, as `yes | head -0` and
    `git log | head -0` end (128 + SIGPIPE), and nothing is said on standard error."""
    path = write(VALID)
    reader, writer = os.pipe()
    os.close(reader)  # gone before the command writes: every write meets a broken pipe
    try:
        result = _run_into(writer, command, path)
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 141
    assert path.read_text(encoding="utf-8") == VALID
