"""What changed between two roadmaps: markets added and removed, status, notes and fields.

`diff_roadmaps(old, new)` gives a `RoadmapDiff`, a plain data structure the CLI, the
app's compare screen and its "changed on disk" notice all use; `diff_report` turns it
into words. Pure: no I/O, no Textual.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from roadmap_tui.model import Market, Roadmap, StatusChange
from roadmap_tui.moments import day_of

# the fields compared one by one, in the order they are reported; `status`, `notes` and
# `history` have their own treatment
COMPARED_FIELDS = ("code", "name", "region", "owner", "since", "target", "tags")
ROADMAP_FIELDS = ("title", "owner", "description")
_OWN_TREATMENT = {"status", "notes", "history"}


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs: `old` and `new` as the model holds them (None: absent)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class StatusDelta:
    """A market's status moved; `at` and `note` come from the history entry recording it."""

    old: str
    new: str
    at: date | datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class MarketChange:
    """Everything that differs for one market (matched by code, case-insensitively)."""

    code: str
    name: str
    old: Market | None
    new: Market | None
    status: StatusDelta | None = None
    notes_diff: tuple[str, ...] = ()
    fields: tuple[FieldChange, ...] = ()
    history_changed: bool = False

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def notes_changed(self) -> bool:
        return bool(self.notes_diff)

    @property
    def key(self) -> str:
        return self.code.casefold()

    @property
    def kinds(self) -> tuple[str, ...]:
        """What changed, in words: `("added",)`, or e.g. `("status", "owner", "notes")`."""
        if self.added or self.removed:
            return ("added",) if self.added else ("removed",)
        words = ["status"] if self.status is not None else []
        words += [item.field for item in self.fields]
        words += ["history"] if self.history_changed else []
        words += ["notes"] if self.notes_diff else []
        return tuple(words)


@dataclass(frozen=True)
class RoadmapDiff:
    """The differences between two roadmaps, market changes sorted by code."""

    markets: tuple[MarketChange, ...] = ()
    roadmap_fields: tuple[FieldChange, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.markets or self.roadmap_fields)

    @property
    def empty(self) -> bool:
        return not self

    @property
    def changed_codes(self) -> set[str]:
        """Keys (casefolded codes) of markets that are new or changed, to mark their rows."""
        return {change.key for change in self.markets if not change.removed}

    def change_for(self, code: str) -> MarketChange | None:
        """The change of the market with this code (any case), or None if it did not change."""
        key = code.casefold()
        return next((change for change in self.markets if change.key == key), None)

    def tally(self) -> dict[str, int]:
        """How many changes of each kind, in the order the summary names them."""
        return {
            "status": sum(1 for c in self.markets if c.status is not None),
            "added": sum(1 for c in self.markets if c.added),
            "removed": sum(1 for c in self.markets if c.removed),
            "notes": sum(1 for c in self.markets if c.notes_changed),
            "fields": sum(len(c.fields) + c.history_changed for c in self.markets)
            + len(self.roadmap_fields),
        }

    def summary(self) -> str:
        """`3 status changes, 1 market added, 2 notes changed` or `no differences`."""
        words = {
            "status": ("status change", "status changes"),
            "added": ("market added", "markets added"),
            "removed": ("market removed", "markets removed"),
            "notes": ("note edited", "notes edited"),
            "fields": ("other field change", "other field changes"),
        }
        parts = [
            f"{count} {words[kind][count != 1]}" for kind, count in self.tally().items() if count
        ]
        return ", ".join(parts) if parts else "no differences"


def diff_roadmaps(old: Roadmap, new: Roadmap) -> RoadmapDiff:
    """What changed from `old` to `new`. Markets are matched by code, case-insensitively."""
    old_by_key = {market.key: market for market in old.markets}
    new_by_key = {market.key: market for market in new.markets}
    changes = []
    for key in sorted(old_by_key.keys() | new_by_key.keys()):
        change = diff_markets(old_by_key.get(key), new_by_key.get(key))
        if change is not None:
            changes.append(change)
    roadmap_fields = tuple(
        FieldChange(name, getattr(old.roadmap, name), getattr(new.roadmap, name))
        for name in ROADMAP_FIELDS
        if getattr(old.roadmap, name) != getattr(new.roadmap, name)
    )
    return RoadmapDiff(tuple(changes), roadmap_fields)


def diff_markets(old: Market | None, new: Market | None) -> MarketChange | None:
    """The change from one version of a market to another; None when nothing differs."""
    if old is None and new is None:
        return None
    if old is None or new is None:
        market = new if new is not None else old
        assert market is not None
        return MarketChange(market.code, market.name, old, new)
    if old == new:
        return None
    status = _status_delta(old, new)
    fields = [
        FieldChange(name, _value(old, name), _value(new, name))
        for name in (*COMPARED_FIELDS, *_extra_keys(old, new))
        if _value(old, name) != _value(new, name)
    ]
    if status is not None and status.at is not None:
        # set_status moves `since` to the day of the change: that is the status change, said
        # once, not a second change of its own
        day = day_of(status.at)
        fields = [f for f in fields if not (f.field == "since" and f.new == day)]
    change = MarketChange(
        code=new.code,
        name=new.name,
        old=old,
        new=new,
        status=status,
        notes_diff=notes_diff(old.notes, new.notes, new.code),
        fields=tuple(fields),
        history_changed=_history_changed(old, new, status),
    )
    unchanged = not (change.status or change.notes_diff or change.fields or change.history_changed)
    return None if unchanged else change


def notes_diff(old: str | None, new: str | None, code: str = "") -> tuple[str, ...]:
    """A unified diff of two notes, as lines without endings and without the file headers."""
    if (old or "") == (new or ""):
        return ()
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), lineterm="", n=2
    )
    body = [line for index, line in enumerate(lines) if index >= 2]  # skip ---/+++ headers
    if not body:  # only trailing whitespace or line endings differ
        body = ["@@ whitespace only @@"]
    return tuple(body)


def _status_delta(old: Market, new: Market) -> StatusDelta | None:
    if old.status == new.status:
        return None
    entry = _recording_entry(old, new)
    return StatusDelta(
        old.status, new.status, entry.at if entry else None, entry.note if entry else None
    )


def _recording_entry(old: Market, new: Market) -> StatusChange | None:
    """The newest history entry in `new` that records the move from old to new status;
    failing that, the newest entry new since `old` that arrives at the new status."""
    exact = [c for c in new.history if c.from_ == old.status and c.to == new.status]
    if exact:
        return exact[-1]
    arriving = [c for c in new.history if c.to == new.status and c not in old.history]
    return arriving[-1] if arriving else None


def _history_changed(old: Market, new: Market, status: StatusDelta | None) -> bool:
    """True when history changed in a way the status change does not explain: entries edited
    or removed, or entries added while the status stayed."""
    if old.history == new.history:
        return False
    appended = new.history[: len(old.history)] == old.history
    return not (appended and status is not None)


def _value(market: Market, name: str) -> Any:
    if name in COMPARED_FIELDS:
        return getattr(market, name)
    # unknown keys a person wrote; read from the extras, never as attributes (a key named
    # `key` would otherwise be the property)
    return (market.model_extra or {}).get(name)


def _extra_keys(old: Market, new: Market) -> list[str]:
    keys = set(old.model_extra or {}) | set(new.model_extra or {})
    return sorted(keys - set(COMPARED_FIELDS) - _OWN_TREATMENT)
