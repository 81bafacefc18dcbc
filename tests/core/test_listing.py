"""Listing a folder's roadmaps: the `*.toml` files by name, each with its title and
markets per status, or its first problem as `file:line:col`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmap_tui.errors import FileProblem
from roadmap_tui.listing import describe, folder_sentence, roadmap_files
from roadmap_tui.model import Status

SAMPLES = Path(__file__).resolve().parents[2] / "sample_roadmaps"


def test_only_toml_files_directly_in_the_folder_by_name(tmp_path: Path):
    for name in ("b.toml", "A.TOML", "c.toml", "notes.md", ".hidden.toml"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "below").mkdir()
    (tmp_path / "below" / "deep.toml").write_text("", encoding="utf-8")
    assert [path.name for path in roadmap_files(tmp_path)] == ["A.TOML", "b.toml", "c.toml"]


def test_a_folder_that_cannot_be_listed_is_a_file_problem(tmp_path: Path):
    with pytest.raises(FileProblem) as raised:
        roadmap_files(tmp_path / "missing")
    missing = tmp_path / "missing"
    assert str(raised.value) == f"{missing}: cannot list the folder (No such file or directory)"


def test_a_roadmap_is_described_by_its_title_and_counts(tmp_path: Path):
    path = tmp_path / "tiktok_shop.toml"
    shutil.copyfile(SAMPLES / "tiktok_shop.toml", path)
    listed = describe(path)
    assert listed.problem is None
    assert listed.title == "TikTok Shop — live shopping expansion"
    assert listed.counts == {Status.PLANNED: 0, Status.PAUSED: 5, Status.LIVE: 7}
    assert not listed.read_only


def test_an_invalid_roadmap_is_described_by_its_first_error(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text(
        '[roadmap]\ntitle = "B"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\n'
        'status = "stalled"\nsince = "July"\n',
        encoding="utf-8",
    )
    listed = describe(path)
    assert listed.title is None and listed.counts == {}
    assert listed.problem == (
        "broken.toml:7:10: market DE: unknown status 'stalled' (valid: planned, paused, live)"
        " (and 1 more)"
    )


def test_a_file_that_is_not_toml_is_described_by_its_syntax_error(tmp_path: Path):
    path = tmp_path / "notes.toml"
    path.write_text("just some words\n", encoding="utf-8")
    assert describe(path).problem is not None
    assert describe(path).problem.startswith("notes.toml:1:6: TOML syntax error")


def test_a_file_that_cannot_be_read_is_one_sentence(tmp_path: Path):
    path = tmp_path / "gone.toml"
    listed = describe(path)
    assert listed.problem == f"{path}: no such file"


def test_the_sentence_for_an_empty_folder_says_how_to_start(tmp_path: Path):
    assert folder_sentence(tmp_path) == (
        f"{tmp_path} holds no roadmap (no .toml file); "
        f"'roadmap-tui new {tmp_path / 'roadmap.toml'}' starts one"
    )
