"""Pictures of each modal screen at an explicit size, in a small host app.

Update with `pytest tests/ui_modals/test_snapshots.py --snapshot-update`, then look at
the SVGs before committing them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from roadmap_tui.model import Market, Status
from roadmap_tui.ui.screens.confirm import Confirm
from roadmap_tui.ui.screens.market_form import MarketForm
from roadmap_tui.ui.screens.notes_editor import NotesEditor
from roadmap_tui.ui.screens.status_picker import StatusPicker
from roadmap_tui.workflow import build_workflow
from tests.ui_modals.host import HostApp

GERMANY = Market(
    code="DE",
    name="Germany",
    status=Status.PAUSED,
    region="Europe",
    owner="Anna",
    since=date(2022, 7, 1),
    target=date(2026, 3, 31),
    tags=["live-shopping", "store-tab"],
    notes=(
        "Paused in July 2022 with France, Italy, Spain and the US: the UK live-shopping "
        "pilot (the December 2021 'On Trend' event) drew small audiences.\n"
        "\n"
        "Revisit once the Store tab test in Indonesia reports. 日本語 and emoji 🙂 welcome."
    ),
)
TAKEN = {"de", "fr", "it", "es", "us", "uk", "id"}
TODAY = date(2022, 7, 10)  # the picker's default date: fixed, so the pictures are
INDONESIA = Market(code="ID", name="Indonesia", status="testing", region="Asia")
STAGES = build_workflow(
    [
        ("exploring", "secondary", "◌"),
        ("planned", None, None),
        ("testing", "accent", "◑"),
        ("live", None, None),
        ("paused", None, None),
        ("exited", "#c2410c", "✕"),
    ]
)


def host(make_screen: Callable[[], Screen[Any]], theme: str | None = None) -> HostApp:
    return HostApp(make_screen, theme=theme)


async def steady(pilot: Pilot[None]) -> None:
    """No blinking cursor in a picture."""
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, HostApp)
    app.stop_blinking()


def test_status_picker(snap_compare: Any) -> None:
    app = host(lambda: StatusPicker(GERMANY, today=TODAY))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_status_picker_with_note(snap_compare: Any) -> None:
    app = host(lambda: StatusPicker(GERMANY, today=TODAY))
    assert snap_compare(
        app, press=["3", *"Store tab test"], terminal_size=(80, 24), run_before=steady
    )


def test_status_picker_current_status_light(snap_compare: Any) -> None:
    app = host(lambda: StatusPicker(GERMANY, today=TODAY), theme="textual-light")
    assert snap_compare(app, press=["2"], terminal_size=(80, 24), run_before=steady)


# the date beside the note: a change recorded on 10 July that happened on 5 July
DATED = ["3", *"Store tab test", "tab", *"2022-07-05"]


def test_status_picker_with_a_date(snap_compare: Any) -> None:
    app = host(lambda: StatusPicker(GERMANY, today=TODAY))
    assert snap_compare(app, press=DATED, terminal_size=(80, 24), run_before=steady)


def test_status_picker_with_a_date_wide(snap_compare: Any) -> None:
    app = host(lambda: StatusPicker(GERMANY, today=TODAY))
    assert snap_compare(app, press=DATED, terminal_size=(160, 50), run_before=steady)


def test_status_picker_of_a_declared_workflow(snap_compare: Any) -> None:
    """Six statuses in the file's order, each with its glyph and colour, digits 1-6."""
    app = host(lambda: StatusPicker(INDONESIA, STAGES, today=TODAY))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_notes_editor(snap_compare: Any) -> None:
    app = host(lambda: NotesEditor(GERMANY))
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_notes_editor_asks_before_discarding(snap_compare: Any) -> None:
    app = host(lambda: NotesEditor(GERMANY))
    assert snap_compare(app, press=["x", "escape"], terminal_size=(80, 24), run_before=steady)


def test_add_market_form_with_validation_errors(snap_compare: Any) -> None:
    app = host(lambda: MarketForm(TAKEN))
    keys = ["d", "e", "tab", "tab", "tab", "tab", "tab", *"2026-02-30", "ctrl+s"]
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=steady)


# the edit form's `since`, corrected to the day Germany really paused
SINCE = ["tab", "tab", "tab", "tab", "tab", *"2022-07-05"]


def test_edit_market_form_with_since(snap_compare: Any) -> None:
    app = host(lambda: MarketForm(TAKEN, GERMANY))
    assert snap_compare(app, press=SINCE, terminal_size=(80, 24), run_before=steady)


def test_edit_market_form_with_since_wide(snap_compare: Any) -> None:
    app = host(lambda: MarketForm(TAKEN, GERMANY))
    assert snap_compare(app, press=SINCE, terminal_size=(160, 50), run_before=steady)


def test_edit_market_form_wide(snap_compare: Any) -> None:
    app = host(lambda: MarketForm(TAKEN, GERMANY))
    assert snap_compare(app, terminal_size=(200, 60), run_before=steady)


def test_confirm_delete(snap_compare: Any) -> None:
    app = host(
        lambda: Confirm(
            "Delete DE Germany?", [("d", "Delete", "delete"), ("escape", "Cancel", "cancel")]
        )
    )
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


def test_confirm_quit_light(snap_compare: Any) -> None:
    choices = [("s", "Save", "save"), ("d", "Discard", "discard"), ("escape", "Cancel", "cancel")]
    app = host(lambda: Confirm("Unsaved changes in tiktok_shop.toml:", choices), "textual-light")
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)
