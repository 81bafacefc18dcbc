"""Finding the unsaved edits of sessions that ended without saving. No Textual.

`find(path)` looks at every journal of the roadmap (one per session, plus the single
journal older versions wrote) and claims the lock of each one whose session is gone, so
no other process offers the same edits at the same time. It leaves out, and removes,
journals with nothing to give back: edits that cancel out, edits the file already holds,
and journals whose save finished just before the crash (their `saving` line names bytes
that reached the file). Journals of live sessions are counted, never read or touched.

`find` costs what the edits touched, not the roadmap's size: a journal's lines hold the
base state of every market they touch, so what the edits change is told without reading
the base, and whether the file holds them already takes one hash of the file while it is
still the base. The whole base is read only when asked for (`base`, `ours`), or when a
merge needs it because the file changed; its copy beside the journal is then read
through the file on disk (`RoadmapDocument.load(like=…)`), parsing only what differs.

A `Recovery` holds its lock until the caller is done: `discard()` (the user does not want
the edits, or they are saved now) removes the journal; `release()` leaves it for next time.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roadmap_tui import paths
from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError
from roadmap_tui.model import Market, Roadmap, RoadmapInfo
from roadmap_tui.safety import lines
from roadmap_tui.safety.journal import journal_dir
from roadmap_tui.safety.lock import Lock
from roadmap_tui.safety.merge import (
    Change,
    MergeResult,
    by_key,
    diff,
    diff_markets,
    merge,
    merge_markets,
)
from roadmap_tui.store import disk, files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.validate import parse

_UNREAD: Any = object()  # a lazily read value not read yet


@dataclass
class Recovery:
    """Unsaved edits found in one journal, ready to show and to re-apply through `merge`."""

    path: Path
    file: Path
    lock: Lock | None = None
    base_sha256: str | None = None
    started: str | None = None
    edits_read: int = 0
    edits_total: int = 0
    problems: list[str] = field(default_factory=list)
    saving: dict[str, Any] | None = None  # the journal's last line, if a save was under way
    absorbs: list[str] = field(default_factory=list)  # journals whose edits this one holds
    readable: bool = False  # the base line could be read: the edits have a base
    base_copy: Path | None = None  # where the journal keeps the base's bytes
    edits: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    # the markets the edits touched, as the base holds them and as the edits left them
    # (None: the base lacks it / the edits removed it); None when a line was lost
    base_states: dict[str, Market | None] | None = None
    our_states: dict[str, Market | None] = field(default_factory=dict)
    touched: list[str] = field(default_factory=list)  # in the order changes are listed
    # every state a readable line holds, by (its edit number `n`, key); 0: the base states
    held: dict[tuple[int, str], Market | None] = field(default_factory=dict)
    _base_text: Any = field(default=_UNREAD, repr=False)
    _base: Any = field(default=_UNREAD, repr=False)
    _ours: Any = field(default=_UNREAD, repr=False)
    _changes: Any = field(default=_UNREAD, repr=False)

    @property
    def base_text(self) -> str | None:
        """The text of the file the edits started from (None if it is not kept)."""
        if self._base_text is _UNREAD:
            self._base_text = self._read_base_text()
        return self._base_text  # type: ignore[no-any-return]

    @property
    def base(self) -> Roadmap | None:
        """The roadmap the edits started from, whole (read when first asked for)."""
        if self._base is _UNREAD:
            self._base = self._read_base()
        return self._base  # type: ignore[no-any-return]

    @property
    def ours(self) -> Roadmap | None:
        """The roadmap with the edits made, whole (built when first asked for)."""
        if self._ours is _UNREAD:
            base = self.base
            self._ours = None if base is None else self._replayed(base)
        return self._ours  # type: ignore[no-any-return]

    @property
    def usable(self) -> bool:
        """True when there is something to re-apply."""
        return self.readable and bool(self.changes() or self.info_changes())

    def info_changes(self) -> list[str]:
        """The roadmap's own fields (title, owner, description) the edits changed, one
        line each: `title: 'Old' → 'New'`. Such an edit touches no market, so `changes()`
        does not list it, yet it is an unsaved edit like any other."""
        if not self.readable or not any("roadmap" in record for _n, record in self.edits):
            return []
        base, ours = self.base, self.ours
        if base is None or ours is None:
            return []
        said = []
        for name in ("title", "owner", "description"):
            old, new = getattr(base.roadmap, name), getattr(ours.roadmap, name)
            if old != new:
                said.append(f"{name}: {_quoted(old)} → {_quoted(new)}")
        return said

    def summary(self) -> str:
        """`3 unsaved edits found` or `2 of 3 edits could be read`, with any problem."""
        if not self.readable:
            reason = "; ".join(self.problems) or "the journal is empty"
            return f"a journal of unsaved edits was found but cannot be used: {reason}"
        if self.edits_read == self.edits_total:
            noun = "edit" if self.edits_total == 1 else "edits"
            text = f"{self.edits_total} unsaved {noun} found"
        else:
            text = f"{self.edits_read} of {self.edits_total} edits could be read"
        return text + (f" ({'; '.join(self.problems)})" if self.problems else "")

    def changes(self) -> list[Change]:
        """What the unsaved edits change, market by market, against their base."""
        if self._changes is _UNREAD:
            self._changes = self._told_changes()
        return list(self._changes)

    def _told_changes(self) -> list[Change]:
        if not self.readable:
            return []
        if self.base_states is not None:
            return diff_markets(self.base_states, self.our_states, self.touched)
        if self.base is None or self.ours is None:
            return []
        return diff(self.base, self.ours)

    def theirs(self, like: RoadmapDocument | None = None) -> RoadmapDocument:
        """The roadmap on disk now to merge into (the base again, if the file is gone);
        `like` is a document of the file already open (see `RoadmapDocument.load`).

        Raises FileProblem / InvalidRoadmap if the file cannot be read or is not valid.
        """
        if not os.path.lexists(self.path):
            text = self.base_text
            if text is None and self.base_copy is not None:
                # not the base's bytes, but a version of the file kept while it was there
                with contextlib.suppress(RoadmapError, UnicodeDecodeError):
                    text = files.read_bytes(self.base_copy)[0].decode("utf-8")
            if text is not None:
                return RoadmapDocument.from_text(text, self.path)
        return RoadmapDocument.load(self.path, like=like)

    def merge(self, theirs: RoadmapDocument) -> MergeResult:
        """Merge the recovered edits into `theirs` (base = the journal's base)."""
        if not self.readable:
            raise RoadmapError(self.summary())
        fresh = not theirs.dirty
        if self.base_states is not None and fresh and theirs.saved_sha256 == self.base_sha256:
            # the file is the base: nothing to read, the edits go on top of it
            base = theirs.roadmap
            return merge(base, self._replayed(base), base)
        if self._base is _UNREAD and fresh:
            self._base = self._read_base(like=theirs)  # through theirs: parses what differs
        if self.base is not None and self.ours is not None:
            return merge(self.base, self.ours, theirs.roadmap)
        if self.base_states is None:
            raise RoadmapError(
                f"{self.path}: the unsaved edits cannot be merged: a line of their journal "
                "cannot be read, and the version they started from is no longer kept"
            )
        # the base is not kept: merge the markets the edits touched, in the order a
        # whole merge takes them (theirs first)
        their_markets = by_key(theirs.roadmap)
        touched = set(self.touched)
        keys = [key for key in their_markets if key in touched]
        keys += [key for key in self.touched if key not in their_markets]
        return merge_markets(self.base_states, self.our_states, their_markets, keys)

    def discard(self) -> None:
        """Remove the journal: the user does not want these edits back, or they are saved."""
        with contextlib.suppress(OSError):
            disk.unlink(self.file)
        # every base copy of the session: the one its journal named, and any a crash left
        with contextlib.suppress(OSError):
            for copy in self.file.parent.glob(f"{glob.escape(_session(self.file))}.*.base"):
                with contextlib.suppress(OSError):
                    disk.unlink(copy)
        if self.saving is not None:  # the temporary file of a save that never finished
            with contextlib.suppress(OSError, TypeError, ValueError):
                disk.unlink(self.saving["temporary"])
        if self.lock is not None:
            self.lock.remove()
            self.lock = None

    def release(self) -> None:
        """Leave the journal for next time (or `roadmap-tui recover`)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- reading the base, when it is needed -----------------------------------------------

    def _read_base_text(self) -> str | None:
        for where in (self.base_copy, self.path):
            if where is None:
                continue
            try:
                data, fingerprint = files.read_bytes(where)
            except RoadmapError:
                continue
            if fingerprint.sha256 == self.base_sha256:
                with contextlib.suppress(UnicodeDecodeError):
                    return data.decode("utf-8")
        return None

    def _read_base(self, like: RoadmapDocument | None = None) -> Roadmap | None:
        if not self.readable:
            return None
        if like is not None and self.base_copy is not None and self._base_text is _UNREAD:
            # through the file on disk: only the markets that differ are parsed
            with contextlib.suppress(RoadmapError):
                document = RoadmapDocument.load(self.base_copy, like=like)
                if document.saved_sha256 == self.base_sha256:
                    self._base_text = document.saved_text
                    return document.roadmap
        text = self.base_text
        if text is None:
            return None
        try:
            return parse(text, str(self.path)).roadmap
        except InvalidRoadmap:
            return None

    def _held(self, key: str, line: int) -> Market | None:
        return self.held[(line, key)]

    def _replayed(self, base: Roadmap) -> Roadmap:
        """`base` with every readable edit replayed, in order."""
        markets, info = list(base.markets), base.roadmap
        for _number, record in self.edits:
            with contextlib.suppress(*_BAD_LINE):
                markets, info = lines.replay(markets, info, record, self._held)
        return base.model_copy(update={"markets": markets, "roadmap": info})


def _quoted(value: str | None) -> str:
    return "(none)" if value is None else repr(value)


_BAD_LINE = (KeyError, TypeError, ValueError, AttributeError, tomllib.TOMLDecodeError)


@dataclass
class Found:
    """What `find` saw: the edits to offer, and how many live sessions hold edits now."""

    recoveries: list[Recovery]
    in_use: int = 0
    already_in_file: int = 0  # journals whose edits the file holds now (removed)
    # the journals' folder is there but cannot be read: "no edits" would not be true
    unreadable: FileProblem | None = None

    def release(self) -> None:
        for recovery in self.recoveries:
            recovery.release()


def journals(path: str | Path) -> list[Path]:
    """Every journal of the roadmap at `path`, oldest first (live sessions' included);
    FileProblem when their folder is there but cannot be listed."""
    legacy = paths.state_dir() / "journals" / f"{paths.roadmap_key(path)}.jsonl"
    folder = journal_dir(path)
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".jsonl")]
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    except OSError as error:
        reason = files.explain(error)
        raise FileProblem(folder, f"cannot read the unsaved edits kept here: {reason}") from None
    entries.sort(key=lambda entry: (_mtime(entry.path), entry.name))
    found = [Path(entry.path) for entry in entries]
    return ([legacy] if os.path.lexists(legacy) else []) + found


def find(path: str | Path) -> Found:
    """The unsaved edits that ended sessions left for the roadmap at `path`.

    Reads whatever can be read: unreadable lines are skipped and counted, never raised.
    Each recovery returned holds its journal's lock; release or discard every one."""
    path = Path(path)
    found = Found([])
    read: list[Recovery] = []
    try:
        found_files = journals(path)
    except FileProblem as problem:
        found.unreadable = problem
        found_files = []
    for file in found_files:
        try:
            lock = Lock.take(file.with_suffix(".lock"))
        except OSError:
            lock = None  # a state directory we cannot write: read-only recovery
            if not os.access(file, os.R_OK):
                continue
        else:
            if lock is None:
                found.in_use += 1
                continue
        read.append(_read(path, file, lock))
    absorbed = {name for recovery in read for name in recovery.absorbs}
    on_disk = _OnDisk(path)
    for recovery in read:
        if recovery.file.name in absorbed:
            recovery.discard()  # a later session took these edits over before it ended
        elif _nothing_to_give_back(recovery, on_disk):
            recovery.discard()
            found.already_in_file += bool(recovery.changes())
        else:
            found.recoveries.append(recovery)
    _sweep_base_copies(path, read)
    return found


class _OnDisk:
    """The roadmap file's hash, taken once however many journals ask."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._sha256: Any = _UNREAD

    @property
    def sha256(self) -> str | None:
        """None when the file is gone or cannot be read."""
        if self._sha256 is _UNREAD:
            try:
                self._sha256 = files.read_bytes(self.path)[1].sha256
            except RoadmapError:
                self._sha256 = None
        return self._sha256  # type: ignore[no-any-return]


def _nothing_to_give_back(recovery: Recovery, on_disk: _OnDisk) -> bool:
    if not recovery.readable:
        return False  # unreadable: shown, so the user can look and discard it
    if recovery.saving is not None and _save_finished(on_disk, recovery.saving):
        return True
    edits_left = bool(recovery.changes() or recovery.info_changes())
    if not recovery.problems and not edits_left:
        return True  # a crash right after the base line, or edits that cancel out
    if on_disk.sha256 is not None and on_disk.sha256 == recovery.base_sha256:
        return not edits_left  # the file is the base: it holds none of the edits
    try:
        result = recovery.merge(recovery.theirs())
    except RoadmapError:
        return False  # shown, with what is wrong
    # the file has them already
    return not result.merged_changes and not result.info and not result.conflicts


def _save_finished(on_disk: _OnDisk, saving: dict[str, Any]) -> bool:
    """Whether the save announced by a journal's last line replaced the file.

    The save writes its bytes to a temporary file, announces them, then renames, links or
    swaps the temporary file into place: once that is done, the temporary name is gone or
    holds the old bytes."""
    if on_disk.sha256 == saving.get("sha256"):
        return True
    temporary = saving.get("temporary")
    if not isinstance(temporary, str):
        return False
    try:
        left = files.read_bytes(Path(temporary))[1].sha256
    except RoadmapError:
        return not os.path.lexists(temporary)  # renamed into place: the save finished
    # still there with the new bytes: not in place yet; with others: swapped into place
    return left != saving.get("sha256")


def _read(path: Path, file: Path, lock: Lock | None) -> Recovery:
    recovery = Recovery(path, file, lock)
    try:
        raw = file.read_bytes()
    except OSError as error:
        recovery.problems.append(f"cannot read the journal: {files.explain(error)}")
        return recovery
    problems: list[str] = []
    read = list(lines.records(raw, problems))
    recovery.problems = problems
    if not read or read[0][1].get("kind") != "base":
        # without the base nothing else matters: say just that
        recovery.problems = ["its first line, the version the edits started from, is unreadable"]
        recovery.edits_total = sum(1 for _number, record in read if record.get("kind") == "edit")
        return recovery
    header = read[0][1]
    try:
        if "base_text" in header:
            _read_version_1(recovery, header)
        else:
            recovery.base_sha256 = _text(header["base_sha256"])
            recovery.base_copy = file.with_name(_file_name(header["base_copy"]))
        recovery.started = header.get("started")
        absorbs = header.get("absorbs", [])
        recovery.absorbs = [name for name in absorbs if isinstance(name, str)]
    except (KeyError, TypeError, ValueError, InvalidRoadmap):
        recovery.problems.insert(0, "the version the edits started from cannot be read")
        return recovery
    recovery.readable = True
    if read[-1][1].get("kind") == "saving":
        recovery.saving = read.pop()[1]
    edits = [(number, record) for number, record in read[1:] if record.get("kind") != "saving"]
    recovery.edits_total = len(edits) + len(problems)  # so far, one problem per bad line
    if recovery.base_copy is None:
        _replay_version_1(recovery, edits)
    else:
        _read_states(recovery, edits)
    return recovery


def _read_version_1(recovery: Recovery, header: dict[str, Any]) -> None:
    """A journal that holds its base's text: the base is parsed now, as it always was."""
    base_text = _text(header["base_text"])
    recovery.base_sha256 = header.get("base_sha256")
    recovery._base_text = base_text
    recovery._base = parse(base_text, str(recovery.path)).roadmap


def _replay_version_1(recovery: Recovery, edits: list[tuple[int, dict[str, Any]]]) -> None:
    base = recovery.base
    assert base is not None
    markets, info = list(base.markets), base.roadmap
    for number, record in edits:
        try:
            markets, info = lines.replay(markets, info, record)
        except _BAD_LINE:
            recovery.problems.append(f"edit on line {number} cannot be used")
            continue
        recovery.edits_read += 1
        recovery.edits.append((number, record))
    recovery._ours = base.model_copy(update={"markets": markets, "roadmap": info})


def _read_states(recovery: Recovery, edits: list[tuple[int, dict[str, Any]]]) -> None:
    """The touched markets' states, as the base holds them and as the edits left them,
    and the order `diff` would list them in."""
    base_states: dict[str, Market | None] = {}
    ours = recovery.our_states
    order = _Order()
    for number, record in edits:
        try:
            states, bases, at = _line_states(record, recovery.held)
        except _BAD_LINE:
            recovery.problems.append(f"edit on line {number} cannot be used")
            continue
        recovery.edits_read += 1
        recovery.edits.append((number, record))
        for key, state in bases.items():
            base_states.setdefault(key, state)
            recovery.held.setdefault((0, key), state)
            if state is not None:
                order.placed(key, at.get(key))
        for key in record["markets"]:
            recovery.held[(record["n"], key)] = states[key]
        for key, state in states.items():
            if state is not None and ours.get(key, base_states.get(key)) is None:
                order.appended(key)  # added, or back after a removal: replaying appends it
        ours.update(states)
        if "order" in record:
            order.reordered(record["order"])
    if all(key in base_states for key in ours):
        recovery.base_states = base_states
    # as `diff` lists them: the markets the edits leave, in their order, then the ones
    # they removed, in the base's order
    present = sorted((key for key in ours if ours[key] is not None), key=order.rank)
    removed = sorted((key for key in ours if ours[key] is None), key=order.base_rank)
    recovery.touched = [*present, *removed]


class _Order:
    """Where the touched markets stand among themselves, told from the lines alone: a
    market stays where it stands in the base (`at`) until a line removes it; one added or
    put back goes to the end, as replaying appends it; an `order` line gives every
    market's place, and a market first touched after it stands where that line put it."""

    def __init__(self) -> None:
        self.count = 0
        self.ranks: dict[str, tuple[int, int, int]] = {}
        self.base: dict[str, int] = {}
        self.places: dict[str, int] | None = None  # from the last `order` line

    def placed(self, key: str, at: int | None) -> None:
        self.base.setdefault(key, at if at is not None else 0)
        if self.places is None:
            self.ranks[key] = (0, 0, self.base[key])
        else:
            self.ranks[key] = (1, 0, self.places.get(key, 0))

    def appended(self, key: str) -> None:
        self.count += 1
        self.ranks[key] = (1 if self.places is not None else 0, 1, self.count)

    def reordered(self, keys: list[str]) -> None:
        self.places = {key: index for index, key in enumerate(keys)}
        self.count = 0
        self.ranks = {key: (1, 0, self.places.get(key, 0)) for key in self.ranks}

    def rank(self, key: str) -> tuple[int, int, int]:
        return self.ranks.get(key, (1, 1, self.count + 1))

    def base_rank(self, key: str) -> int:
        return self.base.get(key, 0)


def _line_states(
    record: dict[str, Any], held: dict[tuple[int, str], Market | None]
) -> tuple[dict[str, Market | None], dict[str, Market | None], dict[str, int]]:
    """An edit line's market states, base states and base positions (ValueError and
    friends if any part of the line cannot be used, KeyError if it names a state no
    readable line before it holds)."""
    if record.get("kind") != "edit" or type(record.get("n")) is not int:
        raise ValueError("not an edit")
    states = _states(record["markets"])
    bases = _states(record.get("base", {}))
    for key, line in record.get("same", {}).items():
        if type(line) is not int:
            raise ValueError("a state is named by its line")
        states[key] = bases[key] if line == 0 and key in bases else held[(line, key)]
    at = record.get("at", {})
    if not all(isinstance(key, str) and type(index) is int for key, index in at.items()):
        raise ValueError("positions must be numbers")
    if "roadmap" in record:
        RoadmapInfo.model_validate(tomllib.loads(record["roadmap"])["roadmap"])
    order = record.get("order", [])
    if not (isinstance(order, list) and all(isinstance(key, str) for key in order)):
        raise ValueError("order must list market keys")
    return states, bases, at


def _states(texts: dict[str, str | None]) -> dict[str, Market | None]:
    states = {key: lines.market_state(text) for key, text in texts.items()}
    for key, market in states.items():
        if market is not None and market.key != key:
            raise ValueError("market stored under another code")
    return states


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _file_name(value: Any) -> str:
    """A name of a file beside the journal, never a path that leads elsewhere."""
    name = _text(value)
    if not name or name != Path(name).name or name in (".", ".."):
        raise ValueError("not a file name")
    return name


def _sweep_base_copies(path: Path, read: list[Recovery]) -> None:
    """Remove the copies of bases that no journal needs: those of a session that ended
    without a journal (before its first one was in place, or while its journal was being
    removed), and those a journal this `find` holds does not name (the base before)."""
    directory = journal_dir(path)
    try:
        copies = [
            Path(entry.path) for entry in os.scandir(directory) if entry.name.endswith(".base")
        ]
    except OSError:
        return
    held = {_session(r.file): r for r in read if r.lock is not None and r.file.parent == directory}
    for copy in copies:
        session = _session(copy)
        recovery = held.get(session)
        if recovery is not None:
            if recovery.readable and copy != recovery.base_copy:
                with contextlib.suppress(OSError):
                    disk.unlink(copy)
            continue
        if os.path.lexists(directory / f"{session}.jsonl"):
            continue  # a live session's, or one this find could not claim: its own
        lock_file = directory / f"{session}.lock"
        lock = None
        if os.path.lexists(lock_file):
            try:
                lock = Lock.take(lock_file, create=False)
            except OSError:
                continue
            if lock is None:
                continue  # alive: about to name it in its first journal
        with contextlib.suppress(OSError):
            disk.unlink(copy)
        if lock is not None:
            lock.remove()


def _session(file: Path) -> str:
    """The session a journal, lock or base copy belongs to (the name's first part)."""
    return file.name.split(".", 1)[0]


def _mtime(file: str) -> float:
    try:
        return os.stat(file).st_mtime
    except OSError:
        return 0.0
