"""`roadmap-tui merge-driver`, run by real git merging two branches, in both directions.

Each case is one that plain git's line merge stops on although no person needs to choose;
with the driver (set up by `roadmap-tui git install`) it merges cleanly and keeps the
file's hand-written comments and layout. A field changed to two different values stops
the merge, leaving a valid roadmap with the conflicts named in comments at its top."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from roadmap_tui.safety.gitmerge import CONFLICT_HEADING
from roadmap_tui.store.document import RoadmapDocument
from tests.sharing.helpers import GitRepo, git_environment

NAME = "plan.roadmap.toml"

BASE = """\
# Our expansion plan: written by hand, kept by every merge.
[roadmap]
title = "Expansion"

# Germany first
[[markets]]
code = "DE"
name = "Germany"
status = "planned"
region = "Europe"   # DACH
owner = "Berlin team"
notes = \"\"\"
Start with Berlin.\"\"\"

[[markets]]
code = "FR"
name = "France"
status = "planned"
region = "Europe"
owner = "Paris team"
"""

SPAIN = '\n[[markets]]\ncode = "ES"\nname = "Spain"\nstatus = "planned"\n'
ITALY = '\n[[markets]]\ncode = "IT"\nname = "Italy"\nstatus = "planned"\n'


def replaced(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return edit


def appended(block: str) -> Callable[[str], str]:
    return lambda text: text + block


def status_set(code: str, status: str, note: str, day: int) -> Callable[[str], str]:
    """An edit as the app makes it: status, `since` and a history entry."""

    def edit(text: str) -> str:
        document = RoadmapDocument.from_text(text)
        document.set_status(code, status, note=note, at=datetime(2022, 7, day, 9, 0, tzinfo=UTC))
        return document.text

    return edit


@dataclass(frozen=True)
class Case:
    name: str
    ours: Callable[[str], str]
    theirs: Callable[[str], str]
    check: Callable[[str], None]


def check_layout_kept(text: str) -> None:
    """The hand-written comments are where they were, and no line merge marker anywhere."""
    assert text.startswith("# Our expansion plan: written by hand, kept by every merge.\n")
    assert '# Germany first\n[[markets]]\ncode = "DE"' in text
    assert 'region = "Europe"   # DACH' in text or 'region = "DACH"   # DACH' in text
    for marker in ("<<<<<<<", "=======", ">>>>>>>", CONFLICT_HEADING):
        assert marker not in text


def market(text: str, code: str) -> dict[str, object]:
    found = [m for m in tomllib.loads(text)["markets"] if m["code"] == code]
    assert len(found) == 1, f"{code} once in {text}"
    return found[0]


def check_status_and_notes(text: str) -> None:
    germany = market(text, "DE")
    assert germany["status"] == "live"
    assert germany["notes"] == "Start with Munich."
    assert [entry["to"] for entry in germany["history"]] == ["live"]  # type: ignore[index]


def check_region_and_owner(text: str) -> None:
    # exactly the two lines changed, byte for byte: nothing else rewritten
    assert text == BASE.replace('region = "Europe"   # DACH', 'region = "DACH"   # DACH').replace(
        'owner = "Berlin team"', 'owner = "Munich team"'
    )


def check_both_appended(text: str) -> None:
    codes = [m["code"] for m in tomllib.loads(text)["markets"]]
    assert sorted(codes[2:]) == ["ES", "IT"] and codes[:2] == ["DE", "FR"]


def check_last_changed_and_appended(text: str) -> None:
    assert text == BASE.replace('owner = "Paris team"', 'owner = "Lyon team"') + SPAIN


def check_same_status_both_notes(text: str) -> None:
    germany = market(text, "DE")
    assert germany["status"] == "live"
    notes = sorted(entry["note"] for entry in germany["history"])  # type: ignore[attr-defined]
    assert notes == ["Berlin store opened", "Munich pop-up went live"]
    assert germany["since"] == date(2022, 7, 4)  # the earlier of the two days


CASES = [
    Case(
        "status-and-notes",
        status_set("DE", "live", "went live", 5),
        replaced("Start with Berlin.", "Start with Munich."),
        check_status_and_notes,
    ),
    Case(
        "region-and-owner-adjacent",
        replaced('region = "Europe"   # DACH', 'region = "DACH"   # DACH'),
        replaced('owner = "Berlin team"', 'owner = "Munich team"'),
        check_region_and_owner,
    ),
    Case("both-append", appended(ITALY), appended(SPAIN), check_both_appended),
    Case(
        "last-changed-and-appended",
        replaced('owner = "Paris team"', 'owner = "Lyon team"'),
        appended(SPAIN),
        check_last_changed_and_appended,
    ),
    Case(
        "same-status-different-notes",
        status_set("DE", "live", "Berlin store opened", 4),
        status_set("DE", "live", "Munich pop-up went live", 5),
        check_same_status_both_notes,
    ),
]


def make_repository(tmp_path: Path, ours: str, theirs: str) -> GitRepo:
    """main holds BASE; branch `ours` and branch `theirs` each change it; the driver is
    installed by the real command."""
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "git-home"))
    installed = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "git", "install"],
        cwd=repo.folder,
        env=repo.environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    repo.git("add", ".gitattributes")
    repo.commit(NAME, BASE, "base")
    repo.git("checkout", "-q", "-b", "ours")
    repo.commit(NAME, ours, "our edit")
    repo.git("checkout", "-q", "-b", "theirs", "main")
    repo.commit(NAME, theirs, "their edit")
    return repo


@pytest.mark.parametrize("direction", ["ours-into-theirs", "theirs-into-ours"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_the_driver_merges_what_needs_no_choice(tmp_path: Path, case: Case, direction: str) -> None:
    repo = make_repository(tmp_path, case.ours(BASE), case.theirs(BASE))
    checked_out, merged_in = direction.split("-into-")[::-1]
    repo.git("checkout", "-q", checked_out)
    merging = repo.git("merge", "--no-edit", merged_in, check=False)
    assert merging.returncode == 0, merging.stdout + merging.stderr
    text = (repo.folder / NAME).read_text(encoding="utf-8")
    check_layout_kept(text)
    case.check(text)
    assert RoadmapDocument.load(repo.folder / NAME).roadmap.title == "Expansion"
    assert repo.git("status", "--porcelain").stdout == ""


@pytest.mark.parametrize("checked_out", ["ours", "theirs"])
def test_a_real_conflict_stops_the_merge_and_leaves_a_valid_roadmap(
    tmp_path: Path, checked_out: str
) -> None:
    ours = replaced('owner = "Berlin team"', 'owner = "Munich team"')(BASE)
    ours = replaced("Start with Berlin.", 'Start with "Berlin" then ""Munich"".')(ours)
    theirs = replaced('owner = "Berlin team"', 'owner = "Hamburg team"')(BASE)
    repo = make_repository(tmp_path, ours, theirs)
    other = "theirs" if checked_out == "ours" else "ours"
    repo.git("checkout", "-q", checked_out)
    merging = repo.git("merge", "--no-edit", other, check=False)
    assert merging.returncode != 0
    assert "DE.owner" in merging.stderr
    text = (repo.folder / NAME).read_text(encoding="utf-8")
    mine = "Munich team" if checked_out == "ours" else "Hamburg team"
    other_value = "Hamburg team" if checked_out == "ours" else "Munich team"
    document = RoadmapDocument.load(repo.folder / NAME)  # a valid roadmap, as on my branch
    germany = document.market("DE")
    assert germany.owner == mine
    assert germany.notes == 'Start with "Berlin" then ""Munich"".'
    assert text.startswith(CONFLICT_HEADING)
    comments = [line for line in text.splitlines() if line.startswith("#   ")]
    assert comments == [f"#   DE.owner: base Berlin team, theirs {other_value}, your branch {mine}"]
    for marker in ("<<<<<<<", ">>>>>>>"):
        assert marker not in text
    stages = repo.git("ls-files", "-u", "--", NAME).stdout.split("\n")
    assert sorted(line.split()[2] for line in stages if line) == ["1", "2", "3"]


def test_an_invalid_side_is_a_conflict_left_as_our_branch(tmp_path: Path) -> None:
    broken = BASE.replace('status = "planned"\nregion = "Europe"   # DACH', 'status = "gone"')
    repo = make_repository(tmp_path, broken, replaced("Paris team", "Lyon team")(BASE))
    repo.git("checkout", "-q", "ours")
    merging = repo.git("merge", "--no-edit", "theirs", check=False)
    assert merging.returncode != 0
    assert "not merged by market" in merging.stderr
    assert f"{NAME} (ours):9:10: error: market DE: unknown status 'gone'" in merging.stderr
    assert "Traceback" not in merging.stderr
    assert (repo.folder / NAME).read_text(encoding="utf-8") == broken


def test_install_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "git-home"))
    (repo.folder / ".gitattributes").write_text("*.svg text eol=lf", encoding="utf-8")

    def install(*extra: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "roadmap_tui", "git", "install", *extra],
            cwd=repo.folder,
            env=repo.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = install()
    attributes = (repo.folder / ".gitattributes").read_text(encoding="utf-8")
    config = (repo.folder / ".git" / "config").read_text(encoding="utf-8")
    assert attributes == "*.svg text eol=lf\n*.roadmap.toml merge=roadmap diff=roadmap\n"
    assert "added" in first
    second = install()
    assert "already" in second
    assert (repo.folder / ".gitattributes").read_text(encoding="utf-8") == attributes
    assert (repo.folder / ".git" / "config").read_text(encoding="utf-8") == config
    driver = repo.git("config", "merge.roadmap.driver").stdout.strip()
    assert driver == "roadmap-tui merge-driver %O %A %B %P"
    assert repo.git("config", "diff.roadmap.command").stdout.strip() == "roadmap-tui diff"
    install("*.toml")
    assert (
        (repo.folder / ".gitattributes")
        .read_text(encoding="utf-8")
        .endswith("*.toml merge=roadmap diff=roadmap\n")
    )


def test_install_global_writes_the_users_config_only(tmp_path: Path) -> None:
    environment = git_environment(tmp_path / "git-home")
    folder = tmp_path / "anywhere"
    folder.mkdir()
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "roadmap_tui", "git", "install", "--global"],
            cwd=folder,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    attributes = tmp_path / "git-home" / "xdg" / "git" / "attributes"
    assert attributes.read_text(encoding="utf-8") == ("*.roadmap.toml merge=roadmap diff=roadmap\n")
    config = (tmp_path / "git-home" / "gitconfig").read_text(encoding="utf-8")
    assert config.count('[merge "roadmap"]') == 1
    assert "driver = roadmap-tui merge-driver %O %A %B %P" in config


def test_install_outside_a_repository_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "git", "install"],
        cwd=folder,
        env=git_environment(tmp_path / "git-home"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().endswith("is not in a git repository")
    assert len(done.stderr.strip().splitlines()) == 1


def git_install(
    folder: Path, environment: dict[str, str], *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "git", "install", *extra],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_install_appends_its_line_and_keeps_every_byte_already_there(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "git-home"))
    attributes = repo.folder / ".gitattributes"
    # a Windows colleague's file: CRLF, a Latin-1 comment, no newline at the end
    kept = b"# caf\xe9\r\n*.png binary\r\n*.svg text eol=lf"
    attributes.write_bytes(kept)
    done = git_install(repo.folder, repo.environment)
    assert done.returncode == 0, done.stderr
    assert attributes.read_bytes() == kept + b"\r\n*.roadmap.toml merge=roadmap diff=roadmap\r\n"


@pytest.mark.parametrize("kind", ["directory", "dangling symlink"])
def test_install_with_an_attributes_file_it_cannot_write_is_one_sentence(
    tmp_path: Path, kind: str
) -> None:
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "git-home"))
    attributes = repo.folder / ".gitattributes"
    if kind == "directory":
        attributes.mkdir()
    else:
        attributes.symlink_to(tmp_path / "gone" / "attributes")
    done = git_install(repo.folder, repo.environment)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [sentence] = done.stderr.splitlines()
    assert sentence.startswith(f"roadmap-tui: {attributes}: ")


def test_install_global_where_the_config_folder_is_a_file_is_one_sentence(
    tmp_path: Path,
) -> None:
    environment = git_environment(tmp_path / "git-home")
    Path(environment["XDG_CONFIG_HOME"]).write_text("not a folder", encoding="utf-8")
    done = git_install(tmp_path, environment, "--global")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [sentence] = done.stderr.splitlines()
    assert sentence.startswith("roadmap-tui: ")
    assert environment["XDG_CONFIG_HOME"] in sentence


@pytest.mark.parametrize("pattern", ["a\nb.toml", "my plan.toml", "#plans", "!*.toml"])
def test_install_refuses_a_pattern_gitattributes_would_read_otherwise(
    tmp_path: Path, pattern: str
) -> None:
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "git-home"))
    done = git_install(repo.folder, repo.environment, pattern)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    [sentence] = done.stderr.splitlines()
    assert "pattern" in sentence
    assert not (repo.folder / ".gitattributes").exists()


@pytest.mark.parametrize(
    ("side", "data", "where"),
    [
        ("theirs", BASE.replace('"planned"', '"gone"', 1).encode(), ":9:10: error: market DE"),
        ("theirs", BASE.encode("utf-16"), ":1:1: error: invalid UTF-8"),
        ("ours", BASE.encode("utf-16"), ":1:1: error: invalid UTF-8"),
        ("base", b"\x00" + BASE.encode(), ":1:1: error: NUL byte"),
    ],
    ids=["theirs-invalid", "theirs-utf16", "ours-utf16", "base-nul"],
)
def test_the_driver_names_the_side_that_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], side: str, data: bytes, where: str
) -> None:
    from roadmap_tui.cli import main

    files = {name: tmp_path / name.upper() for name in ("base", "ours", "theirs")}
    for name, path in files.items():
        path.write_bytes(data if name == side else BASE.encode())
    ours = files["ours"].read_bytes()
    code = main(["merge-driver", *map(str, files.values()), NAME])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"roadmap-tui: {NAME} ({side}){where}" + err.splitlines()[0].partition(where)[2],
        f"roadmap-tui: {NAME} is not merged by market; it is left as on your branch",
    ]
    assert files["ours"].read_bytes() == ours
