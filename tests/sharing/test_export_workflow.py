"""Exports of a roadmap with statuses of its own: every format lists them in the file's
order, the HTML page colours each one (the word always written too), and a status name
is user text there like any other, never markup."""

from __future__ import annotations

import csv
import io
import json
import re

from roadmap_tui.share.export import export
from roadmap_tui.share.export.html import content_security_policy
from roadmap_tui.store import RoadmapDocument, parse
from tests.sharing.helpers import SAMPLES, TIKTOK

STAGES = RoadmapDocument.load(SAMPLES / "tiktok_stages.toml").roadmap
ORDER = ("exploring", "planned", "testing", "live", "paused", "exited")


def test_markdown_counts_and_sections_follow_the_files_order() -> None:
    text = export(STAGES, "md")
    rows = re.findall(r"^\| (\w+) \| (\d+) \|$", text, re.MULTILINE)
    assert [status for status, _ in rows] == list(ORDER)
    assert dict(rows) == {
        "exploring": "1",
        "planned": "1",
        "testing": "0",
        "live": "2",
        "paused": "1",
        "exited": "0",
    }
    headings = re.findall(r"^## (\w+) \(\d+\)$", text, re.MULTILINE)
    assert headings == [status.capitalize() for status in ORDER]
    assert "No testing markets." in text


def test_html_gives_each_declared_status_its_class_and_colour_in_order() -> None:
    page = export(STAGES, "html")
    cards = re.findall(r'<div class="count (status-\d)">.*?<span class="label">(\w+)</span>', page)
    assert cards == [(f"status-{index}", name) for index, name in enumerate(ORDER)]
    # theme colours take the page's shades; a colour of the file's own is used as written
    assert ".count.status-2 { background: color-mix(in srgb, #7e22ce 14%, white)" in page
    assert ".badge.status-5 { color: color-mix(in srgb, #b91c1c 75%, black)" in page
    # the badge says the word: colour is never the only sign
    assert '<span class="badge status-0">exploring</span>' in page
    # the stylesheet holds the rules, and the page's policy names its hash
    style = page.split("<style>\n", 1)[1].split("\n</style>", 1)[0]
    assert content_security_policy(style) in page


def test_html_of_the_default_statuses_is_as_it_was() -> None:
    page = export(RoadmapDocument.load(TIKTOK).roadmap, "html")
    assert '<div class="count planned">' in page and "status-0" not in page
    assert '<span class="badge live">live</span>' in page


def test_a_status_name_is_text_in_html_and_markdown() -> None:
    text = (
        '[roadmap]\ntitle = "T"\nstatuses = ["<b>new</b>", "live"]\n\n'
        '[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "<b>new</b>"\n'
    )
    roadmap = parse(text, "r.toml").roadmap
    page = export(roadmap, "html")
    assert "<b>new</b>" not in page and "&lt;b&gt;new&lt;/b&gt;" in page
    assert "<b>new</b>" not in export(roadmap, "md")


def test_csv_and_json_carry_the_declared_statuses() -> None:
    rows = list(csv.DictReader(io.StringIO(export(STAGES, "csv"))))
    assert {row["code"]: row["status"] for row in rows}["JP"] == "exploring"
    data = json.loads(export(STAGES, "json"))
    assert [
        status if isinstance(status, str) else status["name"]
        for status in data["roadmap"]["statuses"]
    ] == list(ORDER)


def test_the_svg_draws_the_statuses_with_their_glyphs_in_the_files_order() -> None:
    from roadmap_tui.ui.screenshot import render_svg  # the UI: only when an svg is asked for

    svg = render_svg(STAGES)
    words = re.sub(r"<[^>]+>", "", svg).replace("&#160;", " ")
    assert "◌ exploring" in words and "◐ paused" in words
    assert "1 exploring" in words and words.index("1 exploring") < words.index("0 testing")
