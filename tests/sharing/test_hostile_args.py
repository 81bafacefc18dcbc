"""Bytes that are not UTF-8 in file names and in arguments, as a real shell passes them.

Python holds such bytes as surrogate escapes (`\\udcff`) in argv and in paths. A file name
just works: the snapshot is named and listed, exports and diffs are written, and every
path is printed with the bytes shown as `\\xff`. A note or title cannot be kept in a
UTF-8 roadmap file, so it is refused in one sentence and nothing is written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import TIKTOK

ROADMAP = b"road\xffmap.toml"
SHOWN = b"road\\xffmap.toml"

# strict: stdout as on a UTF-8 desktop (surrogates cannot be written);
# utf8-mode: as under the C locale (surrogates written back as the raw bytes)
STREAMS = {
    "strict": {"PYTHONUTF8": "0", "PYTHONIOENCODING": "utf-8:strict"},
    "utf8-mode": {"PYTHONUTF8": "1"},
}


@pytest.fixture(params=sorted(STREAMS))
def cli(request: pytest.FixtureRequest, tmp_path: Path):
    """Run `python -m roadmap_tui ARGS` (bytes allowed) in tmp_path; returns the result."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL")
    }
    environment |= {"LC_ALL": "C.UTF-8", **STREAMS[request.param]}

    def run(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
        result = subprocess.run(
            [sys.executable, "-m", "roadmap_tui", *args],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
        return result

    return run


@pytest.fixture
def roadmap(tmp_path: Path) -> bytes:
    """The TikTok sample at tmp_path/road<0xff>map.toml; returns its absolute bytes path."""
    path = os.path.join(os.fsencode(tmp_path), ROADMAP)
    shutil.copyfile(TIKTOK, path)
    return path


def listing(directory: bytes) -> list[bytes]:
    return sorted(os.listdir(directory))


def test_validate_shows_the_bytes_of_the_name(cli, roadmap: bytes) -> None:
    result = cli("validate", ROADMAP)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        SHOWN + b": ok (12 markets)\n",
        b"",
    )


def test_snapshot_of_a_roadmap_named_with_non_utf8_bytes(
    cli, roadmap: bytes, tmp_path: Path
) -> None:
    result = cli("snapshot", ROADMAP)
    assert (result.returncode, result.stderr) == (0, b"")
    folder = os.path.join(os.fsencode(tmp_path), b"snapshots")
    (name,) = listing(folder)
    assert re.fullmatch(rb"road-map-\d{8}-\d{6}\.toml", name), name
    assert result.stdout == b"snapshots/" + name + b"\n"
    snapshot = RoadmapDocument.load(Path(os.fsdecode(os.path.join(folder, name)))).roadmap
    assert snapshot.snapshot is not None and snapshot.snapshot.source == SHOWN.decode("ascii")
    assert snapshot.markets == RoadmapDocument.load(Path(os.fsdecode(roadmap))).roadmap.markets

    listed = cli("snapshots", ROADMAP)
    assert (listed.returncode, listed.stderr) == (0, b"")
    lines = listed.stdout.splitlines()
    assert lines[0] == b"1 snapshot of " + SHOWN + b" in snapshots (oldest first):"
    assert lines[1].endswith(name)


def test_snapshot_into_a_directory_named_with_non_utf8_bytes(cli, roadmap: bytes) -> None:
    result = cli("snapshot", ROADMAP, "--dir", b"snap\xfe")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.startswith(b"snap\\xfe/road-map-")
    assert len(listing(os.path.join(os.path.dirname(roadmap), b"snap\xfe"))) == 1


def test_export_to_a_file_named_with_non_utf8_bytes(cli, roadmap: bytes, tmp_path: Path) -> None:
    result = cli("export", ROADMAP, "-o", b"out\xfe.md")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"",
        b"exported md to out\\xfe.md\n",
    )
    written = os.path.join(os.fsencode(tmp_path), b"out\xfe.md")
    with open(written, "rb") as stream:
        assert stream.read().startswith(b"# TikTok Shop")


def test_diff_and_log_of_a_roadmap_named_with_non_utf8_bytes(cli, roadmap: bytes) -> None:
    same = cli("diff", ROADMAP, ROADMAP)
    assert (same.returncode, same.stdout, same.stderr) == (0, b"no differences\n", b"")
    log = cli("log", ROADMAP, "--market", "US")
    assert (log.returncode, log.stderr) == (0, b"")
    assert b"planned \xe2\x86\x92 paused" in log.stdout


def test_a_missing_file_named_with_non_utf8_bytes(cli, roadmap: bytes) -> None:
    for command in ("log", "export", "snapshot", "snapshots"):
        result = cli(command, b"nope\xff.toml")
        assert (result.returncode, result.stdout) == (2, b""), command
        assert result.stderr.endswith(b"nope\\xff.toml: no such file\n"), result.stderr


def test_an_unknown_code_with_non_utf8_bytes_is_shown_as_bytes(cli, roadmap: bytes) -> None:
    result = cli("log", ROADMAP, "--market", b"D\xffE")
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr == (
        b"roadmap-tui: no market with code 'D\\xffE' in this roadmap; did you mean 'DE'?\n"
    )


@pytest.mark.parametrize(
    "command",
    [
        ("set", ROADMAP, "DE", "live", "--note", b"caf\xe9"),
        ("snapshot", ROADMAP, "--note", b"caf\xe9"),
    ],
    ids=["set", "snapshot"],
)
def test_a_note_that_is_not_utf8_is_refused(
    cli, roadmap: bytes, tmp_path: Path, command: tuple[str | bytes, ...]
) -> None:
    with open(roadmap, "rb") as stream:
        before = stream.read()
    result = cli(*command)
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.splitlines()[-1] == (
        f"roadmap-tui {command[0]}: error: --note is not valid UTF-8 text, so a roadmap file "
        "cannot keep it".encode()
    )
    with open(roadmap, "rb") as stream:
        assert stream.read() == before
    assert listing(os.fsencode(tmp_path)) == [ROADMAP]  # no snapshot, no backup beside it


def test_a_title_that_is_not_utf8_is_refused(cli, tmp_path: Path) -> None:
    result = cli("new", "fresh.toml", "--title", b"caf\xe9")
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.splitlines()[-1] == (
        b"roadmap-tui new: error: --title is not valid UTF-8 text, so a roadmap file cannot keep it"
    )
    assert not (tmp_path / "fresh.toml").exists()


def test_new_roadmap_named_with_non_utf8_bytes(cli, tmp_path: Path) -> None:
    result = cli("new", b"n\xffew.toml", "--title", "Caf\u00e9")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        b"created n\\xffew.toml\n",
        b"",
    )
    assert cli("validate", b"n\xffew.toml").returncode == 0


def test_backups_restore_and_recover_show_the_bytes_of_the_name(cli, roadmap: bytes) -> None:
    assert cli("set", ROADMAP, "DE", "live").returncode == 0  # a save: one backup
    said = {
        "backups": cli("backups", ROADMAP),
        "restore": cli("restore", ROADMAP, "1"),
        "recover": cli("recover", ROADMAP),
    }
    assert said["backups"].stdout.startswith(SHOWN + b": 1 backup(s) in ")
    assert said["restore"].stdout.startswith(SHOWN + b": restored road\\xffmap-")
    assert said["recover"].stdout == SHOWN + b": no unsaved edits were found\n"
    for result in said.values():
        assert result.returncode == 0
        assert b"\xff" not in result.stdout and b"\\udcff" not in result.stdout


def test_set_shows_control_characters_of_a_market_name_never_sends_them(
    cli, tmp_path: Path
) -> None:
    named = TIKTOK.read_text(encoding="utf-8").replace(
        'name = "Germany"', 'name = "Ger\\u001b[2Jmany\\u0007"'
    )
    (tmp_path / "plan.toml").write_text(named, encoding="utf-8")
    live = cli("set", "plan.toml", "DE", "live")
    again = cli("set", "plan.toml", "DE", "live")
    assert live.stdout == b"plan.toml: DE Ger\\x1b[2Jmany\\x07: paused \xe2\x86\x92 live\n"
    assert again.stdout == b"plan.toml: DE Ger\\x1b[2Jmany\\x07 is already live; nothing changed\n"
