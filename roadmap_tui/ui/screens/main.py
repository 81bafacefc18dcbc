"""The main screen: summary, market table, detail pane, filter — and the edit actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from roadmap_tui.due import soon_days_of
from roadmap_tui.errors import did_you_mean
from roadmap_tui.model import Market
from roadmap_tui.moments import Moment, day_of
from roadmap_tui.ui import heap
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.messages import FilterChanged, FilterCleared, FilterSubmitted
from roadmap_tui.ui.screens.sharing import SharingActions
from roadmap_tui.ui.view_names import VIEW_NAMES
from roadmap_tui.ui.views import MarketChosen, MarketHighlighted, MarketPane, Shown
from roadmap_tui.ui.views.panes import new_pane
from roadmap_tui.ui.widgets.detail_pane import DetailPane
from roadmap_tui.ui.widgets.filter_bar import FilterBar
from roadmap_tui.ui.widgets.footer import RoadmapFooter
from roadmap_tui.ui.widgets.header import RoadmapHeader
from roadmap_tui.ui.widgets.market_table import MarketTable
from roadmap_tui.ui.widgets.market_view import COLUMN_KEYS, MarketLookups, MarketView, regions_of
from roadmap_tui.ui.widgets.sharing_banner import SharingBanner
from roadmap_tui.ui.widgets.summary_line import SummaryLine

# The dialogues are imported when they are first opened, and a view's widget when it is
# first shown (`new_pane`): the first frame waits for none of them.
if TYPE_CHECKING:
    from roadmap_tui.share.drift import Baseline
    from roadmap_tui.store import RoadmapDocument
    from roadmap_tui.ui.app import RoadmapApp
    from roadmap_tui.ui.screens.history_editor import HistoryEdit
    from roadmap_tui.ui.screens.roadmap_form import RoadmapChanges
    from roadmap_tui.ui.screens.status_picker import StatusChoice
    from roadmap_tui.ui.views.board import BoardView
    from roadmap_tui.ui.views.timeline import TimelineView

_DONE = object()  # the end of a preparation


class MainScreen(SharingActions):
    """Browse the roadmap's markets and edit them.

    Edits go through `RoadmapApp.edit` (which records undo); afterwards `sync()` brings
    the table, summary and details in line with the document, touching only the rows
    of markets that changed."""

    CSS_PATH = [  # noqa: RUF012 (Textual types it)
        "main.tcss",
        "../views/board.tcss",
        "../views/regions.tcss",
        "../views/timeline.tcss",
    ]
    BINDINGS = bindings("main")
    # Below 120 columns the detail pane moves under the table.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual types it)
    # Textual focuses the first focusable widget once the screen is composed, and the
    # hidden filter's input comes first: keys typed during launch went into it.
    AUTO_FOCUS = "#markets"

    app: RoadmapApp

    def __init__(self) -> None:
        super().__init__()
        self.view = MarketView()
        self._lookups = MarketLookups()  # what filters and sorts read, kept per market
        # the markets being prepared for (see `_prepare`) and the steps left
        self._preparing: tuple[list[Market], Iterator[None]] | None = None
        self._prepare_asked = False  # a step of it is on its way
        self._prepared: list[Market] | None = None  # the markets last made ready for
        self._filter_open = False
        self._detail_shown: tuple[Market | None, str] | None = None
        self._details_asked = False  # the details of a moved cursor are on their way
        self.current_view = "table"  # the name of the view shown (`VIEW_NAMES`)
        self._panes: dict[str, Widget] = {}  # the views shown so far, but the table

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield RoadmapHeader()
        yield SharingBanner(id="sharing-banner")  # a snapshot; Δ marks of a comparison
        yield SummaryLine(id="summary")
        yield FilterBar(id="filter-bar", typed=self._filter_typed)
        with Horizontal(id="body"):
            with ContentSwitcher(initial="markets", id="views"):
                yield MarketTable(id="markets")  # the other views join when first shown
            yield DetailPane(id="details")
        # Compact, `?` pinned at the right: the keys that do not fit are on the help screen.
        yield RoadmapFooter()

    def on_mount(self) -> None:
        self.set_focus(self.table)  # at once: keys typed during launch are routed next
        settings = self.app.settings
        if settings.sort_column in COLUMN_KEYS:  # sorted as the user last sorted
            self.view = replace(
                self.view, sort_column=settings.sort_column, reverse=settings.sort_reverse
            )
            self.table.show_sort(self.view.sort_column, self.view.reverse)
        if settings.columns:  # checked against the table's columns when the file was read
            self.table.show_columns(settings.columns)
        self.sync()
        if settings.view != "table":  # the view the user last chose
            self.action_show_view(settings.view)
        self.show_sharing_state()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.sync())
        # reloaded, merged or recovered: the app's `adopt` says so, and this shows it
        self.app.document_changed_signal.subscribe(self, lambda _document: self.sync())
        self._prepare_soon()
        # the map's outlines (~60 ms), read once the app has settled: the first press of 5
        # finds them read (a press before then reads them itself)
        self.set_timer(0.5, self._read_map_ahead)

    def _read_map_ahead(self) -> None:
        def read() -> None:
            from roadmap_tui.share.world import MapUnavailable, world

            with suppress(MapUnavailable):  # said on the map itself when it is shown
                world()

        self.run_worker(read, thread=True, exit_on_error=False, group="map-outlines")

    def _prepare_soon(self) -> None:
        if not self._prepare_asked:
            self._prepare_asked = True
            self.call_after_refresh(self._prepare)

    def _prepare(self) -> None:
        """Once the table is on screen, ready what the first filter and the first sort
        of each column would wait for, a slice at a time between other work; again
        whenever the markets change (an edit, a reload)."""
        self._prepare_asked = False
        markets = self.document.markets if self.app.document is not None else []
        if self._preparing is None or self._preparing[0] is not markets:
            self._preparing = (markets, self._lookups.preparation(markets, self.view.statuses))
        if next(self._preparing[1], _DONE) is not _DONE:
            self._prepare_asked = True
            self.call_later(self._prepare)
        elif self._prepared is not markets:  # just done
            self._prepared = markets
            heap.settle()  # a big roadmap's sorts and search texts join its frozen values

    @property
    def document(self) -> RoadmapDocument:
        """The open roadmap (the main screen is only shown with one)."""
        document = self.app.document
        assert document is not None
        return document

    @property
    def table(self) -> MarketTable:
        return self.query_one(MarketTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def drift_baseline(self) -> Baseline | None:
        """The timeline's baseline, while one is drawn (exports show its drift too)."""
        timeline = self._panes.get("timeline")
        return None if timeline is None else cast("TimelineView", timeline).baseline

    def view_pane(self, name: str) -> Widget:
        """The widget of the view `name` (the table's is the market table), made and
        mounted (hidden) the first time it is asked for."""
        if name == "table":
            return self.table
        pane = self._panes.get(name)
        if pane is None:
            pane = self._panes[name] = new_pane(name)
            pane.display = False  # until the switcher shows it
            self.query_one(ContentSwitcher).mount(pane)
        return pane

    def focus_view(self) -> None:
        """Give the keys to the view shown."""
        self.set_focus(self.view_pane(self.current_view))

    # -- keeping the widgets in line with the document ----------------------------------

    def sync(self, select: str | None = None) -> None:
        """Show the document's markets through the current view; the cursor stays on
        the market it was on (or `select`), else goes to the first row."""
        table = self.table
        keep = select or table.selected_key
        markets = self.document.markets
        workflow = self.document.roadmap.workflow
        names = tuple(status.name for status in workflow)
        if self.view.statuses != names:  # another roadmap, or its statuses edited
            status = self.view.status if self.view.status in names else None
            self.view = replace(self.view, statuses=names, status=status)
        if table.ticked_keys:  # marks of markets deleted (or recoded) go with them
            positions = self.document.checkpoint().positions
            table.set_ticked(key for key in table.ticked_keys if key in positions)
        today, soon_days = self.due_on()
        found = self.view.found(markets, self._lookups, today, soon_days)
        shown = self.view.sorted(markets, found, self._lookups)
        table.show(shown, self.app.theme_variables, workflow, today, soon_days, unsorted=found)
        self._prepare_soon()  # the markets may have changed: ready their sorts again
        if not table.select_key(keep) and table.row_count:
            table.move_cursor(row=0)
        self.query_one(SummaryLine).update_summary(
            markets, len(shown), self.view, len(table.ticked_keys), workflow, (today, soon_days)
        )
        self.filter_bar.show_view(self.view, workflow)
        self.filter_bar.show_problem(self.view.search.problem)
        self._show_filter_bar()
        self.show_selected()
        if self.current_view != "table":
            self._show_in_view(shown, today, soon_days)

    def due_on(self) -> tuple[date, int]:
        """Today, and how many days ahead a target is due soon: the roadmap's own
        `due_soon_days`, else the user's setting (`due.soon_days_of`)."""
        today = self.app.clock().date()
        return today, soon_days_of(self.document.roadmap, self.app.settings.due_soon_days)

    def _show_in_view(self, shown: Sequence[Market], today: date, soon_days: int) -> None:
        pane = cast(MarketPane, self.view_pane(self.current_view))
        document = self.document
        pane.show(
            Shown(
                markets=shown,
                everything=document.markets,
                roadmap=document.roadmap,
                workflow=document.roadmap.workflow,
                theme=self.app.theme_variables,
                today=today,
                soon_days=soon_days,
                filtered=self.view.filtered,
            ),
            self.table.selected_key,
        )

    # -- views --------------------------------------------------------------------------

    def action_show_view(self, name: str) -> None:
        """Show the view `name` (`VIEW_NAMES`); the selected market, filters and sort
        stay as they are."""
        if name == self.current_view:
            self.focus_view()
            return
        if name not in {view.name for view in VIEW_NAMES}:
            return
        self.current_view = name
        self.query_one(ContentSwitcher).current = self.view_pane(name).id
        if name == "table":
            self.table.select_key(self.table.selected_key)  # back in view
        else:
            self._show_in_view(self.table.shown_markets, *self.due_on())
        self.focus_view()
        self.refresh_bindings()
        self.post_message(self.ViewChanged(name))

    class ViewChanged(Message):
        """The user switched to the view `name`."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    # (handlers by name: the views' classes are not imported until they are shown)
    def on_timeline_view_baseline_wanted(self, event: TimelineView.BaselineWanted) -> None:
        from roadmap_tui.ui.screens.baseline_picker import pick_baseline

        event.stop()
        view = event.view
        pick_baseline(self.app, self.document, view.set_baseline)

    @on(MarketHighlighted)
    def _view_highlighted(self, event: MarketHighlighted) -> None:
        event.stop()
        if event.key is not None and event.key != self.table.selected_key:
            self.table.select_key(event.key)  # the table says so: the details follow

    def on_board_view_move_asked(self, event: BoardView.MoveAsked) -> None:
        event.stop()
        self.table.select_key(event.key)
        self.action_change_status(to=event.status)

    @on(MarketChosen)
    def _view_chosen(self, event: MarketChosen) -> None:
        event.stop()
        self.table.select_key(event.key)
        self.show_selected()
        self.action_edit_notes()

    def show_selected(self) -> None:
        """Show the market under the cursor in the detail pane."""
        if self.view.filtered:
            hint = "No market matches the filters; esc clears them."
        elif not self.document.markets:
            hint = "No markets yet: press a to add one."
        else:
            hint = "No market selected."
        shown = (self.selected_market(), hint)
        # The same market object shows the same details (markets are immutable): a sort
        # or a filter that keeps the cursor's market does not lay the pane out again.
        if shown[0] is None or self._detail_shown is None or shown[0] is not self._detail_shown[0]:
            self._detail_shown = shown
            self.query_one(DetailPane).show_market(
                *shown, self.document.roadmap.workflow, self.due_on()
            )

    def _show_selected_asked(self) -> None:
        self._details_asked = False
        # another roadmap opened in the meantime: this screen and its table are going
        if self.app.document is not None and self.query(MarketTable):
            self.show_selected()

    def selected_market(self) -> Market | None:
        """The market under the cursor (the table holds it since the last `sync`)."""
        return self.table.selected_market

    @on(MarketTable.Highlighted, "#markets")
    def _market_highlighted(self, event: MarketTable.Highlighted) -> None:
        # The cursor's move is drawn first; the details (a new layout of the pane) come
        # in the frame after, so holding a key down never waits for them.
        if not self._details_asked:
            self._details_asked = True
            self.call_after_refresh(self._show_selected_asked)
        if self.current_view != "table":  # moved by the screen (a filter, a jump)
            cast(MarketPane, self.view_pane(self.current_view)).select(event.key)

    @on(MarketTable.Chosen, "#markets")
    def _market_chosen(self, event: MarketTable.Chosen) -> None:
        self.action_edit_notes()

    @on(MarketTable.HeadingClicked, "#markets")
    def _heading_clicked(self, event: MarketTable.HeadingClicked) -> None:
        self._set_view(self.view.sorted_by(event.column))

    # -- filter and sort ----------------------------------------------------------------

    def _set_view(self, view: MarketView) -> None:
        sort_changed = (view.sort_column, view.reverse) != (
            self.view.sort_column,
            self.view.reverse,
        )
        self.view = view
        if sort_changed:
            self.table.show_sort(view.sort_column, view.reverse)
            self.post_message(self.SortChanged(view.sort_column, view.reverse))
        self.sync()

    class SortChanged(Message):
        """The user sorted the table another way (`column` None: the file's order)."""

        def __init__(self, column: str | None, reverse: bool) -> None:
            super().__init__()
            self.column = column
            self.reverse = reverse

    def action_filter(self) -> None:
        """Open the filter bar and type."""
        self._filter_open = True
        self._show_filter_bar()
        # set_focus rather than focus(): focus() waits a turn.
        self.set_focus(self.filter_bar.input)

    def _show_filter_bar(self) -> None:
        # Set directly (not through a CSS class) so it is shown at once and can take
        # the focus in the same turn.
        shown = self._filter_open or self.view.filtered
        if self.filter_bar.display != shown:  # setting it at all asks for a new layout
            self.filter_bar.display = shown

    def _filter_typed(self, query: str) -> None:
        """The filter's text changed: filter now, in the same turn as the key."""
        if query != self.view.query:
            self._set_view(replace(self.view, query=query))

    @on(FilterChanged)
    def _filter_changed(self, event: FilterChanged) -> None:
        self._filter_typed(event.query)

    @on(FilterSubmitted)
    def _filter_submitted(self, event: FilterSubmitted) -> None:
        self._filter_open = False
        self._set_view(replace(self.view, query=event.query))
        self.focus_view()
        if self.table.row_count:
            self.table.move_cursor(row=0)

    @on(FilterCleared)
    def _filter_cleared(self, event: FilterCleared) -> None:
        self._filter_open = False
        self.focus_view()
        self._set_view(replace(self.view, query=""))

    def action_clear_filters(self) -> None:
        """Clear the text, status and region filters."""
        with self.filter_bar.input.prevent(Input.Changed):
            self.filter_bar.input.value = ""
        self._set_view(replace(self.view, query="", status=None, region=None))

    def action_cycle_status_filter(self) -> None:
        """All statuses → planned → paused → live → all."""
        self._set_view(self.view.next_status())

    def action_cycle_region_filter(self) -> None:
        """All regions → each region in turn → all."""
        self._set_view(self.view.next_region(regions_of(self.document.markets)))

    def action_cycle_sort(self) -> None:
        """Sort by the next column; after the last, the file's order."""
        self._set_view(self.view.next_sort())

    def action_reverse_sort(self) -> None:
        """Reverse the current sort (sorts by code first if unsorted)."""
        if self.view.sort_column is None:
            self._set_view(replace(self.view, sort_column="code", reverse=True))
        else:
            self._set_view(replace(self.view, reverse=not self.view.reverse))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide "clear filters" (and free escape) when nothing is filtered.
        if action == "clear_filters":
            return self.view.filtered
        # "/" is a priority key: while typing in the filter it is just a character.
        if action == "filter":
            return not self.filter_bar.input.has_focus
        # Escape clears the marks first (listed, and free, only while there are some).
        if action == "unmark_all":
            return bool(self.table.ticked_keys)
        return super().check_action(action, parameters)  # sharing: "Clear Δ" while marked

    # -- edits --------------------------------------------------------------------------

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

    # -- many markets at once ---------------------------------------------------------------

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

    def action_toggle_mark(self) -> None:
        """Mark the market under the cursor (or unmark it) and move to the next one."""
        table = self.table
        key = table.selected_key
        if key is None:
            return
        table.set_ticked(table.ticked_keys ^ {key})
        table.move_cursor(row=table.cursor_row + 1)
        self._marks_changed()

    def action_mark_all(self) -> None:
        """Mark every market shown (the filters say which)."""
        self.table.set_ticked(self.table.ticked_keys | set(self.table.shown_keys))
        self._marks_changed()

    def action_unmark_all(self) -> None:
        """Clear every mark."""
        self.table.set_ticked(())
        self._marks_changed()

    def _marks_changed(self) -> None:
        markets = self.document.markets
        self.query_one(SummaryLine).update_summary(
            markets,
            self.table.row_count,
            self.view,
            len(self.table.ticked_keys),
            self.document.roadmap.workflow,
            self.due_on(),
        )
        self.refresh_bindings()  # "esc Unmark" comes and goes

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

    # -- jump ---------------------------------------------------------------------------------

    def action_jump(self) -> None:
        """Ask for a market's code and put the cursor on that market."""
        markets = self.document.markets

        def check(code: str) -> str | None:
            code = code.strip()
            if not code:
                return "Type a market's code, or esc to cancel."
            if self.document.checkpoint().positions.get(code.casefold()) is None:
                hint = did_you_mean(code, [market.code for market in markets], cutoff=0.5)
                return f"There is no market with the code {code}{hint or '.'}"
            return None

        def answered(code: str | None) -> None:
            if code is not None:
                self.jump_to(code.strip())

        from roadmap_tui.ui.screens.prompt import TextPrompt

        prompt = TextPrompt(
            "Jump to a market", "The market's code:", placeholder="e.g. DE", check=check
        )
        self.app.push_screen(prompt, answered)

    def jump_to(self, code: str) -> bool:
        """Put the cursor on the market with `code`; a market the filters hide is shown by
        clearing them (said). False, and said in one sentence, when there is no such market."""
        key = code.casefold()
        if self.document.checkpoint().positions.get(key) is None:
            hint = did_you_mean(code, [market.code for market in self.document.markets], 0.5)
            self.app.say(f"There is no market with the code {code}{hint or '.'}", "warning")
            return False
        if self.table.market(key) is None:
            self.action_clear_filters()
            shown_code = self.document.market(code).code
            self.app.say(f"{shown_code} was hidden by the filters; they are cleared.")
        self.table.select_key(key)
        self.table.focus()
        return True

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
