"""`roadmap-tui completion bash|zsh|fish`: each script, loaded in the real shell, offers
what a person pressing tab expects. A shell that is not installed is skipped (.ci/run
installs zsh and fish)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from roadmap_tui.cli import build_parser, command_names
from roadmap_tui.model import STATUSES
from roadmap_tui.share.export import FORMATS
from tests.sharing.helpers import run_cli

HERE = Path(__file__).resolve().parent
COMMANDS = sorted(command_names(build_parser()))
EXPORT_FORMATS = set(FORMATS) | {"svg"}

# words typed (the last is being completed), what must be offered, and whether that is all
CASES: list[tuple[list[str], set[str], bool]] = [
    (["ex"], {"export"}, True),
    (["snap"], {"snapshot", "snapshots"}, True),
    ([""], {*COMMANDS, "roadmap.toml", "plans"}, False),
    (["-"], {"--help", "--version"}, True),
    (["export", "roadmap.toml", "--format", ""], EXPORT_FORMATS, True),
    (["export", "roadmap.toml", "-f", ""], EXPORT_FORMATS, True),
    (["export", "roadmap.toml", "--"], {"--format", "--output", "--date", "--excel"}, False),
    (["export", ""], {"roadmap.toml", "plans"}, False),
    (["set", "roadmap.toml", "DE", ""], set(STATUSES), True),
    (["set", "--note", "why", "roadmap.toml", "DE", "pa"], {"paused"}, True),
    (["validate", "a.toml", ""], {"roadmap.toml", "plans"}, False),
    (["snapshot", "roadmap.toml", "--dir", ""], {"plans"}, True),
    (["diff", "a.toml", "b.toml", "--format", ""], {"text", "md", "json"}, True),
    (["completion", ""], {"bash", "zsh", "fish"}, True),
]
IDS = [" ".join(words) or "(empty)" for words, _, _ in CASES]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the shell runs: a roadmap, a file that is not one, and a folder."""
    work = tmp_path / "work"
    (work / "plans").mkdir(parents=True)
    (work / "roadmap.toml").write_text('[roadmap]\ntitle = "T"\n', encoding="utf-8")
    (work / "other.txt").write_text("not a roadmap\n", encoding="utf-8")
    return work


def completion_script(shell: str, folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The script `roadmap-tui completion SHELL` prints, in a file beside `folder`."""
    out = run_cli(capsys, "completion", shell)[1]
    path = folder.parent / f"roadmap-tui.{shell}"
    path.write_text(out, encoding="utf-8")
    return path


def check_offers(offered: set[str], expected: set[str], whole: bool, words: list[str]) -> None:
    """Folders are offered with or without a trailing slash, depending on the shell."""
    offered = {candidate.rstrip("/") for candidate in offered}
    assert expected <= offered, (words, offered)
    if whole:
        assert offered == expected, (words, offered)


def needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (.ci/run installs it)")


@pytest.mark.parametrize(("words", "expected", "whole"), CASES, ids=IDS)
def test_bash_completes(words, expected, whole, folder, capsys) -> None:
    needs("bash")
    script = completion_script("bash", folder, capsys)
    quoted = " ".join(f"'{word}'" for word in ["roadmap-tui", *words])
    probe = (
        f"source '{script}'\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words)}; COMPREPLY=()\n"
        '_roadmap_tui; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", probe],
        cwd=folder, capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    offered = set(result.stdout.splitlines()) - {""}
    check_offers(offered, expected, whole, words)
    if words[:1] in (["export"], ["validate"]) and not words[-1]:
        assert "other.txt" not in offered


@pytest.mark.parametrize(("words", "expected", "whole"), CASES, ids=IDS)
def test_fish_completes(words, expected, whole, folder, capsys) -> None:
    needs("fish")
    script = completion_script("fish", folder, capsys)
    line = " ".join(["roadmap-tui", *words])
    result = subprocess.run(
        ["fish", "--no-config", "-c", f"source {script}; complete -C {line!r}"],
        cwd=folder, capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    offered = {candidate.split("\t")[0] for candidate in result.stdout.splitlines()} - {""}
    check_offers(offered, expected, whole, words)
    if words[:1] in (["export"], ["validate"]) and not words[-1]:
        assert "other.txt" not in offered


@pytest.mark.parametrize(("words", "expected", "whole"), CASES, ids=IDS)
def test_zsh_completes(words, expected, whole, folder, capsys) -> None:
    """In an interactive zsh in a pseudo-terminal, tab after the words (zsh_capture.zsh)."""
    needs("zsh")
    script = completion_script("zsh", folder, capsys)
    line = " ".join(["roadmap-tui", *words])
    result = subprocess.run(
        ["zsh", "-f", str(HERE / "zsh_capture.zsh"), str(script), line],
        cwd=folder, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    offered = set(result.stdout.splitlines()) - {""}
    # zsh's _files also lists every file as a fallback group; the roadmap comes first
    check_offers(offered, expected, whole and "plans" not in expected, words)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_script_knows_every_command_and_option(shell: str, capsys) -> None:
    """Written from the parser, so a new command or option is completed without a change here."""
    code, text, err = run_cli(capsys, "completion", shell)
    assert (code, err) == (0, "")
    for command in COMMANDS:
        assert command in text
    for option in ("--excel", "--format", "--note", "--title", "--dir", "--market", "--apply"):
        assert option.lstrip("-") in text, option


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "completion", "powershell")
    assert (code, out) == (2, "")
    assert "invalid choice: 'powershell'" in err
