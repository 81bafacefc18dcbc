"""The compare screen: what changed between a snapshot and the roadmap as it is in the app.

The same changes `roadmap-tui diff SNAPSHOT ROADMAP` prints, from the same `RoadmapDiff`:
summary first, then each market (by code) with its status change, other fields, history
and a diff of its notes. User text is shown as typed, never as markup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from roadmap_tui import wording
from roadmap_tui.share.diff import MarketChange, RoadmapDiff
from roadmap_tui.ui.text import visible
from roadmap_tui.ui.widgets.footer import RoadmapFooter
from roadmap_tui.ui.widgets.header import RoadmapHeader
from roadmap_tui.ui.widgets.status import look_of, status_content_style

_MUTED = "$text-muted"
_HEADING = "bold $text-secondary"
_ADDED = "$text-success"
_REMOVED = "$text-error"
Part = str | tuple[str, str]


def _label(change: MarketChange) -> str:
    return visible(wording.market_label(change.code, change.name))


def _status_parts(change: MarketChange) -> list[Part]:
    delta = change.status
    assert delta is not None
    parts: list[Part] = [
        ("  status  ", _MUTED),
        (visible(delta.old), status_content_style(look_of(delta.old))),
        " → ",
        (visible(delta.new), status_content_style(look_of(delta.new))),
    ]
    detail = wording.status_detail(delta.at, delta.note)
    if detail:
        parts.append((f"  ({visible(detail)})", _MUTED))
    return [*parts, "\n"]


def _market_parts(change: MarketChange) -> list[Part]:
    if change.added:
        assert change.new is not None
        return [
            ("+ ", f"bold {_ADDED}"),
            (_label(change), "bold"),
            (f"  {wording.added_text(change.new.status)}", _ADDED),
            "\n",
        ]
    if change.removed:
        assert change.old is not None
        return [
            ("- ", f"bold {_REMOVED}"),
            (_label(change), "bold"),
            (f"  {wording.removed_text(change.old.status)}", _REMOVED),
            "\n",
        ]
    parts: list[Part] = [("Δ ", "bold"), (_label(change), "bold"), "\n"]
    if change.status is not None:
        parts += _status_parts(change)
    for item in change.fields:
        parts += [
            (f"  {visible(item.field)}  ", _MUTED),
            visible(wording.value_text(item.old)),
            " → ",
            visible(wording.value_text(item.new)),
            "\n",
        ]
    if change.history_changed:
        parts += [("  history  ", _MUTED), "entries edited or removed", "\n"]
    if change.notes_diff:
        parts += [("  notes", _MUTED), "\n"]
        for line in change.notes_diff:
            style = _ADDED if line.startswith("+") else _REMOVED if line.startswith("-") else ""
            style = _MUTED if line.startswith("@@") else style
            parts += [("    " + visible(line), style) if style else "    " + visible(line), "\n"]
    return parts


def comparison(difference: RoadmapDiff, against: str) -> Content:
    """The whole comparison as styled content: what it is against, summary, then markets."""
    parts: list[Part] = [
        ("Compared with ", _MUTED),
        visible(against),
        "\n",
        (visible(difference.summary()), "bold"),
        "\n",
    ]
    if difference.roadmap_fields:
        parts += ["\n", ("Roadmap", _HEADING), "\n"]
        for item in difference.roadmap_fields:
            parts += [
                (f"  {item.field}  ", _MUTED),
                visible(wording.value_text(item.old)),
                " → ",
                visible(wording.value_text(item.new)),
                "\n",
            ]
    if difference.markets:
        parts += ["\n", ("Markets", _HEADING), ("  by code", _MUTED), "\n"]
    for change in difference.markets:
        parts += _market_parts(change)
    if not difference:
        parts += ["\n", ("The roadmap is as it was when the snapshot was taken.", _MUTED)]
    return Content.assemble(*parts).rstrip()


class CompareScreen(Screen[None]):
    """The changes since a snapshot; `esc` goes back to the roadmap, whose table keeps the
    Δ marks on changed rows until `C` clears them."""

    CSS_PATH = "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back to the roadmap", key_display="esc"),
    ]

    def __init__(self, difference: RoadmapDiff, against: str) -> None:
        super().__init__()
        self.difference = difference
        self.against = against

    def compose(self) -> ComposeResult:
        yield RoadmapHeader()
        with VerticalScroll(id="compare-body"):
            yield Static(comparison(self.difference, self.against), id="compare-text")
        yield RoadmapFooter()

    def on_mount(self) -> None:
        self.sub_title = "compare with snapshot"
        self.query_one("#compare-body").focus()  # arrows and page keys scroll

    def action_back(self) -> None:
        """Back to the roadmap (the marks stay)."""
        self.dismiss(None)

    @property
    def text(self) -> str:
        """The comparison's words, as shown."""
        return comparison(self.difference, self.against).plain
