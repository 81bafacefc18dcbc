"""An open roadmap file: its model, its exact text, edits to both, and saving them.

Every edit produces a new `Revision` (model and text together, both immutable), so undo
is keeping old revisions and a save writes the current revision's text. Edits rewrite
only the edited market's piece of the text (see `layout` and `patch`); every other byte
stays as it was read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from roadmap_tui.errors import ConflictError, EditError, FileProblem, ReadOnlyError, did_you_mean
from roadmap_tui.model import Market, Roadmap, RoadmapInfo, Status, StatusChange, to_toml_dict
from roadmap_tui.moments import Moment, day_of, moment_order
from roadmap_tui.store import files
from roadmap_tui.store.files import Fingerprint
from roadmap_tui.store.layout import Layout, cut, reread
from roadmap_tui.store.patch import patch_market, render_market_text
from roadmap_tui.store.render import detect_newline
from roadmap_tui.store.validate import Parsed, decode, parse
from roadmap_tui.store.values import same_models

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC, to the second, as history entries record it."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Revision:
    """The roadmap at one moment: its model and its text (as pieces, once edited)."""

    roadmap: Roadmap
    source: str | Layout
    # where each market stands, by key, if known already (an edit that keeps every code
    # passes its revision's on, so finding a market never walks 10,000 of them)
    known_positions: dict[str, int] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def text(self) -> str:
        # joined once per revision, when saving: `dirty` compares the pieces instead
        return self.source if isinstance(self.source, str) else self.source.text()

    @cached_property
    def positions(self) -> dict[str, int]:
        """Each market's index, by key (the casefolded code)."""
        if self.known_positions is not None:
            return self.known_positions
        return {market.key: index for index, market in enumerate(self.roadmap.markets)}


class RoadmapDocument:
    """A roadmap file opened for reading and editing."""

    def __init__(
        self,
        path: Path,
        text: str,
        parsed: Parsed,
        fingerprint: Fingerprint | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.warnings = parsed.warnings
        self.clock = clock
        self.newline = detect_newline(text)
        self._revision = Revision(parsed.roadmap, text)
        self._saved = self._revision
        self._saved_text = text
        # the saved text cut into pieces, once: edits, `dirty` and `load(like=…)` start there
        self._saved_layout: Layout | None = None
        self._cut_tried = False
        self._blank_before_headers = _uses_blank_lines(text)
        self._frozen = False  # `freeze()`: a shared view that takes no edits

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def load(
        cls, path: str | Path, clock: Clock = utc_now, *, like: RoadmapDocument | None = None
    ) -> RoadmapDocument:
        """Read and validate a roadmap file. Raises FileProblem or InvalidRoadmap.

        `like` is a document of an earlier version of the file (the one open now): the
        markets whose text did not change are taken from it instead of being read again,
        so reading a file changed on disk costs what changed (see `layout.reread`)."""
        path = Path(path)
        data, fingerprint = files.read_bytes(path)
        if like is not None:
            again = like._reread(path, data, fingerprint, clock)
            if again is not None:
                return again
        text = decode(data, str(path))
        return cls(path, text, parse(text, str(path)), fingerprint, clock)

    def _reread(
        self, path: Path, data: bytes, fingerprint: Fingerprint, clock: Clock
    ) -> RoadmapDocument | None:
        """The document for `data`, from this one's saved version; None to read it whole."""
        if self.warnings:
            return None  # their positions would move with the text: read it whole
        if self.fingerprint is not None and fingerprint.sha256 == self.fingerprint.sha256:
            text = self._saved_text  # the same bytes: nothing to read
        else:
            text = decode(data, str(path))
        layout = self._saved_pieces()
        if layout is None:
            return None
        saved = self._saved
        found = reread(layout, saved.roadmap.markets, self._saved_text, text, str(path))
        if found is None:
            return None
        # a code used twice can only involve a market read just now: the rest were unique
        old_keys = [market.key for market in saved.roadmap.markets[found.first :][: found.removed]]
        new_keys = [market.key for market in found.markets[found.first :][: found.added]]
        elsewhere = [saved.positions.get(key) for key in new_keys]
        if len(set(new_keys)) != len(new_keys) or any(
            index is not None and not found.first <= index < found.first + found.removed
            for index in elsewhere
        ):
            return None  # the whole read says where
        roadmap = saved.roadmap.model_copy(update={"markets": found.markets})
        document = type(self)(path, text, Parsed(roadmap, []), fingerprint, clock)
        document._saved_layout, document._cut_tried = found.layout, True
        if old_keys == new_keys:  # the same markets in the same places: positions stand
            document._revision = document._saved = Revision(roadmap, text, saved.positions)
        return document

    @classmethod
    def from_text(
        cls, text: str, path: str | Path = "<memory>", clock: Clock = utc_now
    ) -> RoadmapDocument:
        """A document for text not (yet) on disk: a template, a merge result, a test."""
        return cls(Path(path), text, parse(text, str(path)), None, clock)

    # -- state ------------------------------------------------------------------------------

    @property
    def roadmap(self) -> Roadmap:
        return self._revision.roadmap

    @property
    def markets(self) -> list[Market]:
        return self._revision.roadmap.markets

    @property
    def text(self) -> str:
        """The file's text as it would be saved now."""
        return self._revision.text

    @property
    def saved_roadmap(self) -> Roadmap:
        """The roadmap as last read from or written to disk."""
        return self._saved.roadmap

    @property
    def saved_positions(self) -> dict[str, int]:
        """Each market's index in the saved roadmap, by key (made once, then kept)."""
        return self._saved.positions

    @property
    def saved_text(self) -> str:
        """The text last read from or written to disk."""
        return self._saved_text

    @property
    def read_only(self) -> bool:
        """Snapshots are frozen copies: they open, but do not take edits; so does a roadmap
        opened read-only (`roadmap-tui serve --read-only`)."""
        return self._frozen or self.roadmap.snapshot is not None

    @property
    def frozen(self) -> bool:
        """Opened read-only on purpose (not a snapshot): every edit is refused."""
        return self._frozen

    def freeze(self) -> None:
        """Refuse every edit from now on, as a snapshot does (a shared, read-only view)."""
        self._frozen = True

    @property
    def dirty(self) -> bool:
        """True when there are edits that are not on disk."""
        if self._revision is self._saved:
            return False
        source = self._revision.source
        if isinstance(source, Layout) and self._saved_layout is not None:
            # piece by piece: the journal asks after every edit, and joining 14 MB of
            # text to compare it costs more than the edit
            return not source.same_text(self._saved_layout)
        return self.text != self._saved_text

    @property
    def saved_sha256(self) -> str:
        """The SHA-256 of the saved text's bytes (the file's, when read from disk)."""
        if self.fingerprint is not None:
            return self.fingerprint.sha256  # set with the text it was read or saved with
        return files.sha256(self._saved_text.encode("utf-8", "surrogateescape"))

    def prepare_edits(self) -> None:
        """Cut the saved text into pieces, and place every market by its code, now rather
        than on the first edit (once; an editing session calls it on opening, so the
        first edit costs what it changes)."""
        self._saved_pieces()
        self._revision.positions  # noqa: B018 - computed once, then kept by every edit

    def _saved_pieces(self) -> Layout | None:
        """The saved text as pieces, one per market of the saved roadmap, in its order."""
        if self._saved_layout is None and not self._cut_tried:
            self._cut_tried = True
            self._saved_layout = cut(self._saved_text, len(self._saved.roadmap.markets))
        return self._saved_layout

    def checkpoint(self) -> Revision:
        """The current revision, to go back to with `restore` (undo and redo)."""
        return self._revision

    def restore(self, revision: Revision) -> None:
        self._revision = revision

    def market(self, code: str) -> Market:
        """The market with this code (case-insensitive); EditError with a suggestion if none."""
        return self.markets[self.index_of(code)]

    def index_of(self, code: str) -> int:
        index = self._revision.positions.get(code.casefold())
        if index is not None:
            return index
        hint = did_you_mean(code, [market.code for market in self.markets], cutoff=0.5)
        raise EditError(f"no market with code '{code}' in {self.path.name}{hint}")

    # -- edits ------------------------------------------------------------------------------

    def set_status(
        self,
        code: str,
        status: Status | str,
        note: str | None = None,
        at: datetime | date | None = None,
    ) -> Market:
        """Change a market's status, now or at `at` (a date or a date-time, possibly in the
        past), recording a history entry with `note`.

        The entry goes into the history in time order: after every entry at or before
        `at`. Its `from` is the status the market had then. `status` and `since` follow
        the latest entry, so a change dated before the latest one is recorded without
        changing where the market stands today. EditError when the market already had
        `status` at that moment."""
        market = self.market(code)
        status = self.status_named(status)
        at = at or self.clock()
        return self._replace(market, _dated_change(market, status, note, at))

    def set_statuses(
        self,
        codes: list[str],
        status: Status | str,
        note: str | None = None,
        at: datetime | date | None = None,
    ) -> list[Market]:
        """Change the status of several markets with one note and one moment (now when
        `at` is None), as `set_status` changes one; markets that already have `status`
        are left as they are. All or nothing: an unknown code changes no market.

        Returns the markets changed, as they are now. The edits are one revision apart
        from each other; the caller's checkpoint before the call makes them one undo step,
        and a save after it writes them all at once."""
        self._check_writable()
        status = self.status_named(status)
        at = at or self.clock()
        keys: dict[str, str] = {}
        for code in codes:
            keys.setdefault(self.market(code).key, code)  # unknown codes fail before any edit
        before = self.checkpoint()
        changed: list[Market] = []
        try:
            for code in keys.values():
                market = self.market(code)
                if _status_at(market, at) == status:
                    continue
                changed.append(self._replace(market, _dated_change(market, status, note, at)))
        except Exception:
            self.restore(before)
            raise
        return changed

    def status_named(self, status: Status | str) -> str:
        """The workflow's status for what a person typed (any case, spaces around);
        EditError naming the valid ones and the closest."""
        names = self.roadmap.status_names
        typed = str(status).strip()
        by_fold = {name.casefold(): name for name in names}
        found = by_fold.get(typed.casefold())
        if found is None:
            raise EditError(
                f"unknown status '{status}' (valid: {', '.join(names)}){did_you_mean(typed, names)}"
            )
        return found

    def update_history(self, code: str, position: int, change: StatusChange | None) -> Market:
        """Replace the market's history entry at `position` (0 is the oldest) with `change`,
        or remove it when `change` is None; `status` and `since` are left alone."""
        market = self.market(code)
        if not 0 <= position < len(market.history):
            raise EditError(f"{market.code} has no history entry {position + 1}")
        history = list(market.history)
        if change is None:
            del history[position]
        else:
            for name in (change.from_, change.to):
                self.status_named(name)
            history[position] = change
        return self._replace(market, {"history": history})

    def update_roadmap_info(self, **changes: str | None) -> Roadmap:
        """Change the `[roadmap]` table's title, owner or description (None or an empty
        value removes an optional one), rewriting only their lines."""
        self._check_writable()
        from roadmap_tui.store.head import patch_head  # only when the roadmap's own keys change

        info = self.roadmap.roadmap
        data = to_toml_dict(info)
        for key, value in changes.items():
            if key not in {"title", "owner", "description"}:
                raise EditError(f"'{key}' is not a key of [roadmap] the app edits")
            if value is None or (value == "" and key != "title"):
                data.pop(key, None)
            else:
                data[key] = value
        try:
            new_info = RoadmapInfo.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "roadmap"
            reason = str(first["msg"]).removeprefix("Value error, ")
            raise EditError(f"{field}: {reason}") from None
        if same_models(new_info, info):
            return self.roadmap
        roadmap = self.roadmap.model_copy(update={"roadmap": new_info})
        layout = self._layout()
        head = layout.head if layout is not None else self.text
        new_head = patch_head(head, to_toml_dict(info), to_toml_dict(new_info), self.newline)
        if layout is not None:
            new_layout = Layout(new_head, layout.markets)
            self._revision = Revision(roadmap, new_layout, self._revision.positions)
        else:
            self._revision = Revision(roadmap, new_head, self._revision.positions)
        return roadmap

    def set_notes(self, code: str, notes: str | None) -> Market:
        """Replace a market's notes (None or empty removes them)."""
        return self.update_market(code, notes=notes or None)

    def update_market(self, code: str, /, **changes: Any) -> Market:
        """Change fields of a market; a value of None removes an optional field.

        `code` is positional-only so that `code=` can be one of the changes (a new code).
        """
        market = self.market(code)
        return self._replace(market, changes)

    def replace_market(self, code: str, market: Market) -> Market:
        """Put `market` in place of the market with `code` (used by merges)."""
        old = self.market(code)
        return self._replace(
            old,
            to_toml_dict(market)
            | {k: None for k in to_toml_dict(old).keys() - to_toml_dict(market).keys()},
        )

    def add_market(self, market: Market | dict[str, Any], *, record_status: bool = False) -> Market:
        """Append a market at the end of the roadmap.

        With `record_status` (a market a person adds, not one a merge brings back), a
        market that starts at a later status than the workflow's first (added as live)
        gets a history entry for it, dated now, and `since` that day unless given."""
        self._check_writable()
        market = _validated(market if isinstance(market, dict) else to_toml_dict(market))
        status = self.status_named(market.status)
        first = self.roadmap.status_names[0]
        if record_status and status != first and not market.history:
            now = self.clock()
            change = StatusChange(at=now, from_=first, to=status)
            since = market.since or day_of(now)
            data = to_toml_dict(market) | {"status": status, "since": since}
            market = _validated(data | {"history": [to_toml_dict(change)]})
        self._check_unique(market.code)
        text = render_market_text(market, self.newline)
        markets = [*self.markets, market]
        layout = self._layout()
        if layout is None:
            return self._whole_text_edit(markets, market)
        new_layout = layout.appended(text, self._blank_before_headers, self.newline)
        self._commit(markets, new_layout)
        return market

    def remove_market(self, code: str) -> Market:
        """Remove a market and the comments directly above it."""
        self._check_writable()
        index = self.index_of(code)
        market = self.markets[index]
        markets = [m for i, m in enumerate(self.markets) if i != index]
        layout = self._layout(index)
        if layout is None:
            return self._whole_text_edit(markets, market)
        self._commit(markets, layout.removed(index))
        return market

    # -- saving -----------------------------------------------------------------------------

    def changed_on_disk(self) -> bool:
        """True when the file on disk is no longer the one this document read or wrote."""
        now = files.current_fingerprint(self.path, self.fingerprint)
        return now is None or self.fingerprint is None or now.sha256 != self.fingerprint.sha256

    def save(self, force: bool = False) -> Fingerprint:
        """Write the current text atomically; refuses if the file changed on disk since."""
        if self._frozen:
            raise ReadOnlyError(f"{self.path.name} is open read-only; nothing is saved")
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path.name} is a snapshot and is never changed; save it as a new roadmap instead"
            )
        if not force and self.fingerprint is not None:
            # always hash here: an edit of the same size within the file system's mtime
            # granularity (or with its mtime put back) passes the cheap stat comparison
            now = files.current_fingerprint(self.path)
            if now is None:
                raise ConflictError(
                    self.path, f"{self.path} was deleted or moved since it was opened; not saved"
                )
            if now.sha256 != self.fingerprint.sha256:
                raise ConflictError(self.path)
        return self._write(self.path)

    def save_as(self, path: str | Path) -> Fingerprint:
        """Write to a new file at `path`, which becomes this document's file (FileProblem
        if anything has that name: a save-as never replaces a file)."""
        path = Path(path)
        revision = self._revision
        try:
            created = files.create_new(path, revision.text.encode("utf-8"))
        except OSError as error:
            raise FileProblem(path, f"cannot save: {files.explain(error)}") from None
        if not created:
            raise FileProblem(path, "already exists; choose another name")
        fingerprint = files.current_fingerprint(path)
        # only once written: a failed save-as leaves the document as it was
        self.mark_saved(revision, fingerprint, path)
        return fingerprint  # type: ignore[return-value]

    def mark_saved(
        self, revision: Revision, fingerprint: Fingerprint | None, path: Path | None = None
    ) -> None:
        """`revision` is what the file (at `path`, if it moved) holds now."""
        self.fingerprint = fingerprint
        if revision is not self._saved:
            self._saved, self._saved_text = revision, revision.text
            source = revision.source
            layout = source if isinstance(source, Layout) else None
            self._saved_layout, self._cut_tried = layout, layout is not None
        if path is not None:
            self.path = path

    def _write(self, path: Path) -> Fingerprint:
        revision = self._revision
        fingerprint = files.atomic_write(path, revision.text.encode("utf-8"))
        self.mark_saved(revision, fingerprint)
        return fingerprint

    # -- internals --------------------------------------------------------------------------

    def _check_writable(self) -> None:
        if self._frozen:
            raise ReadOnlyError(f"{self.path.name} is open read-only; edits are refused")
        if self.read_only:
            raise ReadOnlyError(
                f"{self.path.name} is a snapshot and cannot be edited; save it as a new roadmap to change it"
            )

    def _check_unique(self, code: str, except_index: int | None = None) -> None:
        index = self._revision.positions.get(code.casefold())
        if index is not None and index != except_index:
            market = self.markets[index]
            raise EditError(
                f"market code '{code}' is already used by {market.name} ({market.code})"
            )

    def _replace(self, market: Market, changes: dict[str, Any]) -> Market:
        self._check_writable()
        index = self.index_of(market.code)
        data = to_toml_dict(market)
        for key, value in changes.items():
            key = "from" if key == "from_" else key
            if value is None:
                data.pop(key, None)
            else:
                data[key] = to_toml_dict(value) if hasattr(value, "model_dump") else value
        new = _validated(data)
        if same_models(new, market):
            return market
        self._check_unique(new.code, except_index=index)
        markets = list(self.markets)
        markets[index] = new
        layout = self._layout(index)
        if layout is None:
            return self._whole_text_edit(markets, new)
        piece = layout.markets[index]
        text = patch_market(piece.text, market, new, self.newline, self._blank_before_headers)
        same_key = new.key == market.key
        self._commit(markets, layout.replaced(index, text), same_key)
        return new

    def _layout(self, index: int | None = None) -> Layout | None:
        """The current text as pieces, with the piece at `index` (or the last one) checked
        to be exactly its market; None for layouts that cannot be cut that way."""
        markets = self.markets
        if index is None and not markets:
            return next(self._layouts(), None)  # no piece to check
        checked = index if index is not None else len(markets) - 1
        for layout in self._layouts():
            if layout.markets[checked].is_exact(markets[checked]):
                return layout
        return None

    def _layouts(self) -> Iterator[Layout]:
        """Cuts to try, cheapest first: the one in hand, a fast cut, an exact cut."""
        source = self._revision.source
        tries: tuple[bool, ...] = (False, True)
        if isinstance(source, Layout):
            yield source
            text = source.text()
        elif source is self._saved_text:
            saved = self._saved_pieces()  # the fast cut, made once
            if saved is not None:
                yield saved
            text, tries = source, (True,)
        else:
            text = source
        # the revision's markets are what its text reads as: cut into as many pieces
        for exact in tries:
            layout = cut(text, len(self.markets), exact=exact)
            if layout is not None:
                yield layout

    def _whole_text_edit(self, markets: list[Market], changed: Market) -> Market:
        """Apply an edit to a layout we do not cut (inline tables...) with a style-keeping parser."""
        from roadmap_tui.store.whole import rewrite_markets  # tomlkit is slow to import; rare path

        text = rewrite_markets(self.text, self.markets, markets)
        self._revision = Revision(self.roadmap.model_copy(update={"markets": markets}), text)
        return changed

    def _commit(self, markets: list[Market], layout: Layout, same_keys: bool = False) -> None:
        """`same_keys`: every market keeps its code and place, so its positions stand."""
        positions = self._revision.positions if same_keys else None
        roadmap = self.roadmap.model_copy(update={"markets": markets})
        self._revision = Revision(roadmap, layout, positions)


def _status_at(market: Market, at: Moment) -> str:
    """The status the market had at `at`: its status now if no entry comes after `at`,
    else the `to` of the last entry up to then, else the `from` of the first one after."""
    place = _place(market, at)
    if place == len(market.history):
        return market.status
    return market.history[place - 1].to if place else market.history[place].from_


def _place(market: Market, at: Moment) -> int:
    """Where an entry at `at` goes: after the last entry at or before it."""
    when = moment_order(at)
    places = [i + 1 for i, entry in enumerate(market.history) if moment_order(entry.at) <= when]
    return places[-1] if places else 0


def _dated_change(market: Market, status: str, note: str | None, at: Moment) -> dict[str, Any]:
    """The changes to `market` that record it moving to `status` at `at` (see set_status)."""
    was = _status_at(market, at)
    if was == status:
        raise EditError(f"{market.code} is already {status}")
    change = StatusChange(at=at, from_=was, to=status, note=note or None)
    place = _place(market, at)
    history = [*market.history[:place], change, *market.history[place:]]
    if place < len(market.history):
        # a change before the latest one: where the market stands today is unchanged
        return {"history": history}
    return {"status": status, "since": day_of(at), "history": history}


def _validated(data: dict[str, Any]) -> Market:
    try:
        return Market.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "market"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise EditError(f"{field}: {reason}") from None


_BLANK_BEFORE_HEADER = re.compile(r"\n[ \t]*\r?\n(?:[ \t]*#[^\n]*\n)*[ \t]*\[")
_TIGHT_HEADER = re.compile(r"\n(?![ \t]*\r?\n)(?![ \t]*#)[^\n]*\S[^\n]*\n[ \t]*\[\[")


def _uses_blank_lines(text: str) -> bool:
    """Whether the file separates tables with a blank line (the canonical style does)."""
    sample = text[:20000]
    return len(_BLANK_BEFORE_HEADER.findall(sample)) >= len(_TIGHT_HEADER.findall(sample))
