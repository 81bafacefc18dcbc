"""`diff`: every kind of change on hand-made pairs, the exit codes, and a property test."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roadmap_tui.model import STATUSES, Roadmap
from roadmap_tui.share.diff import RoadmapDiff, diff_roadmaps
from roadmap_tui.share.diff_report import render_json, render_markdown, render_text
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.render import render_roadmap
from tests.sharing.helpers import market_text, roadmap_text, run_cli
from tests.sharing.strategies import CODES, WORDS, markets

HISTORY_DE = """
[[markets.history]]
at = 2022-07-05
from = "planned"
to = "paused"
note = "focus on UK"
"""


def roadmap(text: str) -> Roadmap:
    return RoadmapDocument.from_text(text, "roadmap.toml").roadmap


def lines_of(old: str, new: str) -> list[str]:
    return render_text(diff_roadmaps(roadmap(old), roadmap(new))).splitlines()


OLD = roadmap_text(
    market_text("DE", "Germany", "planned", owner='"EU expansion"', since="2022-01-10"),
    market_text("FR", "France", "planned", notes='"""\nLaunch with partners.\nTeam of five."""'),
    market_text("GB", "United Kingdom", "live", region='"Europe"', tags='["pilot"]'),
    market_text("IT", "Italy", "planned"),
)


def test_identical_roadmaps_have_no_differences() -> None:
    difference = diff_roadmaps(roadmap(OLD), roadmap(OLD))
    assert not difference and difference.empty
    assert difference.summary() == "no differences"
    assert render_text(difference) == "no differences\n"


def test_status_change_takes_date_and_note_from_the_history_in_new() -> None:
    new = OLD.replace(
        'code = "DE"\nname = "Germany"\nstatus = "planned"\nowner = "EU expansion"\nsince = 2022-01-10\n',
        'code = "DE"\nname = "Germany"\nstatus = "paused"\nowner = "EU expansion"\nsince = 2022-07-05\n'
        + HISTORY_DE,
    )
    assert lines_of(OLD, new) == [
        "1 status change",
        'DE Germany: planned → paused (2022-07-05, "focus on UK")',
    ]


def test_status_change_without_history_has_no_date() -> None:
    new = OLD.replace('name = "Italy"\nstatus = "planned"', 'name = "Italy"\nstatus = "live"')
    assert lines_of(OLD, new) == ["1 status change", "IT Italy: planned → live"]


def test_status_change_through_an_intermediate_status_uses_the_newest_arrival() -> None:
    old = roadmap_text(market_text("ES", "Spain", "planned"))
    new = roadmap_text(market_text("ES", "Spain", "live")) + (
        '\n[[markets.history]]\nat = 2022-07-05\nfrom = "planned"\nto = "paused"\n'
        '\n[[markets.history]]\nat = 2023-03-01T10:00:00Z\nfrom = "paused"\nto = "live"\n'
        'note = "restarted"\n'
    )
    assert lines_of(old, new) == [
        "1 status change",
        'ES Spain: planned → live (2023-03-01, "restarted")',
    ]


def test_added_and_removed_markets_sorted_by_code() -> None:
    new = OLD.replace(market_text("IT", "Italy", "planned"), market_text("BR", "Brazil", "paused"))
    assert lines_of(OLD, new) == [
        "1 market added, 1 market removed",
        "+ BR Brazil: added (paused)",
        "- IT Italy: removed (was planned)",
    ]


def test_notes_change_is_a_unified_diff() -> None:
    new = OLD.replace("Team of five.", "Team of six.\nHiring in Paris.")
    assert lines_of(OLD, new) == [
        "1 note edited",
        "FR France: notes changed",
        "    @@ -1,2 +1,3 @@",
        "     Launch with partners.",
        "    -Team of five.",
        "    +Team of six.",
        "    +Hiring in Paris.",
    ]


def test_every_kind_of_field_change_is_reported_once() -> None:
    new = roadmap_text(
        market_text("DE", "Deutschland", "planned", owner='"DACH team"', since="2022-02-01",
                    target="2023-01-01"),
        market_text("FR", "France", "planned", notes='"""\nLaunch with partners.\nTeam of five."""'),
        market_text("GB", "United Kingdom", "live", tags='["pilot", "live-events"]'),
        market_text("it", "Italy", "planned", budget="12"),
    )  # fmt: skip
    assert lines_of(OLD, new) == [
        "8 other field changes",
        'DE Deutschland: name: "Germany" → "Deutschland"',
        'DE Deutschland: owner: "EU expansion" → "DACH team"',
        "DE Deutschland: since: 2022-01-10 → 2022-02-01",
        "DE Deutschland: target: (none) → 2023-01-01",
        'GB United Kingdom: region: "Europe" → (none)',
        'GB United Kingdom: tags: ["pilot"] → ["pilot", "live-events"]',
        'it Italy: code: "IT" → "it"',
        "it Italy: budget: (none) → 12",
    ]


def test_markets_match_by_code_whatever_the_case() -> None:
    old = roadmap_text(market_text("de", "Germany", "planned"))
    new = roadmap_text(market_text("DE", "Germany", "planned"))
    difference = diff_roadmaps(roadmap(old), roadmap(new))
    assert [(c.code, c.added, c.removed) for c in difference.markets] == [("DE", False, False)]
    assert difference.summary() == "1 other field change"
    assert difference.change_for("De") is difference.markets[0]
    assert difference.changed_codes == {"de"}


def test_history_edited_without_a_status_change() -> None:
    old = roadmap_text(market_text("DE", "Germany", "paused")) + HISTORY_DE
    new = old.replace('note = "focus on UK"', 'note = "focus on the UK"')
    assert lines_of(old, new) == ["1 other field change", "DE Germany: history edited"]


def test_roadmap_title_change_and_summary_order() -> None:
    new = OLD.replace('title = "Expansion"', 'title = "Expansion 2023"')
    new = new.replace('name = "Italy"\nstatus = "planned"', 'name = "Italy"\nstatus = "live"')
    new = new.replace(
        market_text("DE", "Germany", "planned", owner='"EU expansion"', since="2022-01-10"), ""
    )
    new = new.replace("Team of five.", "Team of six.")
    new += "\n" + market_text("ZA", "South Africa", "planned")
    text = lines_of(OLD, new)
    assert text[0] == (
        "1 status change, 1 market added, 1 market removed, 1 note edited, 1 other field change"
    )
    assert text[1] == 'roadmap title: "Expansion" → "Expansion 2023"'
    codes = [line.lstrip("+- ").split()[0] for line in text[2:] if not line.startswith("    ")]
    assert codes == sorted(codes)


def test_markdown_and_json_renderings() -> None:
    new = OLD.replace(market_text("IT", "Italy", "planned"), market_text("BR", "Brazil", "paused"))
    new = new.replace("Team of five.", "Team of ```six```.")
    new = new.replace('owner = "EU expansion"', 'owner = "EU | expansion"')
    difference = diff_roadmaps(roadmap(OLD), roadmap(new))

    page = (
        MarkdownIt("commonmark", {"html": True}).enable("table").render(render_markdown(difference))
    )
    assert page.startswith("<p><strong>1 market added, 1 market removed, 1 note edited, 1 other")
    assert "<li>added: BR Brazil (paused)</li>" in page
    assert "<td>&quot;EU | expansion&quot;</td>" in page
    assert '<pre><code class="language-diff">@@ -1,2 +1,2 @@' in page
    assert "+Team of ```six```." in page

    data = json.loads(render_json(difference))
    assert data["counts"] == {"status": 0, "added": 1, "removed": 1, "notes": 1, "fields": 1}
    assert [m["code"] for m in data["markets"]] == ["BR", "DE", "FR", "IT"]
    assert data["markets"][0]["market"]["status"] == "paused"
    assert data["markets"][1]["fields"] == [
        {"field": "owner", "old": "EU expansion", "new": "EU | expansion"}
    ]


# -- the command ------------------------------------------------------------------------


def test_cli_exit_codes(write, tmp_path: Path, capsys) -> None:
    old = write(OLD, "old.toml")
    same = write(OLD, "same.toml")
    new = write(
        OLD.replace('name = "Italy"\nstatus = "planned"', 'name = "Italy"\nstatus = "live"'),
        "new.toml",
    )
    broken = write('[roadmap]\ntitle = "x"\n[[markets]]\ncode = "DE"\n', "broken.toml")

    assert run_cli(capsys, "diff", str(old), str(same)) == (0, "no differences\n", "")
    assert run_cli(capsys, "diff", str(old), str(new)) == (
        1,
        "1 status change\nIT Italy: planned → live\n",
        "",
    )
    code, out, err = run_cli(capsys, "diff", str(old), str(tmp_path / "missing.toml"))
    assert (code, out) == (2, "") and err.endswith("no such file\n")
    code, out, err = run_cli(capsys, "diff", str(broken), str(old))
    assert (code, out) == (2, "") and err.startswith(f"{broken}:") and "Traceback" not in err
    code, _, _ = run_cli(capsys, "diff", str(old), str(new), "--format", "yaml")
    assert code == 2
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--format", "json")
    assert code == 1 and json.loads(out)["summary"] == "1 status change"
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "-f", "md")
    assert code == 1 and out.startswith("**1 status change**\n")


def test_cli_diff_of_a_revision_and_a_missing_file_names_the_file(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "plan.toml"
    code, out, err = run_cli(capsys, "diff", "HEAD~1", str(missing))
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {missing}: no such file\n"


def test_cli_diff_against_a_snapshot(tiktok: Path, capsys) -> None:
    from roadmap_tui.share.snapshot import take_snapshot

    snapshot = take_snapshot(tiktok, now=datetime(2022, 7, 6, tzinfo=UTC))
    document = RoadmapDocument.load(tiktok, clock=lambda: datetime(2022, 9, 1, 8, 0, tzinfo=UTC))
    document.set_status("DE", "live", note="UK numbers improved")
    document.save()

    code, out, err = run_cli(capsys, "diff", str(snapshot), str(tiktok))
    assert (code, err) == (1, "")
    assert out == '1 status change\nDE Germany: paused → live (2022-09-01, "UK numbers improved")\n'


def test_cli_diff_shows_control_characters_instead_of_sending_them(write, capsys) -> None:
    old = write(roadmap_text(market_text("DE", "Germany", "planned")), "old.toml")
    new = write(roadmap_text(market_text("DE", "Germany\\u001b[31m", "planned")), "new.toml")
    code, out, _ = run_cli(capsys, "diff", str(old), str(new))
    assert code == 1 and "\x1b" not in out and "\\x1b[31m" in out


def test_cli_diff_shows_a_bidi_override_instead_of_sending_it(write, capsys) -> None:
    old = write(roadmap_text(market_text("DE", "Germany", "planned")), "old.toml")
    new = write(roadmap_text(market_text("DE", "\\u202eynamreG", "planned")), "new.toml")
    code, out, _ = run_cli(capsys, "diff", str(old), str(new))
    assert code == 1 and "\u202e" not in out and "\\u202eynamreG" in out


# -- property: diff(A, A) is empty; diff(A, B) lists exactly the edits made --------------

FIXED = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
EDITS = ("status", "notes", "name", "owner", "region", "tags", "target", "remove")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), listed=markets())
def test_diff_lists_exactly_the_edits_applied(
    data: st.DataObject, listed: list[dict[str, Any]]
) -> None:
    text = render_roadmap({"roadmap": {"title": "Random"}, "markets": listed})
    document = RoadmapDocument.from_text(text, "random.toml", clock=lambda: FIXED)
    before = document.roadmap
    assert not diff_roadmaps(before, before)
    assert not diff_roadmaps(before, RoadmapDocument.from_text(text).roadmap)

    expected: dict[str, set[str]] = {}
    for market in list(before.markets):
        edit = data.draw(st.none() | st.sampled_from(EDITS), label=f"edit {market.code}")
        if edit is None:
            continue
        code = market.code
        if edit == "status":
            status = data.draw(st.sampled_from([s for s in STATUSES if s != market.status]))
            document.set_status(code, status, note=data.draw(st.none() | WORDS))
        elif edit == "notes":
            document.set_notes(code, (market.notes or "") + "\nmore: " + data.draw(WORDS))
        elif edit == "name":
            document.update_market(code, name=market.name + " renamed")
        elif edit in ("owner", "region"):
            document.update_market(code, **{edit: (getattr(market, edit) or "") + " new"})
        elif edit == "tags":
            document.update_market(code, tags=[*market.tags, "tag-added"])
        elif edit == "target":
            new_target = date(2030, 1, 1) if market.target != date(2030, 1, 1) else date(2031, 1, 1)
            document.update_market(code, target=new_target)
        elif edit == "remove":
            document.remove_market(code)
            edit = "removed"
        expected[market.key] = {edit}
    taken = {market.key for market in document.markets}
    for new_code in data.draw(st.lists(CODES, max_size=2, unique_by=str.casefold), label="added"):
        if new_code.casefold() not in taken | set(expected):
            document.add_market({"code": new_code, "name": "New market", "status": "planned"})
            expected[new_code.casefold()] = {"added"}

    after = RoadmapDocument.from_text(document.text).roadmap  # as it would be read back
    assert kinds(diff_roadmaps(before, after)) == expected
    reverse = kinds(diff_roadmaps(after, before))
    assert reverse.keys() == expected.keys()


def kinds(difference: RoadmapDiff) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for change in difference.markets:
        if change.added or change.removed:
            found[change.key] = {"added" if change.added else "removed"}
            continue
        names = {item.field for item in change.fields}
        names |= {"status"} if change.status else set()
        names |= {"notes"} if change.notes_diff else set()
        names |= {"history"} if change.history_changed else set()
        found[change.key] = names
    return found


def test_status_change_with_an_older_entry_rewritten_also_reports_history() -> None:
    old = roadmap_text(market_text("DE", "Germany", "paused")) + HISTORY_DE
    new = (
        old.replace('status = "paused"', 'status = "live"').replace("focus on UK", "rewritten")
        + '\n[[markets.history]]\nat = 2023-01-01\nfrom = "paused"\nto = "live"\n'
    )
    assert lines_of(old, new) == [
        "1 status change, 1 other field change",
        "DE Germany: paused → live (2023-01-01)",
        "DE Germany: history edited",
    ]


def test_markdown_notes_diff_cannot_be_closed_by_backticks_in_the_notes() -> None:
    old = roadmap_text(market_text("DE", "Germany", "planned", notes='"""\n```\nold\n````\nend"""'))
    new = old.replace("old", "new")
    difference = diff_roadmaps(roadmap(old), roadmap(new))
    markdown = render_markdown(difference)
    assert "`````diff\n" in markdown  # one backtick longer than the longest run
    page = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert page.count("<pre>") == 1
    code = page.split('<code class="language-diff">')[1].split("</code>")[0]
    assert code.splitlines() == ["@@ -1,4 +1,4 @@", " ```", "-old", "+new", " ````", " end"]
    assert difference.markets[0].kinds == ("notes",)


def test_kinds_name_what_changed_for_the_app() -> None:
    old = roadmap_text(
        market_text("DE", "Germany", "planned", owner='"a"'), market_text("FR", "France", "live")
    )
    new = roadmap_text(
        market_text("DE", "Germany", "paused", owner='"b"', notes='"x"'),
        market_text("GB", "UK", "live"),
    )
    difference = diff_roadmaps(roadmap(old), roadmap(new))
    assert [(change.code, change.kinds) for change in difference.markets] == [
        ("DE", ("status", "owner", "notes")),
        ("FR", ("removed",)),
        ("GB", ("added",)),
    ]
    assert difference.changed_codes == {"de", "gb"}
