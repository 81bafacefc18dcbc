"""The recent roadmaps: most recent first, once each, only files still there, kept in the
state folder; a list that cannot be read is an empty one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from roadmap_tui import paths
from roadmap_tui.recent import RECENT_LIMIT, recent_roadmaps, remember


def roadmap(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text('[roadmap]\ntitle = "T"\n', encoding="utf-8")
    return path


def test_nothing_opened_yet_is_an_empty_list(home: Path):
    assert recent_roadmaps() == []
    assert not paths.recent_file().exists()


def test_most_recent_first_and_once_each(tmp_path: Path):
    first, second = roadmap(tmp_path, "a.toml"), roadmap(tmp_path, "b.toml")
    remember(first)
    remember(second)
    remember(first)
    assert recent_roadmaps() == [first, second]
    assert paths.recent_file().parent == paths.state_dir()


def test_the_same_file_under_another_name_is_one_entry(tmp_path: Path, monkeypatch):
    path = roadmap(tmp_path / "maps", "a.toml")
    link = tmp_path / "link.toml"
    link.symlink_to(path)
    remember(path)
    monkeypatch.chdir(tmp_path / "maps")
    remember(Path("a.toml"))  # relative: kept as its absolute path
    remember(link)
    assert recent_roadmaps() == [link]


def test_files_moved_or_deleted_since_drop_out(tmp_path: Path):
    kept, gone = roadmap(tmp_path, "kept.toml"), roadmap(tmp_path, "gone.toml")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    remember(kept)
    remember(gone)
    remember(folder)
    gone.unlink()
    assert recent_roadmaps() == [kept]


def test_the_list_is_capped(tmp_path: Path):
    made = [roadmap(tmp_path, f"r{number:02}.toml") for number in range(RECENT_LIMIT + 5)]
    for path in made:
        remember(path)
    assert recent_roadmaps() == list(reversed(made))[:RECENT_LIMIT]
    assert len(json.loads(paths.recent_file().read_text(encoding="utf-8"))) == RECENT_LIMIT


def test_a_name_that_is_not_utf8_comes_back_the_same(tmp_path: Path):
    name = os.fsdecode(b"caf\xe9.toml")
    path = roadmap(tmp_path, name)
    remember(path)
    assert recent_roadmaps() == [path]
    assert paths.recent_file().read_bytes().isascii()


@pytest.mark.parametrize(
    "content", [b"", b"not json", b'{"a": 1}', b"[1, null, []]", b"\xff\xfe", b'["\\u0000x"]']
)
def test_a_list_that_cannot_be_used_is_empty_and_is_written_over(tmp_path: Path, content: bytes):
    target = paths.recent_file()
    target.parent.mkdir(parents=True)
    target.write_bytes(content)
    assert recent_roadmaps() == []
    path = roadmap(tmp_path, "a.toml")
    remember(path)
    assert recent_roadmaps() == [path]
