"""The main screen: summary, market table, detail pane, filter, marks and jump; its edits are
`EditingActions` (editing.py) and its sharing `SharingActions` (sharing.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input

from roadmap_tui.due import soon_days_of
from roadmap_tui.errors import did_you_mean
from roadmap_tui.model import Market
from roadmap_tui.ui import heap
from roadmap_tui.ui.bindings import bindings
from roadmap_tui.ui.messages import FilterChanged, FilterCleared, FilterSubmitted
from roadmap_tui.ui.screens.editing import EditingActions
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
    from roadmap_tui.ui.views.board import BoardView
    from roadmap_tui.ui.views.timeline import TimelineView

_DONE = object()  # the end of a preparation


class MainScreen(EditingActions):
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

    # -- marks -----------------------------------------------------------------------------

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
