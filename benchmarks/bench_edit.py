"""Editing a big roadmap costs what changed: the first edit, undo of a bulk edit, reading a
file changed on disk, and finding a crashed session's edits, at 10, 2,000 and 10,000
markets, each next to baselines measured in the same run.

    python benchmarks/bench_edit.py            # 10, 2,000 and 10,000 markets
    python benchmarks/bench_edit.py 2000       # one size

Every operation runs the way the app runs it, through an `EditingSession` on a file in a
temporary directory (with its own state directory, so journals and backups are real):

- open session: `EditingSession(document)` on a loaded document: it cuts the text into
  one piece per market, once (the file's load itself is the first baseline);
- first edit: a status change and its journaling (`session.edited()`: the journal's base
  line, a copy of the file's bytes beside it, one line, all fsynced);
- next edit: a second status change, journaled;
- bulk edit, undo, redo: a status change of 500 markets as one undo step, journaled;
  undoing it (restoring the revision before) and redoing it, each journaled;
- find: `recovery.find` after the session ended with those edits unsaved (a crash);
- reload: the file changed on disk in one market (another program), read again by a
  session without unsaved edits; merge: the same with one unsaved edit in the app;
- save: `safety.save` of one edit (for scale: it writes the whole file, twice);
- bulk + save: a status change of 500 markets as one undo step, journaled, then saved
  (what `s` on 500 marked markets and `ctrl+s` cost; issue 10's target is 1 s).

Baselines beside them: `tomllib.loads` of the same text (what any whole read costs), the
full load (`RoadmapDocument.load`) a reload would be without reuse, and each operation's
own time at 10 markets (the ratio shows how it grows with the roadmap). Each figure is the
best of several runs, to keep other work on the machine out of it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import write_sizes

from roadmap_tui import paths
from roadmap_tui.model import Status
from roadmap_tui.safety import recovery, save
from roadmap_tui.safety.session import EditingSession
from roadmap_tui.store import RoadmapDocument

DATA = Path(__file__).resolve().parent / "data"
SIZES = (10, 2_000, 10_000)
BULK = 500
OPERATIONS = (
    "open session",
    "first edit",
    "next edit",
    "find (2 edits)",
    f"bulk edit ({BULK})",
    "undo bulk",
    "redo bulk",
    "find (bulk)",
    "reload 1 changed",
    "merge 1 changed",
    "save 1 edit",
    f"bulk {BULK} + save",
)


def clock() -> datetime:
    return datetime(2024, 5, 6, 9, 30, tzinfo=UTC)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def other(status: Status) -> Status:
    return Status.PAUSED if status is not Status.PAUSED else Status.LIVE


def one_run(source: Path) -> dict[str, float]:
    """Every operation once, on a fresh copy of `source` with a fresh state directory."""
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as directory:
        os.environ[paths.STATE_DIR_VARIABLE] = str(Path(directory) / "state")
        path = Path(directory) / "roadmap.toml"
        shutil.copyfile(source, path)
        document = RoadmapDocument.load(path, clock=clock)
        holder: list[EditingSession] = []
        times["open session"] = timed(lambda: holder.append(EditingSession(document)))
        session = holder[0]
        markets = document.markets
        middle = markets[len(markets) // 2]

        def edit(code: str, status: Status) -> None:
            session.document.set_status(code, status, note="bench")
            session.edited()

        times["first edit"] = timed(lambda: edit(middle.code, other(middle.status)))
        last = markets[-1]
        times["next edit"] = timed(lambda: edit(last.code, other(last.status)))

        def crash_and_find(name: str, keep: bool) -> None:
            session.close()  # the session ends with its edits unsaved: a crash
            found: list[recovery.Found] = []
            times[name] = timed(lambda: found.append(recovery.find(path)))
            [offered] = found[0].recoveries
            assert offered.usable, f"{name}: the crashed session's edits"
            if keep:
                offered.release()  # and the session carries on (it takes its lock again)
            else:
                offered.discard()

        crash_and_find("find (2 edits)", keep=True)

        bulk = markets[: min(BULK, len(markets) - 1)]
        before = session.document.checkpoint()

        def bulk_edit() -> None:
            for market in bulk:
                now = session.document.market(market.code).status
                session.document.set_status(market.code, other(now), note="bulk")
            session.edited()  # the app journals once per edit it records for undo

        times[f"bulk edit ({BULK})"] = timed(bulk_edit)
        after = session.document.checkpoint()

        def restore(revision: object) -> None:
            session.document.restore(revision)  # type: ignore[arg-type]
            session.edited()

        times["undo bulk"] = timed(lambda: restore(before))
        times["redo bulk"] = timed(lambda: restore(after))

        crash_and_find("find (bulk)", keep=False)

        # a clean session, and another program changes one market in the file
        clean = EditingSession(RoadmapDocument.load(path, clock=clock, like=document))
        changed = markets[len(markets) // 3]
        text = path.read_text(encoding="utf-8")
        old_line = f'name = "{changed.name}"'
        assert text.count(old_line) == 1
        path.write_text(text.replace(old_line, f'name = "{changed.name} (renamed)"'), "utf-8")
        holder_reload: list[object] = []
        times["reload 1 changed"] = timed(lambda: holder_reload.append(clean.reload()))
        reloaded = holder_reload[0].document  # type: ignore[attr-defined]
        assert reloaded.roadmap.find(changed.code).name.endswith("(renamed)")

        # unsaved edits in the app, and the file changes again in another market
        clean.adopt(reloaded)
        clean.document.set_status(last.code, other(last.status), note="mine")
        clean.edited()
        second = markets[len(markets) // 4]
        text = path.read_text(encoding="utf-8")
        old_line = f'name = "{second.name}"'
        path.write_text(text.replace(old_line, f'name = "{second.name} (theirs)"'), "utf-8")
        holder_merge: list[object] = []
        times["merge 1 changed"] = timed(lambda: holder_merge.append(clean.merge_with_disk()))
        merged = holder_merge[0]
        assert merged.result.clean, "merge: disjoint edits"  # type: ignore[attr-defined]
        clean.adopt(merged.theirs, merged.base)  # type: ignore[attr-defined]
        times["save 1 edit"] = timed(lambda: save.save(clean.document, clean.journal))

        clean.close()

        # the app freshly opened on the file, as a user finds it: 500 markets, one status
        fresh = EditingSession(RoadmapDocument.load(path, clock=clock))

        def bulk_and_save() -> None:
            document = fresh.document
            for market in bulk:
                now = document.market(market.code).status
                document.set_status(market.code, other(now), note="bulk")
            fresh.edited()
            save.save(document, fresh.journal)

        times[f"bulk {BULK} + save"] = timed(bulk_and_save)
        fresh.close()
    return times


def main(sizes: tuple[int, ...]) -> None:
    files = write_sizes(DATA, sizes)
    smallest: dict[int, dict[str, float]] = {}
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; best of N runs, ms")
    for size, source in files.items():
        text = source.read_text(encoding="utf-8")
        runs = 5 if size <= 2_000 else 3
        parse = min(timed(lambda text=text: tomllib.loads(text)) for _ in range(runs))
        load = min(timed(lambda source=source: RoadmapDocument.load(source)) for _ in range(2))
        best: dict[str, float] = {}
        for _ in range(runs):
            for name, seconds in one_run(source).items():
                best[name] = min(best.get(name, seconds), seconds)
        smallest.setdefault(size, best)
        small = next(iter(smallest.values()))
        middle = smallest.get(2_000, small)
        print(
            f"\n{size:,} markets ({len(text.encode()) / 1e6:.2f} MB): "
            f"tomllib.loads {parse * 1000:.1f} ms, full load {load * 1000:.1f} ms"
        )
        print(
            f"  {'operation':<18} {'ms':>9} {'× 10 markets':>13} {'× 2,000':>8} {'× tomllib':>10}"
        )
        for name in OPERATIONS:
            seconds = best[name]
            print(
                f"  {name:<18} {seconds * 1000:>9.1f} {seconds / small[name]:>12.1f}×"
                f" {seconds / middle[name]:>7.1f}× {seconds / parse:>9.3f}×"
            )


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
