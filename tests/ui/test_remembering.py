"""Choices written to the config file in the background: none is lost, the last wins."""

from __future__ import annotations

from pathlib import Path

from textual.message_pump import MessagePump

from roadmap_tui.ui.remembering import Remembering


def test_a_choice_made_just_before_closing_is_written(tmp_path: Path) -> None:
    written: list[str] = []
    remembering = Remembering(MessagePump(), tmp_path / "config.toml")
    remembering.remember("sort", lambda _path: written.append("name"), "not remembered")
    remembering.close()  # at once: the write does not wait for its moment
    assert written == ["name"]


def test_finish_writes_the_latest_choice_of_each_kind(tmp_path: Path) -> None:
    written: list[tuple[str, Path]] = []
    path = tmp_path / "config.toml"
    remembering = Remembering(MessagePump(), path)
    for column in ("code", "name", "region"):
        remembering.remember("sort", lambda at, column=column: written.append((column, at)), "")
    remembering.remember("theme", lambda at: written.append(("nord", at)), "")
    remembering.finish()
    assert written[-2:] == [("region", path), ("nord", path)]
    assert {column for column, _at in written} <= {"code", "name", "region", "nord"}
    remembering.remember("sort", lambda at: written.append(("owner", at)), "")
    remembering.close()
    assert written[-1] == ("owner", path)
