"""`roadmap-tui diff` against git revisions, standard input, a date (`--since`, with and
without git), and as git's external diff, where "different" must not be exit 1."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_tui.share.snapshot import take_snapshot
from tests.sharing.helpers import GitRepo, git_environment, market_text, roadmap_text, run_cli

NAME = "plan.roadmap.toml"
V1 = roadmap_text(market_text("DE", "Germany", "planned"), market_text("FR", "France", "planned"))
V2 = V1.replace(
    'code = "DE"\nname = "Germany"\nstatus = "planned"',
    'code = "DE"\nname = "Germany"\nstatus = "paused"',
)
V3 = V2 + "\n" + market_text("IT", "Italy", "planned")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """Three commits of the roadmap (tagged v1.0 at the first), dated a month apart; the
    test runs inside the repository, with git's config the test's own."""
    environment = git_environment(tmp_path / "git-home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "PATH", "HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(key, environment[key])
    repository = GitRepo(tmp_path / "repo", environment)
    repository.commit(NAME, V1, "first plan", when="2022-05-10T10:00:00+02:00")
    repository.git("tag", "v1.0")
    repository.commit(NAME, V2, "pause Germany", when="2022-06-20T10:00:00+02:00")
    repository.commit(NAME, V3, "add Italy", when="2022-07-15T10:00:00+02:00")
    monkeypatch.chdir(repository.folder)
    return repository


def test_a_revision_against_the_file(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "diff", "HEAD~2", NAME)
    assert (code, err) == (1, "")
    assert "DE Germany" in out and "planned → paused" in out
    assert "+ IT Italy" in out
    code, out, _ = run_cli(capsys, "diff", "HEAD", NAME)
    assert code == 0


def test_two_revision_paths(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "diff", f"v1.0:{NAME}", f"main:{NAME}")
    assert (code, err) == (1, "")
    assert "planned → paused" in out and "+ IT Italy" in out
    code, _, err = run_cli(capsys, "diff", f"v1.0:{NAME}", f"HEAD~2:./{NAME}")
    assert (code, err) == (0, "")  # the same commit, named from the top and from here


def test_an_unknown_revision_is_one_sentence(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "diff", "v9.9", NAME)
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {NAME} is not in revision 'v9.9' (or git does not know it)\n"


def test_standard_input_against_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NAME
    path.write_text(V3, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(V1.encode("utf-8"))))
    code, out, err = run_cli(capsys, "diff", "-", str(path))
    assert (code, err) == (1, "")
    assert "planned → paused" in out and "+ IT Italy" in out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"[roadmap]\ntitle = 3\n")))
    code, out, err = run_cli(capsys, "diff", "-", str(path))
    assert (code, out) == (2, "")
    assert err.startswith("standard input:2:")


def run_git_diff(
    repo: GitRepo, *arguments: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *arguments],
        cwd=repo.folder,
        env={**repo.environment, **environment},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_as_git_external_diff_different_is_not_a_failure(repo: GitRepo) -> None:
    command = f"{sys.executable} -m roadmap_tui diff"
    done = run_git_diff(repo, "diff", "HEAD~2", "HEAD", GIT_EXTERNAL_DIFF=command)
    assert done.returncode == 0, done.stderr
    assert f"roadmap-tui diff a/{NAME} b/{NAME}" in done.stdout
    assert "planned → paused" in done.stdout and "+ IT Italy" in done.stdout
    # a file git sees added: every market is new
    done = run_git_diff(
        repo, "diff", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", "HEAD", GIT_EXTERNAL_DIFF=command
    )
    assert done.returncode == 0, done.stderr
    assert "+ DE Germany" in done.stdout and "+ IT Italy" in done.stdout


def test_git_diff_uses_the_installed_diff_command(repo: GitRepo) -> None:
    installed = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "git", "install"],
        cwd=repo.folder,
        env=repo.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    (repo.folder / NAME).write_text(V3.replace('"Italy"', '"Italia"'), encoding="utf-8")
    done = run_git_diff(repo, "diff", "--ext-diff")
    assert done.returncode == 0, done.stderr
    assert 'IT Italia: name: "Italy" → "Italia"' in done.stdout


def test_as_difftool_two_files(repo: GitRepo) -> None:
    done = run_git_diff(
        repo,
        "difftool",
        "--no-prompt",
        "-x",
        f"{sys.executable} -m roadmap_tui diff",
        "HEAD~1",
        "HEAD",
    )
    assert done.returncode == 0, done.stderr  # difftool ignores the tool's exit by default
    assert "+ IT Italy" in done.stdout


def test_since_a_date_compares_with_the_last_commit_before_it(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "diff", "--since", "2022-07-01", NAME)
    assert (code, err) == (1, "")
    assert "+ IT Italy" in out and "planned → paused" not in out  # against "pause Germany"
    code, out, err = run_cli(capsys, "diff", "--since", "2022-06-01", NAME)
    assert "planned → paused" in out and "+ IT Italy" in out  # against "first plan"
    code, out, err = run_cli(capsys, "diff", "--since", "2022-05-10", NAME)
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {NAME} has no commit before 2022-05-10\n"


def test_since_a_date_outside_git_uses_the_newest_snapshot_before_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    path = tmp_path / "plan.toml"
    for text, day in ((V1, 10), (V2, 20)):
        path.write_text(text, encoding="utf-8")
        take_snapshot(path, now=datetime(2022, 6, day, 12, tzinfo=UTC))
    path.write_text(V3, encoding="utf-8")
    code, out, err = run_cli(capsys, "diff", "--since", "2022-06-15", str(path))
    assert (code, err) == (1, "")
    assert "planned → paused" in out and "+ IT Italy" in out  # the snapshot of the 10th
    code, out, err = run_cli(capsys, "diff", "--since", "2022-07-01", str(path))
    assert "planned → paused" not in out and "+ IT Italy" in out  # the snapshot of the 20th
    code, out, err = run_cli(capsys, "diff", "--since", "2022-06-01", str(path))
    assert (code, out) == (2, "")
    assert "no commit and no snapshot of it before 2022-06-01" in err


def test_log_git_says_who_committed_each_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import UTC, datetime

    from roadmap_tui.store import RoadmapDocument

    environment = git_environment(tmp_path / "git-home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "PATH"):
        monkeypatch.setenv(key, environment[key])
    repository = GitRepo(tmp_path / "repo", environment)
    repository.commit(NAME, V1, "first plan", when="2022-05-10T10:00:00Z", author="Ada Author")
    document = RoadmapDocument.from_text(V1)
    document.set_status(
        "DE", "paused", note="focus on the UK", at=datetime(2022, 7, 5, 9, tzinfo=UTC)
    )
    sha = repository.commit(
        NAME, document.text, "pause DE", when="2022-07-06T08:00:00Z", author="Bea Baker"
    )
    by_hand = document.text.replace(
        'code = "FR"\nname = "France"\nstatus = "planned"',
        'code = "FR"\nname = "France"\nstatus = "live"',
    )
    hand_sha = repository.commit(
        NAME, by_hand, "FR is live", when="2022-08-01T08:00:00Z", author="Cy Clark"
    )
    working = RoadmapDocument.from_text(by_hand)
    working.set_status("DE", "live", at=datetime(2022, 9, 1, 9, tzinfo=UTC))
    (repository.folder / NAME).write_text(working.text, encoding="utf-8")

    code, out, err = run_cli(capsys, "log", str(repository.folder / NAME), "--git")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("2022-07-05 09:00 UTC  DE  Germany")
    assert f"[{sha[:7]} Bea Baker 2022-07-06] focus on the UK" in lines[0]
    assert lines[1].startswith("2022-08-01 08:00 UTC  FR  France")
    assert "planned → live" in lines[1]
    assert f"[{hand_sha[:7]} Cy Clark 2022-08-01 status edited, no history entry]" in lines[1]
    assert lines[2].startswith("2022-09-01 09:00 UTC  DE") and "[not committed]" in lines[2]
    code, out, err = run_cli(
        capsys, "log", str(repository.folder / NAME), "--git", "--market", "fr"
    )
    assert out.count("\n") == 1 and "Cy Clark" in out


def test_log_git_outside_a_repository_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NAME
    path.write_text(V1, encoding="utf-8")
    code, out, err = run_cli(capsys, "log", str(path), "--git")
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {path} is not in a git repository\n"
