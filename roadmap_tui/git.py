"""Every call to git: running it, reading a file at a revision or a merge stage, the commits
that touched a file, and the config `roadmap-tui git install` writes. No Textual.

A user's problem (git missing, a path outside a repository, a revision git does not know)
is a `GitProblem`: one sentence, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from roadmap_tui.errors import FileProblem, GitProblem, show_path
from roadmap_tui.store.files import atomic_write, explain

MERGE_DRIVER = "roadmap"
"""The driver's name in `.gitattributes` (`merge=roadmap diff=roadmap`) and in the config."""
DEFAULT_PATTERN = "*.roadmap.toml"


@dataclass(frozen=True)
class Commit:
    """One commit that touched a roadmap file."""

    sha: str
    author: str
    at: datetime  # the author's date, in the author's own offset
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    def describe(self) -> str:
        """`2022-07-05 abc1234 Pause Germany` for a picker or a notice."""
        return f"{self.at.date().isoformat()} {self.short} {self.subject}"


@dataclass(frozen=True)
class Stages:
    """The three versions of a file in a conflicted merge (index stages 1, 2 and 3)."""

    base: str | None  # None: both sides added the file
    ours: str
    theirs: str


def run(arguments: Sequence[str], cwd: Path, *, check: bool = True) -> str:
    """git's standard output for `arguments` run in `cwd`; GitProblem when it fails."""
    return run_bytes(arguments, cwd, check=check).decode("utf-8", "surrogateescape")


def run_bytes(arguments: Sequence[str], cwd: Path, *, check: bool = True) -> bytes:
    """`run`, as bytes (a file's content at a revision)."""
    program = shutil.which("git")
    if program is None:
        raise GitProblem("git is not installed (no 'git' on PATH); install it to use this")
    try:
        done = subprocess.run(
            [program, *arguments], cwd=cwd, capture_output=True, check=False, timeout=120
        )
    except OSError as error:
        raise GitProblem(f"git could not be started: {error.strerror or error}") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = next((line for line in message if line.startswith("fatal:")), None)
        said = said or (message[0] if message else f"exit status {done.returncode}")
        raise GitProblem(f"git {arguments[0]} failed: {said.removeprefix('fatal: ')}")
    return done.stdout


def _folder(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    return folder if str(folder) else Path(".")


def repository_root(path: Path) -> Path:
    """The top folder of the repository `path` is in; GitProblem when it is in none."""
    folder = _folder(path)
    if not folder.is_dir():
        raise GitProblem(f"{show_path(folder)}: no such folder")
    output = run(["rev-parse", "--show-toplevel"], folder, check=False).strip()
    if not output:
        raise GitProblem(f"{show_path(path)} is not in a git repository")
    return Path(output)


def in_repository(path: Path) -> bool:
    """True when `path` is inside a git work tree (False when git is missing too)."""
    try:
        repository_root(path)
    except GitProblem:
        return False
    return True


def relative(path: Path) -> str:
    """`path` as git names it: relative to the repository's top, with forward slashes."""
    root = repository_root(path)
    full = Path(os.path.realpath(path))
    try:
        return full.relative_to(os.path.realpath(root)).as_posix()
    except ValueError:
        raise GitProblem(f"{show_path(path)} is not in the repository at {root}") from None


def show(revision: str, path: Path) -> bytes:
    """The bytes of `path` as it was at `revision`."""
    name = relative(path)
    root = repository_root(path)
    if not _exists_at(revision, name, root):
        raise GitProblem(f"{name} is not in revision '{revision}' (or git does not know it)")
    return run_bytes(["show", f"{revision}:{name}"], root)


def show_spec(spec: str, cwd: Path) -> bytes:
    """The text of a `REVISION:PATH` git understands (`v1.0:roadmap.toml`, from the
    repository's top; `HEAD:./roadmap.toml`, from `cwd`)."""
    root = repository_root(cwd)
    revision, _, name = spec.partition(":")
    if name.startswith(("./", "../")):
        full = (Path(os.path.realpath(cwd)) / name).resolve()
        try:
            name = full.relative_to(os.path.realpath(root)).as_posix()
        except ValueError:
            raise GitProblem(f"{spec}: the path is outside the repository at {root}") from None
    if not _exists_at(revision, name, root):
        raise GitProblem(f"{name} is not in revision '{revision}' (or git does not know it)")
    return run_bytes(["show", f"{revision}:{name}"], root)


def _exists_at(revision: str, name: str, where: Path) -> bool:
    folder = _folder(where)
    probe = run(["cat-file", "-t", f"{revision}:{name}"], folder, check=False)
    return probe.strip() == "blob"


def commits(path: Path, limit: int | None = None) -> list[Commit]:
    """The commits that changed `path`, newest first (following renames)."""
    name = relative(path)
    arguments = ["log", "--follow", "--format=%H%x00%an%x00%aI%x00%s%x1e"]
    if limit is not None:
        arguments.append(f"--max-count={limit}")
    output = run([*arguments, "--", name], repository_root(path))
    found = []
    for record in output.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, author, when, subject = record.split("\x00")
        found.append(Commit(sha, author, datetime.fromisoformat(when), subject))
    return found


def last_commit_before(path: Path, day: date) -> Commit | None:
    """The newest commit of `path` made before `day` (by the author's own calendar)."""
    return next((commit for commit in commits(path) if commit.at.date() < day), None)


def conflict_stages(path: Path) -> Stages | None:
    """The file's base, ours and theirs when it is in a conflicted merge, else None
    (also None outside a repository, or without git)."""
    if not _may_be_in_repository(path):
        return None  # asked on every opening: no git process for a file outside any
    try:
        root = repository_root(path)
        name = relative(path)
    except GitProblem:
        return None
    listing = run(["ls-files", "-u", "-z", "--", name], root)
    blobs: dict[int, str] = {}
    for entry in listing.split("\x00"):
        if not entry:
            continue
        info, _, _ = entry.partition("\t")
        _mode, sha, stage = info.split()
        blobs[int(stage)] = sha
    if 2 not in blobs or 3 not in blobs:
        return None

    def text(stage: int) -> str:
        return run_bytes(["cat-file", "blob", blobs[stage]], root).decode(
            "utf-8", "surrogateescape"
        )

    return Stages(text(1) if 1 in blobs else None, text(2), text(3))


def _may_be_in_repository(path: Path) -> bool:
    """False when no folder above `path` holds a `.git` (and git is not pointed elsewhere
    by GIT_DIR): then it is in no repository, without starting git to ask."""
    if os.environ.get("GIT_DIR"):
        return True
    folder = Path(os.path.abspath(path)).parent
    return any((parent / ".git").exists() for parent in (folder, *folder.parents))


# -- `roadmap-tui git install` ----------------------------------------------------------------


def attributes_line(pattern: str) -> str:
    return f"{pattern} merge={MERGE_DRIVER} diff={MERGE_DRIVER}"


def install(
    cwd: Path,
    pattern: str = DEFAULT_PATTERN,
    *,
    globally: bool = False,
    command: str = "roadmap-tui",
) -> list[str]:
    """Set up the merge driver and the diff for roadmap files; what was done, in lines.

    Idempotent: a line already in `.gitattributes` is not added again, and the config
    values are set to the same words each time."""
    done: list[str] = []
    _check_pattern(pattern)
    scope = ["--global"] if globally else ["--local"]
    root = None if globally else repository_root(cwd)
    attributes = _global_attributes(cwd) if root is None else root / ".gitattributes"
    line = attributes_line(pattern)
    existing = _read_attributes(attributes)
    if line in existing.decode("utf-8", "surrogateescape").splitlines():
        done.append(f"{show_path(attributes)} has '{line}' already")
    else:
        # only the line is added: the file's bytes, encoding and line endings stay as they are
        newline = b"\r\n" if b"\r\n" in existing else b"\n"
        separator = b"" if not existing or existing.endswith(b"\n") else newline
        try:
            attributes.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise FileProblem(attributes.parent, f"cannot create it: {explain(error)}") from None
        atomic_write(attributes, existing + separator + line.encode("utf-8") + newline)
        done.append(f"added '{line}' to {show_path(attributes)}")
    settings = {
        f"merge.{MERGE_DRIVER}.name": "roadmap-tui: merge roadmaps by market and field",
        f"merge.{MERGE_DRIVER}.driver": f"{command} merge-driver %O %A %B %P",
        f"diff.{MERGE_DRIVER}.command": f"{command} diff",
    }
    for key, value in settings.items():
        run(["config", *scope, key, value], cwd)
        done.append(f"git config {scope[0]} {key} '{value}'")
    return done


def _check_pattern(pattern: str) -> None:
    """GitProblem for a pattern `.gitattributes` would read as something else: a space or
    a line break ends it, `#` makes the line a comment, `!` is refused by git."""
    if any(char.isspace() or not char.isprintable() for char in pattern):
        raise GitProblem(
            f"the pattern '{pattern}' holds a space or a control character, which "
            ".gitattributes cannot hold; match it with '?' instead"
        )
    if pattern.startswith(("#", "!")):
        raise GitProblem(
            f"the pattern '{pattern}' starts with '{pattern[0]}', which .gitattributes "
            "reads as a comment or a negation; match it with '?' instead"
        )


def _read_attributes(path: Path) -> bytes:
    """The attributes file's bytes (none when it does not exist yet); FileProblem when
    something else has its name or it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except IsADirectoryError:
        raise FileProblem(path, "is a directory, not git's attributes file") from None
    except OSError as error:
        raise FileProblem(path, f"cannot read it: {explain(error)}") from None


def _global_attributes(cwd: Path) -> Path:
    """The user's attributes file: `core.attributesFile`, else git's default place."""
    configured = run(["config", "--global", "--path", "core.attributesFile"], cwd, check=False)
    if configured.strip():
        return Path(configured.strip()).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "git" / "attributes"
