"""The journal of unsaved edits: every edit fsynced, replayed exactly, damage tolerated."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import FileProblem
from roadmap_tui.safety import recovery, save
from roadmap_tui.safety.journal import Journal
from roadmap_tui.safety.merge import apply
from roadmap_tui.store import RoadmapDocument
from tests.journals import find_one, journal_files, journal_path
from tests.reliability.helpers import ROADMAP, fixed_clock


def open_with_journal(path: Path) -> tuple[RoadmapDocument, Journal]:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    return document, Journal.open(document)


def three_edits(document: RoadmapDocument, journal: Journal) -> None:
    document.set_status("DE", "live", note="Restart")
    journal.record()
    document.set_notes("ID", "Store tab live everywhere.")
    journal.record()
    document.add_market(
        {"code": "IT", "name": "Italy", "status": "planned", "since": date(2022, 9, 1)}
    )
    journal.record()


def test_nothing_is_written_before_the_first_edit(roadmap_file: Path) -> None:
    _document, journal = open_with_journal(roadmap_file)
    journal.record()
    assert not journal.file.exists()
    assert find_one(roadmap_file) is None


def test_replaying_the_journal_gives_back_the_edited_roadmap(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    document.remove_market("GB")
    journal.record()
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    assert recovery is not None
    assert recovery.summary() == "4 unsaved edits found"
    assert recovery.base == RoadmapDocument.load(roadmap_file).roadmap
    assert recovery.base_text == ROADMAP
    assert recovery.ours == document.roadmap
    assert [change.describe() for change in recovery.changes()] == [
        "DE: status paused → live, 1 history entry added",
        "ID: notes changed",
        "IT: added (Italy)",
        "GB: removed (United Kingdom)",
    ]


def test_dates_times_and_unknown_keys_round_trip_exactly(roadmap_file: Path) -> None:
    roadmap_file.write_text(
        ROADMAP.replace(
            'region = "Asia"',
            'region = "Asia"\npriority = 3\nmeta = { wave = 2, start = 2023-01-02 }',
        )
    )
    document, journal = open_with_journal(roadmap_file)
    moments = [
        datetime(2022, 7, 6, 9, 30, 15, 123456, tzinfo=UTC),
        datetime(2022, 7, 7, 11, 0, tzinfo=timezone(timedelta(hours=2))),
        datetime(2022, 7, 8, 8, 0),  # local time, as a person may write it
        date(2022, 7, 9),
    ]
    for moment, status in zip(moments, ["paused", "planned", "live", "paused"], strict=True):
        document.set_status("ID", status, note=f"at {moment}", at=moment)
        journal.record()
    journal.close()  # the session ends, as in a crash
    recovered = find_one(roadmap_file).ours
    assert recovered == document.roadmap
    history = recovered.find("ID").history
    assert [entry.at for entry in history] == moments
    assert [type(entry.at) for entry in history] == [datetime, datetime, datetime, date]
    assert history[1].at.utcoffset() == timedelta(hours=2)
    assert recovered.find("ID").model_extra == {
        "priority": 3,
        "meta": {"wave": 2, "start": date(2023, 1, 2)},
    }


def test_notes_with_any_characters_round_trip(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    notes = 'quotes " \' """ \\ tabs\t[bold]x[/] \x1b[31m\nunicode ünïcødé 🚀\r\nend'
    document.set_notes("GB", notes)
    journal.record()
    journal.close()  # the session ends, as in a crash
    assert find_one(roadmap_file).ours.find("GB").notes == notes


def test_order_changes_from_undo_are_replayed(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    first = document.checkpoint()
    document.remove_market("GB")
    journal.record()
    document.add_market({"code": "GB", "name": "United Kingdom", "status": "paused"})
    journal.record()
    document.set_notes("FR", "x")
    journal.record()
    journal.close()  # the session ends, as in a crash
    assert [m.code for m in find_one(roadmap_file).ours.markets] == ["DE", "FR", "ID", "GB"]
    document.restore(first)  # undo all
    document.set_notes("ID", "after undo")
    journal.record()
    journal.close()  # the session ends, as in a crash
    recovered = find_one(roadmap_file).ours
    assert recovered == document.roadmap
    assert [m.code for m in recovered.markets] == ["GB", "DE", "FR", "ID"]


def test_undo_back_to_the_saved_version_removes_the_journal(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    saved = document.checkpoint()
    document.set_notes("DE", "x")
    journal.record()
    assert journal.file.exists()
    document.restore(saved)
    journal.record()
    assert not journal.file.exists()


def test_every_record_is_fsynced(roadmap_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document, journal = open_with_journal(roadmap_file)
    synced: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    document.set_notes("DE", "one")
    journal.record()
    first = len(synced)
    assert first >= 2  # the base line, the edit line (and the new directory entry)
    document.set_notes("DE", "two")
    journal.record()
    assert len(synced) == first + 1
    assert journal.file.read_bytes().endswith(b"\n")
    assert len(journal.file.read_bytes().splitlines()) == 3


def test_a_save_removes_the_journal_and_the_next_edit_starts_a_new_one(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    save.save(document)
    assert find_one(roadmap_file) is None
    document.set_notes("FR", "after the save")
    journal.record()
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    assert recovery.summary() == "1 unsaved edit found"
    assert recovery.base_text == roadmap_file.read_text()
    assert [c.describe() for c in recovery.changes()] == ["FR: notes changed"]


def test_a_journal_removed_behind_its_back_is_started_again(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("FR", "one")
    journal.record()
    journal.file.unlink()
    document.set_notes("DE", "two")
    journal.record()
    journal.close()  # the session ends, as in a crash
    assert find_one(roadmap_file).ours == document.roadmap


def test_a_truncated_last_line_is_skipped_and_reported(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    data = journal.file.read_bytes()
    journal.file.write_bytes(data[: len(data) - 25])  # a crash in the middle of the last write
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    assert recovery.summary() == "2 of 3 edits could be read (the last edit (line 4) was cut short)"
    assert recovery.ours.find("IT") is None
    assert recovery.ours.find("ID").notes == "Store tab live everywhere."
    assert recovery.usable


def test_garbage_in_the_middle_costs_only_that_line(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    lines = journal.file.read_bytes().split(b"\n")
    lines[2] = b"\x00\xff{not json"  # the notes edit of ID
    journal.file.write_bytes(b"\n".join(lines))
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    assert recovery.summary() == "2 of 3 edits could be read (line 3 is unreadable)"
    assert recovery.ours.find("DE").status == "live"
    assert recovery.ours.find("IT") is not None
    assert recovery.ours.find("ID").notes == "Testing a Store tab."


def test_a_line_of_valid_json_that_is_not_an_edit_is_skipped(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    with journal.file.open("a") as stream:
        stream.write(json.dumps({"kind": "edit", "markets": {"de": "not = [toml"}}) + "\n")
        stream.write(
            json.dumps(
                {
                    "kind": "edit",
                    "markets": {"de": '[market]\ncode = "FR"\nname = "x"\nstatus = "live"\n'},
                }
            )
            + "\n"
        )
        stream.write("[1, 2, 3]\n")
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    assert recovery.summary().startswith("3 of 6 edits could be read")
    assert recovery.ours == document.roadmap


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\n\n",
        b"garbage",
        b"\xff\xfe\x00",
        b'{"kind": "base"}\n',
        b'{"kind": "base", "base_text": "[x"}\n',
    ],
    ids=["empty", "blank-lines", "garbage", "binary", "no-base-text", "invalid-base"],
)
def test_a_journal_without_a_usable_base_is_reported_not_raised(
    roadmap_file: Path, content: bytes
) -> None:
    file = journal_path(roadmap_file)
    file.parent.mkdir(parents=True)
    file.write_bytes(content)
    recovery = find_one(roadmap_file)
    assert recovery is not None and not recovery.usable
    assert recovery.summary().startswith("a journal of unsaved edits was found but cannot be used")
    recovery.discard()
    assert find_one(roadmap_file) is None


def test_a_journal_that_cannot_be_read_is_reported(roadmap_file: Path) -> None:
    journal_path(roadmap_file).mkdir(parents=True)
    recovery = find_one(roadmap_file)
    assert "cannot read the journal: is a directory" in recovery.summary()


def test_recovery_merges_into_what_is_on_disk_now(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    three_edits(document, journal)
    by_hand = roadmap_file.read_text().replace("# Asia: live.", "# Asia: live, and growing.")
    by_hand = by_hand.replace('name = "France"', 'name = "France (métropole)"')
    roadmap_file.write_text(by_hand)
    journal.close()  # the app crashed
    del document, journal

    recovery = find_one(roadmap_file)
    theirs = recovery.theirs()
    result = recovery.merge(theirs)
    assert result.conflicts == []
    assert [c.describe() for c in result.incoming] == ["FR: name France → France (métropole)"]
    apply(result, theirs)
    save.save(theirs)
    saved = RoadmapDocument.load(roadmap_file).roadmap
    assert saved.find("DE").status == "live" and saved.find("IT") is not None
    assert saved.find("FR").name == "France (métropole)"
    assert "# Asia: live, and growing." in roadmap_file.read_text()
    assert find_one(roadmap_file) is None


def test_a_journal_that_cannot_be_written_is_one_clear_error(
    roadmap_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    document, journal = open_with_journal(roadmap_file)

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    document.set_notes("DE", "x")
    with pytest.raises(
        FileProblem,
        match=r"cannot keep the journal of unsaved edits in this folder \(the disk is full",
    ):
        journal.record()
    assert document.dirty  # the edit itself is still there


MARKET_CODES = ["GB", "DE", "FR", "ID", "NL", "US"]
edit_steps = st.lists(
    st.tuples(
        st.sampled_from(["status", "notes", "add", "remove", "undo", "tags"]),
        st.sampled_from(MARKET_CODES),
        st.text(max_size=30),
        st.integers(min_value=0, max_value=10),
    ),
    max_size=15,
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=edit_steps)
def test_any_sequence_of_edits_replays_exactly(roadmap_file: Path, steps: list) -> None:
    from roadmap_tui.errors import EditError

    journal_path(roadmap_file).unlink(missing_ok=True)
    document, journal = open_with_journal(roadmap_file)
    checkpoints = [document.checkpoint()]
    for action, code, text, number in steps:
        try:
            if action == "status":
                document.set_status(
                    code, ["planned", "paused", "live"][number % 3], note=text or None
                )
            elif action == "notes":
                document.set_notes(code, text)
            elif action == "add":
                document.add_market(
                    {"code": code, "name": text.strip() or code, "status": "planned"}
                )
            elif action == "remove":
                document.remove_market(code)
            elif action == "tags":
                document.update_market(code, tags=[text, str(number)])
            else:
                document.restore(checkpoints[number % len(checkpoints)])
        except EditError:
            continue
        checkpoints.append(document.checkpoint())
        journal.record()
    journal.close()
    journal.close()  # the session ends, as in a crash
    recovery = find_one(roadmap_file)
    if not document.dirty:
        assert recovery is None
    else:
        assert recovery.ours == document.roadmap
        assert recovery.edits_read == recovery.edits_total


def test_after_a_save_as_the_journal_follows_the_new_path(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "one")
    journal.record()
    elsewhere = roadmap_file.parent / "copy.toml"
    document.save_as(elsewhere)
    journal.record()  # the app records after every save, too
    document.set_notes("DE", "two")
    journal.record()
    assert find_one(roadmap_file) is None
    journal.close()  # the session ends, as in a crash
    recovery = find_one(elsewhere)
    assert recovery.base_text == elsewhere.read_text()
    assert recovery.ours == document.roadmap


def test_a_journal_started_after_a_save_does_not_parse_the_file_again(
    roadmap_file: Path,
) -> None:
    from roadmap_tui.safety import journal as journal_module

    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "one")
    journal.record()
    save.save(document)
    journal.record()  # clean: the journal keeps the saved roadmap it sees

    def no_parse(*args: object) -> None:
        raise AssertionError("parsed the saved text again")

    document.set_notes("DE", "two")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal_module, "parse", no_parse)
        journal.record()
    journal.close()  # the session ends, as in a crash
    assert find_one(roadmap_file).ours == document.roadmap


def test_a_journal_with_only_its_base_line_offers_nothing(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "x")
    journal.record()
    lines = journal.file.read_bytes().splitlines(keepends=True)
    journal.file.write_bytes(lines[0])  # killed between the base line and the first edit
    journal.close()
    assert find_one(roadmap_file) is None
    assert not journal.file.exists()  # nothing to give back: removed by the recovery


def test_a_live_sessions_journal_is_not_offered_and_a_second_session_has_its_own(
    roadmap_file: Path,
) -> None:
    import subprocess
    import sys

    root = Path(__file__).parents[2]
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.child", "edit-loop", str(roadmap_file), "2", "0"],
        cwd=root,
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": str(root)},
    )
    try:
        assert [child.stdout.readline() for _ in range(3)] == ["ready\n", "edit 1\n", "edit 2\n"]
        found = recovery.find(roadmap_file)
        assert (found.in_use, found.recoveries) == (1, [])
        [theirs] = journal_files(roadmap_file)
        before = theirs.read_bytes()
        document, journal = open_with_journal(roadmap_file)
        document.set_notes("DE", "a second session")
        journal.record()  # journaled, in a journal of its own
        assert journal.file != theirs and theirs.read_bytes() == before
    finally:
        child.kill()
        child.wait()
    # the live session is gone (killed): its edits are offered now, and only its edits
    found = recovery.find(roadmap_file)
    assert found.in_use == 1  # this process's session, still editing
    [offered] = found.recoveries
    assert offered.file == theirs and offered.summary() == "2 unsaved edits found"
    found.release()


def test_two_sessions_in_one_process_each_keep_their_own_journal(roadmap_file: Path) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "x")
    journal.record()
    other_document, other = open_with_journal(roadmap_file)
    other_document.set_notes("FR", "y")
    other.record()
    assert len(journal_files(roadmap_file)) == 2
    save.save(other_document, other)  # the other saves and its journal goes; ours stays
    other.record()
    assert journal_files(roadmap_file) == [journal.file]
    journal.close()  # the first session ends, as in a crash
    recovery_found = find_one(roadmap_file)
    assert recovery_found.ours == document.roadmap
    assert recovery_found.ours.find("FR").notes is None
