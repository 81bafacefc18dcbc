"""Real Taplo (the TOML language server behind Even Better TOML) with the generated schema:
the samples pass, a bad corpus fails, and it agrees with `validate` everywhere except the
three places docs/format.md names (a quoted date, a byte-order mark, a duplicate code).

Taplo comes from npm (`@taplo/cli`, the version pinned below), installed into a folder of
the test run; without npm the tests are skipped and say so. `.ci/run` installs npm."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import tomli_w

from roadmap_tui.errors import RoadmapError
from roadmap_tui.share.export import export
from roadmap_tui.store import RoadmapDocument, parse
from roadmap_tui.store.schema import schema_text
from tests.sharing.helpers import SAMPLES, TIKTOK

TAPLO_PACKAGE = "@taplo/cli@0.7.0"  # the Taplo 0.9 language server's command line
ROOT = Path(__file__).resolve().parents[2]

HEAD = '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n'
HISTORY = '\n[[markets.history]]\nfrom = "planned"\nto = "live"\n'
# a roadmap with statuses of its own, Germany at the first of them
DECLARED = HEAD.replace(
    'title = "T"\n',
    'title = "T"\nstatuses = ["idea", { name = "live", colour = "accent", glyph = "●" }]\n',
).replace('status = "live"', 'status = "idea"')

# name: (file text, Taplo's verdict, validate's verdict); True is valid
CORPUS: dict[str, tuple[str, bool, bool]] = {
    "plain": (HEAD, True, True),
    "date at": (HEAD + HISTORY + "at = 2022-07-05\n", True, True),
    "offset date-time at": (HEAD + HISTORY + "at = 2022-07-05T09:30:00+02:00\n", True, True),
    "local date-time at": (HEAD + HISTORY + "at = 2022-07-05T09:30:00\n", True, True),
    "space-separated at": (HEAD + HISTORY + "at = 2022-07-05 09:30:00.25\n", True, True),
    "local time at": (HEAD + HISTORY + "at = 09:30:00\n", False, False),
    "date-time since": (HEAD + "since = 2021-12-01T10:00:00Z\n", False, False),
    "impossible date": (HEAD + "since = 2021-13-01\n", False, False),
    "unknown status": (HEAD.replace('"live"', '"lve"'), False, False),
    "status in capitals": (HEAD.replace('"live"', '"Live"'), False, False),
    "code with a space": (HEAD.replace('"DE"', '"D E"'), False, False),
    "empty name": (HEAD.replace('"Germany"', '""'), False, False),
    "blank name": (HEAD.replace('"Germany"', '"   "'), False, False),
    "missing status": (HEAD.replace('status = "live"\n', ""), False, False),
    "missing title": (HEAD.replace('title = "T"\n', 'owner = "me"\n'), False, False),
    "number region": (HEAD + "region = 3\n", False, False),
    "one tag as a string": (HEAD + 'tags = "pilot"\n', False, False),
    "language tag": ('[roadmap]\ntitle = "T"\nlanguage = "pt-BR"\n', True, True),
    "language name": ('[roadmap]\ntitle = "T"\nlanguage = "Portuguese (Brazil)"\n', False, False),
    "key of your own": (HEAD + 'jira = "SHOP-12"\n', True, True),  # validate warns
    "declared statuses": (DECLARED, True, True),
    "declared status used in history": (
        DECLARED + HISTORY.replace("planned", "idea") + "at = 2022-07-05\n",
        True,
        True,
    ),
    "empty declaration": (DECLARED.replace('["idea", {', "[] # ").replace("}]", ""), False, False),
    "glyph of two characters": (DECLARED.replace('"●"', '"**"'), False, False),
    # -- where they differ, as docs/format.md says --
    "quoted date": (HEAD + 'since = "2021-12-01"\n', True, False),
    "duplicate code": (HEAD + HEAD.split("\n\n", 1)[1].replace('"DE"', '"de"'), True, False),
    "byte-order mark": ("\ufeff" + HEAD, False, True),
    "status the declaration lacks": (
        DECLARED.replace('status = "idea"', 'status = "ide"'),
        True,
        False,
    ),
}
DIFFERENCES = {"quoted date", "duplicate code", "byte-order mark", "status the declaration lacks"}


@pytest.fixture(scope="session")
def taplo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned Taplo CLI, installed with npm into a folder of this test run."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed, so Taplo cannot be (.ci/run installs npm)")
    prefix = tmp_path_factory.mktemp("taplo")
    environment = {**os.environ, "npm_config_cache": str(prefix / "cache")}
    result = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), TAPLO_PACKAGE],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:  # offline: a packager's build machine
        pytest.skip(f"npm could not install {TAPLO_PACKAGE}: {result.stderr.strip()[-300:]}")
    return prefix / "node_modules" / ".bin" / "taplo"


@pytest.fixture(scope="session")
def schema_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The generated schema in a file, as the `file://` URL Taplo's `--schema` takes."""
    path = tmp_path_factory.mktemp("schema") / "roadmap.schema.json"
    path.write_text(schema_text(), encoding="utf-8")
    return path.as_uri()


def taplo_check(taplo: Path, *argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(taplo), "check", "--colors", "never", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@dataclass(frozen=True)
class Verdict:
    """What Taplo said of one file: valid or not, and its error messages."""

    valid: bool
    messages: list[str]


def taplo_verdicts(
    result: subprocess.CompletedProcess[str], files: list[Path]
) -> dict[Path, Verdict]:
    """Taplo's report on `files` read back per file: `error: MESSAGE` then
    `┌─ PATH:LINE:COL`, and an `invalid file ... path="PATH"` line for each file it refuses."""
    messages: dict[str, list[str]] = {}
    invalid: set[str] = set()
    message = ""
    for line in result.stderr.splitlines():
        if line.startswith("error: "):
            message = line.removeprefix("error: ")
        elif "┌─ " in line:
            messages.setdefault(line.split("┌─ ", 1)[1].rsplit(":", 2)[0], []).append(message)
        elif "invalid file" in line and 'path="' in line:
            invalid.add(line.split('path="', 1)[1].rstrip('"'))
    return {path: Verdict(str(path) not in invalid, messages.get(str(path), [])) for path in files}


def validate_accepts(text: str) -> bool:
    try:
        parse(text, "roadmap.toml")
    except RoadmapError:
        return False
    return True


@pytest.fixture(scope="module")
def corpus_verdicts(
    taplo: Path, schema_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Verdict]:
    """Taplo's verdict on each file of CORPUS, each sample and the JSON export (as TOML)."""
    folder = tmp_path_factory.mktemp("corpus")
    files: dict[str, Path] = {}
    for number, (name, (text, _, _)) in enumerate(CORPUS.items()):
        files[name] = folder / f"case{number}.toml"
        files[name].write_bytes(text.encode("utf-8"))
    for sample in sorted(SAMPLES.glob("*.toml")):
        files[f"sample {sample.name}"] = folder / sample.name
        shutil.copyfile(sample, files[f"sample {sample.name}"])
    # the JSON export written as TOML: its dates become quoted strings, which the schema takes
    data = json.loads(export(RoadmapDocument.load(TIKTOK).roadmap, "json"))
    files["json export"] = folder / "export.toml"
    files["json export"].write_text(tomli_w.dumps(data), encoding="utf-8")
    files["json export, broken"] = folder / "export-broken.toml"
    broken = tomli_w.dumps(data).replace('"paused"', '"stopped"')
    files["json export, broken"].write_text(broken, encoding="utf-8")
    # one run for all of them: each run costs a second or two of start-up
    paths = list(files.values())
    result = taplo_check(taplo, "--schema", schema_url, *map(str, paths), cwd=folder)
    assert f"found files total={len(paths)}" in result.stderr, result.stderr
    verdicts = taplo_verdicts(result, paths)
    assert (result.returncode == 0) == all(v.valid for v in verdicts.values()), result.stderr
    return {name: verdicts[path] for name, path in files.items()}


def test_taplo_accepts_every_sample(corpus_verdicts: dict[str, Verdict]) -> None:
    samples = {name: v for name, v in corpus_verdicts.items() if name.startswith("sample ")}
    assert len(samples) >= 3
    assert all(verdict.valid for verdict in samples.values()), samples


@pytest.mark.parametrize("name", list(CORPUS))
def test_taplo_and_validate_give_the_documented_verdicts(
    name: str, corpus_verdicts: dict[str, Verdict]
) -> None:
    text, taplo_valid, validate_valid = CORPUS[name]
    verdict = corpus_verdicts[name]
    assert verdict.valid == taplo_valid, verdict.messages
    assert validate_accepts(text) == validate_valid
    assert (taplo_valid == validate_valid) == (name not in DIFFERENCES)
    if not taplo_valid:  # one plain reason, never "not valid under any of the schemas listed"
        assert verdict.messages
        assert not any("any of the schemas" in message for message in verdict.messages)


def test_the_documented_differences_are_the_ones_docs_name() -> None:
    """docs/format.md's list of where the editor and `validate` differ names each case."""
    doc = (ROOT / "docs" / "format.md").read_text("utf-8")
    section = doc.split("### Where the editor and `validate` differ", 1)[1].split("\n## ", 1)[0]
    for phrase in ("quoted date", "byte-order mark", "duplicate code", "declares its own statuses"):
        assert phrase in section.lower(), phrase


def test_the_json_export_follows_the_schema(corpus_verdicts: dict[str, Verdict]) -> None:
    """The JSON export passes the schema its `$schema` key names (and a broken one does not)."""
    assert corpus_verdicts["json export"].valid, corpus_verdicts["json export"].messages
    broken = corpus_verdicts["json export, broken"]
    assert not broken.valid
    assert set(broken.messages) == {'"stopped" is not one of ["planned","paused","live"]'}


def test_the_directive_and_the_taplo_config_the_docs_show(taplo: Path, tmp_path: Path) -> None:
    """`#:schema ./roadmap.schema.json` at the top of a roadmap, and a `.taplo.toml` rule."""
    (tmp_path / "roadmap.schema.json").write_text(schema_text(), encoding="utf-8")
    direct = tmp_path / "direct.toml"
    direct.write_text("#:schema ./roadmap.schema.json\n" + HEAD.replace('"live"', '"lve"'))
    result = taplo_check(taplo, str(direct), cwd=tmp_path)
    assert result.returncode == 1 and '"lve" is not one of' in result.stderr
    folder = tmp_path / "roadmaps"
    folder.mkdir()
    (folder / "bad.toml").write_text(HEAD.replace('"DE"', '"D E"'), encoding="utf-8")
    (tmp_path / ".taplo.toml").write_text(
        '[[rule]]\ninclude = ["roadmaps/**/*.toml"]\n\n'
        '[rule.schema]\npath = "./roadmap.schema.json"\n',
        encoding="utf-8",
    )
    result = taplo_check(taplo, "roadmaps/bad.toml", cwd=tmp_path)
    assert result.returncode == 1 and "does not match" in result.stderr
