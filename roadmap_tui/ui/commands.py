"""The command palette (ctrl+p): every action of the app by its name, and the sharing
entries that have no key of their own (export formats, "Save as a new roadmap…")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from roadmap_tui.share.export import FORMATS
from roadmap_tui.ui.bindings import COMMANDS, KeyCommand
from roadmap_tui.ui.screens.main import MainScreen
from roadmap_tui.ui.screens.sharing import ask_save_as_new, format_title


def _action(command: KeyCommand) -> str:
    """The action without its namespace: `q` (app.quit) and `ctrl+q` (quit) are one."""
    return command.action.removeprefix("app.")


class RoadmapCommands(Provider):
    """Offers the actions of `bindings.COMMANDS` with their keys as help."""

    def _available(self) -> list[KeyCommand]:
        screen = self.screen
        on_main = isinstance(screen, MainScreen)
        view = screen.current_view if isinstance(screen, MainScreen) else None
        seen: set[str] = set()
        available = []
        for command in COMMANDS:
            if _action(command) in seen or (command.scope == "main" and not on_main):
                continue
            if command.scope not in ("app", "main") and command.scope != view:
                continue  # a view's own keys, while that view is shown
            seen.add(_action(command))
            available.append(command)
        return available

    @staticmethod
    def _keys(command: KeyCommand) -> str:
        keys = [other.shown_keys for other in COMMANDS if _action(other) == _action(command)]
        return "key: " + " / ".join(keys)

    def _runner(self, command: KeyCommand) -> Callable[[], object]:
        screen = self.screen
        if command.scope == "app":
            return partial(self.app.run_action, command.action)
        if command.scope != "main" and isinstance(screen, MainScreen):
            return partial(screen.view_pane(command.scope).run_action, command.action)
        return partial(screen.run_action, command.action)

    async def discover(self) -> Hits:
        for command in self._available():
            yield DiscoveryHit(command.title, self._runner(command), help=self._keys(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    self._runner(command),
                    text=command.title,
                    help=self._keys(command),
                )


class SharingCommands(Provider):
    """Palette entries without a key of their own: "Export as Markdown…" and the rest, and
    "Save as a new roadmap…" on a snapshot."""

    def _entries(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        entries: list[tuple[str, Callable[[], object], str]] = [
            (
                f"Export as {format_title(name)}…",
                partial(screen.action_export, name),
                f"writes {export_format.suffix} beside the roadmap by default",
            )
            for name, export_format in FORMATS.items()
        ]
        app = screen.app
        if app.document is not None and app.document.roadmap.snapshot is not None:
            entries.append(
                (
                    "Save as a new roadmap…",
                    partial(ask_save_as_new, app),
                    "this snapshot's markets in a new file that takes edits",
                )
            )
        return entries

    async def discover(self) -> Hits:
        for title, run, help_text in self._entries():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, run, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, text=title, help=help_text)
