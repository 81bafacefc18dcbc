"""A roadmap's values, kept out of the garbage collector's way while the app runs.

A 10,000-market roadmap is about a million dicts, lists and models, all alive as long as
the roadmap is open and none of them in a reference cycle. Left to the cyclic collector,
the first collections after the read each scanned every one of them (measured: 86 ms,
then 128 ms, then 145 ms and 134 ms in the seconds after opening, the last two in the
middle of keys being answered); at 2,000 markets a full collection in the middle of
switching to the regions view made the switch 130 ms instead of 45. `read_quietly`
reads with the collector paused and then `gc.freeze()`s what is alive: the roadmap read
at launch, and a big one read later behind the loading screen. The collector never
scans those objects again, while reference counting still frees them when the roadmap
is closed. `release` gives the frozen objects back to the collector when the app ends
(an app in a test process is one of many)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Whether `read_quietly` froze anything since the last `release`. `gc.get_freeze_count()`
# would say too, but it walks every frozen object: 15-35 ms at 10,000 markets, on every
# `settle`, which follows every edit.
_frozen = False


@contextmanager
def read_quietly() -> Iterator[None]:
    """Read a roadmap with the collector paused; what is alive after it is frozen."""
    global _frozen
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        _frozen = True
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Once the app has built what it keeps beside a big roadmap (a sort order and a
    search text per market), freeze that too: full collections went on walking its lists
    of 10,000 markets, 50-70 ms each, a few times a minute of typing. Young cyclic garbage
    is collected first, so that little is frozen that is already dead. Nothing happens
    while nothing is frozen (no roadmap was read through `read_quietly`)."""
    if _frozen:
        gc.collect(1)
        gc.freeze()


def release() -> None:
    """Hand every frozen object back to the collector."""
    global _frozen
    gc.unfreeze()
    _frozen = False
