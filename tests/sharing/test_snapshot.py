"""Snapshots: a valid read-only roadmap, the source's hash, safe names, never an overwrite."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from roadmap_tui import __version__
from roadmap_tui.errors import ReadOnlyError
from roadmap_tui.share.snapshot import (
    SnapshotError,
    describe,
    list_snapshots,
    safe_stem,
    snapshot_name,
    take_snapshot,
)
from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import FIXED_NOW, market_text, roadmap_text, run_cli


def test_snapshot_is_a_read_only_roadmap_with_the_same_markets(tiktok: Path) -> None:
    source = RoadmapDocument.load(tiktok)

    written = take_snapshot(tiktok, note="before the Q3 review", now=FIXED_NOW)

    assert written == tiktok.parent / "snapshots" / "tiktok_shop-20220706-120000.toml"
    snapshot = RoadmapDocument.load(written)
    assert snapshot.read_only
    assert snapshot.warnings == []
    assert snapshot.markets == source.markets
    assert snapshot.roadmap.roadmap == source.roadmap.roadmap
    info = snapshot.roadmap.snapshot
    assert info is not None
    assert info.taken_at == FIXED_NOW
    assert info.source == "tiktok_shop.toml"
    assert info.source_sha256 == hashlib.sha256(tiktok.read_bytes()).hexdigest()
    assert info.note == "before the Q3 review"
    assert info.tool_version == __version__
    with pytest.raises(ReadOnlyError):
        snapshot.save()
    with pytest.raises(ReadOnlyError):
        snapshot.set_status("DE", "live")


def test_snapshot_layout_is_canonical_and_says_what_it_is(tiktok: Path) -> None:
    text = take_snapshot(tiktok, now=FIXED_NOW).read_text(encoding="utf-8")

    assert text.startswith("# Snapshot of tiktok_shop.toml taken 2022-07-06 12:00:00 UTC.\n")
    assert text.index("[roadmap]") < text.index("[snapshot]") < text.index("[[markets]]")
    assert "taken_at = 2022-07-06T12:00:00Z\n" in text
    assert text.count("[[markets]]") == 12
    assert "note =" not in text.split("[[markets]]")[0]  # no note given: none written


def test_hash_is_of_the_exact_bytes_even_with_crlf_and_a_bom(write, tmp_path: Path) -> None:
    text = roadmap_text(market_text("DE", "Germany", "planned", notes='"""\nline one\nline two"""'))
    raw = ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8")
    path = write("")
    path.write_bytes(raw)

    written = take_snapshot(path, now=FIXED_NOW)

    snapshot = RoadmapDocument.load(written)
    assert snapshot.roadmap.snapshot is not None
    assert snapshot.roadmap.snapshot.source_sha256 == hashlib.sha256(raw).hexdigest()
    assert snapshot.market("DE").notes == "line one\nline two"  # as tomllib reads CRLF


def test_unknown_keys_and_datetimes_survive_the_snapshot(write) -> None:
    path = write(
        'schema = 2\n[roadmap]\ntitle = "T"\nquarter = "Q3"\n\n'
        '[[markets]]\ncode = "de"\nname = "Germany"\nstatus = "paused"\nbudget = 12.5\n'
        "since = 2022-07-05\n\n[[markets.history]]\nat = 2022-07-05T09:30:00+02:00\n"
        'from = "planned"\nto = "paused"\n'
    )
    source = RoadmapDocument.load(path).roadmap

    snapshot = RoadmapDocument.load(take_snapshot(path, now=FIXED_NOW)).roadmap

    assert snapshot.markets == source.markets
    assert snapshot.markets[0].model_extra == {"budget": 12.5}
    assert snapshot.roadmap == source.roadmap
    assert snapshot.model_extra == {"schema": 2}


def test_two_snapshots_in_the_same_second_never_overwrite(tiktok: Path) -> None:
    first = take_snapshot(tiktok, note="first", now=FIXED_NOW)
    first_bytes = first.read_bytes()

    second = take_snapshot(tiktok, note="second", now=FIXED_NOW + timedelta(microseconds=5))
    third = take_snapshot(tiktok, note="third", now=FIXED_NOW)

    assert second.name == "tiktok_shop-20220706-120000-2.toml"
    assert third.name == "tiktok_shop-20220706-120000-3.toml"
    assert first.read_bytes() == first_bytes
    assert [entry.info.note for entry in list_snapshots(tiktok)] == ["first", "second", "third"]
    leftovers = [p.name for p in first.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # temporary files are cleaned up


def test_an_existing_file_or_symlink_with_the_name_is_left_alone(
    tiktok: Path, tmp_path: Path
) -> None:
    folder = tiktok.parent / "snapshots"
    folder.mkdir()
    outside = tmp_path / "outside.txt"
    (folder / "tiktok_shop-20220706-120000.toml").symlink_to(outside)  # dangling
    (folder / "tiktok_shop-20220706-120000-2.toml").write_text("mine", encoding="utf-8")

    written = take_snapshot(tiktok, now=FIXED_NOW)

    assert written.name == "tiktok_shop-20220706-120000-3.toml"
    assert not outside.exists()
    assert (folder / "tiktok_shop-20220706-120000-2.toml").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("file_name", "stem"),
    [
        ("tiktok_shop.toml", "tiktok_shop"),
        ("../../etc/passwd", "passwd"),
        ("..", "roadmap"),
        ("..toml", "roadmap"),
        (".hidden.toml", "hidden"),
        ("a b\x00c/../d.toml", "d"),
        ("team\\..\\..\\evil.toml", "evil"),
        ("plan..v2.toml", "plan.v2"),
        ("Straße 2022.toml", "Straße-2022"),
    ],
)
def test_safe_stem_cannot_leave_the_directory(file_name: str, stem: str) -> None:
    assert safe_stem(file_name) == stem
    name = snapshot_name(file_name, FIXED_NOW)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert Path("snapshots", name).parent == Path("snapshots")


def test_snapshot_name_uses_utc_whatever_the_clock_zone() -> None:
    from datetime import timezone

    later = datetime(2022, 7, 6, 14, 0, 0, tzinfo=timezone(timedelta(hours=2)))
    assert snapshot_name("x.toml", later) == "x-20220706-120000.toml"
    assert snapshot_name("x.toml", later, attempt=3) == "x-20220706-120000-3.toml"


def test_a_roadmap_with_an_awkward_name_snapshots_inside_its_directory(
    write, tmp_path: Path
) -> None:
    path = write(roadmap_text(market_text("DE", "Germany", "planned")), name="..odd name.toml")

    written = take_snapshot(path, now=FIXED_NOW)

    assert written.parent == tmp_path / "snapshots"
    assert written.name == "odd-name-20220706-120000.toml"
    snapshot = RoadmapDocument.load(written).roadmap.snapshot
    assert snapshot is not None and snapshot.source == "..odd name.toml"


def test_a_snapshot_is_not_snapshotted_again(tiktok: Path) -> None:
    written = take_snapshot(tiktok, now=FIXED_NOW)
    with pytest.raises(SnapshotError, match="already a snapshot"):
        take_snapshot(written, now=FIXED_NOW)


def test_listing_keeps_only_this_roadmaps_snapshots_oldest_first(tiktok: Path) -> None:
    take_snapshot(tiktok, note="later", now=FIXED_NOW + timedelta(days=1))
    take_snapshot(tiktok, note="earlier", now=FIXED_NOW)
    other = tiktok.with_name("other.toml")
    other.write_text(roadmap_text(market_text("FR", "France", "live")), encoding="utf-8")
    take_snapshot(other, now=FIXED_NOW)
    folder = tiktok.parent / "snapshots"
    (folder / "broken.toml").write_text("this is [not toml", encoding="utf-8")
    (folder / "plain.toml").write_text(
        roadmap_text(market_text("X", "X", "live")), encoding="utf-8"
    )

    entries = list_snapshots(tiktok)

    assert [entry.info.note for entry in entries] == ["earlier", "later"]
    assert all(entry.info.source == "tiktok_shop.toml" for entry in entries)
    assert describe(entries[0].info) == (
        "snapshot of tiktok_shop.toml taken 2022-07-06 12:00:00 UTC — earlier"
    )


def test_cli_snapshot_prints_the_path_and_snapshots_lists_it(tiktok: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "snapshot", str(tiktok), "--note", "for the board")
    assert (code, err) == (0, "")
    written = Path(out.strip())
    assert written.parent == tiktok.parent / "snapshots"
    assert RoadmapDocument.load(written).read_only

    code, out, err = run_cli(capsys, "snapshots", str(tiktok))
    assert (code, err) == (0, "")
    header, row = out.splitlines()
    assert header.startswith("1 snapshot of tiktok_shop.toml in ")
    assert header.endswith("(oldest first):")
    assert "0 planned, 5 paused, 7 live" in row
    assert written.name in row
    assert row.endswith("for the board")


def test_cli_snapshot_into_another_directory(tiktok: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "shared"
    code, out, _ = run_cli(capsys, "snapshot", str(tiktok), "--dir", str(folder))
    assert code == 0
    assert Path(out.strip()).parent == folder
    code, out, _ = run_cli(capsys, "snapshots", str(tiktok), "--dir", str(folder))
    assert code == 0 and "1 snapshot of tiktok_shop.toml" in out
    code, out, _ = run_cli(capsys, "snapshots", str(tiktok))
    assert code == 0 and out.startswith("no snapshots of tiktok_shop.toml")


def test_cli_snapshot_errors_are_one_sentence(tiktok: Path, tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(capsys, "snapshot", str(tmp_path / "missing.toml"))
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {tmp_path / 'missing.toml'}: no such file\n"

    code, _, err = run_cli(capsys, "snapshot", str(tiktok), "--dir", str(tmp_path / "a" / "b"))
    assert code == 2
    assert err.count("\n") == 1 and "does not exist" in err

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run_cli(capsys, "snapshot", str(tiktok), "--dir", str(blocker))
    assert code == 2 and "not a directory" in err

    broken = tmp_path / "broken.toml"
    broken.write_text('[roadmap]\ntitle = "x"\n[[markets]]\ncode = "DE"\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "snapshot", str(broken))
    assert code == 1 and err.startswith(f"{broken}:") and "Traceback" not in err

    code, _, err = run_cli(capsys, "snapshots", str(tmp_path / "nope.toml"))
    assert code == 2 and err.endswith("nope.toml: no such file\n")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_cli_snapshot_into_a_read_only_directory(tiktok: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    code, _, err = run_cli(capsys, "snapshot", str(tiktok), "--dir", str(folder))
    assert code == 2 and "permission denied" in err


def test_taken_at_defaults_to_now_in_utc(tiktok: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    written = take_snapshot(tiktok)
    info = RoadmapDocument.load(written).roadmap.snapshot
    assert info is not None
    assert before <= info.taken_at <= datetime.now(UTC)
    assert info.taken_at.tzinfo is not None and info.taken_at.utcoffset() == timedelta(0)


def test_racing_snapshots_in_the_same_second_each_get_their_own_file(tiktok: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=6) as pool:
        written = list(
            pool.map(lambda n: take_snapshot(tiktok, note=f"n{n}", now=FIXED_NOW), range(12))
        )

    assert len(set(written)) == 12
    notes = {RoadmapDocument.load(path).roadmap.snapshot.note for path in written}  # type: ignore[union-attr]
    assert notes == {f"n{n}" for n in range(12)}


def test_without_hard_links_the_o_excl_fallback_still_never_overwrites(
    tiktok: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_links(*args: object) -> None:
        raise OSError(errno.EPERM, "hard links not supported")

    monkeypatch.setattr(os, "link", no_links)
    first = take_snapshot(tiktok, note="one", now=FIXED_NOW)
    second = take_snapshot(tiktok, note="two", now=FIXED_NOW)

    assert (first.name, second.name) == (
        "tiktok_shop-20220706-120000.toml",
        "tiktok_shop-20220706-120000-2.toml",
    )
    assert RoadmapDocument.load(first).roadmap.snapshot.note == "one"  # type: ignore[union-attr]
    assert {p.name for p in first.parent.iterdir()} == {first.name, second.name}


def test_snapshot_of_an_open_document_is_of_the_file_not_unsaved_edits(tiktok: Path) -> None:
    from roadmap_tui.share.snapshot import snapshot_document

    document = RoadmapDocument.load(tiktok)
    on_disk = document.markets
    document.set_status("DE", "live", note="not saved yet")
    assert document.dirty

    written = snapshot_document(document, note="from the app", now=FIXED_NOW)

    snapshot = RoadmapDocument.load(written)
    assert snapshot.markets == on_disk
    assert snapshot.roadmap.snapshot is not None
    assert (
        snapshot.roadmap.snapshot.source_sha256 == hashlib.sha256(tiktok.read_bytes()).hexdigest()
    )
    assert document.market("DE").status == "live"  # the open document is untouched


def test_a_naive_now_is_taken_as_utc(tiktok: Path) -> None:
    written = take_snapshot(tiktok, now=datetime(2022, 7, 6, 12, 0, 0))
    assert written.name == "tiktok_shop-20220706-120000.toml"
    info = RoadmapDocument.load(written).roadmap.snapshot
    assert info is not None and info.taken_at == FIXED_NOW
