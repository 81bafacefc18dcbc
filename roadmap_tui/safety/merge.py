"""Three-way merge of roadmaps, by market and by field. No I/O, no Textual.

The base is the version the app last loaded or saved, "ours" is the app's roadmap with
its unsaved edits, "theirs" is the file on disk now. Markets are matched by code
(case-insensitive). What changed on one side only is taken; a field changed on both
sides to different values is a `Conflict` the user settles. `apply` then puts our side
onto a document read from *their* text, so the file's comments and layout stay.

Markets are merged field by field. Of the `[roadmap]` table, the app edits the title,
owner and description: ours are taken where we changed them (the newer edit, even if
the file changed them too); the rest of that table, and anything outside the markets,
is taken from theirs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from roadmap_tui import wording
from roadmap_tui.errors import ConflictError, EditError
from roadmap_tui.model import Market, Roadmap, to_toml_dict
from roadmap_tui.store.document import RoadmapDocument

MarketData = dict[str, Any]


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    """What one side did to one market.

    For CHANGED, `fields` maps each changed field to its new value (None: the field was
    removed) and `before` holds the old values; for ADDED, `fields` is the whole market.
    """

    code: str
    kind: ChangeKind
    fields: MarketData = field(default_factory=dict)
    before: MarketData = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.code.casefold()

    def describe(self) -> str:
        """One line for a notice: `DE: status paused → live, notes changed`."""
        return wording.change_line(self.code, self.kind.value, self.fields, self.before)


@dataclass(frozen=True)
class Conflict:
    """One field both sides changed to different values.

    `field` is None when the conflict is about the whole market: removed on one side,
    edited on the other (then `base`, `theirs`, `ours` are market dicts or None).
    Settle it in `apply`'s resolutions under `conflict.key`.
    """

    code: str
    field: str | None
    base: Any
    theirs: Any
    ours: Any

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.code.casefold(), self.field)

    def describe(self) -> str:
        """One line: what the conflict is about."""
        return wording.conflict_line(self.code, self.field, self.base, self.theirs, self.ours)


class Take(StrEnum):
    """A resolution: keep one side's value."""

    OURS = "ours"
    THEIRS = "theirs"


@dataclass(frozen=True)
class Edited:
    """A resolution: a value the user wrote by hand (notes merged in an editor, say).

    For a whole-market conflict the value is a Market, a market dict, or None (removed).
    """

    value: Any


Resolution = Take | Edited


@dataclass
class MergeResult:
    """Our changes that still apply, what came in from disk, and what must be settled."""

    merged_changes: list[Change]
    incoming: list[Change]
    conflicts: list[Conflict]
    # the roadmap's own title, owner and description we changed (None: removed); ours
    # win where the file changed them too, as the newer edit
    info: dict[str, str | None] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.conflicts


class UnresolvedConflicts(ConflictError):
    """`apply` was asked to write while some conflicts had no resolution."""

    def __init__(self, path: str, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        count = len(conflicts)
        super().__init__(
            path,
            f"{path}: {count} conflict{'s' if count != 1 else ''} with the file on disk "
            f"must be settled first ({conflicts[0].describe()}); nothing written",
        )


# -- merging --------------------------------------------------------------------------------


MarketsByKey = Mapping[str, Market | None]


def diff(before: Roadmap, after: Roadmap) -> list[Change]:
    """The market changes that turn `before` into `after` (what a notice lists)."""
    old, new = by_key(before), by_key(after)
    return diff_markets(old, new, _keys(new, old))


def diff_markets(old: MarketsByKey, new: MarketsByKey, keys: Iterable[str]) -> list[Change]:
    """The changes of the markets under `keys` (in that order), by key; a key missing
    from a side, or None there, is a market that side does not have."""
    changes: list[Change] = []
    for key in keys:
        if not _same(old.get(key), new.get(key)):
            _append(changes, _change(_data(old.get(key)), _data(new.get(key))))
    return changes


def merge(base: Roadmap, ours: Roadmap, theirs: Roadmap) -> MergeResult:
    """Merge our edits (base → ours) with the file's (base → theirs), market by market."""
    b, o, t = by_key(base), by_key(ours), by_key(theirs)
    result = merge_markets(b, o, t, _keys(t, o, b))
    for key in INFO_KEYS:
        mine = getattr(ours.roadmap, key)
        if mine != getattr(base.roadmap, key) and mine != getattr(theirs.roadmap, key):
            result.info[key] = mine
    return result


INFO_KEYS = ("title", "owner", "description")


def merge_markets(
    b: MarketsByKey, o: MarketsByKey, t: MarketsByKey, keys: Iterable[str]
) -> MergeResult:
    """`merge` of the markets under `keys` only. A recovery that knows the base and its
    edits only for the markets it touched merges those keys: every other market is the
    same in base and ours, and comes from theirs as it is. (Only `incoming` is then
    short of what changed on disk in the other markets.)"""
    result = MergeResult([], [], [])
    for key in keys:
        base_market, our_market, their_market = b.get(key), o.get(key), t.get(key)
        if _same(our_market, base_market):
            if not _same(their_market, base_market):
                _append(result.incoming, _change(_data(base_market), _data(their_market)))
            continue
        bm, om, tm = _data(base_market), _data(our_market), _data(their_market)
        if tm == bm:
            _append(result.merged_changes, _change(bm, om))
        elif om == tm:
            continue  # both sides made the same change
        elif om is None or tm is None:
            code = (om or tm or bm or {}).get("code", key)
            result.conflicts.append(Conflict(code, None, bm, tm, om))
        else:
            _merge_fields(bm or {}, om, tm, result)
    return result


def _merge_fields(bm: MarketData, om: MarketData, tm: MarketData, result: MergeResult) -> None:
    """Both sides changed (or both added) this market: merge it field by field."""
    code = tm["code"]
    ours: MarketData = {}
    incoming: MarketData = {}
    for name in _keys(tm, om, bm):
        bv, ov, tv = bm.get(name), om.get(name), tm.get(name)
        if ov == bv:
            if tv != bv:
                incoming[name] = tv
            continue
        if tv == bv:
            ours[name] = ov
            continue
        if ov == tv:
            continue
        if name == "since" and om.get("status") == tm.get("status") and ov and tv:
            # both sides moved to the same status: it took effect on the earlier day
            merged = min(ov, tv)
        else:
            merged = _merge_value(name, bv, ov, tv)
        if merged is _UNMERGEABLE:
            result.conflicts.append(Conflict(code, name, bv, tv, ov))
            continue
        incoming[name] = tv
        if merged != tv:
            ours[name] = merged
    if ours:
        result.merged_changes.append(
            Change(code, ChangeKind.CHANGED, ours, {name: tm.get(name) for name in ours})
        )
    if incoming:
        result.incoming.append(
            Change(code, ChangeKind.CHANGED, incoming, {name: bm.get(name) for name in incoming})
        )


_UNMERGEABLE = object()


def _merge_value(name: str, base: Any, ours: Any, theirs: Any) -> Any:
    """A value both sides changed, merged when that has one meaning, else _UNMERGEABLE."""
    if name == "history" and _is_list(base, ours, theirs):
        # history only grows: entries appended on both sides are both kept, theirs first
        base = base or []
        if ours[: len(base)] != base or theirs[: len(base)] != base:
            return _UNMERGEABLE
        added = [entry for entry in ours[len(base) :] if entry not in theirs[len(base) :]]
        return [*theirs, *added]
    if name == "tags" and _is_list(base, ours, theirs):
        # tags are a set: keep their tags, add ours' new ones, drop the ones we removed
        base = base or []
        removed = [tag for tag in base if tag not in (ours or [])]
        kept = [tag for tag in theirs or [] if tag not in removed]
        return kept + [tag for tag in ours or [] if tag not in base and tag not in kept]
    return _UNMERGEABLE


def _is_list(*values: Any) -> bool:
    return all(value is None or isinstance(value, list) for value in values)


# -- applying -------------------------------------------------------------------------------


def resolve_all(result: MergeResult, take: Take) -> dict[tuple[str, str | None], Resolution]:
    """Resolutions that settle every conflict the same way (`--ours` / `--theirs`)."""
    return {conflict.key: take for conflict in result.conflicts}


def apply(
    result: MergeResult,
    their_document: RoadmapDocument,
    resolutions: Mapping[tuple[str, str | None], Resolution] | None = None,
) -> None:
    """Apply our changes and the chosen resolutions onto a document read from their text.

    Only the markets we changed are rewritten, through the document's lossless edits, so
    the file's comments and layout stay. Raises UnresolvedConflicts (changing nothing)
    if a conflict has no resolution, and EditError (changing nothing) if the merged
    roadmap is not valid, such as two markets ending up with the same code.
    """
    resolutions = resolutions or {}
    unresolved = [c for c in result.conflicts if c.key not in resolutions]
    if unresolved:
        raise UnresolvedConflicts(str(their_document.path), unresolved)
    fields: dict[str, MarketData] = {}
    added: list[MarketData] = []
    removed: list[str] = []
    for change in result.merged_changes:
        if change.kind is ChangeKind.ADDED:
            added.append(change.fields)
        elif change.kind is ChangeKind.REMOVED:
            removed.append(change.code)
        else:
            fields.setdefault(change.key, {}).update(change.fields)
    for conflict in result.conflicts:
        value = _chosen(conflict, resolutions[conflict.key])
        if conflict.field is not None:
            if value != conflict.theirs:
                fields.setdefault(conflict.key[0], {})[conflict.field] = value
        elif value is None:
            if conflict.theirs is not None:
                removed.append(conflict.code)
        else:
            market = to_toml_dict(value) if isinstance(value, Market) else dict(value)
            if conflict.theirs is None:
                added.append(market)
            else:
                whole = dict.fromkeys(conflict.theirs) | market  # absent keys: removed
                fields.setdefault(conflict.key[0], {}).update(whole)
    revision = their_document.checkpoint()
    try:
        for code in removed:
            their_document.remove_market(code)
        for key, changes in fields.items():
            _replace(their_document, key, changes)
        for market in added:
            their_document.add_market(market)
        if result.info:
            their_document.update_roadmap_info(**result.info)
    except Exception:
        their_document.restore(revision)
        raise


def _chosen(conflict: Conflict, resolution: Resolution) -> Any:
    if isinstance(resolution, Edited):
        return resolution.value
    return conflict.ours if Take(resolution) is Take.OURS else conflict.theirs


def _replace(document: RoadmapDocument, key: str, changes: MarketData) -> None:
    market = document.market(key)
    data = to_toml_dict(market)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    try:
        merged = Market.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise EditError(f"{market.code}: the merged {where} is not valid: {first['msg']}") from None
    document.replace_market(market.code, merged)


# -- helpers --------------------------------------------------------------------------------


def by_key(roadmap: Roadmap) -> dict[str, Market]:
    """The roadmap's markets by their key (the casefolded code)."""
    return {market.key: market for market in roadmap.markets}


def _same(first: Market | None, second: Market | None) -> bool:
    # identity first: unedited markets are the very same objects in base and ours
    return first is second or first == second


def _data(market: Market | None) -> MarketData | None:
    """A market as the plain dict fields are compared in (only for markets that changed)."""
    return None if market is None else to_toml_dict(market)


def _keys(*maps: Iterable[str]) -> list[str]:
    """Every key of the maps once, in the order of the first map that has it."""
    seen: dict[str, None] = {}
    for mapping in maps:
        seen.update(dict.fromkeys(mapping))
    return list(seen)


def _change(before: MarketData | None, after: MarketData | None) -> Change | None:
    if before == after:
        return None
    if before is None:
        assert after is not None
        return Change(after["code"], ChangeKind.ADDED, after)
    if after is None:
        return Change(before["code"], ChangeKind.REMOVED, {}, before)
    names = [name for name in _keys(after, before) if before.get(name) != after.get(name)]
    return Change(
        after["code"],
        ChangeKind.CHANGED,
        {name: after.get(name) for name in names},
        {name: before.get(name) for name in names},
    )


def _append(changes: list[Change], change: Change | None) -> None:
    if change is not None:
        changes.append(change)
