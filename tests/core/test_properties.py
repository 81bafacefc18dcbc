"""Property-based tests: random roadmaps round-trip, random edits stay exact, bad bytes never crash."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
import tomllib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui.cli import main
from roadmap_tui.errors import EditError, RoadmapError
from roadmap_tui.model import STATUSES, Market, Roadmap
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.render import render_roadmap
from tests.core import test_minimal_diff as minimal
from tests.core import test_roundtrip as roundtrip
from tests.core.helpers import fixed_clock

# text people type into notes and names: unicode, brackets, quotes, newlines, backslashes
TRICKY = st.sampled_from(
    [
        "[[markets]]",
        "[roadmap]",
        "#",
        "'''",
        '"""',
        '"',
        "'",
        "\\",
        "\n",
        "\r\n",
        "\t",
        "é",
        "中",
        "🚀",
        " = ",
        "\\u00e9",
    ]
)
ANY_TEXT = st.lists(st.one_of(st.text(max_size=8), TRICKY), max_size=6).map("".join)
NAMES = ANY_TEXT.filter(lambda text: text.strip() != "")
CODES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabc0123456789_-", min_size=1, max_size=5)
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31))
OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
DATETIMES = st.one_of(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 1, 1), timezones=OFFSETS),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 1, 1)),  # local time
)
STATUS = st.sampled_from([str(status) for status in STATUSES])


KNOWN_KEYS = {
    "code",
    "name",
    "status",
    "region",
    "owner",
    "since",
    "target",
    "tags",
    "notes",
    "history",
}
# unknown keys people add: bare or needing quotes, with scalar, array or table values
EXTRA_KEYS = st.text(alphabet="abz_-. é\"'[]", min_size=1, max_size=6).filter(
    lambda key: key not in KNOWN_KEYS
)
EXTRA_VALUES = st.recursive(
    st.one_of(st.integers(-(2**63), 2**63 - 1), st.booleans(), ANY_TEXT, DATES),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(EXTRA_KEYS, children, max_size=2)
    ),
    max_leaves=4,
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


@st.composite
def status_changes(draw: st.DrawFn) -> dict[str, Any]:
    change = {"at": draw(st.one_of(DATES, DATETIMES)), "from": draw(STATUS), "to": draw(STATUS)}
    note = draw(optional(ANY_TEXT))
    return change if note is None else change | {"note": note}


@st.composite
def markets(draw: st.DrawFn, code: str) -> dict[str, Any]:
    market: dict[str, Any] = {"code": code, "name": draw(NAMES), "status": draw(STATUS)}
    for key, strategy in [
        ("region", ANY_TEXT),
        ("owner", ANY_TEXT),
        ("since", DATES),
        ("target", DATES),
        ("tags", st.lists(ANY_TEXT, min_size=1, max_size=3)),
        ("notes", ANY_TEXT),
        ("history", st.lists(status_changes(), min_size=1, max_size=3)),
    ]:
        value = draw(optional(strategy))
        if value is not None:
            market[key] = value
    return market | draw(st.dictionaries(EXTRA_KEYS, EXTRA_VALUES, max_size=2))


@st.composite
def roadmaps(draw: st.DrawFn, max_markets: int = 5) -> dict[str, Any]:
    codes = draw(st.lists(CODES, max_size=max_markets, unique_by=str.casefold))
    roadmap: dict[str, Any] = {"title": draw(NAMES)}
    description = draw(optional(ANY_TEXT))
    if description is not None:
        roadmap["description"] = description
    return {"roadmap": roadmap, "markets": [draw(markets(code)) for code in codes]}


@settings(max_examples=150, deadline=None)
@given(roadmaps())
def test_random_roadmaps_render_and_load_to_the_same_model(data: dict[str, Any]) -> None:
    text = render_roadmap(data)
    document = RoadmapDocument.from_text(text)
    assert document.roadmap == Roadmap.model_validate(data)
    assert document.text == text


def styled(text: str, crlf: bool, comments: bool, final_newline: bool) -> str:
    """The canonical text dressed the way people write files."""
    if comments:
        text = re.sub(r"(?m)^\[\[markets\]\]$", "# a market\n[[markets]]  # header comment", text)
        text = "# top of the file\n" + text + "# end of the file\n"
    if not final_newline:
        text = text.rstrip("\n")
    return text.replace("\n", "\r\n") if crlf else text


EDITS = st.one_of(
    st.tuples(st.just("status"), st.integers(0, 9), STATUS, optional(ANY_TEXT)),
    st.tuples(st.just("notes"), st.integers(0, 9), optional(ANY_TEXT)),
    st.tuples(
        st.just("update"),
        st.integers(0, 9),
        st.sampled_from(["region", "owner", "name", "target", "tags"]),
        optional(st.one_of(NAMES, DATES, st.lists(NAMES, max_size=2))),
    ),
    st.tuples(st.just("add"), CODES, NAMES, STATUS),
    st.tuples(st.just("update"), st.integers(0, 9), st.just("code"), CODES),
    st.tuples(st.just("remove"), st.integers(0, 9)),
)


def apply(document: RoadmapDocument, edit: tuple[Any, ...]) -> None:
    """Apply one random edit; edits the roadmap refuses are EditErrors, never crashes."""
    kind, *args = edit
    markets = document.markets
    if kind == "add":
        code, name, status = args
        with contextlib.suppress(EditError):  # a duplicate code
            document.add_market({"code": code, "name": name, "status": status})
        return
    if not markets:
        return
    code = markets[args[0] % len(markets)].code
    with contextlib.suppress(EditError):  # same status, invalid value for the field
        if kind == "status":
            document.set_status(code, args[1], note=args[2])
        elif kind == "notes":
            document.set_notes(code, args[1])
        elif kind == "update":
            document.update_market(code, **{args[1]: args[2]})
        else:
            document.remove_market(code)


@settings(max_examples=150, deadline=None)
@given(
    roadmaps(max_markets=4),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.lists(EDITS, min_size=1, max_size=6),
)
def test_random_edits_keep_text_and_model_in_step(
    data: dict[str, Any], crlf: bool, comments: bool, final_newline: bool, edits: list[Any]
) -> None:
    text = styled(render_roadmap(data), crlf, comments, final_newline)
    document = RoadmapDocument.from_text(text, clock=fixed_clock)
    assert document.text == text
    for edit in edits:
        before = document.checkpoint()
        apply(document, edit)
        reread = Roadmap.model_validate(tomllib.loads(document.text))
        assert reread == document.roadmap, edit
        if crlf:
            assert "\n" not in document.text.replace("\r\n", ""), edit
        if comments:
            assert document.text.startswith("# top of the file"), edit
        # undo gives back the exact text
        after = document.checkpoint()
        document.restore(before)
        assert Roadmap.model_validate(tomllib.loads(document.text)) == document.roadmap
        document.restore(after)


@settings(max_examples=100, deadline=None)
@given(roadmaps(max_markets=3), st.data())
def test_an_untouched_market_keeps_its_exact_text(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    """Editing one market never changes another market's lines."""
    if len(data["markets"]) < 2:
        return
    text = render_roadmap(data)
    document = RoadmapDocument.from_text(text, clock=fixed_clock)
    edited, untouched = draw.draw(st.permutations(range(len(data["markets"]))))[:2]
    market: Market = document.markets[untouched]
    edit = draw.draw(st.sampled_from(["status", "notes"]))
    with contextlib.suppress(EditError):
        if edit == "status":
            target = next(s for s in STATUSES if s != document.markets[edited].status)
            document.set_status(document.markets[edited].code, target)
        else:
            document.set_notes(document.markets[edited].code, "changed [[markets]]\n# x")
    untouched_text = render_roadmap(
        {"roadmap": {"title": "t"}, "markets": [data["markets"][untouched]]}
    )
    market_text = untouched_text[untouched_text.index("[[markets]]") :]
    assert market_text in document.text
    assert document.market(market.code) == market


# bytes that look a little like TOML, so the validator is exercised past the syntax check
TOMLISH = st.lists(
    st.sampled_from(
        [
            "[roadmap]\n",
            'title = "t"\n',
            "[[markets]]\n",
            'code = "DE"\n',
            'name = "x"\n',
            'status = "live"\n',
            "status = 3\n",
            "since = 2022-01-01\n",
            'since = "July"\n',
            "[[markets.history]]\n",
            "at = 2022-07-05T09:30:00Z\n",
            'from = "planned"\n',
            'to = "pasued"\n',
            "markets = 3\n",
            "[markets.extra]\n",
            "tags = [1]\n",
            '"""\n',
            "'''\n",
            "#",
            "\r\n",
            "\n",
            "=",
            "[",
            "]",
            "é",
            "\x00",
            "\ufeff",
        ]
    ),
    max_size=20,
).map(lambda parts: "".join(parts).encode("utf-8"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=200), TOMLISH, TOMLISH.map(lambda b: b + b"\xff\xfe")))
def test_random_bytes_never_crash_validate(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "random.toml"
        path.write_bytes(content)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["validate", str(path)])
    assert code in (0, 1)
    assert "Traceback" not in err.getvalue()
    if code == 1:
        assert all(
            re.match(rf"{re.escape(str(path))}:\d+:\d+: (error|warning): ", line)
            for line in err.getvalue().splitlines()
        )


@settings(max_examples=150, deadline=None)
@given(TOMLISH, STATUS)
def test_any_loadable_file_takes_a_status_change_or_refuses_it_cleanly(
    content: bytes, status: str
) -> None:
    try:
        document = RoadmapDocument.from_text(content.decode("utf-8"), clock=fixed_clock)
    except (RoadmapError, UnicodeDecodeError):
        return
    for market in list(document.markets):
        try:
            document.set_status(market.code, status, note="n")
        except EditError:
            continue
        assert (
            Roadmap.model_validate(tomllib.loads(document.text.removeprefix("\ufeff")))
            == document.roadmap
        )


ODD_SHAPES = """\
[roadmap]
title = "Odd shapes"

  # indented comment before an indented header
  [[ markets ]]   # spaces inside the brackets
    code = "DE"
    name = 'Germany'
    "status" = "planned"
    contact.email = "de@example.com"
    contact.phone = "+49"
    since = 2022-01-01   # a comment after since
    tags = [ "eu",
      "pilot" ]   # an array over two lines

  [markets.extra]
  budget = 1

  [[markets.history]]
  at = 2022-01-01
  from = "paused"
  to = "planned"

[[markets]]
code = "FR"
name = "France"
status = "live"
notes = '''no "escapes" \\here'''
target = 2023-01-01
"""

HAND_WRITTEN = [
    ODD_SHAPES,
    roundtrip.COMMENTS_EVERYWHERE,
    roundtrip.STRINGS,
    roundtrip.INLINE_TABLES,
    roundtrip.UNKNOWN_KEYS_AND_TABLES,
    roundtrip.NO_TRAILING_NEWLINE,
    roundtrip.NO_MARKETS,
    minimal.ROADMAP,
    minimal.SUBTABLE_AFTER_HISTORY,
    minimal.NOTES_THAT_LOOK_LIKE_TOML,
    minimal.INLINE_MARKETS,
    minimal.INLINE_HISTORY,
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(HAND_WRITTEN),
    st.booleans(),
    st.booleans(),
    st.lists(EDITS, min_size=1, max_size=6),
)
def test_random_edits_on_hand_written_files(
    text: str, crlf: bool, bom: bool, edits: list[Any]
) -> None:
    text = ("\ufeff" if bom else "") + (text.replace("\n", "\r\n") if crlf else text)
    original = RoadmapDocument.from_text(text).markets
    document = RoadmapDocument.from_text(text, clock=fixed_clock)
    for edit in edits:
        apply(document, edit)
        reread = tomllib.loads(document.text.removeprefix("\ufeff"))
        assert Roadmap.model_validate(reread) == document.roadmap, edit
        assert document.text.startswith("\ufeff") == bom
    # markets no edit touched are the same markets
    assert all(document.market(m.code) == m for m in document.markets if m in original)


FRAGMENTS = st.sampled_from(
    [
        "\n",
        "\r\n",
        "# c\n",
        " ",
        "\t",
        "[[markets]]\n",
        "[x]\n",
        "a = 1\n",
        '"',
        "'''",
        '"""',
        "=",
        "[",
        "]",
        "{",
        ".",
        ",",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A hand-written roadmap with a few insertions and deletions at random places."""
    text = draw(st.sampled_from(HAND_WRITTEN))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(FRAGMENTS) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
    return text


@settings(max_examples=200, deadline=None)
@given(mutated(), st.lists(EDITS, min_size=1, max_size=4))
def test_mutated_files_are_refused_or_edited_exactly(text: str, edits: list[Any]) -> None:
    try:
        document = RoadmapDocument.from_text(text, clock=fixed_clock)
    except RoadmapError:
        return
    assert document.text == text
    for edit in edits:
        apply(document, edit)
        reread = tomllib.loads(document.text.removeprefix("\ufeff"))
        assert Roadmap.model_validate(reread) == document.roadmap, edit
