"""Exports of the TikTok sample against reviewed golden files, and of hostile text."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roadmap_tui.model import Roadmap
from roadmap_tui.share.export import FORMATS, ExportError, as_of, export
from roadmap_tui.share.export.csv_export import (
    COLUMNS,
    TAG_SEPARATOR,
    guard_cell,
    market_row,
    unguard_cell,
)
from roadmap_tui.share.export.html import SORT_SCRIPT
from roadmap_tui.share.export.markdown import TABLE_COLUMNS, escape_cell
from roadmap_tui.store import RoadmapDocument
from roadmap_tui.store.schema import SCHEMA_ID
from tests.sharing.helpers import TIKTOK, run_cli
from tests.sharing.hostile import HOSTILE_TOML, IMG, SCRIPT
from tests.sharing.strategies import markets

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def tiktok_roadmap() -> Roadmap:
    return RoadmapDocument.load(TIKTOK).roadmap


def hostile_roadmap() -> Roadmap:
    return RoadmapDocument.from_text(HOSTILE_TOML, "hostile.toml").roadmap


def check_golden(name: str, text: str) -> None:
    """Compare with the reviewed golden file; UPDATE_GOLDEN=1 rewrites it (then review it)."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}; run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_bytes().decode("utf-8")


# -- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_tiktok_export_matches_the_reviewed_golden_file(fmt: str) -> None:
    check_golden(f"tiktok_shop.{fmt}", export(tiktok_roadmap(), fmt))


def test_cli_export_writes_what_export_returns(tiktok: Path, tmp_path: Path, capsys) -> None:
    roadmap = RoadmapDocument.load(tiktok).roadmap
    for fmt in ("md", "html", "csv", "json"):
        code, out, err = run_cli(capsys, "export", str(tiktok), "--format", fmt)
        assert (code, err) == (0, "")
        assert out == export(roadmap, fmt)

    target = tmp_path / "out" / "roadmap.csv"
    target.parent.mkdir()
    code, out, err = run_cli(capsys, "export", str(tiktok), "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"exported csv to {target}\n"
    assert target.read_bytes() == export(roadmap, "csv").encode("utf-8")


def test_export_as_of_date(tiktok: Path, capsys) -> None:
    roadmap = tiktok_roadmap()
    assert str(as_of(roadmap)) == "2022-07-05"  # the newest change the sample records
    code, out, _ = run_cli(capsys, "export", str(tiktok), "-f", "md", "--date", "2022-08-01")
    assert code == 0 and "As of 2022-08-01 ·" in out
    assert as_of(Roadmap.model_validate({"roadmap": {"title": "x"}})) is None


def test_export_errors_are_one_sentence(tiktok: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run_cli(capsys, "export", str(tiktok))
    assert code == 1 and "choose a format with --format" in err
    before = tiktok.read_bytes()
    code, _, err = run_cli(capsys, "export", str(tiktok), "-f", "md", "-o", str(tiktok))
    assert code == 2 and "is the roadmap itself" in err
    assert tiktok.read_bytes() == before
    code, _, err = run_cli(capsys, "export", str(tmp_path / "none.toml"), "-f", "md")
    assert code == 2 and err.endswith("no such file\n")
    code, _, err = run_cli(capsys, "export", str(tiktok), "-f", "pdf")
    assert code == 2 and "invalid choice" in err
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export(tiktok_roadmap(), "pdf")


def test_formats_registry_names_suffixes() -> None:
    assert {name: f.suffix for name, f in FORMATS.items()} == {
        "md": ".md",
        "html": ".html",
        "csv": ".csv",
        "json": ".json",
        "svg": ".svg",
    }


# -- markdown ---------------------------------------------------------------------------


def rendered_markdown(text: str) -> str:
    # raw HTML on, as GitHub and GitLab allow it: user text must not produce any
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def test_markdown_renders_a_table_per_status_with_every_market() -> None:
    page = rendered_markdown(export(tiktok_roadmap(), "md"))
    assert page.count("<table>") == 3  # counts, paused, live (no planned markets)
    assert page.count("<tr>") == (1 + 4) + (1 + 5) + (1 + 7)
    assert "<p>No planned markets.</p>" in page
    assert "<h3>GB — United Kingdom (live)</h3>" in page
    # the writer's line breaks are kept, a backtick is a backtick
    assert "December 2021.<br />\nAudiences" in page
    assert "No `since` date" in page


def test_markdown_shows_hostile_text_as_typed() -> None:
    text = export(hostile_roadmap(), "md")
    page = rendered_markdown(text)
    assert "<script" not in page and "<img" not in page and "<iframe" not in page
    assert "<em>" not in page and "<code>" not in page
    assert page.count("<strong>") == 1  # our own: the total row
    assert "<a " not in page and "<ol" not in page and "<ul" not in page
    assert "<h1>Launch &lt;b&gt;plan&lt;/b&gt; &amp; &quot;friends&quot;</h1>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "| not | a | table |" in page
    # a name with `|` and a newline stays in one cell of one row
    assert "<td>Germany | &quot;quoted&quot;, with comma</td>" in page
    assert "<td>United<br>States</td>" in page
    paused_table = page.split("<h2>Paused (1)</h2>")[1].split("</table>")[0]
    assert paused_table.count("<td>") == len(TABLE_COLUMNS) == 7
    # the status note is a history note, shown as typed
    assert "<td>&lt;img src=x onerror=alert(2)&gt;</td>" in paused_table


@given(st.text(max_size=30))
@settings(max_examples=60, deadline=None)
def test_markdown_cell_is_always_one_cell(value: str) -> None:
    row = f"| a | {escape_cell(value)} | b |"
    page = rendered_markdown(f"| x | y | z |\n| --- | --- | --- |\n{row}\n")
    body = page.split("<tbody>")[1] if "<tbody>" in page else ""
    assert body.count("<td>") + body.count('<td style="') == 3
    assert "<tr>" in body and body.count("<tr>") == 1


# -- csv --------------------------------------------------------------------------------


def parsed_csv(text: str) -> list[dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(COLUMNS)
    return [
        dict(zip(COLUMNS, (unguard_cell(cell) for cell in row), strict=True)) for row in rows[1:]
    ]


def expected_row(market) -> dict[str, str]:
    return dict(zip(COLUMNS, market_row(market), strict=True))


@pytest.mark.parametrize("roadmap", [tiktok_roadmap, hostile_roadmap], ids=["tiktok", "hostile"])
def test_csv_parsed_back_matches_the_model(roadmap) -> None:
    model = roadmap()
    rows = parsed_csv(export(model, "csv"))
    assert len(rows) == len(model.markets)
    for row, market in zip(rows, model.markets, strict=True):
        assert row["code"] == market.code
        assert row["name"] == market.name
        assert row["status"] == market.status
        assert row["region"] == (market.region or "")
        assert row["owner"] == (market.owner or "")
        assert row["since"] == (market.since.isoformat() if market.since else "")
        assert row["target"] == (market.target.isoformat() if market.target else "")
        assert row["notes"] == (market.notes or "")
        if not any(TAG_SEPARATOR in tag for tag in market.tags):
            assert (row["tags"].split(TAG_SEPARATOR) if row["tags"] else []) == market.tags


def test_csv_neutralises_formulas_and_quotes_newlines() -> None:
    text = export(hostile_roadmap(), "csv")
    assert text.endswith("\r\n")
    raw = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in raw[1:] for cell in row]
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    germany = dict(zip(COLUMNS, raw[1], strict=True))
    assert germany["owner"] == "'+49 team"
    assert germany["region"] == "'@SUM(1+1)"
    assert germany["tags"] == "'-1; a;b; <em>tag</em>"
    assert germany["notes"].startswith("<script>alert(1)</script>\n")
    assert '\n=HYPERLINK("http://evil.example","click")\n' in germany["notes"]
    france = dict(zip(COLUMNS, raw[2], strict=True))
    assert france["name"] == "'\tFrance"
    assert france["notes"] == "''=already quoted"  # so the guard can be undone exactly
    assert france["owner"] == "'\rreturn"


@given(st.text(max_size=20))
@settings(max_examples=200)
def test_csv_guard_is_inert_and_reversible(value: str) -> None:
    guarded = guard_cell(value)
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert unguard_cell(guarded) == value


# -- json -------------------------------------------------------------------------------


def test_json_is_the_model_with_iso_dates_in_a_stable_order() -> None:
    roadmap = tiktok_roadmap()
    text = export(roadmap, "json")
    assert text.endswith("}\n") and text.startswith('{\n  "$schema": "https://')
    data = json.loads(text)
    assert data.pop("$schema") == SCHEMA_ID
    # an optional key the file leaves out is left out here too: the schema has no null
    assert data == roadmap.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert list(data) == ["roadmap", "markets"]
    assert list(data["markets"][0]) == [
        "code", "name", "status", "region", "owner", "since", "tags", "notes", "history",
    ]  # fmt: skip
    assert "null" not in text
    assert data["markets"][1]["history"][0] == {
        "at": "2022-07-05T09:30:00Z",
        "from": "planned",
        "to": "paused",
        "note": "Focus on the UK",
    }
    assert export(roadmap, "json") == text


# -- html -------------------------------------------------------------------------------


class PageParts(HTMLParser):
    """Every element and attribute of a page, and its text, as the browser's parser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.style = ""
        self.script = ""
        self._inside = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._inside = tag

    def handle_endtag(self, tag: str) -> None:
        self._inside = ""

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.style += data
        elif self._inside == "script":
            self.script += data
        else:
            self.text.append(data)


def page_parts(text: str) -> PageParts:
    parts = PageParts()
    parts.feed(text)
    parts.close()
    return parts


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
    "time", "section", "div", "span", "table", "thead", "tbody", "tr", "th", "td", "a",
    "article", "ol", "li", "footer", "script",
    # the map: inline SVG (share/world_svg.py), a <title> per market as its tooltip
    "figure", "svg", "g", "path", "circle", "rect", "text",
}  # fmt: skip


@pytest.mark.parametrize("roadmap", [tiktok_roadmap, hostile_roadmap], ids=["tiktok", "hostile"])
def test_html_is_self_contained_and_has_no_markup_from_user_text(roadmap) -> None:
    model = roadmap()
    page = page_parts(export(model, "html"))
    assert set(page.tags) <= ALLOWED_TAGS
    for name, value in page.attributes:
        assert not name.startswith("on"), name
        assert name not in ("src", "srcset", "action", "formaction"), name
        if name == "href":
            assert value.startswith("#market-"), value
    assert "http" not in page.style and "@import" not in page.style and "url(" not in page.style
    assert "@media print" in page.style and "size: A4" in page.style
    assert page.tags.count("script") == 1 and page.script.strip() == SORT_SCRIPT


def test_html_shows_hostile_text_exactly_as_typed() -> None:
    model = hostile_roadmap()
    html = export(model, "html")
    # the map's tooltips are <title>s of its own: counted apart from the page's
    start, end = html.index('<figure class="map">'), html.index("</figure>")
    page = page_parts(html[:start] + html[end:])
    text = "".join(page.text)
    assert SCRIPT in text and IMG in text
    assert "<img src=x onerror=alert(2)>" in text  # a history note
    assert model.title in text
    assert '<iframe src="https://evil.example"></iframe>' in text
    assert page.tags.count("h1") == 1 and page.tags.count("title") == 1
    assert page.tags.count("article") == len(model.markets)


def test_html_has_status_colours_summary_table_notes_and_history() -> None:
    model = tiktok_roadmap()
    html = export(model, "html")
    page = page_parts(html)
    classes = [value for name, value in page.attributes if name == "class"]
    assert classes.count("badge live") == 2 * 7 and classes.count("badge paused") == 2 * 5
    assert [c for c in classes if c.startswith("count")] == [
        "count planned",
        "count paused",
        "count live",
        "count total",
    ]
    assert page.tags.count("tr") == 1 + len(model.markets)
    assert page.tags.count("li") == sum(len(market.history) for market in model.markets)
    assert "2022-07-05 09:45 UTC" in "".join(page.text)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "tiktok_shop.html"
    page.write_text(export(tiktok_roadmap(), "html"), encoding="utf-8")
    screenshot = tmp_path / "tiktok_shop.png"
    pdf = tmp_path / "tiktok_shop.pdf"
    common = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    common += ["--user-data-dir=" + str(tmp_path / "profile"), "--no-first-run"]
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [*common, "--window-size=1200,1600", f"--screenshot={screenshot}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
        env=env,
    )
    subprocess.run(
        [*common, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        check=True,
        capture_output=True,
        timeout=120,
        env=env,
    )
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1200, 1600)
    assert len(png) > 50_000  # a drawn page, not a blank one (a white PNG is a few KB)
    document = pdf.read_bytes()
    assert document.startswith(b"%PDF")
    # A4 is 595 x 842 points; every page of the print says so
    assert b"/MediaBox [0 0 595" in document or b"/MediaBox [0 0 594.9" in document
    if os.environ.get("KEEP_SCREENSHOT"):
        shutil.copyfile(screenshot, os.environ["KEEP_SCREENSHOT"])


def test_a_snapshot_exports_as_of_the_day_it_was_taken(tiktok: Path) -> None:
    from datetime import UTC, datetime

    from roadmap_tui.share.snapshot import take_snapshot

    written = take_snapshot(tiktok, now=datetime(2022, 8, 1, 23, 59, tzinfo=UTC))
    text = export(RoadmapDocument.load(written).roadmap, "md")
    assert "As of 2022-08-01 · Owner: Global e-commerce · Snapshot of tiktok\\_shop.toml" in text


def test_export_to_a_missing_directory_is_one_sentence(
    tiktok: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "nowhere" / "x.md"
    code, out, err = run_cli(capsys, "export", str(tiktok), "-o", str(target))
    assert (code, out) == (2, "")
    assert err == f"roadmap-tui: {target}: the directory {target.parent} does not exist\n"


@given(listed=markets())
@settings(max_examples=40, deadline=None)
def test_csv_of_random_roadmaps_parses_back_to_the_model(listed) -> None:
    from roadmap_tui.store.render import render_roadmap

    text = render_roadmap({"roadmap": {"title": "Random"}, "markets": listed})
    model = RoadmapDocument.from_text(text).roadmap
    rows = parsed_csv(export(model, "csv"))
    assert rows == [expected_row(market) for market in model.markets]
    for row, market in zip(rows, model.markets, strict=True):
        assert (row["tags"].split(TAG_SEPARATOR) if row["tags"] else []) == market.tags


def test_markdown_heading_and_meta_stay_on_one_line() -> None:
    text = (
        '[roadmap]\ntitle = "Plan\\n# injected heading"\nowner = "a\\n\\n- b"\n\n'
        '[[markets]]\ncode = "DE"\nname = "Ger\\nmany"\nstatus = "live"\nnotes = "x"\n'
    )
    page = rendered_markdown(export(RoadmapDocument.from_text(text).roadmap, "md"))
    assert page.count("<h1>") == 1 and "<h1>Plan # injected heading</h1>" in page
    assert "<ul>" not in page
    assert "<h3>DE — Ger many (live)</h3>" in page


def test_csv_export_does_not_shadow_the_standard_library() -> None:
    import csv

    assert hasattr(csv, "writer") and "roadmap_tui" not in (csv.__file__ or "")
