"""git's three-way merge of a roadmap file: `roadmap-tui merge-driver %O %A %B %P`, and a
file left in a conflicted merge (`find_conflict`, from git's index stages). No Textual.

The same merge the app makes with outside edits (`merge.py`), by market and by field,
applied through the document's lossless edits onto one side's text, so the layout and the
comments a person wrote stay. A field both branches changed to different values is a real
conflict: the file is then written with our branch's value and a comment block at its top
(never inside a TOML string) naming each conflict, and the driver exits non-zero; opening
the file in the app (`roadmap-tui PATH`) settles them from git's index stages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from roadmap_tui import git, wording
from roadmap_tui.errors import InvalidRoadmap, RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.safety.merge import Conflict, Resolution, Take, apply, merge, resolve_all
from roadmap_tui.store.document import RoadmapDocument
from roadmap_tui.store.render import detect_newline

Resolutions = Mapping[tuple[str, str | None], Resolution]

CONFLICT_HEADING = "# roadmap-tui: this merge left conflicts"


@dataclass
class GitMerge:
    """The merged text, and the conflicts it holds at our branch's value (none: clean)."""

    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    problem: str | None = None  # a side outside the markets could not be merged

    @property
    def clean(self) -> bool:
        return not self.conflicts and self.problem is None


@dataclass(frozen=True)
class Sides:
    """The three versions of the file, as read (the base only as a roadmap: no text of
    it is kept in the merge)."""

    base: Roadmap
    ours: RoadmapDocument
    theirs: RoadmapDocument


def read_sides(base: str | None, ours: str, theirs: str, name: str) -> Sides:
    """The three texts as documents (InvalidRoadmap for one that is not a valid roadmap).
    A file both branches added has no base: our roadmap without markets stands in."""
    our_document = RoadmapDocument.from_text(ours, f"{name} (ours)")
    try:
        # named as the file, which the merge writes from it; its problems as their side
        their_document = RoadmapDocument.from_text(theirs, name)
    except InvalidRoadmap as error:
        side = f"{name} (theirs)"
        problems = [replace(diagnostic, path=side) for diagnostic in error.diagnostics]
        raise InvalidRoadmap(side, problems) from None
    if base is None:
        base_roadmap = our_document.roadmap.model_copy(update={"markets": []})
    else:
        base_roadmap = RoadmapDocument.from_text(base, f"{name} (base)").roadmap
    return Sides(base_roadmap, our_document, their_document)


def merge_sides(sides: Sides, resolutions: Resolutions | None = None) -> GitMerge:
    """Merge ours and theirs from base. Without `resolutions` a conflict keeps our value
    and is listed; with them (the app's conflict screen) every conflict is settled."""
    base, ours, theirs = sides.base, sides.ours.roadmap, sides.theirs.roadmap
    # Their text carries the merge unless only our branch changed what is outside the
    # markets (the [roadmap] table): then ours does, with their market changes put on it.
    ours_outside = _outside(ours) != _outside(base)
    theirs_outside = _outside(theirs) != _outside(base)
    if ours_outside and theirs_outside and _outside(ours) != _outside(theirs):
        return GitMerge(
            sides.ours.text,
            problem="both branches changed the [roadmap] table differently; "
            "the file is left as on your branch",
        )
    onto_ours = ours_outside and not theirs_outside
    if onto_ours:
        result = merge(base, theirs, ours)
        target = RoadmapDocument.from_text(sides.ours.text, sides.theirs.path)
    else:
        result = merge(base, ours, theirs)
        target = RoadmapDocument.from_text(sides.theirs.text, sides.theirs.path)
    conflicts = list(result.conflicts)
    if resolutions is None:
        # keep our branch's value until the user settles it
        chosen: dict[tuple[str, str | None], Resolution] = dict(
            resolve_all(result, Take.THEIRS if onto_ours else Take.OURS)
        )
    else:
        chosen = {key: _flipped(value, onto_ours) for key, value in resolutions.items()}
        conflicts = []
    apply(result, target, chosen)
    text = target.text
    if conflicts:
        shown = [_as_git_sees_it(conflict, onto_ours) for conflict in conflicts]
        text = with_conflict_comments(text, shown, sides.theirs.path.name)
    return GitMerge(text, [_as_git_sees_it(c, onto_ours) for c in conflicts])


@dataclass(frozen=True)
class GitConflict:
    """A roadmap file in a conflicted git merge: its three versions and what to settle."""

    path: Path
    sides: Sides
    conflicts: list[Conflict]

    def resolved_text(self, resolutions: Resolutions) -> str:
        """The file once every conflict is settled (without the comment block)."""
        return merge_sides(self.sides, resolutions).text


def find_conflict(path: Path) -> GitConflict | None:
    """What is left to settle in `path` after a git merge stopped on it (index stages 2
    and 3 present); None when it is in no conflicted merge, or its versions cannot be
    merged by market. No conflicts: git's line merge stopped (the driver was not set up)
    where the merge by market needs no one's choice."""
    stages = git.conflict_stages(path)
    if stages is None:
        return None
    try:
        sides = read_sides(stages.base, stages.ours, stages.theirs, path.name)
    except RoadmapError:
        return None
    merged = merge_sides(sides)
    if merged.problem is not None:
        return None
    return GitConflict(path, sides, merged.conflicts)


def _outside(roadmap: Roadmap) -> object:
    return (roadmap.roadmap, roadmap.snapshot)


def _as_git_sees_it(conflict: Conflict, flipped: bool) -> Conflict:
    if not flipped:
        return conflict
    return Conflict(conflict.code, conflict.field, conflict.base, conflict.ours, conflict.theirs)


def _flipped(resolution: Resolution, flipped: bool) -> Resolution:
    if flipped and isinstance(resolution, Take):
        return Take.THEIRS if resolution is Take.OURS else Take.OURS
    return resolution


def with_conflict_comments(text: str, conflicts: list[Conflict], name: str) -> str:
    """`text` with a comment block at its top naming each conflict: comments only, so the
    file stays a valid roadmap and nothing lands inside a string."""
    newline = detect_newline(text)
    lines = [
        f"{CONFLICT_HEADING}, kept as on your branch until settled:",
        *(f"#   {_comment_safe(describe(conflict))}" for conflict in conflicts),
        f"# Settle them with `roadmap-tui {_comment_safe(name)}` (it removes these lines),",
        "# then `git add` the file to tell git the conflict is resolved.",
    ]
    block = newline.join(lines) + newline
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom + block + text.removeprefix("\ufeff")


GIT_SIDES = ("theirs", "your branch")
"""How a git merge names its sides: the branch merged in, and the one checked out."""


def describe(conflict: Conflict) -> str:
    """`DE.status: base planned, theirs paused, your branch live`."""
    return wording.conflict_line(
        conflict.code, conflict.field, conflict.base, conflict.theirs, conflict.ours, GIT_SIDES
    )


def _comment_safe(text: str) -> str:
    # a TOML comment may hold no control character but tab
    return "".join("?" if (ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F else c for c in text)
