"""Questions the app raises by itself: keys typed before one was on screen never answer it.

The recovery prompt at launch, a conflict with the file on disk, "the file was deleted":
none of them follows a key the user pressed. Keys already typed when such a question
appears were meant for the screen behind it (a burst typed while the app starts, a note
being typed when a change on disk arrives), and one of them could be an answer: a `d`
in "Typed fast" discarded a crashed session's edits. So such a question takes only keys
typed after its first frame; the app drops the earlier ones and says so."""

from __future__ import annotations

from textual import events

# The clock Textual stamps every event with (`Message.time`); Textual is pinned exactly.
from textual._time import get_time


class UnaskedQuestion:
    """Mixin for a screen the app shows on its own. Call `shown()` after its first
    frame (`call_after_refresh(self.shown)` in `on_mount`); until then every key is stale.

    `unasked` is False on an instance when the same screen follows a key instead (a
    `Confirm` the user asked for with `q` or `d`)."""

    unasked: bool = True
    shown_at: float | None = None

    def shown(self) -> None:
        """The question is on screen: keys typed from now on are answers."""
        if self.shown_at is None:
            self.shown_at = get_time()


def typed_before_shown(screen: object, key: events.Key) -> bool:
    """Whether `key` was typed before `screen`, an unasked question, was on screen."""
    if not isinstance(screen, UnaskedQuestion) or not screen.unasked:
        return False
    return screen.shown_at is None or key.time < screen.shown_at
