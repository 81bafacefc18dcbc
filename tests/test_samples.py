"""The sample roadmaps and the format documentation: valid, lossless, and telling the story.

The samples are what a new user opens first, and `docs/format.md` quotes the validator's
messages; these tests keep both honest as the core changes.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from roadmap_tui import templates
from roadmap_tui.cli import main
from roadmap_tui.model import Status
from roadmap_tui.store import RoadmapDocument

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_roadmaps"
SAMPLE_NAMES = ["tiktok_shop.toml", "starter.toml", "expansion_de.toml", "tiktok_stages.toml"]
FORMAT_DOC = ROOT / "docs" / "format.md"
FIXED_NOW = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)


def _copy(name: str, tmp_path: Path) -> Path:
    """A copy of a sample in tmp_path, so no test ever writes into sample_roadmaps/."""
    target = tmp_path / name
    shutil.copyfile(SAMPLES / name, target)
    return target


def test_every_sample_is_listed() -> None:
    assert sorted(path.name for path in SAMPLES.glob("*.toml")) == sorted(SAMPLE_NAMES)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_loads_without_errors_or_warnings(name: str) -> None:
    document = RoadmapDocument.load(SAMPLES / name)
    assert document.warnings == []
    assert document.markets, "a sample without markets shows nothing"
    assert not document.read_only


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_validate_command_accepts_sample(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = SAMPLES / name
    count = len(RoadmapDocument.load(path).markets)
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok ({count} markets)\n"
    assert captured.err == ""


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_round_trips_byte_for_byte(name: str, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    original = path.read_bytes()
    document = RoadmapDocument.load(path)
    assert document.text.encode("utf-8") == original
    assert not document.dirty
    document.save()
    assert path.read_bytes() == original


def test_packaged_template_is_the_starter_sample() -> None:
    packaged = templates.starter()
    assert packaged.encode("utf-8") == (SAMPLES / "starter.toml").read_bytes()
    # `new --title` replaces the whole title line, so it must carry no comment
    title_lines = [line for line in packaged.splitlines() if line.startswith("title = ")]
    assert len(title_lines) == 1
    assert "#" not in title_lines[0]


def test_starter_with_a_title_is_still_valid() -> None:
    document = RoadmapDocument.from_text(templates.starter('Café "Ölmühle" — Launch'))
    assert document.roadmap.title == 'Café "Ölmühle" — Launch'
    assert document.warnings == []


# -- the TikTok Shop story ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tiktok() -> RoadmapDocument:
    return RoadmapDocument.load(SAMPLES / "tiktok_shop.toml")


def test_tiktok_roadmap_title(tiktok: RoadmapDocument) -> None:
    assert tiktok.roadmap.title == "TikTok Shop — live shopping expansion"
    assert tiktok.roadmap.roadmap.owner
    assert tiktok.roadmap.roadmap.description


def test_tiktok_uk_is_live_since_the_on_trend_event(tiktok: RoadmapDocument) -> None:
    uk = tiktok.market("gb")
    assert uk.status is Status.LIVE
    assert uk.since is not None and (uk.since.year, uk.since.month) == (2021, 12)
    assert "On Trend" in (uk.notes or "")
    assert uk.history[-1].to == Status.LIVE


@pytest.mark.parametrize("code", ["DE", "FR", "IT", "ES", "US"])
def test_tiktok_planned_markets_were_paused_in_july_2022(
    tiktok: RoadmapDocument, code: str
) -> None:
    market = tiktok.market(code)
    assert market.status is Status.PAUSED
    pause = market.history[-1]
    assert (pause.from_, pause.to) == (Status.PLANNED, Status.PAUSED)
    at = pause.at if not isinstance(pause.at, datetime) else pause.at.date()
    assert (at.year, at.month) == (2022, 7)
    assert market.since == at
    assert "UK" in (pause.note or "")


def test_tiktok_indonesia_is_live_and_testing_a_store_tab(tiktok: RoadmapDocument) -> None:
    indonesia = tiktok.market("ID")
    assert indonesia.status is Status.LIVE
    assert "store-tab-test" in indonesia.tags
    assert "Store tab" in (indonesia.notes or "")


def test_tiktok_china_is_live_via_douyin(tiktok: RoadmapDocument) -> None:
    china = tiktok.market("CN")
    assert china.status is Status.LIVE
    assert "Douyin" in (china.notes or "")


def test_tiktok_regions_and_histories_are_in_order(tiktok: RoadmapDocument) -> None:
    assert {market.region for market in tiktok.markets} == {"Europe", "North America", "Asia"}
    for market in tiktok.markets:
        stamps = [
            change.at
            if isinstance(change.at, datetime)
            else datetime.combine(change.at, datetime.min.time(), UTC)
            for change in market.history
        ]
        assert stamps == sorted(stamps), f"{market.code}: history must be oldest first"
        if market.history:
            assert market.history[-1].to == market.status, market.code


def test_tiktok_sample_uses_every_string_style() -> None:
    text = (SAMPLES / "tiktok_shop.toml").read_text(encoding="utf-8")
    assert "'''" in text  # a multi-line literal string
    assert '"""' in text  # a multi-line basic string
    assert "  # " in text  # a trailing comment


# -- Unicode all the way through -----------------------------------------------------------


def test_german_sample_keeps_umlauts_through_a_status_change(tmp_path: Path) -> None:
    path = _copy("expansion_de.toml", tmp_path)
    original = path.read_text(encoding="utf-8")
    for letter in "äöüÄÖÜß„“—":
        assert letter in original

    document = RoadmapDocument.load(path, clock=lambda: FIXED_NOW)
    document.set_status("ch", "planned", note="Zollvertrag unterschrieben — Größe egal")
    document.save()

    switzerland_before = (
        'status = "paused"\nregion = "DACH"\nowner = "Team Zürich"\nsince = 2025-06-30\n'
    )
    switzerland_after = (
        'status = "planned"\nregion = "DACH"\nowner = "Team Zürich"\nsince = 2025-09-01\n'
    )
    last_entry = 'note = "Zollabwicklung über Dienstleister noch nicht vertraglich geregelt"\n'
    new_entry = (
        "\n[[markets.history]]\nat = 2025-09-01T10:00:00Z\n"
        'from = "paused"\nto = "planned"\nnote = "Zollvertrag unterschrieben — Größe egal"\n'
    )
    assert original.count(switzerland_before) == 1
    assert original.count(last_entry) == 1
    expected = original.replace(switzerland_before, switzerland_after).replace(
        last_entry, last_entry + new_entry
    )
    assert path.read_bytes() == expected.encode("utf-8")

    reloaded = RoadmapDocument.load(path)
    switzerland = reloaded.market("CH")
    assert switzerland.name == "Schweiz"
    assert switzerland.history[-1].note == "Zollvertrag unterschrieben — Größe egal"
    assert "Strasse" in (switzerland.notes or "")
    assert reloaded.market("AT").name == "Österreich"


# -- what docs/format.md promises -----------------------------------------------------------


def test_schema_directive_comment_is_kept(tmp_path: Path) -> None:
    """The Taplo `#:schema` line the docs recommend is an ordinary comment to the app."""
    path = tmp_path / "roadmap.toml"
    text = "#:schema ./roadmap.schema.json\n" + (SAMPLES / "starter.toml").read_text("utf-8")
    path.write_bytes(text.encode("utf-8"))
    document = RoadmapDocument.load(path, clock=lambda: FIXED_NOW)
    assert document.warnings == []
    document.set_status("DE", "live")
    document.save()
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith(text[: text.index('status = "planned"')])
    assert RoadmapDocument.load(path).market("DE").status is Status.LIVE


BROKEN_EXAMPLE = """\
[roadmap]
title = "TikTok Shop — live shopping expansion"

[[markets]]
code = "GB"
name = "United Kingdom"
status = "lve"
since = "2021-12-01"
regoin = "Europe"

[[markets]]
code = "DE"
name = "Germany"
status = "paused"

[[markets.history]]
at = 2022-07-05T09:30:00Z
from = "planned"
to = "stopped"

[[markets]]
code = "gb"
name = "Great Britain"
status = "live"
"""

EXAMPLES = {
    "roadmap.toml": BROKEN_EXAMPLE.encode("utf-8"),
    "syntax.toml": b'[roadmap]\ntitle = "Launches"\n\n[[markets]]\ncode = "FR"\nname = "France\nstatus = "planned"\n',
    "latin1.toml": '[roadmap]\ntitle = "Café launches"\n'.encode("latin-1"),
    "missing.toml": b'[roadmap]\ntitle = "Launches"\n\n[[markets]]\ncode = "DE"\nstatus = "paused"\n',
    "typo.toml": b'[roadmap]\ntitle = "Launches"\nownr = "Product team"\n\n[[markets]]\ncode = "FR"\nname = "France"\nstatus = "planned"\ntagz = ["eu"]\n',
}


def _toml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```toml\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)


def test_format_doc_examples_are_valid_roadmaps() -> None:
    """Every roadmap the doc shows, except the deliberately broken one, validates cleanly."""
    blocks = [
        block
        for block in _toml_blocks(FORMAT_DOC.read_text(encoding="utf-8"))
        if "[roadmap]" in block and block != BROKEN_EXAMPLE
    ]
    assert len(blocks) >= 3
    for block in blocks:
        document = RoadmapDocument.from_text(block, "format.md")
        assert document.warnings == [], block


def test_format_doc_shows_the_broken_example_file() -> None:
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    assert f"```toml\n{BROKEN_EXAMPLE}```" in doc


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_error_examples_in_the_format_doc_are_real(
    name: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every message docs/format.md shows is what `validate` prints for the same file."""
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(EXAMPLES[name])
    code = main(["validate", name])
    captured = capsys.readouterr()
    assert code == (0 if name == "typo.toml" else 1)
    doc = FORMAT_DOC.read_text(encoding="utf-8")
    lines = captured.err.splitlines()
    assert lines
    for line in lines:
        assert line.startswith(f"{name}:")
        assert f"\n{line}\n" in doc, f"docs/format.md does not show: {line}"


def test_the_stages_sample_declares_its_workflow_and_indonesia_tested_a_store_tab() -> None:
    """tiktok_stages.toml: the TikTok story with the statuses the team uses, in order."""
    roadmap = RoadmapDocument.load(SAMPLES / "tiktok_stages.toml").roadmap
    assert roadmap.status_names == ("exploring", "planned", "testing", "live", "paused", "exited")
    glyphs = [status.glyph for status in roadmap.workflow]
    assert len(set(glyphs)) == len(glyphs)  # each status reads without colour
    indonesia = roadmap.find("ID")
    assert indonesia is not None and indonesia.status == "live"
    assert [(c.from_, c.to) for c in indonesia.history] == [
        ("planned", "testing"),
        ("testing", "live"),
    ]
    assert indonesia.history[0].note == "Store tab test in the app"
    used = {market.status for market in roadmap.markets}
    assert {"exploring", "live", "paused", "planned"} <= used


def test_the_stages_sample_loses_its_declaration_and_validate_names_every_status_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Removing `testing` from the declaration while Indonesia's history uses it is an
    error at each place, never a silent change."""
    path = _copy("tiktok_stages.toml", tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('  { name = "testing", colour = "accent", glyph = "◑" },\n', ""),
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2
    assert all("status 'testing' is not declared in [roadmap] statuses" in e for e in errors)
