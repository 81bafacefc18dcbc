"""The main screen's edits: status changes, the market and roadmap forms, notes, history,
owner, region, tags and deletes, for the selected market or every marked one.

`EditingActions` is mixed into the main screen, beside `SharingActions`. Each action asks
its question in a dialogue (imported when first opened), hands the change to
`RoadmapApp.edit` (which saves it and records undo) and lets the screen `sync` what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from roadmap_tui.model import Market
from roadmap_tui.moments import Moment, day_of
from roadmap_tui.ui.screens.sharing import SharingActions
from roadmap_tui.ui.widgets.market_view import MarketView

if TYPE_CHECKING:
    from roadmap_tui.store import RoadmapDocument
    from roadmap_tui.ui.screens.history_editor import HistoryEdit
    from roadmap_tui.ui.screens.roadmap_form import RoadmapChanges
    from roadmap_tui.ui.screens.status_picker import StatusChoice


class EditingActions(SharingActions):
    """A screen that edits its roadmap's markets. The main screen is one; besides the
    document and the table (see `SharingActions`) it says which market is selected, what
    the filters show and how to bring the screen in line after an edit."""

    view: MarketView  # the filters and sort the table shows

    def selected_market(self) -> Market | None:
        """The market under the cursor of the view shown."""
        raise NotImplementedError

    def sync(self, select: str | None = None) -> None:
        """Show the document as it is now, the cursor on `select` when given."""
        raise NotImplementedError

    def _market_or_hint(self) -> Market | None:
        market = self.selected_market()
        if market is None:
            self.app.say("No market selected. Press a to add one.", "warning")
        return market

    def _edit(
        self, label: str, change: Callable[[RoadmapDocument], Any], select: str | None = None
    ) -> None:
        if self.app.edit(label, change):
            self.sync(select)
            if select is not None and self.table.market(select) is None and self.view.filtered:
                self.app.say(f"{label}: done, but the filters hide it; esc shows every market.")

    def action_change_status(self, to: str | None = None) -> None:
        """Pick a new status for the selected market (or every marked one), with a note
        for its history. `to` comes chosen (the board's moves), for the selected market
        alone; the picker still asks the note."""

        if self.table.ticked_keys and to is None:
            self._change_marked_statuses()
            return
        market = self._market_or_hint()
        if market is None or not self.app.writable():
            return

        from roadmap_tui.ui.screens.status_picker import StatusPicker

        def chosen(choice: StatusChoice | None) -> None:
            if choice is None or choice.status == market.status:
                return
            self.change_status(market.code, choice.status, choice.note, choice.at)

        document = self.document
        today = day_of(document.clock())
        picker = StatusPicker(market, document.roadmap.workflow, today, preset=to)
        self.app.push_screen(picker, chosen)

    def change_status(
        self, code: str, status: str, note: str = "", at: Moment | None = None
    ) -> None:
        """Set a market's status (recording `note` in its history, at `at` or now) and
        show it."""
        self._edit(
            f"status of {code}",
            lambda document: document.set_status(code, status, note=note or None, at=at),
        )

    def change_statuses(
        self, codes: Sequence[str], status: str, note: str = "", at: Moment | None = None
    ) -> None:
        """Set the status of every market of `codes` that is not at it already, with the
        same note and moment: one undo step, one history entry per market changed."""

        def change(document: RoadmapDocument) -> None:
            document.set_statuses(list(codes), status, note=note or None, at=at)

        self._edit(f"status of {_how_many(codes)}", change)

    def marked_markets(self) -> list[Market]:
        """The marked markets, in the roadmap's order (shown or hidden by the filters)."""
        ticked = self.table.ticked_keys
        return [market for market in self.document.markets if market.key in ticked]

    def _markets_to_edit(self) -> list[Market]:
        """The marked markets, or else the one under the cursor (said when there is none)."""
        if self.table.ticked_keys:
            return self.marked_markets()
        market = self._market_or_hint()
        return [market] if market is not None else []

    def _change_marked_statuses(self) -> None:
        markets = self.marked_markets()
        if not markets or not self.app.writable():
            return
        codes = [market.code for market in markets]
        from roadmap_tui.ui.screens.marked_status import MarkedStatusPicker

        def chosen(choice: StatusChoice | None) -> None:
            if choice is not None:
                self.change_statuses(codes, choice.status, choice.note, choice.at)

        document = self.document
        picker = MarkedStatusPicker(markets, document.roadmap.workflow, day_of(document.clock()))
        self.app.push_screen(picker, chosen)

    def _ask_and_set(self, field: str, title: str, message: str, placeholder: str) -> None:
        """Ask for one value and set `field` (owner or region) of the markets to edit to it;
        an empty answer removes the field."""
        markets = self._markets_to_edit()
        if not markets or not self.app.writable():
            return
        codes = [market.code for market in markets]
        values = {getattr(market, field) or "" for market in markets}
        shared = values.pop() if len(values) == 1 else ""

        def answered(value: str | None) -> None:
            if value is None:
                return
            new = value.strip() or None

            def change(document: RoadmapDocument) -> None:
                for code in codes:
                    document.update_market(code, **{field: new})

            self._edit(f"{field} of {_how_many(codes)}", change)

        from roadmap_tui.ui.screens.marked_status import codes_named
        from roadmap_tui.ui.screens.prompt import TextPrompt

        prompt = TextPrompt(
            title, f"{message} {codes_named(markets)} (empty removes it):", shared, placeholder
        )
        self.app.push_screen(prompt, answered)

    def action_set_owner(self) -> None:
        """Set the owner of the marked markets (or of the selected one)."""
        self._ask_and_set("owner", "Owner", "The team or person responsible for", "e.g. Team Wien")

    def action_set_region(self) -> None:
        """Set the region of the marked markets (or of the selected one)."""
        self._ask_and_set("region", "Region", "The region of", "e.g. Europe")

    def action_add_tag(self) -> None:
        """Add a tag to the marked markets (or to the selected one)."""
        markets = self._markets_to_edit()
        if not markets or not self.app.writable():
            return
        codes = [market.code for market in markets]

        def answered(value: str | None) -> None:
            tag = (value or "").strip()
            if not tag:
                return

            def change(document: RoadmapDocument) -> None:
                for code in codes:
                    tags = document.market(code).tags
                    if tag not in tags:
                        document.update_market(code, tags=[*tags, tag])

            self._edit(f"tag {tag} on {_how_many(codes)}", change)

        from roadmap_tui.ui.screens.marked_status import codes_named
        from roadmap_tui.ui.screens.prompt import TextPrompt

        prompt = TextPrompt(
            "Add a tag",
            f"The tag to add to {codes_named(markets)}:",
            placeholder="e.g. pilot",
            check=lambda value: None if value.strip() else "Type a tag, or esc to cancel.",
        )
        self.app.push_screen(prompt, answered)

    def _delete_marked(self) -> None:
        markets = self.marked_markets()
        if not markets:
            return
        codes = [market.code for market in markets]

        def answered(answer: str | None) -> None:
            if answer != "delete":
                return

            def change(document: RoadmapDocument) -> None:
                for code in codes:
                    document.remove_market(code)

            if self.app.edit(f"delete {_how_many(codes)}", change):
                self.sync()
                self.app.say(f"Deleted {_how_many(codes)}. ctrl+z brings them back.")

        from roadmap_tui.ui.screens.confirm import Confirm
        from roadmap_tui.ui.screens.marked_status import codes_named

        question = f"Delete {_how_many(codes)}: {codes_named(markets)}?"
        self.app.push_screen(
            Confirm(question, [("d", "Delete", "delete"), ("escape", "Cancel", "cancel")]), answered
        )

    def action_edit_notes(self) -> None:
        """Edit the selected market's notes in a multi-line editor."""

        market = self._market_or_hint()
        if market is None or not self.app.writable():
            return

        def written(notes: str | None) -> None:
            if notes is None or notes == (market.notes or ""):
                return
            self._edit(
                f"notes of {market.code}", lambda document: document.set_notes(market.code, notes)
            )

        from roadmap_tui.ui.screens.notes_editor import NotesEditor

        self.app.push_screen(NotesEditor(market), written)

    def action_add_market(self) -> None:
        """Add a market through the market form."""

        if not self.app.writable():
            return
        taken = {market.key for market in self.document.markets}

        def filled(fields: dict[str, Any] | None) -> None:
            if fields is None:
                return
            key = str(fields.get("code", "")).casefold()
            self._edit(
                f"add {fields.get('code')}",
                lambda document: document.add_market(fields, record_status=True),
                select=key,
            )

        from roadmap_tui.ui.screens.market_form import MarketForm

        self.app.push_screen(MarketForm(taken, workflow=self.document.roadmap.workflow), filled)

    def action_edit_market(self) -> None:
        """Edit the selected market's fields in the market form."""

        market = self._market_or_hint()
        if market is None or not self.app.writable():
            return
        taken = {other.key for other in self.document.markets if other.key != market.key}

        def filled(fields: dict[str, Any] | None) -> None:
            if fields is None:
                return
            key = str(fields.get("code", market.code)).casefold()
            self._edit(
                f"edit {market.code}",
                lambda document: document.update_market(market.code, **fields),
                select=key,
            )

        from roadmap_tui.ui.screens.market_form import MarketForm

        self.app.push_screen(MarketForm(taken, market, self.document.roadmap.workflow), filled)

    def action_edit_history(self) -> None:
        """Correct or delete one of the selected market's history entries."""
        market = self._market_or_hint()
        if market is None or not self.app.writable():
            return
        if not market.history:
            self.app.say(f"{market.code} has no history entries yet.")
            return

        def answered(answer: HistoryEdit | None) -> None:
            if answer is None:
                return
            number = answer.position + 1
            what = "delete" if answer.change is None else "edit"
            self._edit(
                f"{what} history entry {number} of {market.code}",
                lambda document: document.update_history(
                    market.code, answer.position, answer.change
                ),
            )
            if answer.change is None:
                self.app.say(
                    f"Deleted history entry {number} of {market.code}. ctrl+z brings it back."
                )

        from roadmap_tui.ui.screens.history_editor import HistoryEditor

        self.app.push_screen(HistoryEditor(market, self.document.roadmap.workflow), answered)

    def action_edit_roadmap(self) -> None:
        """Edit the roadmap's own title, owner and description."""
        if not self.app.writable():
            return

        def answered(changes: RoadmapChanges | None) -> None:
            if changes:
                # the header shows the new title: every edit updates it (show_file_state)
                self._edit(
                    "the roadmap's details",
                    lambda document: document.update_roadmap_info(**changes),
                )

        from roadmap_tui.ui.screens.roadmap_form import RoadmapForm

        self.app.push_screen(RoadmapForm(self.document.roadmap.roadmap), answered)

    def action_delete_market(self) -> None:
        """Delete the selected market (or every marked one), after a confirmation naming it."""

        if self.table.ticked_keys:
            if self.app.writable():
                self._delete_marked()
            return
        market = self._market_or_hint()
        if market is None or not self.app.writable():
            return
        index = self.table.cursor_row

        def answered(answer: str | None) -> None:
            if answer != "delete":
                return
            if self.app.edit(
                f"delete {market.code}", lambda document: document.remove_market(market.code)
            ):
                self.sync()
                # Stay where the deleted row was rather than jumping to the top.
                if self.table.row_count:
                    self.table.move_cursor(row=min(index, self.table.row_count - 1))
                self.app.say(f"Deleted {market.code} {market.name}. ctrl+z brings it back.")

        from roadmap_tui.ui.screens.confirm import Confirm

        question = f"Delete {market.code} {market.name}?"
        self.app.push_screen(
            Confirm(question, [("d", "Delete", "delete"), ("escape", "Cancel", "cancel")]), answered
        )


def _how_many(codes: Sequence[str]) -> str:
    """`DE` for one market, `5 markets` for more."""
    return codes[0] if len(codes) == 1 else f"{len(codes)} markets"
