"""Drift of targets against a baseline: hand-made pairs, properties, `diff --drift`, the
exports' drift section, and the sample baseline snapshot."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from roadmap_tui.model import Market, Roadmap
from roadmap_tui.share import snapshot as snapshots
from roadmap_tui.share.drift import Baseline, DriftKind, drift, market_drift, reported, summary
from roadmap_tui.share.export import export
from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import (
    SAMPLES,
    TIKTOK,
    GitRepo,
    git_environment,
    market_text,
    roadmap_text,
    run_cli,
)
from tests.sharing.strategies import markets

SNAPSHOT = SAMPLES / "snapshots" / "tiktok_shop-20220620-090000.toml"


def market(code: str, target: date | None = None, status: str = "planned") -> Market:
    return Market(code=code, name=f"Market {code}", status=status, target=target)


def roadmap(*found: Market) -> Roadmap:
    return Roadmap.model_validate({"roadmap": {"title": "Plan"}, "markets": list(found)})


# -- hand-made pairs ------------------------------------------------------------------------


def test_target_moved_later_and_earlier() -> None:
    later = market_drift(market("DE", date(2022, 9, 1)), market("DE", date(2022, 10, 16)))
    earlier = market_drift(market("FR", date(2022, 9, 11)), market("FR", date(2022, 9, 1)))
    assert (later.kind, later.days, later.words) == (DriftKind.MOVED, 45, "target +45 d")
    assert (earlier.kind, earlier.days, earlier.words) == (DriftKind.MOVED, -10, "target −10 d")


def test_same_target_no_target_target_set_and_removed() -> None:
    same = market_drift(market("DE", date(2022, 9, 1)), market("DE", date(2022, 9, 1)))
    assert (same.kind, same.days, same.words, same.drifted) == (
        DriftKind.SAME, 0, "target same", False,
    )  # fmt: skip
    none = market_drift(market("DE"), market("DE"))
    assert (none.kind, none.days, none.drifted) == (DriftKind.NO_TARGET, None, False)
    set_ = market_drift(market("DE"), market("DE", date(2023, 1, 1)))
    assert (set_.kind, set_.baseline, set_.target, set_.words) == (
        DriftKind.TARGET_SET, None, date(2023, 1, 1), "target set",
    )  # fmt: skip
    removed = market_drift(market("DE", date(2023, 1, 1)), market("DE"))
    assert (removed.kind, removed.baseline, removed.target, removed.words) == (
        DriftKind.TARGET_REMOVED, date(2023, 1, 1), None, "target removed",
    )  # fmt: skip


def test_added_and_dropped_markets_in_the_current_order_then_the_baseline_order() -> None:
    baseline = roadmap(market("GB", date(2022, 1, 1)), market("DE", date(2022, 9, 1)))
    current = roadmap(market("US", date(2022, 11, 1)), market("gb", date(2022, 1, 31)))
    rows = drift(baseline, current)
    assert [(row.code, row.kind, row.words) for row in rows] == [
        ("US", DriftKind.NEW, "new"),
        ("gb", DriftKind.MOVED, "target +30 d"),  # matched by code, whatever the case
        ("DE", DriftKind.DROPPED, "dropped"),
    ]
    dropped = rows[2]
    assert (dropped.baseline, dropped.target, dropped.market.name) == (
        date(2022, 9, 1), None, "Market DE",
    )  # fmt: skip
    assert summary(rows) == "1 target later, 1 market new, 1 market dropped"


def test_a_recoded_market_is_one_dropped_and_one_new() -> None:
    rows = drift(roadmap(market("UK", date(2022, 1, 1))), roadmap(market("GB", date(2022, 1, 1))))
    assert [(row.code, row.kind) for row in rows] == [
        ("GB", DriftKind.NEW),
        ("UK", DriftKind.DROPPED),
    ]


def test_the_table_leaves_out_markets_without_a_target_then_or_now() -> None:
    rows = drift(
        roadmap(market("CN"), market("DE", date(2022, 9, 1))),
        roadmap(market("CN"), market("DE", date(2022, 9, 1)), market("BR")),
    )
    assert [row.code for row in reported(rows)] == ["DE", "BR"]
    assert summary(reported(rows)) == "1 target the same, 1 market new"
    assert summary([]) == "no targets to compare"


# -- properties -----------------------------------------------------------------------------


def _roadmap_of(found: list[dict[str, object]]) -> Roadmap:
    return Roadmap.model_validate({"roadmap": {"title": "Plan"}, "markets": found})


@given(markets())
def test_a_roadmap_against_itself_has_no_drift(found: list[dict[str, object]]) -> None:
    plan = _roadmap_of(found)
    rows = drift(plan, plan)
    assert [row.code for row in rows] == [item.code for item in plan.markets]
    assert all(row.kind in (DriftKind.SAME, DriftKind.NO_TARGET) for row in rows)
    assert all(row.days in (0, None) for row in rows)
    assert not any(row.drifted for row in rows)


_SWAPPED = {
    DriftKind.NEW: DriftKind.DROPPED,
    DriftKind.DROPPED: DriftKind.NEW,
    DriftKind.TARGET_SET: DriftKind.TARGET_REMOVED,
    DriftKind.TARGET_REMOVED: DriftKind.TARGET_SET,
}


@given(markets(), markets(), st.randoms(use_true_random=False))
def test_swapping_baseline_and_current_negates_the_days_and_swaps_new_and_dropped(
    one: list[dict[str, object]], other: list[dict[str, object]], random
) -> None:
    # share some codes between the two sides, so that both moved and matched rows occur
    shared = [dict(item) for item in one if random.random() < 0.5]
    for item in shared:
        item["target"] = other[0].get("target")
    taken = {str(item["code"]).casefold() for item in shared}
    other = shared + [item for item in other if str(item["code"]).casefold() not in taken]
    first, second = _roadmap_of(one), _roadmap_of(other)
    forward = {row.key: row for row in drift(first, second)}
    backward = {row.key: row for row in drift(second, first)}
    assert forward.keys() == backward.keys()
    for key, row in forward.items():
        back = backward[key]
        assert back.kind == _SWAPPED.get(row.kind, row.kind)
        assert (back.baseline, back.target) == (row.target, row.baseline)
        assert back.days == (None if row.days is None else -row.days)


# -- the sample baseline ----------------------------------------------------------------------


def test_the_sample_baseline_is_a_snapshot_of_the_tiktok_sample() -> None:
    document = RoadmapDocument.load(SNAPSHOT)
    assert document.warnings == []
    assert document.read_only  # a snapshot opens read-only
    info = document.roadmap.snapshot
    assert info is not None and info.source == "tiktok_shop.toml"
    # the app finds it as a snapshot of the sample
    assert [entry.path for entry in snapshots.list_snapshots(TIKTOK)] == [SNAPSHOT]
    # written the way the app writes snapshots: its text is what `snapshot_text` makes
    assert SNAPSHOT.read_text(encoding="utf-8") == snapshots.snapshot_text(document.roadmap, info)


def test_the_sample_baseline_shows_the_drift_since_the_pause() -> None:
    rows = drift(RoadmapDocument.load(SNAPSHOT).roadmap, RoadmapDocument.load(TIKTOK).roadmap)
    assert [(row.code, row.words) for row in reported(rows)] == [
        ("DE", "target removed"),
        ("FR", "target removed"),
        ("IT", "target removed"),
        ("ES", "target removed"),
        ("US", "target +47 d"),
    ]


# -- the command line -------------------------------------------------------------------------


def _pair(write) -> tuple[Path, Path]:
    old = write(
        roadmap_text(
            market_text("DE", "Germany", "planned", target="2022-09-01"),
            market_text("FR", "France", "planned", target="2022-09-11"),
            market_text("IT", "Italy", "planned", target="2022-10-01"),
        ),
        "old.toml",
    )
    new = write(
        roadmap_text(
            market_text("DE", "Germany", "paused", target="2022-10-16"),
            market_text("FR", "France", "planned", target="2022-09-01"),
            market_text("US", "United States", "planned"),
        ),
        "new.toml",
    )
    return old, new


def test_diff_drift_prints_the_table_and_exits_1_when_targets_drifted(write, capsys) -> None:
    old, new = _pair(write)
    code, out, err = run_cli(capsys, "diff", str(old), str(new), "--drift")
    assert (code, err) == (1, "")
    assert out == (
        f"Drift of targets from {old} to {new}: 1 target later, 1 target earlier, "
        "1 market new, 1 market dropped\n"
        "Code  Name           Status   Baseline    Target      Drift\n"
        "DE    Germany        paused   2022-09-01  2022-10-16  target +45 d\n"
        "FR    France         planned  2022-09-11  2022-09-01  target −10 d\n"
        "US    United States  planned  —           —           new\n"
        "IT    Italy          planned  2022-10-01  —           dropped\n"
    )
    same = run_cli(capsys, "diff", str(old), str(old), "--drift")
    assert same[0] == 0
    assert same[1].startswith(f"Drift of targets from {old} to {old}: 3 targets the same\n")


def test_diff_drift_as_json_and_markdown(write, capsys) -> None:
    old, new = _pair(write)
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--drift", "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert [(m["code"], m["drift"], m["days"]) for m in data["markets"]] == [
        ("DE", "moved", 45),
        ("FR", "moved", -10),
        ("US", "new", None),
        ("IT", "dropped", None),
    ]
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--drift", "-f", "md")
    assert "| DE | Germany | paused | 2022-09-01 | 2022-10-16 | target +45 d |" in out
    assert out.startswith("## Drift against the baseline\n")


def test_diff_drift_errors_are_one_sentence_with_the_place(write, tmp_path, capsys) -> None:
    old, _ = _pair(write)
    broken = write('[roadmap]\ntitle = "x"\n[[markets]\n', "broken.toml")
    code, out, err = run_cli(capsys, "diff", str(broken), str(old), "--drift")
    assert code == 2 and out == ""
    assert err.startswith(f"{broken}:3:") and "Traceback" not in err
    code, out, err = run_cli(capsys, "diff", str(tmp_path / "gone.toml"), str(old), "--drift")
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {tmp_path / 'gone.toml'}: no such file\n"


def test_export_with_a_baseline_has_a_drift_section(capsys) -> None:
    code, out, err = run_cli(capsys, "export", str(TIKTOK), "-f", "md", "--baseline", str(SNAPSHOT))
    assert (code, err) == (0, "")
    section = out[out.index("## Drift against the baseline") : out.index("## Notes")]
    assert "Baseline: snapshot of tiktok\\_shop.toml taken 2022-06-20 09:00:00 UTC" in section
    assert "1 target later, 4 targets removed" in section
    assert "| US | United States | paused | 2022-09-15 | 2022-11-01 | target +47 d |" in section
    assert "| GB |" not in section  # no target then or now: nothing to say

    code, page, _ = run_cli(
        capsys, "export", str(TIKTOK), "-f", "html", "--baseline", str(SNAPSHOT)
    )
    assert code == 0
    assert '<h2 id="drift">Drift against the baseline</h2>' in page
    assert '<td data-drift="moved">target +47 d</td>' in page
    # without a baseline, no section
    assert "Drift" not in run_cli(capsys, "export", str(TIKTOK), "-f", "md")[1]


def test_export_baseline_errors(write, tmp_path, capsys) -> None:
    code, out, err = run_cli(
        capsys, "export", str(TIKTOK), "-f", "csv", "--baseline", str(SNAPSHOT)
    )
    assert (code, out) == (1, "")
    assert err == "roadmap-tui: a baseline goes into md and html exports only, not csv\n"
    missing = tmp_path / "missing.toml"
    code, out, err = run_cli(capsys, "export", str(TIKTOK), "-f", "md", "--baseline", str(missing))
    assert (code, out, err) == (2, "", f"roadmap-tui: {missing}: no such file\n")
    broken = write('[roadmap]\ntitle = "x"\nsince = 2022-13-01\n', "broken.toml")
    code, out, err = run_cli(capsys, "export", str(TIKTOK), "-f", "md", "--baseline", str(broken))
    assert code == 1 and out == ""  # an invalid roadmap exits 1, as `export` of it does
    assert err.startswith(f"{broken}:3:") and err.count("\n") == 1


def test_export_keeps_user_text_as_text_in_the_drift_section() -> None:
    plan = roadmap(
        Market(code="XX", name="<b>*x*</b> | y", status="planned", target=date(2024, 1, 1))
    )
    baseline = Baseline("<script>", roadmap())
    page = export(plan, "html", baseline=baseline)
    assert "<script>" not in page.split('<h2 id="drift">')[1].split("</table>")[0]
    assert "&lt;b&gt;*x*&lt;/b&gt; | y" in page
    text = export(plan, "md", baseline=baseline)
    assert "| XX | \\<b\\>\\*x\\*\\</b\\> \\| y | planned |  | 2024-01-01 | new |" in text


def test_diff_drift_through_the_installed_command(write) -> None:
    old, new = _pair(write)
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "diff", str(old), str(new), "--drift"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 1 and done.stderr == ""
    assert "DE    Germany        paused   2022-09-01  2022-10-16  target +45 d" in done.stdout


def test_export_baseline_from_a_git_revision_of_the_roadmap(tmp_path, capsys, monkeypatch) -> None:
    repo = GitRepo(tmp_path / "repo", git_environment(tmp_path / "home"))
    for key, value in repo.environment.items():
        monkeypatch.setenv(key, value)
    text = TIKTOK.read_text(encoding="utf-8")
    repo.commit(
        "tiktok_shop.toml", text.replace("target = 2022-11-01", "target = 2022-10-22"), "plan"
    )
    repo.commit("tiktok_shop.toml", text, "later")
    monkeypatch.chdir(repo.folder)
    code, out, err = run_cli(
        capsys, "export", "tiktok_shop.toml", "-f", "md", "--baseline", "HEAD~1"
    )
    assert (code, err) == (0, "")
    assert "Baseline: tiktok\\_shop.toml at HEAD\\~1 · 1 target later" in out
    assert "| US | United States | paused | 2022-10-22 | 2022-11-01 | target +10 d |" in out
