"""The one runtime check of the layers: no module outside `roadmap_tui.ui` loads Textual or
Rich when imported (the static contract is `lint-imports`, see pyproject.toml), importing
any module does no work in the home directory, and the quick commands stay quick:
`--version` and `--help` load neither Textual nor pydantic, `validate` no UI, journal or
merge code, and a roadmap's first frame none of the other views, dialogues or exports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp  # installed with import-linter

# the only package that may load Textual or Rich (the CLI imports it only inside the
# functions that launch the app or draw an svg)
UI_PACKAGE = "roadmap_tui.ui"


def all_modules() -> list[str]:
    """Every module of the package, found on disk (so new modules are checked too)."""
    package = Path(__file__).resolve().parent.parent / "roadmap_tui"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def modules_outside_the_ui() -> list[str]:
    return [
        name
        for name in all_modules()
        if not (name == UI_PACKAGE or name.startswith(UI_PACKAGE + "."))
    ]


PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))))
"""


def run_python(code: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter whose home directory is `home`."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ROADMAP_TUI_", "XDG_"))
    }
    environment["HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def test_no_module_outside_the_ui_loads_textual_or_rich(tmp_path: Path) -> None:
    modules = modules_outside_the_ui()
    assert "roadmap_tui.safety.session" in modules and "roadmap_tui.cli" in modules
    result = run_python(PROBE, *modules, home=tmp_path)
    assert result.returncode == 0, result.stderr
    if json.loads(result.stdout):
        culprits = [m for m in modules if json.loads(run_python(PROBE, m, home=tmp_path).stdout)]
        raise AssertionError(f"these modules load Textual or Rich: {', '.join(culprits)}")


def test_the_cli_parser_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from roadmap_tui.cli import main\n"
        "main(['schema'])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = run_python(code, home=tmp_path)
    assert result.returncode == 0, result.stderr


def test_importing_touches_no_home_directory(tmp_path: Path) -> None:
    """With HOME pointing nowhere, every module still imports, and nothing is created."""
    missing_home = tmp_path / "no" / "such" / "home"
    modules = [name for name in all_modules() if name != "roadmap_tui.__main__"]
    result = run_python(PROBE, *modules, home=missing_home)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "no").exists()


def test_importing_creates_nothing_in_an_empty_home(tmp_path: Path) -> None:
    result = run_python(PROBE, *modules_outside_the_ui(), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


# -- the static scan: every import, those inside functions too -----------------------------


def import_cycles() -> list[list[str]]:
    """Each group of modules that import one another round in a circle (Tarjan's strongly
    connected components over grimp's graph; imports under TYPE_CHECKING never run)."""
    graph = grimp.build_graph("roadmap_tui", exclude_type_checking_imports=True)
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = lowest[module] = len(order)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                lowest[module] = min(lowest[module], lowest[imported])
            elif imported in stack:
                lowest[module] = min(lowest[module], order[imported])
        if lowest[module] == order[module]:
            group = stack[stack.index(module) :]
            del stack[stack.index(module) :]
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return cycles


def test_no_module_imports_itself_round_a_circle() -> None:
    assert import_cycles() == []


def test_the_core_contract_names_every_module_outside_the_ui_and_the_cli() -> None:
    # a new top-level module is core unless it says otherwise, so the contract must list it
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    contracts = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    core = next(c for c in contracts if c["name"].startswith("the core never imports"))
    top_level = {".".join(name.split(".")[:2]) for name in modules_outside_the_ui()}
    outside_the_core = {"roadmap_tui", "roadmap_tui.__main__", "roadmap_tui.cli"}
    assert top_level - outside_the_core == set(core["source_modules"])


# -- what each command loads: `--version`, `--help` and `validate` stay light ---------------

COMMAND_PROBE = """
import json, sys
from roadmap_tui.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""
JOURNAL_OR_MERGE = ("roadmap_tui.safety.merge", "roadmap_tui.safety.journal")


def loaded_by(*argv: str, home: Path) -> set[str]:
    """The modules a fresh interpreter has loaded after running `roadmap-tui ARGV`."""
    result = run_python(COMMAND_PROBE, *argv, home=home)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.splitlines()[-1])
    assert outcome["code"] in (0, None), result.stderr
    return set(outcome["modules"])


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_version_and_help_load_neither_textual_nor_pydantic(tmp_path: Path) -> None:
    for argv in (["--version"], ["--help"]):
        loaded = loaded_by(*argv, home=tmp_path)
        assert "roadmap_tui.cli" in loaded
        assert not tops(loaded) & {"textual", "rich", "pydantic", "pydantic_core"}, argv


def test_validate_loads_no_ui_journal_or_merge_code(tmp_path: Path) -> None:
    roadmap = tmp_path / "roadmap.toml"
    roadmap.write_text(
        '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "live"\n',
        encoding="utf-8",
    )
    loaded = loaded_by("validate", str(roadmap), home=tmp_path)
    assert "roadmap_tui.store.validate" in loaded and "pydantic" in loaded  # it did validate
    assert not tops(loaded) & {"textual", "rich"}
    assert not loaded & {"roadmap_tui.ui", *JOURNAL_OR_MERGE}
    # nor any other module that journals or merges (safety/ holds them; save journals)
    assert not {name for name in loaded if name.startswith("roadmap_tui.safety.")}


FIRST_FRAME = """
import asyncio, json, sys
from pathlib import Path
from roadmap_tui.ui.launch import make_app
from roadmap_tui.ui.screens.main import MainScreen

async def first_frame():
    app = make_app(Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause()
        await pilot.pause()
        rows = app.screen.table.row_count
    return rows

rows = asyncio.run(first_frame())
print(json.dumps({"rows": rows, "modules": sorted(sys.modules)}))
"""

# what a roadmap's first frame has no use for: the other views, the dialogues, the exports
NOT_BEFORE_ASKED = {
    "roadmap_tui.ui.views.timeline",
    "roadmap_tui.ui.views.board",
    "roadmap_tui.ui.views.regions",
    "roadmap_tui.ui.views.world_map",
    "roadmap_tui.ui.screens.notes_editor",
    "roadmap_tui.ui.screens.market_form",
    "roadmap_tui.ui.screens.history_editor",
    "roadmap_tui.ui.screens.baseline_picker",
    "roadmap_tui.ui.screens.compare",
    "roadmap_tui.ui.screens.conflicts",
    "roadmap_tui.share.export.html",
    "roadmap_tui.share.export.markdown",
    "roadmap_tui.share.world",
}


def test_the_first_frame_loads_no_other_view_dialogue_or_export(tmp_path: Path) -> None:
    roadmap = Path(__file__).resolve().parent.parent / "sample_roadmaps" / "tiktok_shop.toml"
    outcome = run_python(FIRST_FRAME, str(roadmap), home=tmp_path)
    assert outcome.returncode == 0, outcome.stderr
    shown = json.loads(outcome.stdout.strip().splitlines()[-1])
    assert shown["rows"] == 12  # the roadmap's table is on screen
    assert set(shown["modules"]) & NOT_BEFORE_ASKED == set()  # each is loaded when first used
