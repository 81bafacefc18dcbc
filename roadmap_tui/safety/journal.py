"""The journal of unsaved edits: what lets the app give edits back after a crash. No Textual.

Each editing session writes its own journal, `state_dir()/journals/<roadmap key>/<session>
.jsonl`, and holds the lock beside it (`<session>.lock`) while it has unsaved edits. Only
the holder of that lock writes or removes the journal: a second session on the same
roadmap, the CLI, a save or a restore never touch it. When the session ends without
saving (a crash, a closed terminal), its lock is free and `recovery.find` offers its edits.

Every line is written with one `write` and fsynced before `record` returns (the format is
in `lines`). A journal is started — after a save, a reload or a merge — by writing the new
one whole beside it, fsyncing it and renaming it over the old one, so there is never a
moment when neither holds the edits. An append that fails is cut back, so the journal
stays readable; the error says the edits are no longer being journaled.

The bytes the edits started from are kept beside the journal (`<session>.<hash>.base`),
copied from the roadmap file by the kernel when the file is still the one the document
read (at 10,000 markets that takes milliseconds; encoding 14 MB of text into a JSON line
took a third of a second), and written from memory otherwise. It is fsynced before the
journal that names it is put in place, and removed after the journal that named it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from datetime import UTC, datetime
from pathlib import Path

from roadmap_tui import paths
from roadmap_tui.errors import FileProblem
from roadmap_tui.model import Roadmap
from roadmap_tui.safety import lines
from roadmap_tui.safety.lock import Lock
from roadmap_tui.store import disk, files
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.validate import parse


def journal_dir(path: str | Path) -> Path:
    """Where the journals of unsaved edits to the roadmap at `path` live, one per session."""
    return paths.state_dir() / "journals" / paths.roadmap_key(path)


def new_session() -> str:
    """A name for one editing session, unique on this machine."""
    return f"{os.getpid()}-{secrets.token_hex(4)}"


class Journal:
    """Records the unsaved edits of one open document, one fsynced line per `record()`.

    Call `record()` after every edit, undo and redo. It writes what changed since the last
    call (nothing if nothing did), starts the journal afresh when the document's saved text
    changed (after a save, reload or merge), and removes it when the document has no
    unsaved edits. Raises FileProblem if the journal cannot be written: the edits are still
    in memory, and the app should say that they are not journaled. Call `close()` when the
    app is done with the document; the journal then stays for recovery.
    """

    def __init__(self, document: RoadmapDocument, session: str | None = None) -> None:
        self.document = document
        self.session = session or new_session()
        self._base_text: str | None = None  # the saved text the journal on disk starts from
        self._last: Roadmap | None = None  # what the journal on disk replays to
        self._count = 0
        self._size = 0  # bytes of the journal on disk that hold whole lines
        self._written: Path | None = None  # the journal file this session writes
        self._lock: Lock | None = None
        # the roadmap as saved, kept when seen clean so a new journal need not parse it
        self._clean: tuple[str, Roadmap] | None = None
        self._absorbs: list[str] = []
        self._states: lines.Written = {}  # the market states the journal holds
        self._base_positions: dict[str, int] = {}  # where each market stands in the base
        self._base_copy: Path | None = None  # the copy of the base the journal names
        if not document.dirty:
            self._clean = (document.saved_text, document.roadmap)

    @classmethod
    def open(cls, document: RoadmapDocument, session: str | None = None) -> Journal:
        """A journal for this document. Writes nothing until the first unsaved edit."""
        return cls(document, session)

    def adopt(self, document: RoadmapDocument) -> None:
        """Carry on with another document for the same session (reloaded, merged or
        recovered): the next `record()` rewrites this session's journal from its text."""
        self.document = document
        if not document.dirty:
            self.remember(document.saved_text, document.roadmap)

    def absorb(self, journal: Path) -> None:
        """This session's document now holds the edits of an ended session's `journal`:
        the next `record()` rewrites this journal naming it, before it may be removed."""
        self._absorbs.append(journal.name)
        self._base_text = None  # rewrite, whatever else changed

    def remember(self, saved_text: str, roadmap: Roadmap) -> None:
        """`roadmap` is what `saved_text` parses to: a new journal need not parse it again
        (seconds at 10,000 markets)."""
        self._clean = (saved_text, roadmap)

    @property
    def file(self) -> Path:
        """The journal file for the document's current path."""
        return journal_dir(self.document.path) / f"{self.session}.jsonl"

    @property
    def active(self) -> bool:
        """True while this session holds a journal on disk."""
        return self._written is not None

    def record(self) -> None:
        """Journal the document's unsaved edits since the last call (fsynced on return)."""
        document = self.document
        saved_text = document.saved_text
        if not document.dirty:
            self.remember(saved_text, document.roadmap)
            self.discard()
            return
        file = self.file
        if self._written is not None and self._written != file:
            self.discard()  # saved under another name: the journal moves with it
        # identity, not equality: the saved text is a new object after every save or reload
        if saved_text is not self._base_text or not os.path.exists(file):
            self._start(file, saved_text)
            return
        assert self._last is not None
        states = dict(self._states)  # taken on only once the line is on disk
        line = lines.edit_line(
            self._last, document.roadmap, self._count + 1, states, self._base_positions
        )
        if line is None:
            return
        self._take_lock(file)  # closed meanwhile: only a holder of the lock may write
        self._append(file, lines.encode(line))
        self._count += 1
        self._last, self._states = document.roadmap, states

    def saving(self, sha256: str, temporary: str) -> int | None:
        """Say in the journal that the file is about to be replaced by these bytes; returns
        a mark for `not_saved`, or None if the journal could not say it (or holds nothing)."""
        if self._written is None:
            return None
        mark = self._size
        try:
            self._append(self._written, lines.encode(lines.saving_line(sha256, temporary)))
        except FileProblem:
            return None
        return mark

    def not_saved(self, mark: int | None) -> None:
        """The save announced by `saving` did not happen: take its line back out."""
        if mark is None or self._written is None:
            return
        with contextlib.suppress(OSError):
            fd = os.open(self._written, os.O_WRONLY)
            try:
                disk.truncate(fd, mark, self._written)
                disk.fsync(fd, self._written)
            finally:
                os.close(fd)
            self._size = mark

    def discard(self) -> None:
        """Remove this session's journal (after a save, or when the user discards the edits)."""
        if self._written is not None:
            try:
                disk.unlink(self._written)
            except OSError as error:
                raise _problem(self._written, error) from None
        if self._base_copy is not None:
            with contextlib.suppress(OSError):  # no journal names it now: only space
                disk.unlink(self._base_copy)
            self._base_copy = None
        self._base_text, self._last, self._count, self._written = None, None, 0, None
        self._states = {}
        self._absorbs = []  # saved or discarded: what they held is settled
        if self._lock is not None:
            self._lock.remove()
            self._lock = None

    def close(self) -> None:
        """Let go of the lock (the app is closing; the journal stays for recovery)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _start(self, file: Path, base_text: str) -> None:
        """Write a new journal — the base and the edits so far — whole, then put it in place."""
        if self._clean is not None and self._clean[0] is base_text:
            base = self._clean[1]
        else:
            base = parse(base_text, str(self.document.path)).roadmap
        sha256 = self.document.saved_sha256
        self._take_lock(file)
        copy = self._keep_base(file.parent, base_text, sha256)
        header = lines.base_line(
            os.path.abspath(self.document.path),
            sha256,
            datetime.now(UTC).isoformat(timespec="seconds"),
            self._absorbs,
            copy.name,
        )
        data = lines.encode(header)
        states: lines.Written = {}
        positions = self.document.saved_positions  # made once when the document opened
        edit = lines.edit_line(base, self.document.roadmap, 1, states, positions)
        if edit is not None:
            data += lines.encode(edit)
        fresh = file.with_name(file.name + ".new")
        try:
            disk.unlink(fresh)  # left by a crash in this very step
            disk.write_new(fresh, data)
            disk.rename(fresh, file)
            disk.fsync_directory(file.parent)
        except OSError as error:
            with contextlib.suppress(OSError):
                disk.unlink(fresh)
            if copy != self._base_copy:
                with contextlib.suppress(OSError):
                    disk.unlink(copy)
            raise _problem(file, error) from None
        if self._base_copy is not None and self._base_copy != copy:
            with contextlib.suppress(OSError):  # the journal before named it: only space
                disk.unlink(self._base_copy)
        self._base_copy = copy
        self._written, self._base_text, self._size = file, base_text, len(data)
        self._last, self._count = self.document.roadmap, 0 if edit is None else 1
        self._states, self._base_positions = states, positions

    def _keep_base(self, directory: Path, base_text: str, sha256: str) -> Path:
        """The bytes of `base_text` in a file beside the journal, fsynced (the one kept
        already, if the base is the same): copied from the roadmap file when it is still
        the version the document read, else written from memory."""
        copy = directory / f"{self.session}.{sha256[:16]}.base"
        if copy == self._base_copy:
            return copy
        try:
            disk.unlink(copy)  # left by a crash in this very step
            fd = disk.create(copy)
            try:
                if not self._copy_roadmap(fd, copy):
                    disk.write(fd, base_text.encode("utf-8", "surrogateescape"), copy)
                disk.fsync(fd, copy)
            finally:
                os.close(fd)
        except OSError as error:
            with contextlib.suppress(OSError):
                disk.unlink(copy)
            raise _problem(copy, error) from None
        return copy

    def _copy_roadmap(self, fd: int, copy: Path) -> bool:
        """Copy the roadmap file into `fd` if it is the version the document read (its
        size and mtime, before and after); False, with `fd` left empty, if it is not."""
        known = self.document.fingerprint
        if known is None:
            return False
        try:
            source = os.open(self.document.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return False
        try:
            if not _is_version(os.fstat(source), known):
                return False
            disk.copy(source, fd, known.size, copy)
            if _is_version(os.fstat(source), known):
                return True
            disk.truncate(fd, 0, copy)  # written to while copied: write from memory
            return False
        finally:
            os.close(source)

    def _take_lock(self, file: Path) -> None:
        if self._lock is not None:
            return
        try:
            disk.mkdirs(file.parent)
            self._lock = Lock.take(file.with_suffix(".lock"))
        except OSError as error:
            raise _problem(file, error) from None
        if self._lock is None:  # taken over by a recovery after `close()`
            raise FileProblem(file, "another session holds this journal now")

    def _append(self, file: Path, data: bytes) -> None:
        """One line, fsynced; on failure the journal is cut back to its last whole line."""
        try:
            fd = disk.open_append(file)
        except OSError as error:
            raise _problem(file, error) from None
        try:
            if os.fstat(fd).st_size != self._size:  # a half line from an earlier failure
                disk.truncate(fd, self._size, file)
            disk.write(fd, data, file)
            disk.fsync(fd, file)
        except OSError as error:
            with contextlib.suppress(OSError):
                disk.truncate(fd, self._size, file)
                disk.fsync(fd, file)
            raise _problem(file, error) from None
        finally:
            os.close(fd)
        self._size += len(data)


def _is_version(info: os.stat_result, known: files.Fingerprint) -> bool:
    return stat.S_ISREG(info.st_mode) and known.same_stat(info)


def _problem(file: Path, error: OSError) -> FileProblem:
    reason = files.explain(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += "; the edits are still in memory: save them now, or elsewhere"
    return FileProblem(
        file.parent,
        f"cannot keep the journal of unsaved edits in this folder ({reason}); "
        "edits are no longer being journaled",
    )
