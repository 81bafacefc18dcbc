"""Three-way merge of the app's edits with the file on disk: by market, by field, losslessly."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import EditError
from roadmap_tui.model import Market, Roadmap, Status
from roadmap_tui.safety.merge import (
    ChangeKind,
    Conflict,
    Edited,
    Take,
    UnresolvedConflicts,
    apply,
    diff,
    merge,
    resolve_all,
)
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import FIXED_NOW, ROADMAP, fixed_clock

# A hand edit made in an editor while the app had the file open: a new comment, the UK's
# notes rewritten, and the Indonesian owner added.
THEIRS = (
    ROADMAP.replace(
        "# First EU wave, on hold since July 2022.",
        "# First EU wave, on hold since July 2022.\n# (comment added by hand while the app was open)",
    )
    .replace(
        'notes = "Audiences small; grow them before new launches."',
        'notes = "Audiences growing since the autumn."',
    )
    .replace('region = "Asia"', 'region = "Asia"\nowner = "SEA commerce"')
)


def documents(theirs_text: str = THEIRS) -> tuple[RoadmapDocument, RoadmapDocument]:
    """The app's document (read from ROADMAP, the base) and the file on disk now."""
    ours = RoadmapDocument.from_text(ROADMAP, "roadmap.toml", clock=fixed_clock)
    theirs = RoadmapDocument.from_text(theirs_text, "roadmap.toml", clock=fixed_clock)
    return ours, theirs


def base() -> RoadmapDocument:
    return RoadmapDocument.from_text(ROADMAP, "roadmap.toml", clock=fixed_clock)


def test_no_local_edits_takes_everything_from_disk() -> None:
    ours, theirs = documents()
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.merged_changes == []
    assert result.conflicts == []
    assert [change.describe() for change in result.incoming] == [
        "GB: notes changed",
        "ID: owner (none) → SEA commerce",
    ]
    apply(result, theirs)
    assert not theirs.dirty
    assert theirs.text == THEIRS


def test_disjoint_edits_merge_and_keep_the_files_comments_byte_for_byte() -> None:
    ours, theirs = documents()
    ours.set_notes("DE", "Restart in 2023.")
    ours.set_status("FR", "live", note="Launch")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    assert [(c.code, c.kind) for c in result.merged_changes] == [
        ("DE", ChangeKind.CHANGED),
        ("FR", ChangeKind.CHANGED),
    ]
    apply(result, theirs)
    expected = THEIRS.replace(
        'tags = ["eu-wave-1"]\n\n[[markets.history]]',
        'tags = ["eu-wave-1"]\nnotes = "Restart in 2023."\n\n[[markets.history]]',
    ).replace(
        'name = "France"\nstatus = "paused"\nregion = "Europe"\ntags = ["eu-wave-1"]\n',
        'name = "France"\nstatus = "live"\nregion = "Europe"\ntags = ["eu-wave-1"]\n'
        "since = 2022-07-05\n\n[[markets.history]]\nat = 2022-07-05T09:30:00Z\n"
        'from = "paused"\nto = "live"\nnote = "Launch"\n',
    )
    assert expected != THEIRS
    assert theirs.text == expected
    merged = theirs.roadmap
    assert merged.find("GB").notes == "Audiences growing since the autumn."
    assert merged.find("ID").owner == "SEA commerce"
    assert merged.find("DE").notes == "Restart in 2023."
    assert merged.find("FR").status is Status.LIVE


def test_different_fields_of_one_market_merge() -> None:
    ours, theirs = documents()
    ours.set_notes("ID", "Store tab doubled conversion.")  # theirs changed ID's owner
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    apply(result, theirs)
    indonesia = theirs.roadmap.find("ID")
    assert (indonesia.owner, indonesia.notes) == ("SEA commerce", "Store tab doubled conversion.")
    assert "# (comment added by hand while the app was open)" in theirs.text


def test_same_field_changed_differently_is_a_conflict_and_nothing_is_applied_unsettled() -> None:
    ours, theirs = documents()
    ours.set_notes("GB", "Audiences shrinking.")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == [
        Conflict(
            "GB",
            "notes",
            base="Audiences small; grow them before new launches.",
            theirs="Audiences growing since the autumn.",
            ours="Audiences shrinking.",
        )
    ]
    with pytest.raises(UnresolvedConflicts, match="1 conflict with the file on disk"):
        apply(result, theirs, {})
    assert theirs.text == THEIRS and not theirs.dirty


@pytest.mark.parametrize(
    ("resolution", "notes"),
    [
        (Take.OURS, "Audiences shrinking."),
        (Take.THEIRS, "Audiences growing since the autumn."),
        (Edited("Growing in autumn, shrinking since."), "Growing in autumn, shrinking since."),
    ],
)
def test_a_conflict_settles_to_the_chosen_value(resolution: object, notes: str) -> None:
    ours, theirs = documents()
    ours.set_notes("GB", "Audiences shrinking.")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    apply(result, theirs, {("gb", "notes"): resolution})
    assert theirs.roadmap.find("GB").notes == notes
    assert theirs.roadmap.find("ID").owner == "SEA commerce"
    assert "# (comment added by hand while the app was open)" in theirs.text


def test_same_change_on_both_sides_is_not_a_conflict() -> None:
    ours, theirs = documents()
    ours.set_notes("GB", "Audiences growing since the autumn.")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == [] and result.merged_changes == []


def test_removed_by_us_and_edited_on_disk_is_a_conflict() -> None:
    ours, theirs = documents()
    ours.remove_market("GB")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert (conflict.code, conflict.field, conflict.ours) == ("GB", None, None)
    assert conflict.theirs["notes"] == "Audiences growing since the autumn."
    assert conflict.describe() == "GB: we removed it, the file on disk changed it"

    kept = RoadmapDocument.from_text(THEIRS, "roadmap.toml")
    apply(result, kept, {conflict.key: Take.THEIRS})
    assert kept.text == THEIRS

    apply(result, theirs, resolve_all(result, Take.OURS))
    assert theirs.roadmap.find("GB") is None
    assert [m.code for m in theirs.markets] == ["DE", "FR", "ID"]
    assert theirs.text.startswith("# Live shopping: where it runs")


def test_removed_on_disk_and_edited_by_us_is_a_conflict() -> None:
    theirs_text = ROADMAP.replace(
        '[[markets]]\ncode = "FR"\nname = "France"\nstatus = "paused"\nregion = "Europe"\n'
        'tags = ["eu-wave-1"]\n\n',
        "",
    )
    ours, theirs = documents(theirs_text)
    assert theirs.roadmap.find("FR") is None
    ours.set_notes("FR", "Keep France warm.")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert [(c.code, c.field, c.theirs) for c in result.conflicts] == [("FR", None, None)]
    assert result.conflicts[0].describe() == "FR: the file on disk removed it, we changed it"
    apply(result, theirs, resolve_all(result, Take.OURS))
    france = theirs.roadmap.find("FR")
    assert france is not None and france.notes == "Keep France warm."


def test_removed_by_us_and_untouched_on_disk_is_removed() -> None:
    ours, theirs = documents()
    ours.remove_market("FR")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    apply(result, theirs)
    assert [m.code for m in theirs.markets] == ["GB", "DE", "ID"]
    assert "# (comment added by hand while the app was open)" in theirs.text


def test_markets_added_on_each_side_are_both_kept() -> None:
    theirs_text = THEIRS + '\n[[markets]]\ncode = "US"\nname = "United States"\nstatus = "paused"\n'
    ours, theirs = documents(theirs_text)
    ours.add_market({"code": "IT", "name": "Italy", "status": "planned"})
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    assert [c.describe() for c in result.incoming][-1] == "US: added (United States)"
    apply(result, theirs)
    assert [m.code for m in theirs.markets] == ["GB", "DE", "FR", "ID", "US", "IT"]
    assert theirs.text.startswith(theirs_text)


def test_same_market_added_on_both_sides_merges_by_field() -> None:
    theirs_text = ROADMAP + '\n[[markets]]\ncode = "IT"\nname = "Italy"\nstatus = "paused"\n'
    ours, theirs = documents(theirs_text)
    ours.add_market({"code": "it", "name": "Italy", "status": "planned", "region": "Europe"})
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert [(c.field, c.base, c.theirs, c.ours) for c in result.conflicts] == [
        ("code", None, "IT", "it"),
        ("status", None, "paused", "planned"),
    ]
    apply(result, theirs, resolve_all(result, Take.THEIRS))
    italy = theirs.roadmap.find("IT")
    assert (italy.code, italy.status, italy.region) == ("IT", Status.PAUSED, "Europe")


def test_history_appended_on_both_sides_is_the_union_theirs_first() -> None:
    theirs_text = ROADMAP.replace(
        'note = "Focus on the UK"\n',
        'note = "Focus on the UK"\n\n[[markets.history]]\nat = 2022-08-01\n'
        'from = "paused"\nto = "planned"\nnote = "Back in the plan"\n',
    ).replace(
        'code = "DE"\nname = "Germany"\nstatus = "paused"',
        'code = "DE"\nname = "Germany"\nstatus = "planned"',
    )
    ours, theirs = documents(theirs_text)
    ours.set_status("DE", "live", note="Straight to live")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert [(c.field, c.theirs, c.ours) for c in result.conflicts] == [
        ("status", "planned", "live")
    ]
    apply(result, theirs, resolve_all(result, Take.OURS))
    germany = theirs.roadmap.find("DE")
    assert germany.status is Status.LIVE
    assert [(h.to, h.note) for h in germany.history] == [
        (Status.PAUSED, "Focus on the UK"),
        (Status.PLANNED, "Back in the plan"),
        (Status.LIVE, "Straight to live"),
    ]
    assert germany.history[-1].at == FIXED_NOW
    assert germany.history[1].at == date(2022, 8, 1)


def test_history_rewritten_on_both_sides_is_a_conflict() -> None:
    theirs_text = ROADMAP.replace('note = "Focus on the UK"', 'note = "Focus on the UK first"')
    ours, theirs = documents(theirs_text)
    ours.set_status("DE", "planned")
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert [c.field for c in result.conflicts] == ["history"]


def test_tags_merge_as_a_set() -> None:
    theirs_text = ROADMAP.replace('tags = ["pilot"]', 'tags = ["pilot", "live-events"]')
    ours, theirs = documents(theirs_text)
    ours.update_market("GB", tags=["uk"])  # we dropped "pilot" and added "uk"
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    apply(result, theirs)
    assert theirs.roadmap.find("GB").tags == ["live-events", "uk"]


def test_apply_changes_nothing_when_the_merge_is_not_a_valid_roadmap() -> None:
    # the file renamed FR to XX while we added a market xx
    theirs_text = ROADMAP.replace('code = "FR"', 'code = "XX"')
    ours, theirs = documents(theirs_text)
    ours.update_market("DE", notes="edited")
    ours.add_market({"code": "xx", "name": "Somewhere", "status": "planned"})
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    # "xx" is new on both sides: merged field by field (region and tags only on disk)
    assert {c.field for c in result.conflicts} == {"code", "name", "status"}
    before = theirs.text
    bad = {conflict.key: Edited(None) for conflict in result.conflicts}  # removes "name"
    with pytest.raises(EditError):
        apply(result, theirs, bad)
    assert theirs.text == before


def test_diff_lists_what_changed() -> None:
    ours = base()
    ours.set_status("FR", "live")
    ours.remove_market("GB")
    ours.add_market({"code": "ES", "name": "Spain", "status": "planned"})
    assert [c.describe() for c in diff(base().roadmap, ours.roadmap)] == [
        "FR: status paused → live, since (none) → 2022-07-05, 1 history entry added",
        "ES: added (Spain)",
        "GB: removed (United Kingdom)",
    ]


# -- properties over random edits -----------------------------------------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["status", "notes", "owner", "tags", "add", "remove"]),
        st.sampled_from(["GB", "DE", "FR", "ID", "NL", "US"]),
        st.sampled_from(["", "a", "b", "Growing", "Shrinking"]),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=8,
)


def edited(steps: list, allowed: set[str] | None = None) -> RoadmapDocument:
    """The base roadmap with random edits, only to markets in `allowed` if given."""
    document = base()
    for action, code, text, number in steps:
        if allowed is not None and code not in allowed:
            continue
        try:
            if action == "status":
                document.set_status(code, ["planned", "paused", "live"][number], note=text or None)
            elif action == "notes":
                document.set_notes(code, text)
            elif action == "owner":
                document.update_market(code, owner=text or None)
            elif action == "tags":
                document.update_market(code, tags=[text, str(number)] if text else [])
            elif action == "add":
                document.add_market({"code": code, "name": text or code, "status": "planned"})
            else:
                document.remove_market(code)
        except EditError:
            continue
    return document


def by_code(roadmap: Roadmap) -> dict[str, Market]:
    return {market.key: market for market in roadmap.markets}


MERGE_PROPERTY = settings(max_examples=150, deadline=None, database=None)


@MERGE_PROPERTY
@given(steps=EDITS)
def test_our_edits_alone_apply_onto_an_unchanged_file_exactly(steps: list) -> None:
    ours = edited(steps)
    theirs = base()
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == [] and result.incoming == []
    apply(result, theirs)
    # markets in the file keep the file's order; a market removed and added back is the
    # same market to a merge (matched by code), so compare by code
    assert by_code(theirs.roadmap) == by_code(ours.roadmap)
    assert theirs.roadmap.roadmap == ours.roadmap.roadmap
    assert theirs.text.startswith("# Live shopping: where it runs")


@MERGE_PROPERTY
@given(steps=EDITS)
def test_their_edits_alone_are_taken_as_they_are(steps: list) -> None:
    theirs = edited(steps)
    text = theirs.text
    result = merge(base().roadmap, base().roadmap, theirs.roadmap)
    assert result.conflicts == [] and result.merged_changes == []
    apply(result, theirs)
    assert theirs.text == text


@MERGE_PROPERTY
@given(
    our_steps=EDITS,
    their_steps=EDITS,
    split=st.sets(st.sampled_from(["GB", "DE", "FR", "ID", "NL", "US"])),
)
def test_edits_to_different_markets_never_conflict_and_both_survive(
    our_steps: list, their_steps: list, split: set[str]
) -> None:
    everything = {"GB", "DE", "FR", "ID", "NL", "US"}
    ours = edited(our_steps, split)
    theirs = edited(their_steps, everything - split)
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    assert result.conflicts == []
    apply(result, theirs)
    merged = theirs.roadmap
    for code in everything:
        side = ours if code in split else theirs
        expected = side.roadmap.find(code)
        assert merged.find(code) == expected, code
    # the comment above GB goes only with GB itself, removed by the side that owns it
    owner_steps = our_steps if "GB" in split else their_steps
    removed = any(action == "remove" and code == "GB" for action, code, *_ in owner_steps)
    assert "# The UK went live" in theirs.text or removed


@MERGE_PROPERTY
@given(our_steps=EDITS, their_steps=EDITS)
def test_every_change_is_kept_or_reported_as_a_conflict(our_steps: list, their_steps: list) -> None:
    ours, theirs = edited(our_steps), edited(their_steps)
    result = merge(base().roadmap, ours.roadmap, theirs.roadmap)
    swapped = merge(base().roadmap, theirs.roadmap, ours.roadmap)
    assert sorted(c.key for c in result.conflicts) == sorted(c.key for c in swapped.conflicts)
    kept_ours = RoadmapDocument.from_text(theirs.text, "roadmap.toml")
    apply(result, kept_ours, resolve_all(result, Take.OURS))
    # every market ours changed (and nobody else did differently) is exactly ours now,
    # and every market only theirs changed is exactly theirs
    for market in base().roadmap.markets + ours.roadmap.markets + theirs.roadmap.markets:
        before = base().roadmap.find(market.code)
        mine, their = ours.roadmap.find(market.code), theirs.roadmap.find(market.code)
        now = kept_ours.roadmap.find(market.code)
        if mine == before:
            assert now == their
        elif their == before:
            assert now == mine
