"""Sessions × actions: two app sessions and the CLI on one roadmap lose no edit.

Session A edits Germany's notes, session B France's, the CLI sets Indonesia's status. Each
session can edit, undo back to clean, save, quit with "discard", reload after an outside
change, or be killed (kill -9: the OS lets go of its lock; a new session takes its place).
The sessions are `EditingSession`s, what the app drives (the app adds only dialogues).

After every sequence all sessions are killed and the roadmap is judged: each value a
killed session held unsaved is in the file or offered back by `recover`; each market
holds the last value its owner saved.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.cli import main
from roadmap_tui.safety import recovery
from roadmap_tui.safety.session import Changed, Conflict, EditingSession, Merged, Reloaded, Saved
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import ROADMAP

ACTIONS = [
    "edit",
    "undo to clean",
    "save",
    "quit-discard",
    "reload after an outside change",
    "kill -9",
]


class Actor:
    """One user's session on one market, replaced by a new session when it ends."""

    def __init__(self, name: str, code: str, path: Path, world: World) -> None:
        self.name, self.code, self.path, self.world = name, code, path, world
        self.edits = 0
        self.saved = RoadmapDocument.load(path).market(code).notes
        self.session = EditingSession(RoadmapDocument.load(path))

    @property
    def notes(self) -> str | None:
        return self.session.document.market(self.code).notes

    def act(self, action: str) -> None:
        session = self.session
        if action == "edit":
            self.edits += 1
            session.document.set_notes(self.code, f"{self.name} edit {self.edits}")
            assert session.edited() is None
        elif action == "undo to clean":
            assert session.base is not None
            session.document.set_notes(self.code, session.base.find(self.code).notes)
            assert session.edited() is None
        elif action == "save":
            self.save()
        elif action == "quit-discard":
            session.discard()
            self.restart()
        elif action == "reload after an outside change":
            self.world.outside_change()
            self.follow_the_file()
        elif action == "kill -9":
            self.kill()
        else:  # pragma: no cover
            raise AssertionError(action)

    def save(self) -> None:
        outcome = self.session.save()
        if isinstance(outcome, Conflict):  # someone saved first: merge, then save
            self.follow_the_file()
            outcome = self.session.save()
        assert isinstance(outcome, Saved), outcome
        self.saved = self.notes

    def follow_the_file(self) -> None:
        if not isinstance(self.session.look(), Changed):
            return
        if self.session.document.dirty:
            merged = self.session.merge_with_disk()
            assert isinstance(merged, Merged) and merged.result.clean, merged
            self.session.adopt(merged.theirs, merged.base)
        else:
            reloaded = self.session.reload()
            assert isinstance(reloaded, Reloaded), reloaded
            self.session.adopt(reloaded.document)

    def kill(self) -> None:
        if self.session.document.dirty:
            self.world.unsaved.append((self.code, self.notes))
        self.session.close()  # what the OS does for a killed process
        self.restart()

    def restart(self) -> None:
        self.session = EditingSession(RoadmapDocument.load(self.path))


class World:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.unsaved: list[tuple[str, str | None]] = []  # held by killed sessions
        self.cli_sets = 0
        self.actors = {
            name: Actor(name, code, path, self) for name, code in (("A", "DE"), ("B", "FR"))
        }

    def outside_change(self) -> None:
        """The CLI changes Indonesia (a `set`, as a colleague's script would)."""
        self.cli_sets += 1
        status = "paused" if self.cli_sets % 2 else "live"
        assert main(["set", str(self.path), "ID", status, "--note", f"cli {self.cli_sets}"]) == 0

    def play_and_check(self, steps: list[tuple[str, str]]) -> None:
        for who, action in steps:
            if who == "CLI":
                self.outside_change()
            else:
                self.actors[who].act(action)
        for actor in self.actors.values():
            actor.kill()
        self.check_no_edit_lost(steps)

    def check_no_edit_lost(self, steps: list[tuple[str, str]]) -> None:
        found = recovery.find(self.path)
        try:
            assert found.in_use == 0, steps
            on_disk = RoadmapDocument.load(self.path).roadmap
            for actor in self.actors.values():
                assert on_disk.find(actor.code).notes == actor.saved, (steps, actor.name)
            for code, notes in self.unsaved:
                kept = {on_disk.find(code).notes}
                kept |= {r.ours.find(code).notes for r in found.recoveries if r.ours is not None}
                assert notes in kept, (steps, code, notes, "lost")
            expected_status = (
                None if not self.cli_sets else ("paused" if self.cli_sets % 2 else "live")
            )
            if expected_status is not None:
                assert on_disk.find("ID").status == expected_status, steps
        finally:
            found.release()


def check_in_a_fresh_place(steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        saved = os.environ.get("ROADMAP_TUI_STATE_DIR")
        os.environ["ROADMAP_TUI_STATE_DIR"] = os.path.join(directory, "state")
        try:
            path = Path(directory) / "roadmap.toml"
            path.write_text(ROADMAP)
            World(path).play_and_check(steps)
        finally:
            if saved is None:
                os.environ.pop("ROADMAP_TUI_STATE_DIR", None)
            else:
                os.environ["ROADMAP_TUI_STATE_DIR"] = saved


@pytest.mark.parametrize(("first", "second"), itertools.product(ACTIONS, repeat=2))
def test_every_pair_of_actions_by_two_sessions_and_the_cli_loses_no_edit(
    first: str, second: str
) -> None:
    # both have unsaved edits; A acts, the CLI changes the file, B acts, then both again
    check_in_a_fresh_place(
        [
            ("A", "edit"),
            ("B", "edit"),
            ("A", first),
            ("CLI", "set"),
            ("B", second),
            ("A", "edit"),
            ("B", first),
            ("A", second),
        ]
    )


@settings(max_examples=120, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["A", "B", "CLI"]), st.sampled_from(ACTIONS)),
        max_size=14,
    )
)
def test_any_sequence_of_actions_loses_no_edit(steps: list[tuple[str, str]]) -> None:
    check_in_a_fresh_place(steps)
