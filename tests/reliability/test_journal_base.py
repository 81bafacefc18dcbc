"""The journal keeps its base beside it and the touched markets' base states in its lines,
so journaling and finding edits cost what the edits touched, not the roadmap's size.

Counted, not timed (the timings are `benchmarks/bench_edit.py`'s). Each way the base can
be missing — the copy gone, the file changed, the file deleted — still gives every edit
back, and journals of the previous format (the base's text in the first line) still read.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import EditError, RoadmapError
from roadmap_tui.model import to_toml_dict
from roadmap_tui.safety import lines, recovery
from roadmap_tui.safety import recovery as recovery_module
from roadmap_tui.safety.journal import Journal, journal_dir
from roadmap_tui.safety.merge import Take, apply, diff, merge, resolve_all
from roadmap_tui.store import RoadmapDocument, files
from roadmap_tui.store import document as document_module
from tests.core.helpers import many_markets
from tests.journals import find_one, journal_path
from tests.reliability.helpers import ROADMAP, fixed_clock


@contextmanager
def counted(owner: Any, name: str) -> Iterator[mock.MagicMock]:
    """Count the calls of `owner.name` while it keeps doing what it did."""
    real = getattr(owner, name)
    with mock.patch.object(owner, name, side_effect=real) as spy:
        yield spy


def open_with_journal(path: Path) -> tuple[RoadmapDocument, Journal]:
    document = RoadmapDocument.load(path, clock=fixed_clock)
    return document, Journal.open(document)


def journal_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in journal_path(path).read_bytes().splitlines()]


def base_copies(path: Path) -> list[Path]:
    return sorted(journal_dir(path).glob("*.base"))


def big_roadmap(tmp_path: Path, count: int) -> Path:
    path = tmp_path / f"roadmap-{count}.toml"
    path.write_text(many_markets(count), encoding="utf-8")
    return path


# -- the journal: a copy of the base beside it, states in its lines -------------------


@pytest.mark.parametrize("count", [20, 400])
def test_the_first_edit_copies_the_base_beside_a_journal_of_a_few_lines(
    tmp_path: Path, count: int
) -> None:
    path = big_roadmap(tmp_path, count)
    document, journal = open_with_journal(path)
    with counted(lines, "_market_toml") as dumps:
        document.set_notes("M00007", "one edit")
        journal.record()
    assert dumps.call_count == 2  # the market as edited, and as the base holds it
    header, edit = journal_lines(path)
    [copy] = base_copies(path)
    assert copy.read_bytes() == path.read_bytes()
    assert header["base_copy"] == copy.name and "base_text" not in header
    assert header["base_sha256"] == files.sha256(path.read_bytes())
    assert set(edit["markets"]) == set(edit["base"]) == {"m00007"}
    # whatever the roadmap's size, the journal holds what the edit touched
    assert journal_path(path).stat().st_size < 3_000


def test_the_base_is_written_from_memory_when_the_file_changed_since_it_was_read(
    roadmap_file: Path,
) -> None:
    document, journal = open_with_journal(roadmap_file)
    roadmap_file.write_text(ROADMAP + "# a change the app has not seen yet\n")
    document.set_notes("DE", "mine")
    journal.record()
    [copy] = base_copies(roadmap_file)
    assert copy.read_text() == ROADMAP  # what the edits started from, not the file now


def test_an_undo_and_a_redo_of_a_bulk_edit_name_states_the_journal_holds(
    tmp_path: Path,
) -> None:
    path = big_roadmap(tmp_path, 60)
    document, journal = open_with_journal(path)
    document.set_notes("M00059", "first")
    journal.record()
    before = document.checkpoint()
    for market in document.markets[:50]:
        document.set_notes(market.code, f"bulk {market.code}")
    journal.record()
    bulk = document.checkpoint()
    with counted(lines, "_market_toml") as dumps:
        document.restore(before)  # undo
        journal.record()
        document.restore(bulk)  # redo
        journal.record()
    assert dumps.call_count == 0
    *_, undo, redo = journal_lines(path)
    assert undo["markets"] == {} and set(undo["same"].values()) == {0}
    assert len(undo["same"]) == 50
    assert redo["markets"] == {} and set(redo["same"].values()) == {2}  # the bulk edit
    journal.close()  # the session ends, as in a crash
    found = find_one(path)
    assert found is not None and found.ours == document.roadmap
    assert len(found.changes()) == 51


# -- finding: nothing read whole while the file is the base ---------------------------


@pytest.mark.parametrize("count", [20, 400])
def test_find_reads_only_the_states_of_the_markets_the_edits_touched(
    tmp_path: Path, count: int
) -> None:
    path = big_roadmap(tmp_path, count)
    document, journal = open_with_journal(path)
    document.set_status("M00003", "live", note="a")
    journal.record()
    document.set_notes("M00005", "b")
    journal.record()
    journal.close()  # the session ends, as in a crash
    with (
        counted(recovery_module, "parse") as bases,
        counted(document_module, "parse") as files_read,
        counted(lines, "market_state") as states,
    ):
        found = recovery.find(path)
    assert bases.call_count == files_read.call_count == 0
    assert states.call_count == 4  # two markets, each as edited and as the base held it
    [offered] = found.recoveries
    assert offered.summary() == "2 unsaved edits found"
    assert [change.code for change in offered.changes()] == ["M00003", "M00005"]
    assert offered.ours == document.roadmap  # the whole roadmap, read when asked for
    found.release()


def test_reapplying_in_the_app_reads_nothing_again_when_the_file_is_the_base(
    roadmap_file: Path,
) -> None:
    from roadmap_tui.safety.session import EditingSession, Merged

    crashed, journal = open_with_journal(roadmap_file)
    crashed.set_notes("FR", "recovered")
    journal.record()
    journal.close()
    session = EditingSession(RoadmapDocument.load(roadmap_file, clock=fixed_clock))
    [offered] = session.recoveries().recoveries
    with (
        counted(document_module, "parse") as files_read,
        counted(recovery_module, "parse") as bases,
    ):
        merged = session.merge_recovery(offered)
    assert files_read.call_count == bases.call_count == 0
    assert isinstance(merged, Merged) and merged.result.clean
    assert merged.theirs.roadmap == crashed.roadmap
    session.take_over(offered, merged.theirs, merged.base)
    session.close()


# -- the base missing, one way or another --------------------------------------------


def crash_with_edits(path: Path) -> RoadmapDocument:
    document, journal = open_with_journal(path)
    document.set_status("DE", "live", note="restart")
    journal.record()
    document.set_notes("FR", "ours")
    journal.record()
    journal.close()  # the session ends, as in a crash
    return document


def test_a_deleted_file_comes_back_from_the_base_copy(roadmap_file: Path) -> None:
    edited = crash_with_edits(roadmap_file)
    roadmap_file.unlink()
    offered = find_one(roadmap_file)
    assert offered is not None
    theirs = offered.theirs()
    assert theirs.text == ROADMAP
    apply(offered.merge(theirs), theirs)
    assert theirs.text == edited.text


def test_without_the_copy_a_changed_file_still_merges_every_edit_and_conflict(
    roadmap_file: Path,
) -> None:
    edited = crash_with_edits(roadmap_file)
    for copy in base_copies(roadmap_file):
        copy.unlink()
    changed = ROADMAP.replace(
        'code = "FR"\nname = "France"', 'code = "FR"\nname = "France"\nnotes = "theirs"'
    )
    changed = changed.replace('region = "Asia"', 'region = "Asia"\nowner = "SEA"')
    roadmap_file.write_text(changed)
    offered = find_one(roadmap_file)
    assert offered is not None and offered.base is None  # neither the copy nor the file
    assert [c.code for c in offered.changes()] == ["DE", "FR"]
    theirs = offered.theirs()
    result = offered.merge(theirs)
    base = RoadmapDocument.from_text(ROADMAP).roadmap
    whole = merge(base, edited.roadmap, theirs.roadmap)  # what a merge with the base gives
    assert result.merged_changes == whole.merged_changes
    assert result.conflicts == whole.conflicts
    assert [c.field for c in result.conflicts] == ["notes"]
    apply(result, theirs, resolve_all(result, Take.OURS))
    assert theirs.roadmap.find("DE") == edited.roadmap.find("DE")
    assert theirs.roadmap.find("FR").notes == "ours"
    assert theirs.roadmap.find("ID").owner == "SEA"  # their change kept


def test_a_copy_that_is_not_the_base_is_not_taken_for_it(roadmap_file: Path) -> None:
    crash_with_edits(roadmap_file)
    [copy] = base_copies(roadmap_file)
    copy.write_text(ROADMAP.replace("Germany", "Allemagne"))
    roadmap_file.write_text(ROADMAP.replace("France", "Frankreich"))
    offered = find_one(roadmap_file)
    assert offered is not None and offered.base_text is None
    result = offered.merge(offered.theirs())
    assert [c.code for c in result.merged_changes] == ["DE", "FR"]


def test_copies_no_journal_needs_are_swept_and_a_live_sessions_is_kept(
    roadmap_file: Path,
) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "live session")
    journal.record()
    [live] = base_copies(roadmap_file)
    # a session that died between copying its base and putting its first journal in place
    dead = journal_dir(roadmap_file) / "123-dead.0123456789abcdef.base"
    dead.write_text(ROADMAP)
    (journal_dir(roadmap_file) / "123-dead.lock").write_text("")
    found = recovery.find(roadmap_file)
    assert found.in_use == 1 and found.recoveries == []
    assert base_copies(roadmap_file) == [live]
    assert not (journal_dir(roadmap_file) / "123-dead.lock").exists()
    journal.discard()
    assert base_copies(roadmap_file) == []


def test_a_line_that_names_an_unreadable_line_is_reported_and_later_lines_replay(
    roadmap_file: Path,
) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("GB", "one")
    journal.record()
    document.set_notes("FR", "two")
    journal.record()
    two = document.checkpoint()
    document.set_notes("FR", "three")
    journal.record()
    document.restore(two)  # names line 3's state of FR
    journal.record()
    document.set_notes("ID", "five")
    journal.record()
    journal.close()
    raw = journal_path(roadmap_file).read_bytes().splitlines(keepends=True)
    raw[2] = b"garbage\n"  # line 3 (the FR edit it names)
    journal_path(roadmap_file).write_bytes(b"".join(raw))
    offered = find_one(roadmap_file)
    assert offered is not None
    assert offered.summary() == (
        "3 of 5 edits could be read (line 3 is unreadable; edit on line 5 cannot be used)"
    )
    assert offered.ours is not None
    assert offered.ours.find("GB").notes == "one" and offered.ours.find("ID").notes == "five"


def test_a_lost_line_and_a_lost_base_are_said_in_one_sentence_never_merged_wrong(
    roadmap_file: Path,
) -> None:
    document, journal = open_with_journal(roadmap_file)
    document.set_notes("DE", "first")
    journal.record()
    document.set_notes("DE", "second")
    journal.record()
    journal.close()  # the session ends, as in a crash
    raw = journal_path(roadmap_file).read_bytes().splitlines(keepends=True)
    raw[1] = b"garbage\n"  # the line that held DE's base state; the next holds its edit
    journal_path(roadmap_file).write_bytes(b"".join(raw))
    for copy in base_copies(roadmap_file):
        copy.unlink()
    roadmap_file.write_text(ROADMAP.replace("France", "Frankreich"))
    offered = find_one(roadmap_file)
    assert offered is not None and offered.base_states is None
    assert offered.summary() == "1 of 2 edits could be read (line 2 is unreadable)"
    assert not offered.usable  # shown, and nothing offered to re-apply
    with pytest.raises(RoadmapError) as error:
        offered.merge(offered.theirs())
    assert str(error.value) == (
        f"{roadmap_file}: the unsaved edits cannot be merged: a line of their journal cannot "
        "be read, and the version they started from is no longer kept"
    )


# -- journals of the previous format ---------------------------------------------------


def version_1_journal(path: Path, edited: RoadmapDocument) -> Path:
    """A journal as the previous version wrote it: the base's text in its first line."""
    base = RoadmapDocument.from_text(ROADMAP).roadmap
    states = {
        market.key: tomli_w.dumps({"market": to_toml_dict(market)})
        for market in edited.markets
        if market != base.find(market.code)
    }
    records = [
        {
            "journal": 1,
            "kind": "base",
            "path": str(path),
            "base_sha256": files.sha256(ROADMAP.encode()),
            "started": "2022-07-05T09:30:00+00:00",
            "base_text": ROADMAP,
        },
        {"kind": "edit", "n": 1, "markets": states},
    ]
    file = journal_dir(path) / "999-oldformat.jsonl"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(b"".join(lines.encode(record) for record in records))
    return file


def test_a_journal_of_the_previous_format_is_read_and_re_applied(roadmap_file: Path) -> None:
    edited = RoadmapDocument.load(roadmap_file, clock=fixed_clock)
    edited.set_status("DE", "live", note="restart")
    edited.set_notes("FR", "old format")
    version_1_journal(roadmap_file, edited)
    roadmap_file.write_text(ROADMAP.replace('region = "Asia"', 'region = "SEA"'))
    offered = find_one(roadmap_file)
    assert offered is not None and offered.summary() == "1 unsaved edit found"
    assert offered.base_text == ROADMAP and offered.ours == edited.roadmap
    assert [c.code for c in offered.changes()] == ["DE", "FR"]
    theirs = offered.theirs()
    result = offered.merge(theirs)
    assert [c.describe() for c in result.incoming] == ["ID: region Asia → SEA"]
    apply(result, theirs)
    assert theirs.roadmap.find("FR").notes == "old format"
    assert theirs.roadmap.find("ID").region == "SEA"
    offered.discard()
    assert find_one(roadmap_file) is None


# -- the changes told without the base are the changes with it -------------------------


def fresh_roadmap(tmp_path: Path) -> Path:
    """The example roadmap at a path of its own: one hypothesis example's journals are
    never another's (they live by the roadmap's path)."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "roadmap.toml"
    path.write_text(ROADMAP)
    return path


CODES = ["GB", "DE", "FR", "ID", "NL"]
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["status", "notes", "add", "remove", "undo"]),
        st.sampled_from(CODES),
        st.integers(min_value=0, max_value=10),
    ),
    max_size=12,
)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_the_changes_told_without_the_base_are_the_changes_with_it(
    tmp_path: Path, steps: list[tuple[str, str, int]]
) -> None:
    roadmap_file = fresh_roadmap(tmp_path)
    document, journal = open_with_journal(roadmap_file)
    checkpoints = [document.checkpoint()]
    for action, code, number in steps:
        try:
            if action == "status":
                document.set_status(code, ["planned", "paused", "live"][number % 3])
            elif action == "notes":
                document.set_notes(code, f"notes {number}")
            elif action == "add":
                document.add_market({"code": code, "name": code, "status": "planned"})
            elif action == "remove":
                document.remove_market(code)
            else:
                document.restore(checkpoints[number % len(checkpoints)])
        except EditError:
            continue
        checkpoints.append(document.checkpoint())
        journal.record()
    journal.close()  # the session ends, as in a crash
    found = find_one(roadmap_file)
    if found is None:
        assert not document.dirty or not diff(checkpoints[0].roadmap, document.roadmap)
        return
    assert found.base_states is not None  # told from the lines alone
    told = [change.describe() for change in found.changes()]
    assert found.base is not None and found.ours == document.roadmap
    whole = [change.describe() for change in diff(found.base, found.ours)]
    assert told == whole  # and in the same order
    found.discard()


def apply_steps(document: RoadmapDocument, steps: list[tuple[str, str, int]], tag: str) -> None:
    for action, code, number in steps:
        try:
            if action == "status":
                document.set_status(code, ["planned", "paused", "live"][number % 3])
            elif action == "notes":
                document.set_notes(code, f"{tag} {number}")
            elif action == "add":
                document.add_market({"code": code, "name": f"{tag} {code}", "status": "planned"})
            elif action == "remove":
                document.remove_market(code)
        except EditError:
            continue


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(ours=STEPS, theirs=STEPS)
def test_a_merge_without_the_base_settles_what_a_merge_with_it_settles(
    tmp_path: Path, ours: list[tuple[str, str, int]], theirs: list[tuple[str, str, int]]
) -> None:
    roadmap_file = fresh_roadmap(tmp_path)
    document, journal = open_with_journal(roadmap_file)
    apply_steps(document, ours, "ours")
    journal.record()
    journal.close()  # the session ends, as in a crash
    for copy in base_copies(roadmap_file):
        copy.unlink()  # the base is gone: only the journal's states are left
    other = RoadmapDocument.load(roadmap_file, clock=fixed_clock)
    apply_steps(other, theirs, "theirs")
    other.save()
    found = find_one(roadmap_file)
    base = RoadmapDocument.from_text(ROADMAP).roadmap
    on_disk = RoadmapDocument.load(roadmap_file)
    whole = merge(base, document.roadmap, on_disk.roadmap)
    if found is None:  # nothing to give back: the file holds every edit already
        assert not whole.merged_changes and not whole.conflicts
    else:
        result = found.merge(on_disk)
        assert found.base is None or other.text == ROADMAP
        assert result.merged_changes == whole.merged_changes
        assert result.conflicts == whole.conflicts
        found.discard()
