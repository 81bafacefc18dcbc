"""A complete, well-behaved package: an sdist a packager can run the suite from, the
version defined once, classifiers for the Pythons CI runs, a README whose links work on
the package index, and a pre-commit hook that runs `roadmap-tui validate`."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

import roadmap_tui
from roadmap_tui.store.schema import REPOSITORY_URL
from tests.sharing.helpers import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PROJECT = PYPROJECT["project"]
RAW_URL = REPOSITORY_URL.replace("github.com", "raw.githubusercontent.com") + "/main/"
BLOB_URL = REPOSITORY_URL + "/blob/main/"
TREE_URL = REPOSITORY_URL + "/tree/main/"

# what the sdist must hold, beyond the package: the folders the suite reads
SHIPPED_FOLDERS = ("docs", "sample_roadmaps", "tests", "benchmarks")
# files a checkout has that an sdist need not (CI's own script, git's and tools' files)
NOT_SHIPPED = re.compile(
    r"(^|/)(\.git|\.ci|\.venv|__pycache__|\.pytest_cache|\.ruff_cache|\.mypy_cache|"
    r"\.hypothesis|build|dist|[^/]*\.egg-info|benchmarks/data)(/|$)|\.py[cod]$|"
    r"(^|/)snapshot_report\.html$|^(PKG-INFO|setup\.cfg)$"
)


# -- the version, the classifiers, the URLs ------------------------------------------------


def test_the_version_is_defined_once() -> None:
    assert "version" not in PROJECT and PROJECT["dynamic"] == ["version"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "roadmap_tui.__version__"}
    assert importlib.metadata.version("roadmap-tui") == roadmap_tui.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", roadmap_tui.__version__)


def test_a_classifier_for_every_python_the_suite_runs_on() -> None:
    """CI runs the suite on every Python it finds (.ci/run): on one without a classifier,
    this test fails, and the classifier gets added."""
    versions = {
        classifier.rsplit(" :: ", 1)[1]
        for classifier in PROJECT["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", classifier)
    }
    assert versions == {"3.11", "3.12", "3.13"}
    assert f"{sys.version_info.major}.{sys.version_info.minor}" in versions
    assert PROJECT["requires-python"] == f">={min(versions, key=lambda v: int(v[2:]))}"


def test_project_urls_point_at_the_repository() -> None:
    urls = PROJECT["urls"]
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(urls)
    assert all(url.startswith(REPOSITORY_URL) for url in urls.values())
    assert urls["Documentation"].startswith(TREE_URL)
    assert (ROOT / urls["Documentation"].removeprefix(TREE_URL)).is_dir()


# -- the README, as the package index shows it ---------------------------------------------

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    return {
        github_anchor(line.lstrip("#"))
        for line in markdown.splitlines()
        if re.match(r"#{1,6} ", line)
    }


def test_readme_links_work_on_the_package_index() -> None:
    """PyPI shows the README without the repository around it: every link and image is
    absolute, and each one into the repository names a file (and heading) that exists."""
    readme = (ROOT / "README.md").read_text("utf-8")
    links = LINK.findall(readme)
    assert len(links) >= 8
    into_repository = 0
    for link in links:
        if link.startswith("#"):
            assert link[1:] in anchors(readme), link
            continue
        assert link.startswith("https://"), f"relative link {link}: PyPI cannot follow it"
        path, _, anchor = link.partition("#")
        for prefix in (RAW_URL, BLOB_URL, TREE_URL):
            if path.startswith(prefix):
                target = ROOT / path.removeprefix(prefix)
                assert target.exists(), link
                if anchor:
                    assert anchor in anchors(target.read_text("utf-8")), link
                into_repository += 1
    assert into_repository >= 7
    assert f"]({RAW_URL}docs/screenshot.svg)" in readme


def test_the_docs_link_to_the_readme_sections_they_name() -> None:
    format_doc = (ROOT / "docs" / "format.md").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    for anchor in re.findall(re.escape(REPOSITORY_URL) + r"#([\w-]+)", format_doc):
        assert anchor in anchors(readme), anchor


# -- the pre-commit hook ---------------------------------------------------------------------


def hooks() -> list[dict[str, object]]:
    """.pre-commit-hooks.yaml read as the flat list of mappings it is (no YAML library is
    a dependency; the file keeps to `- key: value`, `  key: value` and `[a, b]`)."""
    listed: list[dict[str, object]] = []
    for line in (ROOT / ".pre-commit-hooks.yaml").read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            listed.append({})
            line = "  " + line[2:]
        key, _, value = line.strip().partition(": ")
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            listed[-1][key] = [item.strip() for item in value[1:-1].split(",")]
        else:
            listed[-1][key] = value
    return listed


def test_the_pre_commit_hook_validates_roadmaps(tmp_path: Path) -> None:
    (hook,) = hooks()
    assert hook["id"] == "roadmap-tui-validate" and hook["language"] == "python"
    assert hook["types"] == ["toml"]
    assert hook["entry"] == "roadmap-tui validate"
    pattern = re.compile(str(hook["files"]))  # pre-commit matches with Python's re.search
    chosen = ("roadmap.toml", "plans/q3-roadmap.toml", "roadmaps/de.toml",
              "sample_roadmaps/tiktok_shop.toml")  # fmt: skip
    for path in chosen:
        assert pattern.search(path), path
    for left_alone in ("pyproject.toml", ".taplo.toml", "roadmaps/nested/x.toml", "road.toml"):
        assert not pattern.search(left_alone), left_alone
    # pre-commit runs the entry with the staged files that match at the end
    command = [sys.executable, "-m", "roadmap_tui", *str(hook["entry"]).split()[1:]]
    good = subprocess.run(
        [*command, *map(str, sorted(SAMPLES.glob("*.toml")))],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert good.returncode == 0, good.stderr
    bad = tmp_path / "roadmap.toml"
    bad.write_text('[roadmap]\ntitle = "T"\n[[markets]]\ncode = "DE"\nname = "G"\nstatus = "lve"\n')
    failed = subprocess.run(
        [*command, str(SAMPLES / "starter.toml"), str(bad)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert failed.returncode == 1
    assert f"{bad}:6:10: error: market DE: unknown status 'lve'" in failed.stderr


# -- the sdist ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> tarfile.TarFile:
    """The sdist, built from a copy of the tree (building writes an egg-info into it) with
    the setuptools the test extras install: the backend pyproject.toml names, offline."""
    pytest.importorskip("setuptools", minversion="77", reason="needs setuptools>=77 (test extras)")
    source = tmp_path_factory.mktemp("source") / "roadmap-tui"
    shutil.copytree(ROOT, source, ignore=lambda folder, names: [
        name for name in names
        if NOT_SHIPPED.search(str(Path(folder, name).relative_to(ROOT)))
    ])  # fmt: skip
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-c", f"from setuptools import build_meta; print(build_meta.build_sdist({str(out)!r}))"],
        cwd=source, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    name = built.stdout.strip().splitlines()[-1]
    return tarfile.open(out / name)


def shipped_files() -> set[str]:
    """The tree's files the sdist must hold (relative paths), from this checkout or sdist."""
    files = set()
    for folder in SHIPPED_FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if path.is_file() and not NOT_SHIPPED.search(relative):
                files.add(relative)
    return files


def test_the_sdist_holds_docs_samples_tests_and_benchmarks(sdist: tarfile.TarFile) -> None:
    """`tar tf` of the sdist, checked against the tree: a packager can run the suite."""
    top = f"roadmap_tui-{roadmap_tui.__version__}/"
    names = {member.name.removeprefix(top) for member in sdist.getmembers() if member.isfile()}
    missing = shipped_files() - names
    assert not missing, sorted(missing)[:20]
    for needed in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in",
                   ".pre-commit-hooks.yaml", "roadmap_tui/ui/app.tcss",
                   "roadmap_tui/starter.toml", "docs/schema/roadmap-v1.json",
                   "tests/conftest.py", "tests/package/zsh_capture.zsh"):  # fmt: skip
        assert needed in names, needed
    assert any(name.startswith("tests/ui/__snapshots__/") for name in names)
    assert any(name.startswith("tests/sharing/golden/") for name in names)
    junk = [name for name in names if re.search(r"__pycache__|\.pyc$|\.venv/|\.git/|\.ci/", name)]
    assert not junk, junk[:10]


def test_the_sdist_metadata_has_the_urls_and_the_version(sdist: tarfile.TarFile) -> None:
    top = f"roadmap_tui-{roadmap_tui.__version__}/"
    member = sdist.extractfile(top + "PKG-INFO")
    assert member is not None
    info = member.read().decode("utf-8")
    assert f"\nVersion: {roadmap_tui.__version__}\n" in info
    assert f"\nProject-URL: Source, {REPOSITORY_URL}\n" in info
    assert "\nClassifier: Programming Language :: Python :: 3.13\n" in info
    assert "\nLicense-Expression: MIT\n" in info
