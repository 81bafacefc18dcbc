"""The journal of unsaved edits: what lets the app give edits back after a crash. No Textual.

One journal per roadmap path, in `state_dir()/journals/<hash of the path>.jsonl`. It is
append-only JSON lines, each written with one `write` and fsynced before `record`
returns, so a kill or a power cut loses at most the edit being written:

    {"journal": 1, "kind": "base", "path": ..., "base_sha256": ..., "base_text": ..., ...}
    {"kind": "edit", "n": 1, "markets": {"de": "<TOML of the market>" | null}, "order": [...]}

The base line holds the text of the file the edits started from (once per journal), so
the roadmap before the edits can be rebuilt exactly. Each edit line holds the whole
state of every market the edit touched, as TOML (dates round-trip exactly), keyed by
the casefolded code, with null for a removed market; `order` lists every market's key
only when the order is not what replaying the line would give. Because lines carry
states, not steps, a line that cannot be read costs only that line: later lines still
replay, and the reader says how many edits it could read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tomli_w

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; journals are then unlocked
    fcntl = None  # type: ignore[assignment]

from roadmap_tui import paths
from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError
from roadmap_tui.model import Market, Roadmap, RoadmapInfo, to_toml_dict
from roadmap_tui.safety.merge import Change, MergeResult, diff, merge
from roadmap_tui.store import files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.validate import parse

JOURNAL_VERSION = 1


def roadmap_key(path: str | Path) -> str:
    """A short stable name for a roadmap's absolute path (journals and backups use it)."""
    absolute = os.path.realpath(os.path.abspath(os.fspath(path)))
    return hashlib.sha256(absolute.encode("utf-8", "surrogateescape")).hexdigest()[:20]


def journal_path(path: str | Path) -> Path:
    """Where the journal of unsaved edits to the roadmap at `path` lives."""
    return paths.state_dir() / "journals" / f"{roadmap_key(path)}.jsonl"


def lock_path(path: str | Path) -> Path:
    """The lock a session holds while it has unsaved edits to the roadmap at `path`.

    The operating system releases it when the process ends, however it ends: a journal
    whose lock is free was left by a session that is gone; a held one is live.
    """
    return journal_path(path).with_suffix(".lock")


# locks this process holds: its own journals are not "another session"
_HELD_HERE: set[Path] = set()


def in_use(path: str | Path) -> bool:
    """True when another running session has unsaved edits to the roadmap at `path`."""
    lock = lock_path(path)
    if fcntl is None or lock in _HELD_HERE:
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing releases the lock if we took it
    return False


class Journal:
    """Records the unsaved edits of one open document, one fsynced line per `record()`.

    Call `record()` after every edit, undo and redo. It writes what changed since the
    last call (nothing if nothing did), starts a fresh journal when the document's saved
    text changed (after a save, reload or merge), and removes the journal when the
    document has no unsaved edits. Raises FileProblem if the journal cannot be written
    (or another session holds it): the edits are still in memory, and the app should say
    that they are not journaled.

    While it holds unsaved edits the journal holds a lock, so a second session on the same
    roadmap neither offers them for recovery nor writes over them. Call `close()` when the
    app is done with the document (on quit, or before opening a journal for a reloaded one).
    """

    def __init__(self, document: RoadmapDocument) -> None:
        self.document = document
        self._base_text: str | None = None  # the saved text the journal on disk starts from
        self._last: Roadmap | None = None  # what the journal on disk replays to
        self._count = 0
        self._written: Path | None = None  # the journal file this object last wrote
        self._lock: int | None = None  # fd of the held lock while there are unsaved edits
        self._lock_file: Path | None = None
        # the roadmap as saved, kept when seen clean so a new journal need not parse it
        self._clean: tuple[str, Roadmap] | None = None
        if not document.dirty:
            self._clean = (document.saved_text, document.roadmap)

    @classmethod
    def open(cls, document: RoadmapDocument) -> Journal:
        """A journal for this document. Writes nothing until the first unsaved edit.

        If a journal from an earlier session exists, ask `Journal.find` first and let the
        user re-apply or discard it: the first `record()` here replaces it.
        """
        return cls(document)

    @property
    def file(self) -> Path:
        """The journal file for the document's current path."""
        return journal_path(self.document.path)

    def record(self) -> None:
        """Journal the document's unsaved edits since the last call (fsynced on return)."""
        document = self.document
        saved_text = document.saved_text
        if not document.dirty:
            self._clean = (saved_text, document.roadmap)
            self.discard()
            return
        file = self.file
        if self._written is not None and self._written != file:
            discard_file(self._written)  # saved under another name: the old journal is moot
            self._base_text = None
            self.close()  # and its lock: the new name gets its own
        # identity, not equality: the saved text is a new object after every save or reload
        if saved_text is not self._base_text or not file.exists():
            self._start(file, saved_text)
        assert self._last is not None
        line = _edit_line(self._last, document.roadmap, self._count + 1)
        if line is None:
            return
        _append(file, line)
        self._count += 1
        self._last = document.roadmap

    def discard(self) -> None:
        """Remove the journal (after a save, or when the user discards the edits)."""
        discard_file(self.file)
        if self._written is not None:
            discard_file(self._written)
        self._base_text, self._last, self._count, self._written = None, None, 0, None
        self.close()

    def close(self) -> None:
        """Let go of the lock (the app is closing; the journal stays for recovery)."""
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
            _HELD_HERE.discard(self._lock_file)

    def _take_lock(self, file: Path) -> None:
        if self._lock is not None or fcntl is None:
            return
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(file.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise _problem(file, error) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise FileProblem(
                self.document.path,
                "another roadmap-tui has unsaved edits to this roadmap open; "
                "edits made here are not journaled until it saves or closes",
            ) from None
        self._lock, self._lock_file = fd, file.with_suffix(".lock")
        _HELD_HERE.add(self._lock_file)

    def _start(self, file: Path, base_text: str) -> None:
        header = {
            "journal": JOURNAL_VERSION,
            "kind": "base",
            "path": os.path.abspath(self.document.path),
            "base_sha256": files.sha256(base_text.encode("utf-8", "surrogatepass")),
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "base_text": base_text,
        }
        self._take_lock(file)
        # a fresh file: whatever an earlier session left here is replaced, never appended to
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(file)
        except OSError as error:
            raise _problem(file, error) from None
        _append(file, header, create=True)
        self._written = file
        self._base_text = base_text
        if self._clean is not None and self._clean[0] is base_text:
            self._last = self._clean[1]
        else:
            self._last = parse(base_text, str(self.document.path)).roadmap
        self._count = 0

    @staticmethod
    def find(path: str | Path) -> Recovery | None:
        """The unsaved edits a crashed session left for the roadmap at `path`, or None
        when there are none (no journal, or one whose edits change nothing).

        Reads whatever can be read: unreadable lines are skipped and counted, never raised.
        """
        file = journal_path(path)
        if not file.exists():
            return None
        if in_use(path):
            return Recovery(Path(path), file, in_use=True)
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            return Recovery(
                Path(path), file, problems=[f"cannot read the journal: {files.explain(error)}"]
            )
        recovery = _read(Path(path), file, raw)
        if recovery.base is not None and not recovery.problems and not recovery.changes():
            return None  # a crash right after the base line, or edits that cancel out
        return recovery


def discard(path: str | Path) -> None:
    """Remove the journal of the roadmap at `path`, if there is one."""
    discard_file(journal_path(path))


def discard_file(file: Path) -> None:
    """Remove a journal file, if it exists; FileProblem if it cannot be removed."""
    try:
        os.unlink(file)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise _problem(file, error) from None


@dataclass
class Recovery:
    """Unsaved edits found in a journal, ready to show and to re-apply through `merge`."""

    path: Path
    file: Path
    base_text: str | None = None
    base_sha256: str | None = None
    started: str | None = None
    base: Roadmap | None = None
    ours: Roadmap | None = None
    edits_read: int = 0
    edits_total: int = 0
    problems: list[str] = field(default_factory=list)
    in_use: bool = False  # another running session is making these edits right now

    @property
    def usable(self) -> bool:
        """True when there is something to re-apply."""
        return (
            not self.in_use
            and self.base is not None
            and self.ours is not None
            and bool(self.changes())
        )

    def summary(self) -> str:
        """`3 unsaved edits found` or `2 of 3 edits could be read`, with any problem."""
        if self.in_use:
            return "another roadmap-tui has this roadmap open with unsaved edits right now"
        if self.base is None:
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
        if self.base is None or self.ours is None:
            return []
        return diff(self.base, self.ours)

    def theirs(self) -> RoadmapDocument:
        """The roadmap on disk now to merge into (the base again, if the file is gone).

        Raises FileProblem / InvalidRoadmap if the file cannot be read or is not valid.
        """
        if not self.path.exists() and self.base_text is not None:
            return RoadmapDocument.from_text(self.base_text, self.path)
        return RoadmapDocument.load(self.path)

    def merge(self, theirs: RoadmapDocument) -> MergeResult:
        """Merge the recovered edits into `theirs` (base = the journal's base)."""
        if self.base is None or self.ours is None:
            raise RoadmapError(self.summary())
        return merge(self.base, self.ours, theirs.roadmap)

    def discard(self) -> None:
        """Remove the journal: the user does not want these edits back."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.file)


# -- writing --------------------------------------------------------------------------------


def _edit_line(before: Roadmap, after: Roadmap, number: int) -> dict[str, Any] | None:
    line = _edit_in_place(before, after, number)
    if line is not None:
        return line if line["markets"] or "roadmap" in line else None
    old = {market.key: market for market in before.markets}
    new = {market.key: market for market in after.markets}
    markets: dict[str, str | None] = {}
    for key, market in new.items():
        previous = old.get(key)
        if previous is not market and previous != market:
            markets[key] = _market_toml(market)
    for key in old.keys() - new.keys():
        markets[key] = None
    line: dict[str, Any] = {"kind": "edit", "n": number, "markets": markets}
    if after.roadmap != before.roadmap:
        line["roadmap"] = tomli_w.dumps({"roadmap": to_toml_dict(after.roadmap)})
    replayed = _replay_order([market.key for market in before.markets], markets)
    order = [market.key for market in after.markets]
    if replayed != order:
        line["order"] = order
    if not markets and "roadmap" not in line and "order" not in line:
        return None
    return line


def _edit_in_place(before: Roadmap, after: Roadmap, number: int) -> dict[str, Any] | None:
    """The common case, fast: the same markets in the same order, some of them edited.

    Edits keep every untouched market object, so comparing by identity finds the edited
    ones without computing 10,000 keys. None when markets were added, removed or moved.
    """
    if len(before.markets) != len(after.markets):
        return None
    edited = [
        (old, new) for old, new in zip(before.markets, after.markets, strict=True) if old is not new
    ]
    if any(old.key != new.key for old, new in edited):
        return None
    markets = {new.key: _market_toml(new) for old, new in edited if old != new}
    line: dict[str, Any] = {"kind": "edit", "n": number, "markets": markets}
    if after.roadmap != before.roadmap:
        line["roadmap"] = tomli_w.dumps({"roadmap": to_toml_dict(after.roadmap)})
    return line


def _market_toml(market: Market) -> str:
    # single-line strings: a multi-line TOML string would turn "\r\n" in notes into "\n"
    return tomli_w.dumps({"market": to_toml_dict(market)})


def _append(file: Path, record: dict[str, Any], create: bool = False) -> None:
    """One JSON line, written with a single write and fsynced before returning."""
    data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
    try:
        fd = os.open(file, flags, 0o600)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if create:
            files.fsync_directory(file.parent)
    except OSError as error:
        raise _problem(file, error) from None


def _problem(file: Path, error: OSError) -> FileProblem:
    reason = files.explain(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the edits are still in memory: save them now, or elsewhere)"
    return FileProblem(file, f"cannot keep the journal of unsaved edits: {reason}")


# -- reading --------------------------------------------------------------------------------


def _read(path: Path, file: Path, raw: bytes) -> Recovery:
    recovery = Recovery(path, file)
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    elif lines:
        pass  # the last line has no newline: cut short by a crash; _records reports it
    records = list(_records(lines, raw.endswith(b"\n"), recovery))
    if not records or records[0][1].get("kind") != "base":
        # without the base nothing else matters: say just that
        recovery.problems = ["its first line, the version the edits started from, is unreadable"]
        recovery.edits_total = sum(1 for _number, record in records if record.get("kind") == "edit")
        return recovery
    header = records[0][1]
    try:
        base_text = header["base_text"]
        recovery.base_text = base_text
        recovery.base_sha256 = header.get("base_sha256")
        recovery.started = header.get("started")
        recovery.base = parse(base_text, str(path)).roadmap
    except (KeyError, TypeError, InvalidRoadmap):
        recovery.problems.insert(0, "the version the edits started from cannot be read")
        return recovery
    markets = list(recovery.base.markets)
    info = recovery.base.roadmap
    recovery.edits_total = len(lines) - 1
    for number, record in records[1:]:
        try:
            markets, info = _replay(markets, info, record)
        except (KeyError, TypeError, ValueError, AttributeError, tomllib.TOMLDecodeError):
            recovery.problems.append(f"edit on line {number} cannot be used")
            continue
        recovery.edits_read += 1
    recovery.ours = recovery.base.model_copy(update={"markets": markets, "roadmap": info})
    return recovery


def _records(
    lines: list[bytes], ends_with_newline: bool, recovery: Recovery
) -> Iterator[tuple[int, dict[str, Any]]]:
    for index, line in enumerate(lines):
        number = index + 1
        last = index == len(lines) - 1
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            record = None
        if not isinstance(record, dict):
            if last and not ends_with_newline:
                recovery.problems.append(f"the last edit (line {number}) was cut short")
            else:
                recovery.problems.append(f"line {number} is unreadable")
            continue
        yield number, record


def _replay(
    markets: list[Market], info: RoadmapInfo, record: dict[str, Any]
) -> tuple[list[Market], RoadmapInfo]:
    if record.get("kind") != "edit":
        raise ValueError("not an edit")
    states = {
        key: None if text is None else Market.model_validate(tomllib.loads(text)["market"])
        for key, text in record["markets"].items()
    }
    for key, market in states.items():
        if market is not None and market.key != key:
            raise ValueError("market stored under another code")
    replayed = _replay_markets(markets, states)
    if "order" in record:
        by_key = {market.key: market for market in replayed}
        order = record["order"]
        if sorted(order) != sorted(by_key):
            raise ValueError("order does not name every market")
        replayed = [by_key[key] for key in order]
    if "roadmap" in record:
        info = RoadmapInfo.model_validate(tomllib.loads(record["roadmap"])["roadmap"])
    return replayed, info


def _replay_markets(markets: list[Market], states: dict[str, Market | None]) -> list[Market]:
    """Markets with each state applied: replaced in place, appended if new, None removes."""
    result = [market for market in markets if states.get(market.key, market) is not None]
    index = {market.key: position for position, market in enumerate(result)}
    for key, state in states.items():
        if state is None:
            continue
        if key in index:
            result[index[key]] = state
        else:
            index[key] = len(result)
            result.append(state)
    return result


def _replay_order(keys: list[str], states: dict[str, Any]) -> list[str]:
    """The market keys `_replay_markets` would give, without building the markets."""
    result = [key for key in keys if key not in states or states[key] is not None]
    present = set(result)
    result += [key for key, state in states.items() if state is not None and key not in present]
    return result
