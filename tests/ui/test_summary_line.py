"""The summary line's counts after an edit: counted from the markets it changed, they are
the counts of the whole roadmap."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.model import Market, Status
from roadmap_tui.ui.widgets import summary_line
from roadmap_tui.ui.widgets.market_view import MarketView
from roadmap_tui.ui.widgets.summary_line import SummaryLine, count, recount
from roadmap_tui.workflow import DEFAULT_WORKFLOW, build_workflow

TODAY = date(2024, 5, 6)
_market = st.builds(
    lambda code, status, region, target: Market(
        code=code, name=code, status=status, region=region, target=target
    ),
    st.sampled_from(["DE", "FR", "GB", "US", "ID"]),
    st.sampled_from([*Status, "testing"]),  # testing: a status the default workflow lacks
    st.sampled_from([None, "", "Europe", "Asia", "asia"]),
    st.sampled_from(
        [None, date(2024, 1, 1), date(2024, 5, 6), date(2024, 5, 20), date(2031, 1, 1)]
    ),
)
_edits = st.lists(st.tuples(st.integers(0, 15), _market), min_size=1, max_size=4)
_workflows = st.sampled_from(
    [
        DEFAULT_WORKFLOW,
        build_workflow(
            tuple((name, None, None) for name in ("planned", "testing", "live", "paused"))
        ),
    ]
)


def _edited(markets: list[Market], edits: list[tuple[int, Market]]) -> list[Market]:
    after = list(markets)
    for place, market in edits:
        after[place % len(after)] = market
    return after


@settings(max_examples=300, deadline=None)
@given(markets=st.lists(_market, min_size=1, max_size=16), edits=_edits, workflow=_workflows)
def test_counting_the_changed_markets_alone_gives_the_whole_count(markets, edits, workflow):
    names = tuple(status.name for status in workflow)
    after = _edited(markets, edits)
    changed = [
        index for index, (old, new) in enumerate(zip(markets, after, strict=True)) if old is not new
    ]
    counted = recount(count(markets, names), markets, after, changed, names)
    if counted is not None:  # None: a status outside the workflow, counted in full
        assert counted == count(after, names)
        assert list(counted[0]) == list(count(after, names)[0])  # the workflow's order


@settings(max_examples=200, deadline=None)
@given(markets=st.lists(_market, min_size=1, max_size=16), edits=_edits, workflow=_workflows)
def test_the_line_after_an_edit_says_what_a_fresh_line_says(markets, edits, workflow):
    after = _edited(markets, edits)
    view = MarketView()
    line, fresh = SummaryLine(), SummaryLine()
    line.update_summary(markets, len(markets), view, 0, workflow, (TODAY, 30))
    line.update_summary(after, len(after), view, 0, workflow, (TODAY, 30))
    fresh.update_summary(after, len(after), view, 0, workflow, (TODAY, 30))
    assert line.render() == fresh.render()


def test_an_edit_of_one_market_counts_that_market_alone(monkeypatch):
    markets = [
        Market(code=f"M{index}", name="M", status=Status.PLANNED, region="Europe")
        for index in range(2_000)
    ]
    line = SummaryLine()
    line.update_summary(markets, len(markets), MarketView(), due_on=(TODAY, 30))
    counted: list[int] = []
    whole, due_counts = summary_line.count, summary_line.due_counts

    def count_counted(markets, *args):
        counted.append(len(markets))
        return whole(markets, *args)

    def due_counted(markets, *args):
        counted.append(len(markets))
        return due_counts(markets, *args)

    monkeypatch.setattr(summary_line, "count", count_counted)
    monkeypatch.setattr(summary_line, "due_counts", due_counted)
    after = list(markets)
    after[1500] = after[1500].model_copy(update={"status": Status.LIVE, "region": "Asia"})
    line.update_summary(after, len(after), MarketView(), due_on=(TODAY, 30))
    assert counted == [1, 1]  # the due counts: the market as it was, and as it is
    assert "1 live · 0 paused · 1999 planned" in line.render().plain
    assert "Europe 1999 · Asia 1" in line.render().plain
