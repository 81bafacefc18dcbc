"""Exports open right in the tools people have: a CSV Excel reads as UTF-8, each market's
reason for its status in every table, and an HTML page that sorts offline, loads nothing,
and says which language it is in."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from roadmap_tui.model import Market, Roadmap, RoadmapInfo, Status, StatusChange
from roadmap_tui.share.export import export
from roadmap_tui.share.export.csv_export import COLUMNS, unguard_cell
from roadmap_tui.share.export.reason import status_change, status_note
from roadmap_tui.store import RoadmapDocument
from tests.sharing.helpers import SAMPLES, TIKTOK, run_cli


def sample(name: str) -> Roadmap:
    return RoadmapDocument.load(SAMPLES / name).roadmap


def change(at: date | datetime, to: str, note: str, before: str = "planned") -> StatusChange:
    return StatusChange.model_validate({"at": at, "from": before, "to": to, "note": note})


# -- the reason for a status ------------------------------------------------------------


def test_the_reason_is_the_latest_change_to_the_current_status() -> None:
    market = Market(
        code="DE",
        name="Germany",
        status=Status.PAUSED,
        history=[
            change(datetime(2022, 7, 5, 9, 30), "paused", "Focus on the UK"),
            change(date(2022, 1, 1), "paused", "an older pause, written later", "live"),
            change(datetime(2022, 7, 5, 9, 30), "paused", "same moment, written last"),
            change(date(2022, 8, 1), "live", "a change the status does not show"),
        ],
    )
    assert status_note(market) == "same moment, written last"
    assert status_change(market) is market.history[2]


def test_no_reason_when_the_history_does_not_say() -> None:
    bare = Market(code="CN", name="China", status=Status.LIVE)
    assert status_change(bare) is None and status_note(bare) == ""
    unexplained = bare.model_copy(update={"history": [change(date(2022, 1, 1), "live", "")]})
    assert status_note(unexplained) == ""


# -- csv for Excel and LibreOffice ------------------------------------------------------


def test_csv_for_excel_starts_with_a_byte_order_mark_and_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "expansion.csv"
    roadmap = SAMPLES / "expansion_de.toml"
    code, _, err = run_cli(capsys, "export", str(roadmap), "-o", str(output), "--excel")
    assert (code, err) == (0, f"exported csv to {output}\n")
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcode,name,status,")
    with output.open(encoding="utf-8-sig", newline="") as opened:
        rows = list(csv.DictReader(opened))
    markets = RoadmapDocument.load(roadmap).roadmap.markets
    assert [row["name"] for row in rows] == [market.name for market in markets]
    assert any(not name.isascii() for name in (row["name"] for row in rows))  # umlauts, ß
    assert [unguard_cell(row["status_note"]) for row in rows] == list(map(status_note, markets))
    assert data[3:] == export(RoadmapDocument.load(roadmap).roadmap, "csv").encode("utf-8")


def test_csv_for_excel_reads_back_in_pandas(tmp_path: Path, capsys) -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is not installed")
    output = tmp_path / "tiktok.csv"
    assert run_cli(capsys, "export", str(TIKTOK), "-o", str(output), "--excel")[0] == 0
    frame = pandas.read_csv(output, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert frame.loc[frame["code"] == "DE", "status_note"].item() == "Focus on the UK"


def test_excel_is_for_csv_only(tiktok: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "export", str(tiktok), "--format", "md", "--excel")
    assert (code, out) == (1, "")
    assert err == "roadmap-tui: --excel is for csv exports only, not md\n"


def test_csv_has_each_markets_status_note() -> None:
    rows = list(csv.DictReader(io.StringIO(export(sample("tiktok_shop.toml"), "csv"))))
    notes = {row["code"]: row["status_note"] for row in rows}
    assert notes["US"] == "Not before the UK pilot works; focus on the UK"
    assert notes["GB"] == "On Trend: first multi-brand live-stream shopping event"
    assert notes["CN"] == ""  # no history


# -- markdown and html: owner, target and the reason ------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_each_market_shows_its_owner_target_and_status_note(fmt: str) -> None:
    roadmap = sample("tiktok_shop.toml")
    text = export(roadmap, fmt)
    us = roadmap.find("US")
    assert us is not None and us.owner and us.target
    start = "| US |" if fmt == "md" else '<tr><td class="code"><a href="#market-US">'
    row = next(line for line in text.splitlines() if line.startswith(start))
    for shown in (us.owner, us.target.isoformat(), status_note(us)):
        assert shown in row, shown


# -- html: language, nothing loaded, sorting that works offline -------------------------


def html_of(language: str | None) -> str:
    info = RoadmapInfo(title="Expansion", language=language)
    return export(sample("expansion_de.toml").model_copy(update={"roadmap": info}), "html")


def test_the_page_takes_its_language_from_the_roadmap() -> None:
    assert '<html lang="de">' in html_of("de")
    assert '<html lang="pt-BR">' in html_of("pt-BR")
    assert '<html lang="en">' in html_of(None)


def test_the_page_names_no_network_address() -> None:
    """No URL at all: a page that names none can fetch none (the hostile sample's URLs are
    its own text, escaped, and tested in test_export.py)."""
    for name in ("tiktok_shop.toml", "expansion_de.toml", "starter.toml"):
        page = export(sample(name), "html")
        assert not re.search(r"(?i)https?:|//[a-z0-9]|\bsrc=|@import|url\(", page), name


def element_text(page: str, tag: str) -> str:
    return page.split(f"<{tag}>", 1)[1].split(f"</{tag}>", 1)[0]


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_exactly_the_pages_own_style_and_script() -> None:
    page = export(sample("tiktok_shop.toml"), "html")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
    assert directives == {
        "default-src": "'none'",
        "style-src": csp_hash(element_text(page, "style")),
        "script-src": csp_hash(element_text(page, "script")),
    }


CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def dumped_dom(page: str, probe: str, tmp_path: Path, allow_probe: bool = True) -> str:
    """The page's DOM after it loaded in headless Chromium with `probe` (a script run
    after the page's own) appended; the probe is let through the page's policy by its
    hash, as the page's own script is."""
    if allow_probe:
        page = page.replace("script-src ", f"script-src {csp_hash(chr(10) + probe + chr(10))} ")
    path = tmp_path / "page.html"
    path.write_text(page.replace("</body>", f"<script>\n{probe}\n</script>\n</body>"), "utf-8")
    result = subprocess.run(
        [*CHROMIUM, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return result.stdout


# clicks the Status heading, then the Target heading, and after each writes the sorted
# heading, its aria-sort and the column of codes into the body's data-probe attribute
PROBE = """
var clicks = ["Status", "Target"];
var seen = [];
clicks.forEach(function (name) {
  var buttons = document.querySelectorAll("table.markets thead button");
  Array.prototype.forEach.call(buttons, function (button) {
    if (button.textContent === name) { button.click(); }
  });
  var codes = Array.prototype.map.call(
    document.querySelectorAll("table.markets tbody tr"), function (row) {
      return row.cells[0].textContent; });
  var sorted = document.querySelector("table.markets th[aria-sort]");
  seen.push(name + ":" + sorted.textContent + ":" + sorted.getAttribute("aria-sort") + ":" + codes.join(" "));
});
document.body.setAttribute("data-probe", seen.join("|") + "|" + document.querySelector("table").className);
""".strip()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_table_sorts_in_chromium_without_a_network(tmp_path: Path) -> None:
    roadmap = sample("tiktok_shop.toml")
    dom = dumped_dom(export(roadmap, "html"), PROBE, tmp_path)
    probe = re.search(r'data-probe="([^"]*)"', dom)
    assert probe is not None, "the probe did not run"
    by_status, by_target, classes = probe.group(1).split("|")
    order = {status: index for index, status in enumerate(Status)}
    by_code = sorted(roadmap.markets, key=lambda market: market.key)
    expected = sorted(by_code, key=lambda market: order[market.status])  # stable
    assert by_status == "Status:Status:ascending:" + " ".join(m.code for m in expected)
    # a stable sort of the rows as the first click left them; no target goes last
    with_target = [m.code for m in expected if m.target]
    with_target += [m.code for m in expected if not m.target]
    assert by_target == "Target:Target:ascending:" + " ".join(with_target)
    assert classes == "markets sortable"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_a_script_the_page_did_not_ship_does_not_run(tmp_path: Path) -> None:
    """The policy holds in a real browser: a script without the page's hash is refused,
    while the page's own still runs."""
    probe = 'document.body.setAttribute("data-probe", "ran");'
    dom = dumped_dom(export(sample("tiktok_shop.toml"), "html"), probe, tmp_path, False)
    assert 'data-probe="ran"' not in dom
    assert 'class="markets sortable"' in dom
