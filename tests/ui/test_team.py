"""The app for a team (issue 11): a roadmap left in a conflicted git merge opens on the
conflict screen (git's base, ours and theirs per field) and settling it writes the merged
file (`git add` is the user's); the compare picker lists git commits; a read-only view
writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_tui.safety.gitmerge import CONFLICT_HEADING
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.ui.screens.conflicts import ConflictScreen
from roadmap_tui.ui.screens.main import MainScreen
from tests.sharing.helpers import TIKTOK, GitRepo, git_environment
from tests.ui.scenarios import messages, screen_text

SIZE = (120, 40)
NAME = "tiktok.roadmap.toml"


def conflicted_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> GitRepo:
    """`ours` checked out, `theirs` merged in: both changed GB's owner (a real conflict);
    ours also changed DE's notes, theirs FR's name (both merge cleanly)."""
    environment = git_environment(tmp_path / "git-home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "PATH"):
        monkeypatch.setenv(key, environment[key])
    repo = GitRepo(tmp_path / "repo", environment)
    installed = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "git", "install"],
        cwd=repo.folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    base = TIKTOK.read_text(encoding="utf-8")
    repo.git("add", ".gitattributes")
    repo.commit(NAME, base, "base")
    repo.git("checkout", "-q", "-b", "ours")
    ours = base.replace('owner = "UK commerce"', 'owner = "London team"', 1)
    ours = ours.replace('name = "Germany"', 'name = "Deutschland"', 1)
    repo.commit(NAME, ours, "ours")
    repo.git("checkout", "-q", "-b", "theirs", "main")
    theirs = base.replace('owner = "UK commerce"', 'owner = "Manchester team"', 1)
    theirs = theirs.replace('name = "France"', 'name = "France (métropole)"', 1)
    repo.commit(NAME, theirs, "theirs")
    repo.git("checkout", "-q", "ours")
    assert repo.git("merge", "--no-edit", "theirs", check=False).returncode != 0
    assert (repo.folder / NAME).read_text(encoding="utf-8").startswith(CONFLICT_HEADING)
    return repo


@pytest.mark.parametrize(("key", "owner"), [("t", "Manchester team"), ("o", "London team")])
async def test_a_conflicted_merge_is_settled_in_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_app, key: str, owner: str
) -> None:
    repo = conflicted_repository(tmp_path, monkeypatch)
    path = repo.folder / NAME
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "GB · owner (United Kingdom)" in text
        for shown in ("Before both branches", "Theirs (merged in)", "Ours (your branch)"):
            assert shown in text
        for value in ("UK commerce", "Manchester team", "London team"):
            assert value in text
        await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("git add tiktok.roadmap.toml" in message for message in messages(app))
    written = path.read_text(encoding="utf-8")
    assert CONFLICT_HEADING not in written
    document = RoadmapDocument.load(path)
    assert document.market("GB").owner == owner
    assert document.market("DE").name == "Deutschland"
    assert document.market("FR").name == "France (métropole)"
    assert written.startswith("# TikTok Shop — where live shopping runs")  # layout kept
    # resolving in git is the user's: the index still holds the three stages
    assert repo.git("ls-files", "-u", "--", NAME).stdout.strip()


async def test_leaving_the_conflict_screen_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_app
) -> None:
    repo = conflicted_repository(tmp_path, monkeypatch)
    path = repo.folder / NAME
    before = path.read_bytes()
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("still in a conflicted merge" in message for message in messages(app))
    assert path.read_bytes() == before


async def test_the_compare_picker_lists_git_commits_beside_snapshots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_app
) -> None:
    environment = git_environment(tmp_path / "git-home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "PATH"):
        monkeypatch.setenv(key, environment[key])
    repo = GitRepo(tmp_path / "repo", environment)
    base = TIKTOK.read_text(encoding="utf-8")
    first = repo.commit(NAME, base, "the July plan", when="2022-07-01T10:00:00Z")
    changed = base.replace('owner = "UK commerce"', 'owner = "London team"', 1)
    repo.commit(NAME, changed, "GB moves to London", when="2022-07-20T10:00:00Z")
    app = open_app(repo.folder / NAME)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        shown = screen_text(app)
        assert "Git commits of tiktok.roadmap.toml, newest first:" in shown
        assert "2022-07-20 10:00  commit" in shown and "GB moves to London" in shown
        assert f"commit {first[:7]}  the July plan" in shown
        await pilot.press("2")  # the older commit
        await pilot.pause()
        shown = screen_text(app)
        assert f"Compared with commit 2022-07-01 {first[:7]} the July plan" in shown
        assert "GB United Kingdom" in shown and '"UK commerce" → "London team"' in shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.table.marked_keys == {"gb"}


async def test_a_line_conflict_without_the_driver_is_merged_by_market_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_app
) -> None:
    """No `git install`: git's line merge leaves its markers (the file does not open),
    yet by market and field nothing needs a choice; the app offers the merged roadmap."""
    environment = git_environment(tmp_path / "git-home")
    for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "PATH"):
        monkeypatch.setenv(key, environment[key])
    repo = GitRepo(tmp_path / "repo", environment)
    base = TIKTOK.read_text(encoding="utf-8")
    repo.commit(NAME, base, "base")
    repo.git("checkout", "-q", "-b", "ours")
    repo.commit(NAME, base.replace('region = "Europe"', 'region = "UK"', 1), "ours")
    repo.git("checkout", "-q", "-b", "theirs", "main")
    repo.commit(NAME, base.replace('owner = "UK commerce"', 'owner = "London"', 1), "theirs")
    repo.git("checkout", "-q", "ours")
    assert repo.git("merge", "--no-edit", "theirs", check=False).returncode != 0
    path = repo.folder / NAME
    assert "<<<<<<<" in path.read_text(encoding="utf-8")
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "nothing needs your choice" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.document is not None and app.document.market("GB").owner == "London"
    written = path.read_text(encoding="utf-8")
    assert "<<<<<<<" not in written
    document = RoadmapDocument.load(path)
    assert (document.market("GB").region, document.market("GB").owner) == ("UK", "London")


async def test_read_only_refuses_edits_exports_snapshots_and_other_roadmaps(
    tiktok: Path, open_app
) -> None:
    """`roadmap-tui --read-only` (what `serve --read-only` runs): nothing is written."""
    from roadmap_tui.ui.launch import make_app
    from tests.ui.scenarios import fixed_clock

    before = tiktok.read_bytes()
    app = make_app(tiktok, clock=fixed_clock, cursor_blink=False, read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.document is not None and app.document.read_only
        assert "read-only" in app.sub_title
        for key in ("s", "n", "x", "S", "ctrl+o", "ctrl+s"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
        said = " ".join(messages(app))
        for refusal in ("edits are refused", "nothing is exported", "no snapshot is taken"):
            assert refusal in said
        assert "nothing is saved" in said
    assert tiktok.read_bytes() == before
    # no export or snapshot beside it (the test's home holds the app's own state)
    assert sorted(path.name for path in tiktok.parent.iterdir()) == ["home", tiktok.name]
