"""The command palette (ctrl+p): every action of the app, by its name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from roadmap_tui.ui.bindings import COMMANDS, KeyCommand


def _action(command: KeyCommand) -> str:
    """The action without its namespace: `q` (app.quit) and `ctrl+q` (quit) are one."""
    return command.action.removeprefix("app.")


class RoadmapCommands(Provider):
    """Offers the actions of `bindings.COMMANDS` with their keys as help."""

    def _available(self) -> list[KeyCommand]:
        from roadmap_tui.ui.screens.main import MainScreen

        on_main = isinstance(self.screen, MainScreen)
        seen: set[str] = set()
        available = []
        for command in COMMANDS:
            if _action(command) in seen or (command.scope == "main" and not on_main):
                continue
            seen.add(_action(command))
            available.append(command)
        return available

    @staticmethod
    def _keys(command: KeyCommand) -> str:
        keys = [other.shown_keys for other in COMMANDS if _action(other) == _action(command)]
        return "key: " + " / ".join(keys)

    def _runner(self, command: KeyCommand) -> Callable[[], object]:
        target = self.screen if command.scope == "main" else self.app
        return partial(target.run_action, command.action)

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
