"""Helpers the sharing tests share: running the CLI, and small roadmaps written by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roadmap_tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "sample_roadmaps"
TIKTOK = SAMPLES / "tiktok_shop.toml"

FIXED_NOW = datetime(2022, 7, 6, 12, 0, 0, tzinfo=UTC)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `roadmap-tui ARGV` in-process; returns exit code, stdout and stderr."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def roadmap_text(*markets: str, title: str = "Expansion") -> str:
    """A roadmap file with a title and the given `[[markets]]` blocks."""
    return f'[roadmap]\ntitle = "{title}"\n\n' + "\n".join(markets)


def market_text(code: str, name: str, status: str, **fields: str) -> str:
    """One `[[markets]]` block; `fields` values are TOML literals written as given."""
    lines = ["[[markets]]", f'code = "{code}"', f'name = "{name}"', f'status = "{status}"']
    lines += [f"{key} = {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


# -- real git in a temporary repository ------------------------------------------------------


def git_environment(home: Path) -> dict[str, str]:
    """The environment git runs in for a test: no config of the machine (a global config
    file of the test's own, no system config), a fixed author, and `roadmap-tui` on PATH
    (the venv's, so the driver git calls is the code under test)."""
    home.mkdir(parents=True, exist_ok=True)
    environment = dict(os.environ)
    for key in list(environment):
        if key.startswith("GIT_"):
            del environment[key]
    environment.update(
        GIT_CONFIG_GLOBAL=str(home / "gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Ada Author",
        GIT_AUTHOR_EMAIL="ada@example.com",
        GIT_COMMITTER_NAME="Ada Author",
        GIT_COMMITTER_EMAIL="ada@example.com",
        XDG_CONFIG_HOME=str(home / "xdg"),
        HOME=str(home),
        PATH=str(Path(sys.executable).parent) + os.pathsep + environment.get("PATH", ""),
    )
    return environment


class GitRepo:
    """A git repository in a temporary folder, driven with the real `git`."""

    def __init__(self, folder: Path, environment: dict[str, str]) -> None:
        self.folder = folder
        self.environment = environment
        folder.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run git here; a failure the test did not expect fails with git's own words."""
        done = subprocess.run(
            ["git", *arguments],
            cwd=self.folder,
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(arguments)}: {done.stdout}{done.stderr}")
        return done

    def commit(
        self, name: str, text: str, message: str, when: str | None = None, author: str = ""
    ) -> str:
        """Write `text` to `name`, commit it (dated `when`, ISO, and by `author`, if given);
        the sha."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        self.git("add", name)
        environment = dict(self.environment)
        if when is not None:
            environment.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        if author:
            environment.update(GIT_AUTHOR_NAME=author)
        saved, self.environment = self.environment, environment
        try:
            self.git("commit", "-q", "-m", message)
        finally:
            self.environment = saved
        return self.git("rev-parse", "HEAD").stdout.strip()
