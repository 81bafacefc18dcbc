"""Undo and redo of edits: a history of the document's immutable revisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from roadmap_tui.store import Revision


@dataclass(frozen=True)
class Step:
    """One edit as undo sees it: the revision before it and what it was called."""

    revision: Revision
    label: str


@dataclass
class History:
    """Revisions to go back to (undo) and forward to again (redo).

    Revisions are immutable, so holding on to one is all it takes to restore it;
    `limit` bounds memory for very long sessions."""

    limit: int = 1000
    _undo: list[Step] = field(default_factory=list)
    _redo: list[Step] = field(default_factory=list)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def record(self, before: Revision, label: str) -> None:
        """An edit was made; `before` is the revision it started from."""
        self._undo.append(Step(before, label))
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self, current: Revision) -> Step | None:
        """The step to go back to, remembering `current` for redo; None when nothing to undo."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(Step(current, step.label))
        return step

    def redo(self, current: Revision) -> Step | None:
        """The step to go forward to again, remembering `current` for undo."""
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(Step(current, step.label))
        return step
