"""One edit changes only the lines it must: asserted line by line, endings included."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from roadmap_tui.errors import EditError
from roadmap_tui.model import Market, Status
from tests.core.helpers import document, lines, reparsed

ROADMAP = """\
# Live shopping expansion, as of July 2022
[roadmap]
title = "TikTok Shop"  # keep this comment

# The UK went live with the "On Trend" event
[[markets]]
code = "GB"
name = "United Kingdom"
status = "live"
since = 2021-12-01

[[markets.history]]
at = 2021-12-01
from = "planned"
to = "live"
note = "On Trend"

# Germany was next
[[markets]]
code = "DE"   # ISO code
name = "Germany"
status = 'planned'  # literal quotes
region = "Europe"

[[markets.history]]
at = 2022-01-10
from = "paused"
to = "planned"

[[markets.history]]
at = 2022-03-01T08:00:00Z
from = "planned"
to = "planned"
note = "re-confirmed"

# France follows Germany
[[markets]]
code = "FR"
name = "France"
status = "planned"
"""

DE_LAST_HISTORY_END = 39  # index of the line after Germany's last history entry ("note = ...")


def test_set_status_changes_status_since_and_appends_one_history_entry() -> None:
    doc = document(ROADMAP)
    before = lines(ROADMAP)
    market = doc.set_status("de", "paused", note="Focus on the UK first")

    assert market.status is Status.PAUSED
    assert market.since == date(2022, 7, 5)
    after = lines(doc.text)
    status_line = before.index("status = 'planned'  # literal quotes\n")
    region_line = before.index('region = "Europe"\n')
    last_history_line = before.index('note = "re-confirmed"\n')
    assert (
        after
        == [
            *before[:status_line],
            "status = 'paused'  # literal quotes\n",  # literal stays literal, comment kept
            *before[status_line + 1 : region_line + 1],
            "since = 2022-07-05\n",
            *before[region_line + 1 : last_history_line + 1],
            "\n",
            "[[markets.history]]\n",
            "at = 2022-07-05T09:30:00Z\n",
            'from = "planned"\n',
            'to = "paused"\n',
            'note = "Focus on the UK first"\n',
            *before[last_history_line + 1 :],
        ]
    )
    assert doc.roadmap == reparsed(doc.text)
    assert doc.market("DE").history[-1].note == "Focus on the UK first"


def test_set_status_replaces_an_existing_since_in_place() -> None:
    doc = document(ROADMAP)
    doc.set_status("GB", "paused")
    before, after = lines(ROADMAP), lines(doc.text)
    at = before.index('status = "live"\n')
    gb_history_end = before.index('note = "On Trend"\n') + 1
    assert after == [
        *before[:at],
        'status = "paused"\n',
        "since = 2022-07-05\n",
        *before[at + 2 : gb_history_end],
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "live"\n',
        'to = "paused"\n',
        *before[gb_history_end:],
    ]


def test_set_status_keeps_crlf_on_every_inserted_line() -> None:
    crlf = ROADMAP.replace("\n", "\r\n")
    doc = document(crlf)
    doc.set_status("FR", "live", note="go")
    before, after = lines(crlf), lines(doc.text)
    assert after[: len(before) - 1] == before[:-1]
    assert after[len(before) - 1 :] == [
        'status = "live"\r\n',
        "since = 2022-07-05\r\n",
        "\r\n",
        "[[markets.history]]\r\n",
        "at = 2022-07-05T09:30:00Z\r\n",
        'from = "planned"\r\n',
        'to = "live"\r\n',
        'note = "go"\r\n',
    ]


def test_set_status_on_a_last_market_without_trailing_newline() -> None:
    text = ROADMAP.removesuffix("\n")
    doc = document(text)
    doc.set_status("FR", "paused")
    before, after = lines(text), lines(doc.text)
    assert after[: len(before) - 1] == before[:-1]
    assert after[len(before) - 1 :] == [
        'status = "paused"\n',
        "since = 2022-07-05\n",
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "planned"\n',
        'to = "paused"',  # the file still ends without a newline, as it did
    ]
    assert doc.roadmap == reparsed(doc.text)


def test_set_status_to_the_same_status_is_refused() -> None:
    doc = document(ROADMAP)
    with pytest.raises(EditError, match="already planned"):
        doc.set_status("FR", "planned")
    assert doc.text == ROADMAP and not doc.dirty


def test_set_status_with_an_unknown_status_suggests_the_closest() -> None:
    doc = document(ROADMAP)
    with pytest.raises(EditError, match=r"valid: planned, paused, live.*did you mean 'paused'"):
        doc.set_status("FR", "pasued")
    with pytest.raises(EditError, match="did you mean 'FR'"):
        doc.set_status("FRA", "paused")
    assert doc.text == ROADMAP


def test_set_notes_adds_then_replaces_then_removes_one_key() -> None:
    doc = document(ROADMAP)
    before = lines(ROADMAP)
    doc.set_notes("GB", "Small audiences.\nSome creators left.")
    after = lines(doc.text)
    since_line = before.index("since = 2021-12-01\n")
    assert after == [
        *before[: since_line + 1],
        'notes = """\n',
        "Small audiences.\n",
        'Some creators left."""\n',
        *before[since_line + 1 :],
    ]
    doc.set_notes("GB", "One line")
    assert lines(doc.text) == [
        *before[: since_line + 1],
        'notes = "One line"\n',
        *before[since_line + 1 :],
    ]
    doc.set_notes("GB", "")
    assert doc.text == ROADMAP
    assert doc.market("GB").notes is None


def test_update_market_adds_and_removes_optional_fields() -> None:
    doc = document(ROADMAP)
    before = lines(ROADMAP)
    doc.update_market("DE", owner="DACH team", region=None, tags=["eu", "pilot"])
    after = lines(doc.text)
    region_line = before.index('region = "Europe"\n')
    assert (
        after
        == [
            *before[:region_line],  # region's line is gone
            'owner = "DACH team"\n',
            'tags = ["eu", "pilot"]\n',  # arrays inline, as people write them
            *before[region_line + 1 :],
        ]
    )
    market = doc.market("de")
    assert (market.owner, market.region, market.tags) == ("DACH team", None, ["eu", "pilot"])


def test_update_market_can_change_the_code() -> None:
    doc = document(ROADMAP)
    doc.update_market("FR", code="FRA")
    assert lines(doc.text) == [*lines(ROADMAP)[:-3], 'code = "FRA"\n', *lines(ROADMAP)[-2:]]
    assert doc.market("fra").name == "France"
    with pytest.raises(EditError, match="already used by Germany"):
        doc.update_market("FRA", code="de")


def test_update_market_rejects_invalid_values_and_leaves_the_text() -> None:
    doc = document(ROADMAP)
    with pytest.raises(EditError, match="name"):
        doc.update_market("FR", name="   ")
    with pytest.raises(EditError, match="code"):
        doc.update_market("FR", code="F R")
    assert doc.text == ROADMAP


def test_add_market_is_appended_at_the_end() -> None:
    doc = document(ROADMAP)
    doc.add_market({"code": "ES", "name": "Spain", "status": "paused", "region": "Europe"})
    assert lines(doc.text) == [
        *lines(ROADMAP),
        "\n",
        "[[markets]]\n",
        'code = "ES"\n',
        'name = "Spain"\n',
        'status = "paused"\n',
        'region = "Europe"\n',
    ]
    with pytest.raises(EditError, match="already used by Spain"):
        doc.add_market(Market(code="es", name="España", status=Status.LIVE))


def test_add_market_before_a_table_that_follows_the_markets() -> None:
    text = ROADMAP + "\n[appendix]\nnote = 'kept after the markets'\n"
    doc = document(text)
    doc.add_market({"code": "ES", "name": "Spain", "status": "paused"})
    parsed = tomllib.loads(doc.text)
    assert [m["code"] for m in parsed["markets"]] == ["GB", "DE", "FR", "ES"]
    assert parsed["appendix"] == {"note": "kept after the markets"}
    assert doc.text.startswith(ROADMAP)
    assert doc.text.endswith("[appendix]\nnote = 'kept after the markets'\n")


def test_add_market_to_a_file_without_trailing_newline() -> None:
    text = ROADMAP.removesuffix("\n")
    doc = document(text)
    doc.add_market({"code": "ES", "name": "Spain", "status": "paused"})
    assert doc.text == ROADMAP + '\n[[markets]]\ncode = "ES"\nname = "Spain"\nstatus = "paused"\n'


def test_remove_market_removes_its_comment_and_nothing_else() -> None:
    doc = document(ROADMAP)
    before = lines(ROADMAP)
    start = before.index("# Germany was next\n")
    end = before.index("# France follows Germany\n")
    doc.remove_market("de")
    assert lines(doc.text) == before[:start] + before[end:]
    assert [m.code for m in doc.markets] == ["GB", "FR"]
    assert doc.roadmap == reparsed(doc.text)


def test_remove_the_first_and_the_last_market() -> None:
    doc = document(ROADMAP)
    before = lines(ROADMAP)
    doc.remove_market("GB")
    first = before.index('# The UK went live with the "On Trend" event\n')
    germany = before.index("# Germany was next\n")
    assert lines(doc.text) == before[:first] + before[germany:]
    doc.remove_market("FR")
    france = before.index("# France follows Germany\n")
    assert lines(doc.text) == before[:first] + before[germany:france]
    assert doc.roadmap == reparsed(doc.text)


def test_undo_by_restoring_a_checkpoint_gives_back_the_text() -> None:
    doc = document(ROADMAP)
    checkpoint = doc.checkpoint()
    doc.set_status("FR", "live")
    doc.remove_market("GB")
    assert doc.dirty
    doc.restore(checkpoint)
    assert doc.text == ROADMAP and doc.roadmap == reparsed(ROADMAP)
    assert not doc.dirty


SUBTABLE_AFTER_HISTORY = """\
[roadmap]
title = "Sub-tables"

[[markets]]
code = "ID"
name = "Indonesia"
status = "planned"

[[markets.history]]
at = 2022-01-01
from = "paused"
to = "planned"

[markets.store_tab]  # a sub-table after the history
enabled = true

[[markets]]
code = "CN"
name = "China"
status = "live"
"""


def test_set_status_on_a_market_with_a_sub_table_after_history() -> None:
    doc = document(SUBTABLE_AFTER_HISTORY)
    doc.set_status("ID", "live", note="Store tab")
    before, after = lines(SUBTABLE_AFTER_HISTORY), lines(doc.text)
    status_line = before.index('status = "planned"\n')
    history_end = before.index('to = "planned"\n') + 1
    assert after == [
        *before[:status_line],
        'status = "live"\n',
        "since = 2022-07-05\n",
        *before[status_line + 1 : history_end],
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "planned"\n',
        'to = "live"\n',
        'note = "Store tab"\n',
        *before[history_end:],
    ]
    market = doc.market("ID")
    assert market.model_extra == {"store_tab": {"enabled": True}}
    assert [change.to for change in market.history] == [Status.PLANNED, Status.LIVE]
    assert doc.roadmap == reparsed(doc.text)


NOTES_THAT_LOOK_LIKE_TOML = '''\
[roadmap]
title = "Tricky notes"

[[markets]]
code = "US"
name = "United States"
status = "planned"
notes = """
Planned for later in 2022.
[[markets]]
# this line is part of the notes
code = "XX"
"""

[[markets]]
code = "IT"
name = "Italy"
status = "planned"
notes = \'\'\'
[[markets.history]]
# also notes\'\'\'

[[markets]]
code = "ES"
name = "Spain"
status = "planned"
'''


@pytest.mark.parametrize("code", ["US", "IT", "ES"])
def test_notes_that_look_like_headers_do_not_fool_the_cut(code: str) -> None:
    doc = document(NOTES_THAT_LOOK_LIKE_TOML)
    assert [m.code for m in doc.markets] == ["US", "IT", "ES"]
    doc.set_status(code, "paused")
    before = lines(NOTES_THAT_LOOK_LIKE_TOML)
    status_line = [i for i, line in enumerate(before) if line == 'status = "planned"\n'][
        ["US", "IT", "ES"].index(code)
    ]
    # where each market's last value ends (the notes' closing quotes, or the file's end)
    content_end = {
        "US": before.index('"""\n') + 1,
        "IT": before.index("# also notes'''\n") + 1,
        "ES": len(before),
    }[code]
    assert lines(doc.text) == [
        *before[:status_line],
        'status = "paused"\n',
        *before[status_line + 1 : content_end],
        "since = 2022-07-05\n",
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "planned"\n',
        'to = "paused"\n',
        *before[content_end:],
    ]
    reread = reparsed(doc.text)
    assert reread == doc.roadmap
    assert reread.find(code).status is Status.PAUSED
    assert reread.find("US").notes.splitlines()[2] == "# this line is part of the notes"


def test_removing_a_market_next_to_tricky_notes() -> None:
    doc = document(NOTES_THAT_LOOK_LIKE_TOML)
    doc.remove_market("IT")
    before = lines(NOTES_THAT_LOOK_LIKE_TOML)
    start = before.index('code = "IT"\n') - 1
    end = before.index('code = "ES"\n') - 1
    assert lines(doc.text) == before[:start] + before[end:]
    assert [m.code for m in reparsed(doc.text).markets] == ["US", "ES"]


NOTES_WITH_A_TABLE_LINE = '''\
[roadmap]
title = "A note with a table line"

[[markets]]
code = "US"
name = "United States"
status = "planned"
notes = """
Plan:
[launch]
in the autumn
"""

[[markets]]
code = "ES"
name = "Spain"
status = "planned"
'''


@pytest.mark.parametrize("code", ["US", "ES"])
def test_a_note_line_that_reads_as_a_table_header_does_not_cut_its_market(code: str) -> None:
    # the quick cut takes `[launch]` for a table after the US market; the US text then
    # ends inside its notes, does not read as the US market, and the exact cut is used
    doc = document(NOTES_WITH_A_TABLE_LINE)
    doc.set_status(code, "paused")
    before = lines(NOTES_WITH_A_TABLE_LINE)
    status_line = before.index('status = "planned"\n', 0 if code == "US" else 8)
    content_end = before.index('"""\n', 9) + 1 if code == "US" else len(before)
    assert lines(doc.text) == [
        *before[:status_line],
        'status = "paused"\n',
        *before[status_line + 1 : content_end],
        "since = 2022-07-05\n",
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "planned"\n',
        'to = "paused"\n',
        *before[content_end:],
    ]
    assert reparsed(doc.text) == doc.roadmap
    assert doc.market("US").notes == "Plan:\n[launch]\nin the autumn\n"


INLINE_MARKETS = """\
# markets written as an inline array
markets = [
  # the UK first
  { code = "GB", name = "United Kingdom", status = "live" },
  { code = "DE", name = "Germany", status = "planned" },  # next
]

[roadmap]
title = "Inline markets"  # a title comment
# closing comment
"""


def test_inline_array_of_markets_falls_back_to_whole_file_edits() -> None:
    doc = document(INLINE_MARKETS)
    doc.set_status("DE", "paused", note="July 2022")
    doc.add_market({"code": "FR", "name": "France", "status": "planned"})
    assert "[]" not in doc.text  # no empty tags or history written for the new market
    doc.set_notes("GB", "On Trend")
    text = doc.text
    for comment in [
        "# markets written as an inline array\n",
        "  # the UK first\n",
        'title = "Inline markets"  # a title comment\n',
        "# closing comment\n",
    ]:
        assert comment in text
    assert reparsed(text) == doc.roadmap
    assert [(m.code, m.status) for m in doc.markets] == [
        ("GB", Status.LIVE),
        ("DE", Status.PAUSED),
        ("FR", Status.PLANNED),
    ]
    assert doc.market("GB").notes == "On Trend"
    doc.remove_market("GB")
    assert [m.code for m in reparsed(doc.text).markets] == ["DE", "FR"]
    assert "# closing comment\n" in doc.text


def test_add_market_keeps_a_blank_line_before_the_table_after_the_markets() -> None:
    text = ROADMAP + "\n[appendix]\nnote = 'kept'\n"
    doc = document(text)
    doc.add_market({"code": "ES", "name": "Spain", "status": "paused"})
    assert doc.text == (
        ROADMAP
        + '\n[[markets]]\ncode = "ES"\nname = "Spain"\nstatus = "paused"\n'
        + "\n[appendix]\nnote = 'kept'\n"
    )


def test_notes_with_a_carriage_return_are_kept_exactly() -> None:
    doc = document(ROADMAP)
    doc.set_notes("FR", "pasted\r\nfrom Windows")
    assert doc.market("FR").notes == "pasted\r\nfrom Windows"
    assert lines(doc.text)[-1] == 'notes = "pasted\\r\\nfrom Windows"\n'
    assert reparsed(doc.text) == doc.roadmap


INLINE_HISTORY = """\
[roadmap]
title = "Inline history"

# Germany, written by hand
[[markets]]
code = "DE"
name = "Germany"
status = "live"
links = []
history = [{ at = 2022-01-01, from = "planned", to = "live" }]

[[markets]]
code = "FR"
name = "France"
status = "planned"
"""


def test_a_market_with_inline_history_takes_a_status_change_in_place() -> None:
    """An inline `history = [...]` cannot take an appended entry as a line of its own: the
    entry goes into the array (tomlkit over this market's text), every other line stays."""
    doc = document(INLINE_HISTORY)
    doc.set_status("DE", "paused")
    assert doc.text == INLINE_HISTORY.replace('status = "live"', 'status = "paused"').replace(
        'to = "live" }]\n',
        'to = "live" }, { at = 2022-07-05T09:30:00Z, from = "live", to = "paused" }]\n'
        "since = 2022-07-05\n",
    )
    assert reparsed(doc.text) == doc.roadmap
    assert [change.to for change in doc.market("DE").history] == ["live", "paused"]


def test_a_market_with_inline_history_keeps_its_own_array_of_tables() -> None:
    text = INLINE_HISTORY.replace("links = []\n", "").replace(
        '\n[[markets]]\ncode = "FR"',
        '\n[[markets.links]]\nurl = "https://x"\nlabels = ["press"]\n\n[[markets]]\ncode = "FR"',
    )
    doc = document(text)
    assert doc.market("DE").model_extra == {"links": [{"url": "https://x", "labels": ["press"]}]}
    doc.set_status("DE", "paused")
    assert doc.text == text.replace('status = "live"', 'status = "paused"').replace(
        'to = "live" }]\n',
        'to = "live" }, { at = 2022-07-05T09:30:00Z, from = "live", to = "paused" }]\n'
        "since = 2022-07-05\n",
    )
    assert reparsed(doc.text) == doc.roadmap


def test_two_edits_to_inline_markets_in_a_file_with_a_bom() -> None:
    doc = document("\ufeff" + INLINE_MARKETS)
    doc.set_status("GB", "paused")
    doc.set_status("GB", "live")  # the text is now the whole-file rewrite, BOM included
    assert doc.text.startswith("\ufeff# markets written as an inline array\n")
    assert reparsed(doc.text) == doc.roadmap


def test_adding_to_an_emptied_inline_array_of_markets() -> None:
    doc = document(INLINE_MARKETS)
    doc.remove_market("GB")
    doc.remove_market("DE")
    doc.add_market({"code": "ES", "name": "Spain", "status": "planned"})
    assert [m.code for m in reparsed(doc.text).markets] == ["ES"]
    assert "# closing comment\n" in doc.text


def test_adding_to_a_roadmap_without_markets() -> None:
    text = '[roadmap]\ntitle = "Empty"  # none yet\n'
    doc = document(text)
    doc.add_market({"code": "ES", "name": "Spain", "status": "planned"})
    assert doc.text == text + '\n[[markets]]\ncode = "ES"\nname = "Spain"\nstatus = "planned"\n'


def test_add_then_remove_markets_in_a_file_without_markets_or_final_newline() -> None:
    text = '[roadmap]\ntitle = "Empty"\ndescription = """\nnot a header:\n[[markets]]"""'
    doc = document(text)
    doc.add_market({"code": "ES", "name": "Spain", "status": "planned"})
    doc.add_market({"code": "PT", "name": "Portugal", "status": "planned"})
    doc.remove_market("ES")
    assert reparsed(doc.text) == doc.roadmap
    assert doc.text.startswith(text + "\n")
    doc.remove_market("PT")
    assert doc.text == text + "\n"


SECTIONS = """\
[roadmap]
title = "Sections"

# Germany
[[markets]]
code = "DE"
name = "Germany"
status = "paused"
# Germany's own last comment

# ---- Asia ----

# China
[[markets]]
code = "CN"
name = "China"
status = "live"

# Ideas for later: Spain, Portugal
"""


def test_remove_market_keeps_comments_set_apart_below_it() -> None:
    """A section heading or a footer below a market (after a blank line) is not the market's."""
    before = lines(SECTIONS)
    doc = document(SECTIONS)
    doc.remove_market("DE")
    start, asia = before.index("# Germany\n"), before.index("# ---- Asia ----\n")
    assert lines(doc.text) == before[:start] + before[asia:]
    doc = document(SECTIONS)
    doc.remove_market("CN")
    china, ideas = before.index("# China\n"), before.index("# Ideas for later: Spain, Portugal\n")
    assert lines(doc.text) == before[:china] + before[ideas:]
    assert reparsed(doc.text) == doc.roadmap


INDENTED = """\
[roadmap]
title = "Indented"

  [[markets]]
    code = "DE"
    name = "Germany"
    status = "planned"  # indented keys
"""


def test_inserted_keys_follow_the_market_indentation() -> None:
    doc = document(INDENTED)
    doc.set_status("DE", "paused")
    doc.update_market("DE", region="Europe")
    assert lines(doc.text) == [
        *lines(INDENTED)[:-1],
        '    status = "paused"  # indented keys\n',
        "    since = 2022-07-05\n",
        '    region = "Europe"\n',
        "\n",
        "[[markets.history]]\n",
        "at = 2022-07-05T09:30:00Z\n",
        'from = "planned"\n',
        'to = "paused"\n',
    ]
