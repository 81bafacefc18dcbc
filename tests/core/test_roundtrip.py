"""Loading and saving with no edit gives back the file byte for byte, whatever its style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument
from tests.core.helpers import reparsed

COMMENTS_EVERYWHERE = """\
# A roadmap with comments in every place a person puts them
[roadmap]   # the header has one too
# above a key
title = "Live shopping"  # after a key
owner = 'Global e-commerce'

# between tables

# introducing Germany
[[markets]]
code = "DE"
# inside a market
name = "Germany"
status = "paused"   # paused in July 2022
    # an indented comment
tags = [
  "eu",  # inside an array
  # alone in an array
  "pilot",
]

[[markets.history]]  # a history header with a comment
at = 2022-07-05T09:30:00Z
from = "planned"
to = "paused"
# closing comment of the history entry

[[markets]]
code = "GB"
name = "United Kingdom"
status = "live"
# the very last line is a comment
"""

STRINGS = """\
[roadmap]
title = 'C:\\literal\\path'
description = '''
literal multi-line with "quotes" and \\backslashes\\
[[markets]]
# not a comment either
'''

[[markets]]
code = "ID"
name = "Indonesia"
status = "live"
notes = \"\"\"
Testing a "Store" tab \\
  with a line continuation.
[[markets]]
# looks like a comment, is text
Tab:\\t, unicode: \\u00e9 é 中文 ✓\"\"\"
region = "Asia"
"""

INLINE_TABLES = """\
[roadmap]
title = "Inline"
meta = { team = "growth", size = 3, nested = { deep = true } }

[[markets]]
code = "US"
name = "United States"
status = "planned"
contact = { name = "A. Person", "e-mail" = "a@example.com" }
history = [
  { at = 2022-01-01, from = "planned", to = "paused" },
  { at = 2022-06-01, from = "paused", to = "planned", note = "back on" },
]
"""

UNKNOWN_KEYS_AND_TABLES = """\
schema_version = 1

[roadmap]
title = "Unknown keys stay"
colour = "teal"

[[markets]]
code = "FR"
name = "France"
status = "planned"
stauts = "typo kept as is"
priority = 2

[markets.extra]
budget = 100

[[markets.history]]
at = 2022-07-05
from = "planned"
to = "planned"
reason = "kept"

[appendix]
source = "a non-market table after the markets"
"""

NO_TRAILING_NEWLINE = '[roadmap]\ntitle = "No newline at the end"\n\n[[markets]]\ncode = "IT"\nname = "Italy"\nstatus = "paused"'

NO_MARKETS = '# only a roadmap table\n[roadmap]\ntitle = "Empty"\n'

ROUND_TRIPS = {
    "comments everywhere": COMMENTS_EVERYWHERE,
    "literal and multi-line strings": STRINGS,
    "inline tables": INLINE_TABLES,
    "unknown keys and a table after the markets": UNKNOWN_KEYS_AND_TABLES,
    "no trailing newline": NO_TRAILING_NEWLINE,
    "no markets": NO_MARKETS,
    "CRLF line endings": COMMENTS_EVERYWHERE.replace("\n", "\r\n"),
    "CRLF strings": STRINGS.replace("\n", "\r\n"),
    "BOM": "\ufeff" + COMMENTS_EVERYWHERE,
    "BOM, CRLF, no trailing newline": "\ufeff" + NO_TRAILING_NEWLINE.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("text", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_load_keeps_every_byte(write: Callable[..., Path], text: str) -> None:
    path = write(text)
    document = RoadmapDocument.load(path)
    assert document.text == text
    assert document.saved_text == text
    assert not document.dirty
    assert document.roadmap == reparsed(text)


@pytest.mark.parametrize("text", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_save_without_edit_is_byte_identical(write: Callable[..., Path], text: str) -> None:
    path = write(text)
    original = path.read_bytes()
    RoadmapDocument.load(path).save()
    assert path.read_bytes() == original


def test_models_read_from_styled_files() -> None:
    """The style of a file changes nothing in what it means."""
    strings = reparsed(STRINGS)
    assert strings.title == "C:\\literal\\path"
    notes = strings.markets[0].notes
    assert notes is not None
    assert notes.startswith('Testing a "Store" tab with a line continuation.\n[[markets]]\n')
    assert "# looks like a comment, is text\n" in notes
    assert notes.endswith("Tab:\t, unicode: é é 中文 ✓")

    inline = reparsed(INLINE_TABLES)
    assert [change.to for change in inline.markets[0].history] == [Status.PAUSED, Status.PLANNED]
    assert inline.markets[0].model_extra == {
        "contact": {"name": "A. Person", "e-mail": "a@example.com"}
    }


def test_unknown_keys_are_kept_in_the_model(write: Callable[..., Path]) -> None:
    document = RoadmapDocument.load(write(UNKNOWN_KEYS_AND_TABLES))
    market = document.market("fr")
    assert market.model_extra == {
        "stauts": "typo kept as is",
        "priority": 2,
        "extra": {"budget": 100},
    }
    assert market.history[0].model_extra == {"reason": "kept"}
    assert document.roadmap.model_extra == {
        "schema_version": 1,
        "appendix": {"source": "a non-market table after the markets"},
    }


def test_crlf_survives_an_edit_elsewhere_in_the_file(write: Callable[..., Path]) -> None:
    text = UNKNOWN_KEYS_AND_TABLES.replace("\n", "\r\n")
    document = RoadmapDocument.load(write(text))
    document.set_notes("FR", "first\nsecond")
    assert "\n" not in document.text.replace("\r\n", "")
    document.set_notes("FR", None)
    assert document.text == text
