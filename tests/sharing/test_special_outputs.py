"""Outputs that are not regular files: never replaced by one.

`export -o` writes into a FIFO or a character device, as a shell redirection would (so
`-o /dev/null` and `-o /dev/stdout` work); every other write (a save, a restore, a
backup, the app's export) refuses them in one sentence. Runs as root too: root may
rename over `/dev/null`, which is how it was destroyed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from roadmap_tui.errors import FileProblem
from roadmap_tui.share.export import export
from roadmap_tui.store import RoadmapDocument, atomic_write
from tests.sharing.helpers import run_cli

REFUSAL = "is not a regular file (a pipe or device); not replaced"


@contextmanager
def reading(fifo: Path) -> Iterator[int]:
    """A reader on `fifo`, opened first so that a writer's open never waits."""
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        yield reader
    finally:
        os.close(reader)


def read_all(reader: int) -> bytes:
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "pipe"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


@pytest.fixture
def char_device(tmp_path: Path) -> Path:
    """A private twin of /dev/null (major 1, minor 3), so a failure cannot harm the real one."""
    path = tmp_path / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating device nodes needs root (CAP_MKNOD)")
    return path


def test_export_writes_into_a_fifo(
    tiktok: Path, fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with reading(fifo) as reader:
        code, out, err = run_cli(capsys, "export", str(tiktok), "-o", str(fifo), "-f", "md")
        received = read_all(reader)
    assert (code, out, err) == (0, "", f"exported md to {fifo}\n")
    assert received == export(RoadmapDocument.load(tiktok).roadmap, "md").encode("utf-8")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(path.name for path in fifo.parent.iterdir()) == ["pipe"]


def test_export_writes_through_a_symlink_into_a_fifo(
    tiktok: Path, fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = fifo.with_name("export.md")
    link.symlink_to(fifo.name)
    with reading(fifo) as reader:
        code, _, err = run_cli(capsys, "export", str(tiktok), "-o", str(link))
        received = read_all(reader)
    assert (code, err) == (0, f"exported md to {link}\n")
    assert received.startswith(b"# TikTok Shop")
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_export_writes_into_a_character_device(
    tiktok: Path, char_device: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "export", str(tiktok), "-o", str(char_device), "-f", "html")
    assert (code, err) == (0, f"exported html to {char_device}\n")
    assert stat.S_ISCHR(os.lstat(char_device).st_mode)
    assert os.lstat(char_device).st_rdev == os.makedev(1, 3)


def test_export_to_dev_null_keeps_dev_null(
    tiktok: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    code, _, err = run_cli(capsys, "export", str(tiktok), "-o", "/dev/null", "-f", "csv")
    assert (code, err) == (0, "exported csv to /dev/null\n")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_export_to_a_directory_is_refused(
    tiktok: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = run_cli(capsys, "export", str(tiktok), "-o", str(folder), "-f", "md")
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {folder}: is a directory; give a file name\n"
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "symlink to a fifo", "device"])
def test_atomic_write_never_replaces_a_pipe_or_device(
    kind: str, fifo: Path, char_device: Path
) -> None:
    target = {"fifo": fifo, "device": char_device}.get(kind, fifo.with_name("link"))
    if kind == "symlink to a fifo":
        target.symlink_to(fifo)
    before = sorted(path.name for path in target.parent.iterdir())
    with pytest.raises(FileProblem) as refused:
        atomic_write(target, b"x")
    assert str(refused.value) == f"{target}: {REFUSAL}"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and stat.S_ISCHR(os.stat(char_device).st_mode)
    assert sorted(path.name for path in target.parent.iterdir()) == before  # no temporary left


def test_atomic_write_never_replaces_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(FileProblem) as refused:
        atomic_write(folder, b"x")
    assert str(refused.value) == f"{folder}: is a directory; not replaced"
    assert folder.is_dir() and sorted(path.name for path in tmp_path.iterdir()) == ["folder"]


def test_saving_over_a_roadmap_that_became_a_fifo_is_refused(tiktok: Path) -> None:
    document = RoadmapDocument.load(tiktok)
    document.set_status("DE", "live")
    tiktok.unlink()
    os.mkfifo(tiktok)
    with pytest.raises(FileProblem) as refused:
        document.save(force=True)
    assert str(refused.value) == f"{tiktok}: {REFUSAL}"
    assert stat.S_ISFIFO(os.lstat(tiktok).st_mode)


def test_snapshot_into_a_fifo_is_refused(
    tiktok: Path, fifo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "snapshot", str(tiktok), "--dir", str(fifo))
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {fifo}: is not a directory; snapshots go into one\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
