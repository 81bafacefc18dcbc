"""A roadmap left in a conflicted git merge: the conflict screen over git's base, ours and
theirs, and the settled file written in place of the one the merge driver left.

Marking the file resolved in git (`git add`) stays the user's: the app says so."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roadmap_tui.errors import RoadmapError
from roadmap_tui.opening import Opening
from roadmap_tui.safety.gitmerge import GitConflict, find_conflict
from roadmap_tui.safety.merge import Resolution
from roadmap_tui.store import RoadmapDocument, atomic_write
from roadmap_tui.ui.screens.confirm import Confirm

if TYPE_CHECKING:
    from roadmap_tui.ui.app import RoadmapApp

Resolutions = dict[tuple[str, str | None], Resolution]


def git_conflict(path: Path) -> GitConflict | None:
    """The git conflicts left in `path`, if it is in a conflicted merge (else None)."""
    try:
        return find_conflict(path)
    except RoadmapError:
        return None  # git missing or failing: the file opens as it is


def settle_git_conflict(app: RoadmapApp, conflict: GitConflict) -> None:
    """Show the conflict screen; once settled, write the merged file and show it. With
    nothing to settle (git's line merge stopped where the merge by market does not), ask
    before writing the merged roadmap."""
    names = {market.key: market.name for market in conflict.sides.theirs.markets}
    names |= {market.key: market.name for market in conflict.sides.ours.markets}

    def resolved(resolutions: Resolutions | None) -> None:
        if resolutions is None:
            app.say(
                f"{conflict.path.name} is still in a conflicted merge; open it again to settle it.",
                "warning",
            )
            return
        try:
            text = conflict.resolved_text(resolutions)
            atomic_write(conflict.path, text.encode("utf-8", "surrogateescape"))
            document = RoadmapDocument.load(conflict.path, clock=app.clock)
        except RoadmapError as error:
            app.say(f"Not settled: {error}", "error")
            return
        app.adopt(document, Opening(conflict.path, document))
        app.safekeeping.attach()
        app.show_main_screen()
        count = len(conflict.conflicts)
        done = f"Settled {count} conflict{'s' if count != 1 else ''}" if count else "Merged"
        app.say(
            f"{done} and saved {conflict.path.name}. "
            f"Run 'git add {conflict.path.name}' to mark it resolved in git (that is yours)."
        )

    if conflict.conflicts:
        from roadmap_tui.ui.screens.conflicts import GIT_SIDES, ConflictScreen  # only then

        screen = ConflictScreen(conflict.conflicts, names, "the branch merged in", GIT_SIDES)
        app.push_screen(screen, resolved)
        return
    question = (
        f"{conflict.path.name} is in a conflicted git merge, but merged by market and field "
        "nothing needs your choice.\nWrite the merged roadmap to the file?"
    )
    choices = [("w", "Write the merged roadmap", "write"), ("escape", "Not now", "later")]
    app.push_screen(
        Confirm(question, choices),
        lambda answer: resolved({} if answer == "write" else None),
    )
