"""Every key of the app in one list: the footer, the help screen and the command
palette all read their words from here, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

from roadmap_tui.ui.view_names import VIEW_NAMES

# "app" and "main" keys work on the main screen (app: everywhere); a view's keys work
# while that view is shown (`ui/view_names.py` names the views).
Scope = Literal["app", "main", "timeline", "board", "regions", "map"]


@dataclass(frozen=True)
class KeyCommand:
    """One action with its keys: `description` is the footer's short word, `title`
    the command palette's and help screen's name for it."""

    id: str
    keys: str
    action: str
    description: str
    title: str
    group: str
    scope: Scope = "main"
    show: bool = True
    key_display: str | None = None
    priority: bool = False

    def binding(self, show: bool | None = None) -> Binding:
        """The Textual binding; `show` overrides whether the footer lists it."""
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show if show is None else show,
            key_display=self.key_display,
            id=self.id,
            tooltip=self.title,
            priority=self.priority,
        )

    @property
    def shown_keys(self) -> str:
        """The keys as the help screen writes them: `q / ctrl+q`."""
        return " / ".join(_KEY_NAMES.get(key, key) for key in self.keys.split(","))


_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "esc",
    "enter": "enter",
    "colon": ":",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}

MARKETS, VIEW, FILE = "Markets", "Filter and sort", "File and app"
VIEWS = "Views"
MANY = "Many markets at once"
SHARE = "Sharing"

COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "market.status",
        "s",
        "change_status",
        "Status",
        "Change the selected or marked markets' status",
        MARKETS,
    ),
    KeyCommand(
        "market.notes", "n", "edit_notes", "Notes", "Edit the selected market's notes", MARKETS
    ),
    KeyCommand("market.add", "a", "add_market", "Add", "Add a market", MARKETS),
    KeyCommand(
        "market.edit", "e", "edit_market", "Edit", "Edit the selected market's fields", MARKETS
    ),
    KeyCommand(
        "market.delete",
        "d",
        "delete_market",
        "Delete",
        "Delete the selected or marked markets",
        MARKETS,
    ),
    KeyCommand(
        "market.owner",
        "w",
        "set_owner",
        "Owner",
        "Set the owner of the selected or marked markets",
        MARKETS,
        show=False,
    ),
    KeyCommand(
        "market.region",
        "r",
        "set_region",
        "Region",
        "Set the region of the selected or marked markets",
        MARKETS,
        show=False,
    ),
    KeyCommand(
        "market.tag",
        "t",
        "add_tag",
        "Tag",
        "Add a tag to the selected or marked markets",
        MARKETS,
        show=False,
    ),
    # Marks (issue 10): `s`, `d`, `w`, `r` and `t` act on every marked market. Before
    # "view.clear": while there are marks, escape clears them first.
    KeyCommand(
        "many.mark",
        "space",
        "toggle_mark",
        "Mark",
        "Mark or unmark the market under the cursor",
        MANY,
        show=False,
    ),
    KeyCommand(
        "many.mark_all",
        "ctrl+a",
        "mark_all",
        "Mark all",
        "Mark every market shown",
        MANY,
        show=False,
    ),
    KeyCommand(
        "many.unmark",
        "escape",
        "unmark_all",
        "Unmark",
        "Clear every mark",
        MANY,
    ),
    # Not in the footer, whose 80 columns are full: the help screen and the palette list them.
    KeyCommand(
        "market.history",
        "h",
        "edit_history",
        "History",
        "Edit or delete the selected market's history entries",
        MARKETS,
        show=False,
    ),
    KeyCommand(
        "roadmap.info",
        "i",
        "edit_roadmap",
        "Roadmap",
        "Edit the roadmap's title, owner and description",
        MARKETS,
        show=False,
    ),
    KeyCommand(
        "view.filter",
        "slash",
        "filter",
        "Filter",
        "Filter markets by words or fields (see Search)",
        VIEW,
        key_display="/",
        # Priority: handled as the key arrives, so letters typed right after it go to
        # the filter rather than to the table (where "a" would add a market).
        priority=True,
    ),
    KeyCommand(
        "view.status",
        "f",
        "cycle_status_filter",
        "Status filter",
        "Show only one status's markets (cycles)",
        VIEW,
        show=False,
    ),
    KeyCommand(
        "view.region",
        "g",
        "cycle_region_filter",
        "Region filter",
        "Show only one region's markets (cycles)",
        VIEW,
        show=False,
    ),
    KeyCommand(
        "view.jump",
        "colon,ctrl+g",
        "jump",
        "Jump",
        "Jump to a market by its code",
        VIEW,
        show=False,
        key_display=":",
    ),
    KeyCommand(
        "view.sort", "o", "cycle_sort", "Sort", "Sort by the next column (cycles)", VIEW, show=False
    ),
    KeyCommand(
        "view.reverse", "O", "reverse_sort", "Reverse", "Reverse the sort order", VIEW, show=False
    ),
    KeyCommand(
        "view.clear",
        "escape",
        "clear_filters",
        "Clear filters",
        "Clear every filter and show all markets",
        VIEW,
        show=False,
    ),
    # Sharing (issue 4): hidden from the compact footer so the main keys still fit in 80
    # columns; the help screen and the command palette list them.
    # One key per view (issue 9): the selection, filters and sort carry across.
    # The footer lists the five as one entry, `1-5 Views`, on the first (the help screen
    # and the palette name each).
    *(
        KeyCommand(
            f"view.show_{view.name}",
            view.key,
            f"show_view('{view.name}')",
            "Views" if index == 0 else view.title,
            f"{view.title} view: {view.description.lower()}",
            VIEWS,
            show=index == 0,
            key_display=f"{VIEW_NAMES[0].key}-{VIEW_NAMES[-1].key}" if index == 0 else None,
        )
        for index, view in enumerate(VIEW_NAMES)
    ),
    KeyCommand(
        "share.snapshot",
        "S",
        "take_snapshot",
        "Snapshot",
        "Take snapshot…",
        SHARE,
        show=False,
    ),
    KeyCommand(
        "share.compare",
        "c",
        "compare_snapshot",
        "Compare",
        "Compare with snapshot…",
        SHARE,
        show=False,
    ),
    KeyCommand(
        "share.clear_marks",
        "C",
        "clear_marks",
        "Clear Δ",
        "Clear the Δ marks of a comparison",
        SHARE,
    ),
    KeyCommand(
        "share.export",
        "x",
        "export",
        "Export",
        "Export…",
        SHARE,
        show=False,
    ),
    KeyCommand("app.save", "ctrl+s", "save", "Save", "Save the roadmap", FILE, scope="app"),
    # Not in the main screen's footer: its 80 columns are full (78 used) and "?" must stay
    # visible there; the error screens' footers list it (`shown_on_error_screens`).
    KeyCommand(
        "app.open",
        "ctrl+o",
        "app.open_roadmap",
        "Open",
        "Open another roadmap…",
        FILE,
        scope="app",
        show=False,
    ),
    KeyCommand("app.undo", "ctrl+z", "undo", "Undo", "Undo the last edit", FILE, scope="app"),
    KeyCommand(
        "app.redo",
        "ctrl+y",
        "redo",
        "Redo",
        "Redo the edit last undone",
        FILE,
        scope="app",
        show=False,
    ),
    KeyCommand(
        "app.theme",
        "ctrl+t",
        "toggle_dark",
        "Light/dark",
        "Switch between the light and dark theme",
        FILE,
        scope="app",
        show=False,
    ),
    KeyCommand(
        "app.help",
        "question_mark",
        "help",
        "Help",
        "Show every key (this help)",
        FILE,
        scope="app",
        key_display="?",
    ),
    KeyCommand(
        "app.quit",
        "q",
        "app.quit",
        "Quit",
        "Quit (asks first when there are unsaved changes)",
        FILE,
    ),
    KeyCommand(
        "app.quit_anywhere",
        "ctrl+q",
        "quit",
        "Quit",
        "Quit from any screen",
        FILE,
        scope="app",
        show=False,
        priority=True,
    ),
)

# -- each view's own keys, active while the view is shown (issue 9) --------------------
# The timeline's keys (zoom, baseline, scrolling). Not in the footer, whose 80 columns
# are full: the timeline's caption names + − and b, the help screen and palette list all.
TIMELINE = "Timeline"
TIMELINE_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "timeline.zoom_in",
        "plus,equals_sign",
        "zoom_in",
        "Zoom in",
        "Timeline: zoom in (year, quarter, month)",
        TIMELINE,
        scope="timeline",
        show=False,
        key_display="+",
    ),
    KeyCommand(
        "timeline.zoom_out",
        "minus",
        "zoom_out",
        "Zoom out",
        "Timeline: zoom out (month, quarter, year)",
        TIMELINE,
        scope="timeline",
        show=False,
        key_display="-",
    ),
    KeyCommand(
        "timeline.earlier",
        "left",
        "scroll_earlier",
        "Earlier",
        "Timeline: scroll to earlier dates",
        TIMELINE,
        scope="timeline",
        show=False,
        key_display="←",
    ),
    KeyCommand(
        "timeline.later",
        "right",
        "scroll_later",
        "Later",
        "Timeline: scroll to later dates",
        TIMELINE,
        scope="timeline",
        show=False,
        key_display="→",
    ),
    KeyCommand(
        "timeline.start",
        "home",
        "scroll_start",
        "Start",
        "Timeline: scroll to the earliest date",
        TIMELINE,
        scope="timeline",
        show=False,
    ),
    KeyCommand(
        "timeline.end",
        "end",
        "scroll_end",
        "End",
        "Timeline: scroll to the latest date",
        TIMELINE,
        scope="timeline",
        show=False,
    ),
    KeyCommand(
        "timeline.baseline",
        "b",
        "pick_baseline",
        "Baseline",
        "Timeline: pick a baseline to draw drift against…",
        TIMELINE,
        scope="timeline",
        show=False,
    ),
    KeyCommand(
        "timeline.clear_baseline",
        "B",
        "clear_baseline",
        "Clear baseline",
        "Timeline: clear the baseline",
        TIMELINE,
        scope="timeline",
        show=False,
    ),
)


# The board's keys (moving a card). Not in the footer, whose 80 columns are full: the
# help screen and the palette list them. (↑ ↓, page and home/end keys are the board's
# own, as the table's are.)
BOARD = "Board"
BOARD_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "board.left",
        "left",
        "cursor_across(-1)",
        "Column left",
        "Board: the nearest card in the column to the left",
        BOARD,
        scope="board",
        show=False,
    ),
    KeyCommand(
        "board.right",
        "right",
        "cursor_across(1)",
        "Column right",
        "Board: the nearest card in the column to the right",
        BOARD,
        scope="board",
        show=False,
    ),
    KeyCommand(
        "board.move_left",
        "shift+left,less_than_sign",
        "move_card(-1)",
        "Move left",
        "Board: move the card to the previous status",
        BOARD,
        scope="board",
        show=False,
    ),
    KeyCommand(
        "board.move_right",
        "shift+right,greater_than_sign",
        "move_card(1)",
        "Move right",
        "Board: move the card to the next status",
        BOARD,
        scope="board",
        show=False,
    ),
)


# The regions' keys (collapse, order); enter on a region also collapses or expands it.
REGIONS = "Regions"
REGIONS_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "regions.order",
        "o",
        "toggle_order",
        "Order",
        "Regions: sort the regions by count or by name",
        REGIONS,
        scope="regions",
        show=False,
    ),
    KeyCommand(
        "regions.collapse",
        "left",
        "collapse",
        "Collapse",
        "Regions: collapse the region, or go up to it",
        REGIONS,
        scope="regions",
        show=False,
    ),
    KeyCommand(
        "regions.expand",
        "right",
        "expand",
        "Expand",
        "Regions: expand the region, or go into it",
        REGIONS,
        scope="regions",
        show=False,
    ),
    KeyCommand(
        "regions.toggle",
        "space",
        "toggle_region",
        "Toggle",
        "Regions: collapse or expand the region",
        REGIONS,
        scope="regions",
        show=False,
    ),
)


# The map's keys: [ ] step through every shown market in the table's order (those listed
# beside the map too); the arrows, the map's own like the table's, go to the nearest
# market drawn that way (the line under the map says so).
MAP = "Map"
MAP_COMMANDS: tuple[KeyCommand, ...] = (
    KeyCommand(
        "map.next",
        "right_square_bracket",
        "step(1)",
        "Next",
        "Map: next market in the table's order",
        MAP,
        scope="map",
        key_display="]",
        show=False,  # the footer keeps ? in 80 columns; the line under the map says it
    ),
    KeyCommand(
        "map.previous",
        "left_square_bracket",
        "step(-1)",
        "Previous",
        "Map: previous market in the table's order",
        MAP,
        scope="map",
        key_display="[",
        show=False,
    ),
)


COMMANDS += TIMELINE_COMMANDS + BOARD_COMMANDS + REGIONS_COMMANDS + MAP_COMMANDS


# Keys of Textual's own widgets, listed on the help screen so it names every key.
TABLE_KEYS: tuple[tuple[str, str], ...] = (
    ("↑ / ↓", "Move between markets"),
    ("pgup / pgdn", "Move a page"),
    ("ctrl+home / ctrl+end", "First / last market"),
    ("enter", "Edit the notes of the market under the cursor"),
    ("click a heading", "Sort by that column (again: reverse)"),
    ("tab / shift+tab", "Move between the table, the details and the filter"),
    ("ctrl+p", "Command palette: every action by name"),
)


# What the filter understands (roadmap_tui/search.py), for the help screen.
SEARCH_SYNTAX: tuple[tuple[str, str], ...] = (
    ('wien "a phrase"', "Words anywhere in a market, any case or accent"),
    ("status:paused", "Only markets with that status"),
    ('owner:"Team Wien"', "Owner has it (also region: tag: code: name: note:)"),
    ("target:<2023-01-01", "Dates compare: < > <= >= = (also since:, today)"),
    ("overdue", "Not live, and the target has passed"),
    ("due-soon", "Not live, target within due_soon_days (default 30)"),
    ("-tag:pilot", "The markets that do not match"),
)


def bindings(scope: Scope) -> list[BindingType]:
    """The Textual bindings of one scope (the app, the main screen, or a view)."""
    return [command.binding() for command in COMMANDS if command.scope == scope]


# App keys the error screens list in their footer, which has room for them.
_SHOWN_ON_ERROR_SCREENS = ("app.open",)


def shown_on_error_screens() -> list[Binding]:
    """The app keys an error screen's footer shows (same keys, words and action)."""
    shown = [command for command in COMMANDS if command.id in _SHOWN_ON_ERROR_SCREENS]
    return [command.binding(show=True) for command in shown]
