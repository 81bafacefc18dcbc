"""A problem in a market is placed by scanning that market alone, at the very position a
scan of the whole text gives.

`validate.parse(..., scan_whole=True)` places every problem by scanning the whole text: it
is the reference. The fast path (`locate.Locator` given what the text reads as) must give
the same diagnostics, line, column and message, for every kind of problem and every text:
above all those where a market's piece cannot be proven to be that market, and the whole
text must be scanned instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_tui.errors import Diagnostic, InvalidRoadmap
from roadmap_tui.store import locate, validate
from roadmap_tui.store.scan import Block
from tests.core.helpers import many_markets

HEAD = '[roadmap]\ntitle = "Pieces"\n\n'


def diagnostics(text: str, scan_whole: bool) -> list[Diagnostic]:
    """The warnings of a roadmap that reads, or the diagnostics of one that does not."""
    try:
        return validate.parse(text, "f.toml", scan_whole=scan_whole).warnings
    except InvalidRoadmap as error:
        return error.diagnostics


def check_located(text: str) -> list[Diagnostic]:
    """The diagnostics of `text`, checked to be those the whole scan gives (and some)."""
    fast = diagnostics(text, scan_whole=False)
    assert fast == diagnostics(text, scan_whole=True)
    assert fast, "the text was meant to have a problem"
    return fast


def line_of(text: str, part: str) -> int:
    """The 1-based line where `part` first appears in `text`."""
    return text[: text.index(part)].count("\n") + 1


def market(code: str, *lines: str, header: str = "[[markets]]", name: bool = True) -> str:
    """A market's text: its header, code, name and status, then `lines`, then a blank line."""
    named = [f'name = "Market {code}"'] if name else []
    return "\n".join([header, f'code = "{code}"', *named, 'status = "live"', *lines]) + "\n\n"


def roadmap(*changed: str, count: int = 5, head: str = HEAD, tail: str = "") -> str:
    """`head`, then `count` markets M0, M1…, of which the last `len(changed)` are `changed`
    (in that order), then `tail`."""
    plain = [market(f"M{index}") for index in range(count - len(changed))]
    return head + "".join([*plain, *changed]) + tail


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of every text the locator scans, in order."""
    sizes: list[int] = []
    real = locate.scan_blocks

    def counted(text: str) -> list[Block]:
        sizes.append(len(text))
        return real(text)

    monkeypatch.setattr(locate, "scan_blocks", counted)
    return sizes


# -- the pieces are what gets scanned --------------------------------------------------------


def test_a_warning_in_a_big_roadmap_scans_only_its_market(scanned: list[int]) -> None:
    text = many_markets(2_000, history=2)
    middle = text.index('code = "M01000"')
    text = text[:middle] + "flavour = 'x'\n" + text[middle:]
    (warning,) = diagnostics(text, scan_whole=False)
    assert warning.message == "unknown key 'flavour' in market M01000 is kept as it is"
    assert (warning.line, warning.col) == (line_of(text, "flavour"), 1)
    assert len(scanned) == 1 and scanned[0] < 400  # one market's text, of 560 KB
    scanned.clear()
    assert diagnostics(text, scan_whole=True) == [warning]
    assert scanned == [len(text)]


def test_a_code_used_twice_scans_the_two_markets(scanned: list[int]) -> None:
    text = many_markets(500, history=1).replace('code = "M00400"', 'code = "m00007"')
    (error,) = diagnostics(text, scan_whole=False)
    assert (error.line, error.col) == (line_of(text, 'code = "m00007"'), 8)
    first = line_of(text, 'code = "M00007"')
    assert error.message.endswith(f"at line {first}")
    assert len(scanned) == 2 and max(scanned) < 400


def test_a_problem_in_the_head_scans_only_the_head(scanned: list[int]) -> None:
    text = many_markets(500).replace('title = "Many markets"', 'title = "Many"\ncolour = 1')
    (warning,) = diagnostics(text, scan_whole=False)
    assert (warning.line, warning.col) == (4, 1)
    assert scanned == [text.index("[[markets]]")]


def test_every_market_with_a_problem_scans_each_once(scanned: list[int]) -> None:
    text = many_markets(300, history=1).replace("[[markets]]\n", "[[markets]]\nflavour = 1\n")
    found = diagnostics(text, scan_whole=False)
    assert len(found) == 300
    assert len(scanned) == 300 and sum(scanned) < len(text)
    assert found == diagnostics(text, scan_whole=True)


def test_an_unproven_piece_is_scanned_whole(scanned: list[int]) -> None:
    """A `[[markets]]` line in a note: the lines found are one more than the markets."""
    note = ['notes = """', "[[markets]]", 'code = "XX"', '"""']
    text = roadmap(market("M3", *note), market("M4", "flavour = 1"))
    (warning,) = check_located(text)
    assert (warning.line, warning.col) == (line_of(text, "flavour"), 1)
    assert scanned == [len(text), len(text)]  # the fast path's fallback, then the reference


# -- every kind of problem, where pieces are proven ---------------------------------------


HISTORY = "[[markets.history]]\nat = {at}\nfrom = {then}\nto = {now}\n"


def history(at: str, then: str = '"planned"', now: str = '"live"') -> str:
    return HISTORY.format(at=at, then=then, now=now)


KINDS = {
    "unknown key": market("M3", "flavour = 'x'"),
    "two unknown keys": market("M3", "flavour = 'x'", "colour = 1"),
    "unknown key as a dotted key": market("M3", 'colour.name = "teal"', "colour.rgb = 1"),
    "unknown key as a sub-table": market("M3", "[markets.extra]", "x = 1"),
    "unknown key in a sub-table's sub-table": market("M3", "[markets.extra.deep]", "x = 1"),
    "wrong type": market("M3", "since = 3"),
    "wrong type of a name": market("M3", name=False).replace("\n\n", "\nname = 3\n\n"),
    "bad date": market("M3", 'since = "July"'),
    "bad code": market("M3").replace('"M3"', '"M 3"'),
    "unknown status": market("M3").replace('"live"', '"lve"'),
    "missing name": market("M3", name=False),
    "missing name under an indented header": market("M3", header="  [[markets]]", name=False),
    "missing code and name": "[[markets]]\nstatus = 'live'\n\n",
    "code used twice": market("m1"),
    "code used twice, the first far above": market("M0", "[markets.extra]", "x = 1"),
    "history out of order": market(
        "M3", history("2022-05-01"), history("2022-04-01", '"live"', '"paused"')
    ),
    "history from the wrong status": market(
        "M3", history("2022-05-01"), history("2022-06-01", '"paused"', '"live"')
    ),
    "history with an unknown status": market("M3", history("2022-05-01", now='"liv"')),
    "history with an unknown key": market("M3", history("2022-05-01") + "who = 'me'"),
    "history entry missing a key": market("M3", "[[markets.history]]\nat = 2022-01-01"),
    "history written inline": market(
        "M3", "history = [", '  {at = 2022-01-01, from = "planned", to = "lve"},', "]"
    ),
    "history as an array of strings": market("M3", 'history = ["x"]'),
    "history of tables with spaces in the header": market(
        "M3", "[[ markets . history ]]", "at = 2022-01-01", 'from = "planned"', 'to = "lve"'
    ),
    "history of tables with a quoted header": market(
        "M3", '[["markets".history]]', "at = 2022-01-01", 'from = "planned"', 'to = "lve"'
    ),
    "a value nested too deeply": market("M3", "deep = " + "[" * 110 + "]" * 110),
    "a table where a string goes": market("M3", "[markets.name]", "x = 1", name=False),
    "two problems in each of two markets": market("M2", "a = 1", "b = 2") + market("M3", "c = 3"),
}


@pytest.mark.parametrize("changed", KINDS.values(), ids=KINDS.keys())
def test_every_kind_of_problem_is_placed_as_the_whole_scan_places_it(
    changed: str, scanned: list[int]
) -> None:
    text = roadmap(changed)
    check_located(text)
    fast = scanned[: len(scanned) // 2]  # the first parse's scans, then the reference's
    assert fast and max(fast) <= len(changed)  # placed by its market's piece


# -- hostile layouts: each is placed as the whole scan places it --------------------------

FAKE_B = ["[[markets]]", 'code = "B"', 'name = "B"', 'status = "live"', "flavour = 1"]

HOSTILE = {
    # a `[[markets]]` line that is no header
    "a [[markets]] line in a market's note": roadmap(
        market("M3", 'notes = """', *FAKE_B, '"""'), market("M4", "flavour = 1")
    ),
    "a [[markets]] line in a literal note": roadmap(
        market("M3", "notes = '''", *FAKE_B, "'''", "flavour = 2"), market("M4", "flavour = 1")
    ),
    # market A's note holds a copy of B that reads alone as B: only the count of
    # `[[markets]]` lines (3 for 2 markets) shows that the piece is not B's
    "a note holding a copy of the next market": HEAD
    + market("A", "notes = '''", *FAKE_B, "x = '''", "y = 1 # '''")
    + market("B", 'name = "B"', "flavour = 1", 'x = "y = 1 # "', name=False),
    # the markets are inline; the only `[[markets]]` line is in a note of the head, and
    # reads alone as the market: only the head, which does not read alone, shows it
    "inline markets and a copy of one in the head's note": (
        'markets = [{code = "B", name = "B", status = "live", flavour = 1}]\n'
        + HEAD
        + "notes = '''\n"
        + "\n".join(FAKE_B)
        + "\n[appendix]\n'''\n"
    ),
    "a header-looking array of arrays in a market": roadmap(
        market("M3", "x = [", '[["markets"]]', "]", "flavour = 2"), market("M4", "flavour = 1")
    ),
    "a table header line in a note cuts the piece short": roadmap(
        market("M3", 'notes = """', "[appendix]", '"""', "flavour = 1")
    ),
    "a sub-table header line in a note": roadmap(
        market("M3", 'notes = """', "[[markets.history]]", '"""', "flavour = 1")
    ),
    "a header with a bad escape in a literal note": roadmap(
        market("M3", "notes = '''", '[["\\q"]]', "'''", "flavour = 1")
    ),
    # headers the scanner must still read as markets
    "[[ markets ]] with spaces": roadmap(
        market("M3", "flavour = 1", header="[[ markets ]]"), market("M4", header="[[markets ]]")
    ),
    '[["markets"]] quoted': roadmap(
        market("M3", "flavour = 1", header='[["markets"]]'), market("M4", header="[['markets']]")
    ),
    "[[markets]] written with an escape": roadmap(
        market("M3", "flavour = 1", header='[["m\\u0061rkets"]]'), market("M4")
    ),
    "[[markets]] with a comment": roadmap(market("M3", "flavour = 1", header="[[markets]] # M3")),
    "tabs and indented headers": roadmap(
        market("M3", "\tflavour = 1", "  [markets.extra]", "\tx = 1", header="\t[[markets]]"),
        market("M4", "  " + history("2022-01-01", now='"lve"'), header="    [[markets]]"),
    ),
    # markets written otherwise
    "markets written inline": (
        'markets = [{code = "A", name = "A", status = "live"},\n'
        '  {code = "B", name = "B", status = "lve", flavour = 1}]\n' + HEAD
    ),
    "markets as a dotted key": 'markets.x = 1\n[roadmap]\ntitle = "x"\n',
    "markets as one table": HEAD + '[markets]\ncode = "A"\n',
    "markets as an array of strings": 'markets = ["A"]\n' + HEAD,
    # tables after the markets
    "[roadmap] after the markets": roadmap(
        market("M4", "flavour = 1"), head="", tail='[roadmap]\ntitle = "x"\ncolour = 1\n'
    ),
    "no [roadmap] at all": roadmap(market("M4", "flavour = 1"), head=""),
    "[snapshot] after the markets": roadmap(
        market("M4", "flavour = 1"),
        tail="[snapshot]\ntaken_at = 2022-07-05T09:30:00Z\nsource = 3\nsource_sha256 = 'x'\n",
    ),
    "an unknown table after the markets": roadmap(
        market("M4", "flavour = 1"), tail="[appendix]\nx = 1\n"
    ),
    # the last market goes on below another table: its piece lacks `extra`
    "a market's sub-table below another table": roadmap(
        market("M4", "flavour = 1"), tail="[appendix]\nx = 1\n\n[markets.extra]\ny = 2\n"
    ),
    # `[roadmap]` goes on below the markets: the head lacks `links`
    "a [roadmap] sub-table below the markets": roadmap(
        market("M4"),
        head='[roadmap]\ntitle = "x"\ncolour = 1\n\n',
        tail='[roadmap.links]\nhome = "x"\n',
    ),
    # the head
    "an unknown key in [roadmap]": roadmap(head='[roadmap]\ntitle = "x"\ncolour = 1\n\n'),
    "an unknown key above [roadmap]": roadmap(head='colour = 1\n[roadmap]\ntitle = "x"\n'),
    "a missing title": roadmap(head="[roadmap]\nowner = 'me'\n"),
    "a status not declared": roadmap(
        market("M4").replace('"live"', '"done"'),
        head=HEAD + '[[roadmap.statuses]]\nname = "live"\n[[roadmap.statuses]]\nname = "x"\n',
    ),
    "a declared status with an unknown key": roadmap(
        head=HEAD + '[[roadmap.statuses]]\nname = "live"\ncolour = 1\n'
    ),
    "statuses declared below the markets": roadmap(
        market("M4").replace('"live"', '"done"'),
        tail='[[roadmap.statuses]]\nname = "live"\ncolour = 1\n',
    ),
    # values the pieces cannot be compared by
    "nan in the market": roadmap(market("M4", "budget = nan", "flavour = 1")),
    "nan in the head": roadmap(head='[roadmap]\ntitle = "x"\nbudget = nan\n\n'),
    "a market without a final newline": roadmap(market("M4", "flavour = 1").rstrip("\n")),
    "no table at all": 'colour = 1\ntitle = "x"\n',
    "an empty head": roadmap(market("M0", "flavour = 1"), count=1, head=""),
    "a code used twice across a [[markets]] line in a note": roadmap(
        market("M3", 'notes = """', "[[markets]]", '"""'), market("m1")
    ),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_layouts_are_placed_as_the_whole_scan_places_them(text: str) -> None:
    check_located(text)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_layouts_with_crlf_and_a_bom_too(text: str) -> None:
    check_located("\ufeff" + text.replace("\n", "\r\n"))


def test_the_copy_of_a_market_in_a_note_is_not_taken_for_it() -> None:
    """The fast path must not point into A's note, where the copy of B reads alone as B."""
    text = HOSTILE["a note holding a copy of the next market"]
    flavour = next(d for d in check_located(text) if "'flavour'" in d.message)
    assert flavour.line == line_of(text, 'flavour = 1\nx = "y')


def test_a_sub_table_below_another_table_is_found_there() -> None:
    text = HOSTILE["a market's sub-table below another table"]
    extra = next(d for d in check_located(text) if "'extra'" in d.message)
    assert (extra.line, extra.col) == (line_of(text, "[markets.extra]"), 1)


def test_a_roadmap_sub_table_below_the_markets_is_found_there() -> None:
    text = HOSTILE["a [roadmap] sub-table below the markets"]
    links = next(d for d in check_located(text) if "'links'" in d.message)
    assert (links.line, links.col) == (line_of(text, "[roadmap.links]"), 1)


# -- generated roadmaps with problems at random markets ------------------------------------

PROBLEMS: dict[str, Any] = {
    "unknown key": lambda lines, code, other: [*lines, "flavour = 'x'"],
    "unknown dotted key": lambda lines, code, other: [*lines, "colour.name = 'teal'"],
    "unknown sub-table": lambda lines, code, other: [*lines, "[markets.extra]", "x = 1"],
    "wrong type": lambda lines, code, other: [*lines, "since = 3"],
    "unknown status": lambda lines, code, other: [
        line.replace('"live"', '"lve"') for line in lines
    ],
    "missing name": lambda lines, code, other: [
        line for line in lines if not line.startswith("name")
    ],
    "code used twice": lambda lines, code, other: [
        line.replace(f'"{code}"', f'"{other.lower()}"') for line in lines
    ],
    "history out of order": lambda lines, code, other: [
        *lines,
        history("2022-05-01"),
        history("2022-04-01", '"paused"', '"live"'),
    ],
    "history with an unknown status": lambda lines, code, other: [
        *lines,
        history("2022-05-01", now='"liv"'),
    ],
}

STYLES = st.fixed_dictionaries(
    {
        "newline": st.sampled_from(["\n", "\r\n"]),
        "bom": st.booleans(),
        "indent": st.sampled_from(["", "  ", "\t"]),
        "header": st.sampled_from(["[[markets]]", "[[ markets ]]", '[["markets"]]']),
        "comments": st.booleans(),
        # what comes before the markets, and after them
        "around": st.sampled_from(
            [
                (HEAD, ""),
                (HEAD + "colour = 1\n\n", "[appendix]\nx = 1\n"),
                ("x = 1\n" + HEAD, "[roadmap.links]\nx = 1\n"),
                ("", '[roadmap]\ntitle = "late"\n'),
                ("", ""),
            ]
        ),
        # a note that may hold a line that looks like a header
        "note": st.sampled_from(
            ["", "[[markets]]", "[appendix]", "[[markets.history]]", '[["\\q"]]', "x = 1"]
        ),
    }
)


@st.composite
def roadmap_texts(draw: st.DrawFn) -> str:
    """A roadmap of a few markets in a drawn style, with problems at random markets."""
    style = draw(STYLES)
    count = draw(st.integers(1, 8))
    codes = [f"C{index}" for index in range(count)]
    problems = draw(
        st.lists(st.tuples(st.integers(0, count - 1), st.sampled_from(list(PROBLEMS))), unique=True)
    )
    noted = draw(st.sets(st.integers(0, count - 1), max_size=2))
    head, tail = style["around"]
    parts = [head]
    for index, code in enumerate(codes):
        lines = [
            *(["# the market " + code] if style["comments"] else []),
            style["indent"] + style["header"] + (" # " + code if style["comments"] else ""),
            f'code = "{code}"',
            f'name = "Market {code}"',
            'status = "live"',
        ]
        if index in noted:
            lines += ["notes = '''", style["note"], "'''"]
        for at, problem in problems:
            if at == index:
                lines = PROBLEMS[problem](lines, code, codes[(index + 1) % count])
        parts.append("\n".join(lines) + "\n\n")
    parts.append(tail)
    text = "".join(parts).replace("\n", style["newline"])
    return ("\ufeff" if style["bom"] else "") + text


@settings(max_examples=300, deadline=None)
@given(roadmap_texts())
def test_generated_roadmaps_are_placed_as_the_whole_scan_places_them(text: str) -> None:
    assert diagnostics(text, scan_whole=False) == diagnostics(text, scan_whole=True)
