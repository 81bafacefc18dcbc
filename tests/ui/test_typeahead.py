"""Typeahead: keys typed faster than screens open land where they were meant to.

The keys are posted all at once, as a terminal delivers them when the app is busy, so
no key waits for the one before it to be handled (pilot.press would wait)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual import events

from roadmap_tui.model import Status
from roadmap_tui.ui.launch import make_app

SAMPLE = Path(__file__).parents[2] / "sample_roadmaps" / "tiktok_shop.toml"


async def test_a_status_and_note_typed_in_one_burst_keep_every_character(tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.toml"
    shutil.copy(SAMPLE, roadmap)
    app = make_app(roadmap, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "s")
        await pilot.pause()
        for key in ["3", *"Back on", "enter"]:
            character = "\r" if key == "enter" else key
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.document is not None
        germany = app.document.market("DE")
        assert germany.status is Status.LIVE
        assert germany.history[-1].note == "Back on"


async def test_the_key_that_opens_the_picker_and_the_keys_after_it_in_one_burst(
    tmp_path: Path,
) -> None:
    """`s`, `3` and the note typed in one go: the picker is not even mounted when `3` and
    the note arrive; they wait for it, in order, instead of going to the table."""
    roadmap = tmp_path / "roadmap.toml"
    shutil.copy(SAMPLE, roadmap)
    app = make_app(roadmap, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down")
        await pilot.pause()
        for key in ["s", "3", *"Back on", "enter"]:
            app.post_message(events.Key(key, "\r" if key == "enter" else key))
        for _ in range(4):
            await pilot.pause()
        assert app.document is not None
        germany = app.document.market("DE")
        assert germany.status is Status.LIVE
        assert germany.history[-1].note == "Back on"
