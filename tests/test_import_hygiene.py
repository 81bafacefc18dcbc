"""The core never imports Textual, and importing any module does no work in the home directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CORE_MODULES = [
    "roadmap_tui",
    "roadmap_tui.model",
    "roadmap_tui.errors",
    "roadmap_tui.paths",
    "roadmap_tui.templates",
    "roadmap_tui.store",
    "roadmap_tui.store.whole",
    "roadmap_tui.cli",
    "roadmap_tui.cli.core",
    "roadmap_tui.cli.common",
]

# modules that may import Textual: the app itself and the command that launches it
UI_MODULES = ("roadmap_tui.ui", "roadmap_tui.cli.tui", "roadmap_tui.__main__")


def all_modules() -> list[str]:
    """Every module of the package, found on disk (so new modules are checked too)."""
    package = Path(__file__).resolve().parent.parent / "roadmap_tui"
    names = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def textual_free_modules() -> list[str]:
    return [
        name
        for name in all_modules()
        if not any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES)
    ]


PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))))
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


def test_core_modules_do_not_import_textual(tmp_path: Path) -> None:
    result = run_python(PROBE, *CORE_MODULES, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_no_module_outside_the_ui_imports_textual(tmp_path: Path) -> None:
    modules = textual_free_modules()
    assert set(CORE_MODULES) <= set(modules)
    result = run_python(PROBE, *modules, home=tmp_path)
    assert result.returncode == 0, result.stderr
    if json.loads(result.stdout):
        culprits = [m for m in modules if json.loads(run_python(PROBE, m, home=tmp_path).stdout)]
        raise AssertionError(f"these modules import Textual: {', '.join(culprits)}")


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
    result = run_python(PROBE, *CORE_MODULES, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
