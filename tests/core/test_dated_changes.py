"""Status changes dated when they happened, several markets in one go, and histories
edited in place: the history stays in time order, `since` follows its latest entry, and
the file changes only where it must."""

from __future__ import annotations

import difflib
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from roadmap_tui.errors import EditError
from roadmap_tui.model import StatusChange
from roadmap_tui.moments import parse_moment
from roadmap_tui.store import RoadmapDocument, parse
from tests.core.helpers import document, lines, reparsed
from tests.sharing.helpers import run_cli

ROADMAP = """\
[roadmap]
title = "TikTok Shop"
owner = "Global e-commerce"  # the team

[[markets]]
code = "DE"
name = "Germany"
status = "live"
since = 2022-09-01

[[markets.history]]
at = 2022-01-10
from = "planned"
to = "paused"

# restarted in the autumn
[[markets.history]]
at = 2022-09-01T08:00:00Z
from = "paused"
to = "live"
note = "restart"

[[markets]]
code = "FR"
name = "France"
status = "planned"

[[markets]]
code = "IT"
name = "Italy"
status = "planned"
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(lines(before), lines(after)) if line[:1] in "+-"]


def test_a_change_dated_in_the_past_goes_into_the_history_in_time_order() -> None:
    """Recorded on 5 July that Germany went planned → paused... on 1 March: between the
    January and the September entries; its status and `since` stay with September."""
    roadmap = document(ROADMAP)
    market = roadmap.set_status("de", "planned", note="back on the plan", at=date(2022, 3, 1))
    assert [change.at for change in market.history] == [
        date(2022, 1, 10),
        date(2022, 3, 1),
        datetime(2022, 9, 1, 8, tzinfo=UTC),
    ]
    middle = market.history[1]
    assert (middle.from_, middle.to, middle.note) == ("paused", "planned", "back on the plan")
    assert (market.status, market.since) == ("live", date(2022, 9, 1))
    assert reparsed(roadmap.text).markets[0] == market
    # the entry is new lines before the September one and the comment above it
    inserted = (
        '[[markets.history]]\nat = 2022-03-01\nfrom = "paused"\nto = "planned"\n'
        'note = "back on the plan"\n\n'
    )
    place = ROADMAP.index("# restarted")
    assert roadmap.text == ROADMAP[:place] + inserted + ROADMAP[place:]


def test_a_change_dated_after_the_latest_entry_sets_status_and_since_to_its_day() -> None:
    roadmap = document(ROADMAP)
    market = roadmap.set_status("FR", "paused", at=parse_moment("2022-07-05T09:45:00+02:00"))
    assert (market.status, market.since) == ("paused", date(2022, 7, 5))
    assert changed_lines(ROADMAP, roadmap.text) == [
        '- status = "planned"\n',
        '+ status = "paused"\n',
        "+ since = 2022-07-05\n",
        "+ \n",
        "+ [[markets.history]]\n",
        "+ at = 2022-07-05T09:45:00+02:00\n",
        '+ from = "planned"\n',
        '+ to = "paused"\n',
    ]


def test_a_change_to_the_status_a_market_already_had_then_is_refused() -> None:
    roadmap = document(ROADMAP)
    with pytest.raises(EditError, match="DE is already paused"):
        roadmap.set_status("DE", "paused", at=date(2022, 5, 1))
    assert roadmap.text == ROADMAP


def test_typed_moments_are_dates_or_date_times_and_a_time_without_offset_is_utc() -> None:
    assert parse_moment(" 2022-07-05 ") == date(2022, 7, 5)
    assert parse_moment("2022-07-05 09:30") == datetime(2022, 7, 5, 9, 30, tzinfo=UTC)
    assert parse_moment("2022-07-05T09:30:00Z") == datetime(2022, 7, 5, 9, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="'5 July' is not a date or a date-time"):
        parse_moment("5 July")


def test_validate_warns_of_a_history_out_of_order_and_of_a_from_that_does_not_follow() -> None:
    text = ROADMAP.replace("at = 2022-01-10", "at = 2022-10-10").replace(
        'from = "paused"\nto = "live"', 'from = "planned"\nto = "live"'
    )
    parsed = parse(text, "r.toml")  # warnings, not errors: the file stays valid
    assert [str(warning) for warning in parsed.warnings] == [
        "r.toml:18:6: warning: market DE, history entry 2: dated before the entry above it "
        "(2022-10-10); a history is read oldest first",
        "r.toml:19:8: warning: market DE, history entry 2: 'from' is 'planned', but the entry "
        "above it changed the status to 'paused'",
    ]
    assert parse(ROADMAP, "r.toml").warnings == []


def test_set_statuses_changes_several_markets_with_one_note_and_one_moment() -> None:
    roadmap = document(ROADMAP)
    before = roadmap.checkpoint()
    when = datetime(2022, 10, 1, 12, tzinfo=UTC)
    changed = roadmap.set_statuses(["fr", "IT", "de", "FR"], "paused", "Focus on the UK", when)
    assert [market.code for market in changed] == ["FR", "IT", "DE"]
    for market in changed:
        assert market.status == "paused" and market.since == date(2022, 10, 1)
        assert (market.history[-1].note, market.history[-1].at) == ("Focus on the UK", when)
    roadmap.restore(before)  # the caller's one checkpoint undoes them all
    assert roadmap.text == ROADMAP


def test_set_statuses_skips_markets_already_there_and_an_unknown_code_changes_none() -> None:
    roadmap = document(ROADMAP)
    assert [m.code for m in roadmap.set_statuses(["FR", "IT"], "planned")] == []
    (france,) = roadmap.set_statuses(["FR"], "live")  # no moment given: now
    assert france.history[-1].at == datetime(2022, 7, 5, 9, 30, tzinfo=UTC)
    roadmap = document(ROADMAP)
    with pytest.raises(EditError, match="no market with code 'XX'"):
        roadmap.set_statuses(["FR", "XX"], "paused")
    assert roadmap.text == ROADMAP


def test_history_entries_are_edited_and_removed_in_place() -> None:
    roadmap = document(ROADMAP)
    edited = StatusChange(at=date(2022, 1, 11), from_="planned", to="paused", note="typo fixed")
    roadmap.update_history("DE", 0, edited)
    assert changed_lines(ROADMAP, roadmap.text) == [
        "- at = 2022-01-10\n",
        "+ at = 2022-01-11\n",
        '+ note = "typo fixed"\n',
    ]
    roadmap.update_history("DE", 0, None)
    first = '[[markets.history]]\nat = 2022-01-10\nfrom = "planned"\nto = "paused"\n\n'
    assert roadmap.text == ROADMAP.replace(first, "")
    assert [change.note for change in roadmap.market("DE").history] == ["restart"]
    roadmap.update_history("DE", 0, None)  # the last one, with its comment and blank lines
    kept = ROADMAP.index("since = 2022-09-01\n") + len("since = 2022-09-01\n")
    assert roadmap.text == ROADMAP[:kept] + ROADMAP[ROADMAP.index('\n[[markets]]\ncode = "FR"') :]
    with pytest.raises(EditError, match="DE has no history entry 1"):
        roadmap.update_history("DE", 0, None)


def test_the_roadmaps_title_owner_and_description_change_only_their_lines() -> None:
    roadmap = document(ROADMAP)
    roadmap.update_roadmap_info(title="TikTok Shop — 2023", owner=None, description="One\nTwo")
    assert changed_lines(ROADMAP, roadmap.text) == [
        '- title = "TikTok Shop"\n',
        '+ title = "TikTok Shop — 2023"\n',
        '- owner = "Global e-commerce"  # the team\n',
        '+ description = """\n',
        "+ One\n",
        '+ Two"""\n',
    ]
    assert reparsed(roadmap.text).roadmap.description == "One\nTwo"
    with pytest.raises(EditError, match="title"):
        roadmap.update_roadmap_info(title=None)


def test_a_market_added_with_a_later_status_gets_a_history_entry_and_since() -> None:
    roadmap = document(ROADMAP)
    added = {"code": "GB", "name": "United Kingdom", "status": "live"}
    market = roadmap.add_market(added, record_status=True)
    assert market.since == date(2022, 7, 5)
    assert [(c.from_, c.to) for c in market.history] == [("planned", "live")]
    first = roadmap.add_market(
        {"code": "ES", "name": "Spain", "status": "planned"}, record_status=True
    )
    assert first.history == [] and first.since is None
    # a market a merge brings back is added as it was
    merged = roadmap.add_market({"code": "PT", "name": "Portugal", "status": "live"})
    assert merged.history == [] and merged.since is None


SAMPLE = Path(__file__).resolve().parents[2] / "sample_roadmaps" / "tiktok_shop.toml"


def test_one_set_of_five_markets_writes_the_bytes_of_five_single_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    together, apart = tmp_path / "together.toml", tmp_path / "apart.toml"
    shutil.copyfile(SAMPLE, together)
    shutil.copyfile(SAMPLE, apart)
    codes = ["GB", "ID", "CN", "MY", "TH"]
    when = ["--at", "2023-01-15T10:00:00Z", "--note", "Winter pause"]
    code, out, err = run_cli(capsys, "set", str(together), *codes, "paused", *when)
    assert (code, err) == (0, "")
    assert out.count("→ paused") == 5
    for market_code in codes:
        assert run_cli(capsys, "set", str(apart), market_code, "paused", *when)[0] == 0
    assert together.read_bytes() == apart.read_bytes() != SAMPLE.read_bytes()
    roadmap = RoadmapDocument.load(together).roadmap
    for market_code in codes:
        market = roadmap.find(market_code)
        assert market is not None and market.status == "paused"
        assert market.history[-1].note == "Winter pause"


def test_set_at_a_date_in_the_past_and_a_wrong_date_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.toml"
    path.write_text(ROADMAP, "utf-8")
    code, out, _ = run_cli(capsys, "set", str(path), "DE", "planned", "--at", "2022-03-01")
    assert code == 0 and "recorded planned at 2022-03-01" in out
    market = RoadmapDocument.load(path).market("DE")
    assert [change.at for change in market.history][1] == date(2022, 3, 1)
    assert market.status == "live"
    code, _, err = run_cli(capsys, "set", str(path), "DE", "paused", "--at", "soon")
    assert code != 0
    assert "--at: 'soon' is not a date or a date-time" in err and "Traceback" not in err
