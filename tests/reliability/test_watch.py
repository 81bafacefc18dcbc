"""Noticing changes on disk: cheap polls (stat only), hashing only when stat moved."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from roadmap_tui.safety.merge import apply
from roadmap_tui.safety.watch import DiskChange, DiskWatcher, merge_with_disk
from roadmap_tui.store import RoadmapDocument, files
from tests.reliability.helpers import ROADMAP


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the watcher reads (and hashes), in order."""
    seen: list[Path] = []
    real = files.read_bytes

    def counting(path: Path) -> tuple[bytes, files.Fingerprint]:
        seen.append(Path(path))
        return real(path)

    monkeypatch.setattr(files, "read_bytes", counting)
    return seen


def watcher_for(path: Path, **options: int) -> DiskWatcher:
    return DiskWatcher(path, RoadmapDocument.load(path).fingerprint, **options)


def test_an_unchanged_file_is_only_stat_ed(roadmap_file: Path, reads: list[Path]) -> None:
    watcher = watcher_for(roadmap_file)
    reads.clear()
    assert all(watcher.poll() is None for _ in range(1000))
    assert reads == []


def test_a_touched_file_is_hashed_once_and_not_reported(
    roadmap_file: Path, reads: list[Path]
) -> None:
    watcher = watcher_for(roadmap_file)
    reads.clear()
    os.utime(roadmap_file, ns=(1_000_000_000, 1_000_000_000))
    assert watcher.poll() is None
    assert watcher.poll() is None
    assert reads == [roadmap_file]


def test_changed_bytes_are_reported_once_with_the_new_bytes(roadmap_file: Path) -> None:
    watcher = watcher_for(roadmap_file)
    new = ROADMAP.replace('status = "paused"', 'status = "live"', 1).encode()
    roadmap_file.write_bytes(new)
    os.utime(roadmap_file, ns=(2_000_000_000, 2_000_000_000))
    event = watcher.poll()
    assert event is not None and event.kind is DiskChange.CHANGED
    assert event.data == new and event.text == new.decode()
    assert event.fingerprint == files.read_bytes(roadmap_file)[1]
    assert watcher.poll() is None  # reported once; the app decides what to do
    roadmap_file.write_bytes(new + b"# again\n")
    assert watcher.poll().kind is DiskChange.CHANGED


def test_the_apps_own_save_is_not_reported(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    watcher = DiskWatcher(roadmap_file, document.fingerprint)
    document.set_notes("DE", "saved by the app")
    watcher.expect(document.save())
    assert watcher.poll() is None


def test_a_deleted_file_is_reported_after_two_polls_and_once(roadmap_file: Path) -> None:
    watcher = watcher_for(roadmap_file)
    roadmap_file.unlink()
    assert watcher.poll() is None  # could be an editor replacing the file
    event = watcher.poll()
    assert event is not None and event.kind is DiskChange.DELETED and event.data is None
    assert watcher.poll() is None


def test_a_file_replaced_by_delete_and_recreate_is_a_change_not_a_deletion(
    roadmap_file: Path,
) -> None:
    watcher = watcher_for(roadmap_file)
    roadmap_file.unlink()
    assert watcher.poll() is None
    roadmap_file.write_text(ROADMAP + "# edited\n")
    assert watcher.poll().kind is DiskChange.CHANGED


def test_the_same_bytes_put_back_are_not_a_change(roadmap_file: Path) -> None:
    watcher = watcher_for(roadmap_file, missing_polls=1)
    data = roadmap_file.read_bytes()
    roadmap_file.unlink()
    assert watcher.poll().kind is DiskChange.DELETED
    roadmap_file.write_bytes(data)
    assert watcher.poll() is None


def test_a_directory_in_place_of_the_file_is_unreadable(roadmap_file: Path) -> None:
    watcher = watcher_for(roadmap_file)
    roadmap_file.unlink()
    roadmap_file.mkdir()
    event = watcher.poll()
    assert event is not None and event.kind is DiskChange.UNREADABLE
    assert "directory" in (event.problem or "")
    assert watcher.poll() is None
    shutil.rmtree(roadmap_file)


def test_polling_a_10000_market_roadmap_does_not_read_it(tmp_path: Path, reads: list[Path]) -> None:
    market = '[[markets]]\ncode = "M{0}"\nname = "Market {0}"\nstatus = "planned"\n\n'
    text = '[roadmap]\ntitle = "Big"\n\n' + "".join(market.format(i) for i in range(10_000))
    path = tmp_path / "big.toml"
    path.write_text(text)
    watcher = DiskWatcher(path, files.read_bytes(path)[1])
    reads.clear()
    for _ in range(100):
        assert watcher.poll() is None
    assert reads == []


def test_a_change_on_disk_merges_with_unsaved_edits(roadmap_file: Path) -> None:
    document = RoadmapDocument.load(roadmap_file)
    base = document.roadmap
    watcher = DiskWatcher(roadmap_file, document.fingerprint)
    document.set_notes("DE", "ours")
    roadmap_file.write_text(ROADMAP.replace("# Asia: live.", "# Asia: live!"))
    event = watcher.poll()
    assert event is not None and event.kind is DiskChange.CHANGED
    for known_base in (base, None):
        theirs, result = merge_with_disk(document, known_base)
        assert result.clean and [c.describe() for c in result.incoming] == []
        apply(result, theirs)
        assert theirs.market("DE").notes == "ours" and "# Asia: live!" in theirs.text
    watcher.expect(theirs.fingerprint)
    assert watcher.poll() is None
    theirs.save()
    watcher.expect(theirs.fingerprint)
    assert watcher.poll() is None
