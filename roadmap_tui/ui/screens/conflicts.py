"""The conflict screen: fields both the app and the file on disk changed, side by side.

One conflict at a time: base (the version both started from), theirs (the file on disk)
and ours (the app's unsaved edit) in three columns. The user takes theirs or ours per
field, or writes the notes by hand; nothing is merged until every conflict is settled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from roadmap_tui.model import Market, Status
from roadmap_tui.safety.merge import Conflict, Edited, Resolution, Take
from roadmap_tui.store.render import render_market
from roadmap_tui.ui.screens.unasked import UnaskedQuestion
from roadmap_tui.ui.text import visible

Resolutions = dict[tuple[str, str | None], Resolution]

# The columns, left to right: which side, its heading.
SIDES: tuple[tuple[str, str], ...] = (
    ("base", "Before both edits"),
    ("theirs", "On disk (theirs)"),
    ("ours", "In the app (yours)"),
)
# The same columns for a file left in a conflicted git merge.
GIT_SIDES: tuple[tuple[str, str], ...] = (
    ("base", "Before both branches"),
    ("theirs", "Theirs (merged in)"),
    ("ours", "Ours (your branch)"),
)


def show_value(value: Any, field: str | None) -> str:
    """A conflicting value as plain text for its column (never markup)."""
    if field is None:  # a whole market: removed on one side, edited on the other
        return "(removed)" if value is None else render_market(dict(value)).strip()
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if field == "history" and isinstance(value, list):
        return "\n".join(_history_line(entry) for entry in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _history_line(entry: Any) -> str:
    if not isinstance(entry, Mapping):
        return str(entry)
    at = entry.get("at")
    when = at.isoformat() if isinstance(at, (date, datetime)) else str(at)
    line = f"{when} {entry.get('from', '?')} → {entry.get('to', '?')}"
    return line + (f": {entry['note']}" if entry.get("note") else "")


def conflict_title(conflict: Conflict) -> str:
    """`DE · notes`, or `DE · the whole market` when one side removed it."""
    what = conflict.field if conflict.field is not None else "the whole market"
    return f"{conflict.code} · {what}"


class ConflictScreen(UnaskedQuestion, ModalScreen[Resolutions | None]):
    """Settle each conflict; dismisses with every resolution, or None for "later".

    `t` takes the file's value, `o` the app's, `e` writes the notes by hand; ← → move
    between conflicts; enter merges once all are settled; esc leaves them unsettled
    (the app keeps its edits unsaved and asks again at the next save)."""

    CSS_PATH = "conflicts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "take('theirs')", "Take theirs", id="conflict.theirs"),
        Binding("o", "take('ours')", "Take yours", id="conflict.ours"),
        Binding("e", "edit_by_hand", "Edit notes", id="conflict.edit"),
        Binding("left", "step(-1)", "Previous", key_display="←", id="conflict.previous"),
        Binding("right", "step(1)", "Next", key_display="→", id="conflict.next"),
        Binding("enter,ctrl+s", "merge", "Merge", id="conflict.merge"),
        Binding("escape", "later", "Later", key_display="esc", id="conflict.later"),
    ]

    def __init__(
        self,
        conflicts: Sequence[Conflict],
        names: Mapping[str, str] | None = None,
        source: str = "the file on disk",
        sides: tuple[tuple[str, str], ...] = SIDES,
    ) -> None:
        super().__init__()
        self.sides = sides
        self.conflicts = list(conflicts)
        self.names = dict(names or {})
        self.source = source
        self.resolutions: Resolutions = {}
        self.index = 0

    def compose(self) -> ComposeResult:
        # Kept as attributes, not queried: the first `show_conflict` may run before the
        # nested widgets are mounted (seen with a 10,000-market roadmap behind it).
        self._heading = Static(id="conflict-heading", markup=False)
        self._progress_line = Static(id="conflict-progress", markup=False)
        self._sides: dict[str, tuple[Vertical, Label, Static]] = {}
        with Vertical(id="conflict-dialog") as dialog:
            count = len(self.conflicts)
            dialog.border_title = Content(f"{count} conflict{'s' if count != 1 else ''}")
            dialog.border_subtitle = Content(f"with {visible(self.source)}")
            yield self._heading
            with Horizontal(id="conflict-sides"):
                for side, _heading in self.sides:
                    with Vertical(id=f"side-{side}", classes="conflict-side") as column:
                        title = Label(id=f"side-{side}-title", classes="side-title", markup=False)
                        value = Static(id=f"side-{side}-value", markup=False)
                        self._sides[side] = (column, title, value)
                        yield title
                        with VerticalScroll(classes="side-scroll"):
                            yield value
            yield self._progress_line
        self.show_conflict()
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self.shown)

    # -- showing ------------------------------------------------------------------------

    @property
    def current(self) -> Conflict:
        return self.conflicts[self.index]

    @property
    def settled(self) -> bool:
        """Every conflict has a resolution."""
        return all(conflict.key in self.resolutions for conflict in self.conflicts)

    def show_conflict(self) -> None:
        """Fill the columns with the current conflict and the line of choices made."""
        conflict = self.current
        name = self.names.get(conflict.key[0])
        heading = conflict_title(conflict) + (f" ({name})" if name else "")
        position = f"{self.index + 1} of {len(self.conflicts)}: "
        self._heading.update(Text.assemble((position, "dim"), (visible(heading), "bold")))
        chosen = self.resolutions.get(conflict.key)
        edited = chosen.value if isinstance(chosen, Edited) else None
        for side, heading_text in self.sides:
            value = getattr(conflict, side)
            title = heading_text
            if side == "ours" and isinstance(chosen, Edited):
                value, title = edited, "Written by hand"
            picked = (side == "theirs" and chosen == Take.THEIRS) or (
                side == "ours" and chosen is not None and chosen != Take.THEIRS
            )
            label = ("✓ " if picked else "") + title
            column, title_label, value_static = self._sides[side]
            title_label.update(Text(label))
            value_static.update(
                Text(visible(show_value(value, conflict.field), keep_newlines=True))
            )
            column.set_class(picked, "-chosen")
        self._progress_line.update(self._progress())
        if self.is_mounted:
            self.refresh_bindings()

    def _progress(self) -> Text:
        left = sum(1 for conflict in self.conflicts if conflict.key not in self.resolutions)
        if left:
            return Text.assemble(
                (f"{left} to settle", "bold"), " · t theirs · o yours · ← → move · esc later"
            )
        return Text.assemble(("All settled", "bold"), " · enter merges · ← → review · esc later")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_by_hand":
            return self.current.field == "notes"
        if action == "merge":
            return self.settled
        return True

    # -- choosing -----------------------------------------------------------------------

    def action_take(self, side: str) -> None:
        """Settle the current conflict with one side's value, then go to the next one."""
        self.choose(Take(side))

    def choose(self, resolution: Resolution) -> None:
        """Record `resolution` for the current conflict and move to the next unsettled."""
        self.resolutions[self.current.key] = resolution
        following = [
            index
            for index in [*range(self.index + 1, len(self.conflicts)), *range(self.index)]
            if self.conflicts[index].key not in self.resolutions
        ]
        if following:
            self.index = following[0]
        self.show_conflict()

    def action_step(self, step: int) -> None:
        """Show the previous or next conflict."""
        self.index = (self.index + step) % len(self.conflicts)
        self.show_conflict()

    def action_edit_by_hand(self) -> None:
        """Write the notes by hand, starting from both versions (theirs, then yours)."""

        conflict = self.current
        if conflict.field != "notes":
            return
        chosen = self.resolutions.get(conflict.key)
        if isinstance(chosen, Edited):
            start = chosen.value or ""
        else:
            parts = [str(value) for value in (conflict.theirs, conflict.ours) if value]
            start = "\n\n".join(parts)
        name = self.names.get(conflict.key[0]) or conflict.code
        # only the editor's title and starting text come from this stand-in market
        market = Market.model_construct(
            code=conflict.code, name=name, status=Status.PLANNED, notes=start
        )

        def written(notes: str | None) -> None:
            if notes is not None:
                self.choose(Edited(notes or None))

        from roadmap_tui.ui.screens.notes_editor import NotesEditor  # when first asked

        self.app.push_screen(NotesEditor(market), written)

    def action_merge(self) -> None:
        """Close with the resolutions once every conflict is settled."""
        if self.settled:
            self.dismiss(dict(self.resolutions))

    def action_later(self) -> None:
        """Close without settling: nothing is merged or written."""
        self.dismiss(None)
