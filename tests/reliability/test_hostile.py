"""Hostile and broken input: a clear error or a correct load, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from roadmap_tui.errors import FileProblem, InvalidRoadmap, RoadmapError
from roadmap_tui.store import RoadmapDocument
from tests.reliability.helpers import ROADMAP

ONE_MB = 1_000_000


def load_or_error(path: Path) -> RoadmapDocument | RoadmapError:
    try:
        return RoadmapDocument.load(path)
    except RoadmapError as error:
        return error


LOADER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from roadmap_tui.errors import RoadmapError
from roadmap_tui.store import RoadmapDocument
try:
    document = RoadmapDocument.load(sys.argv[1])
except RoadmapError as error:
    print(type(error).__name__ + ": " + str(error))
else:
    print(f"loaded {{len(document.markets)}} markets")
"""


def load_in_child(path: Path, memory_mb: int = 2048, timeout: float = 60) -> str:
    """Load `path` in a child process with capped memory and time; its one-line outcome.

    A regression (a hang, a memory bomb, a traceback) fails the test instead of taking
    the machine down with it.
    """
    limit = memory_mb * 1024 * 1024
    try:
        done = subprocess.run(
            [sys.executable, "-c", LOADER.format(limit=limit), str(path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading took more than {timeout} s")
    assert done.returncode == 0 and not done.stderr, done.stderr[-2000:]
    return done.stdout.strip()


def edit_save_reload(path: Path) -> RoadmapDocument:
    """Edit two markets, save, and read the file back: the proof a load was correct."""
    document = RoadmapDocument.load(path)
    document.set_notes("DE", "edited")
    document.set_status("FR", "live", note="edited")
    document.save()
    reloaded = RoadmapDocument.load(path)
    assert reloaded.roadmap == document.roadmap
    return reloaded


def test_a_1mb_note_loads_edits_and_saves(tmp_path: Path) -> None:
    notes = ("All the notes in the world. " * 40_000)[:ONE_MB]
    path = tmp_path / "r.toml"
    path.write_text(ROADMAP.replace('notes = "Testing a Store tab."', f'notes = "{notes}"'))
    reloaded = edit_save_reload(path)
    assert reloaded.market("ID").notes == notes
    document = RoadmapDocument.load(path)
    document.set_notes("ID", notes + "!")  # editing the huge note itself
    document.save()
    assert RoadmapDocument.load(path).market("ID").notes == notes + "!"


def test_a_1mb_line_loads_edits_and_saves(tmp_path: Path) -> None:
    tags = ", ".join(f'"tag-{i}"' for i in range(ONE_MB // 12))
    comment = "# " + "x" * ONE_MB
    path = tmp_path / "r.toml"
    path.write_text(
        ROADMAP.replace('tags = ["pilot"]', f"tags = [{tags}]").replace("# Asia: live.", comment)
    )
    assert len(max(path.read_text().splitlines(), key=len)) > ONE_MB
    reloaded = edit_save_reload(path)
    assert len(reloaded.market("GB").tags) == ONE_MB // 12
    assert comment in path.read_text()


@pytest.mark.parametrize(
    "value",
    [
        "[" * 10_000 + "]" * 10_000,
        "{ a = " * 10_000 + "1" + " }" * 10_000,
        "[" * 10_000,
        "[{a=" * 5_000,
        "[" * 200 + "]" * 200,
        "{ a = " * 200 + "1" + " }" * 200,
    ],
    ids=[
        "arrays",
        "inline-tables",
        "unclosed-arrays",
        "mixed-unclosed",
        "arrays-200",
        "tables-200",
    ],
)
def test_deep_nesting_is_a_clear_error(tmp_path: Path, value: str) -> None:
    path = tmp_path / "r.toml"
    path.write_text(ROADMAP.replace('region = "Asia"', f'region = "Asia"\ndeep = {value}'))
    outcome = load_in_child(path)
    assert outcome.startswith(f"InvalidRoadmap: {path}:52:"), outcome
    assert "nested too deeply" in outcome or "syntax" in outcome


@pytest.mark.parametrize("depth", [5_000, 100_000])
@pytest.mark.parametrize("form", ["header", "key", "inline"])
def test_deeply_dotted_keys_are_a_clear_error(tmp_path: Path, depth: int, form: str) -> None:
    dotted = ".".join(["a"] * depth)
    text = {
        "header": ROADMAP + f"\n[{dotted}]\nx = 1\n",
        "key": ROADMAP + f"\n[extra]\n{dotted} = 1\n",
        "inline": ROADMAP.replace('region = "Asia"', f'region = "Asia"\nx = {{ {dotted} = 1 }}'),
    }[form]
    path = tmp_path / "r.toml"
    path.write_text(text)
    outcome = load_in_child(path, timeout=30)
    assert outcome.startswith(f"InvalidRoadmap: {path}:"), outcome
    assert "nested too deeply" in outcome


def test_moderate_nesting_in_an_unknown_key_is_kept(tmp_path: Path) -> None:
    value = "[" * 30 + "1" + "]" * 30
    path = tmp_path / "r.toml"
    path.write_text(ROADMAP.replace('region = "Asia"', f'region = "Asia"\ndeep = {value}'))
    reloaded = edit_save_reload(path)
    assert reloaded.market("ID").model_extra["deep"] == eval(value)


def test_a_nul_byte_is_an_error_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(ROADMAP.encode().replace(b"Germany", b"Ger\x00many"))
    error = load_or_error(path)
    assert isinstance(error, InvalidRoadmap)
    line = ROADMAP.splitlines().index('name = "Germany"') + 1
    assert str(error) == f"{path}:{line}:12: error: NUL byte in the file; is it a roadmap?"


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe[\x00r\x00", b'[roadmap]\ntitle = "caf\xe9"\n', b"\xc3\x28", b"\xed\xa0\x80"],
    ids=["utf16", "latin1", "bad-continuation", "surrogate"],
)
def test_invalid_utf8_is_an_error_pointing_at_the_byte(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(data)
    error = load_or_error(path)
    assert isinstance(error, InvalidRoadmap)
    assert "invalid UTF-8" in str(error) and str(error).startswith(f"{path}:")


def test_a_bom_loads_and_is_kept_by_a_save(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(b"\xef\xbb\xbf" + ROADMAP.encode())
    edit_save_reload(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf# Live shopping")


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    error = load_or_error(tmp_path)
    assert isinstance(error, FileProblem)
    assert str(error) == f"{tmp_path}: is a directory, not a roadmap file"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero", "/dev/urandom"])
def test_a_device_is_a_clear_error(device: str) -> None:
    error = load_or_error(Path(device))
    assert isinstance(error, FileProblem)
    assert "is not a regular file" in str(error)


def test_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "r.toml"
    os.mkfifo(fifo)
    # in a child process, so a regression shows as a timeout instead of a hung test run
    done = subprocess.run(
        [sys.executable, "-m", "roadmap_tui", "validate", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert done.returncode == 2
    assert done.stderr == f"roadmap-tui: {fifo}: is not a regular file (a pipe or device?)\n"
    assert isinstance(load_or_error(fifo), FileProblem)


def test_a_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    loop = tmp_path / "r.toml"
    loop.symlink_to(loop)
    error = load_or_error(loop)
    assert isinstance(error, FileProblem) and str(error).startswith(f"{loop}: ")


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roadmap_tui.store import files

    monkeypatch.setattr(files, "MAX_ROADMAP_BYTES", ONE_MB)
    path = tmp_path / "r.toml"
    path.write_text(ROADMAP + "#" * (2 * ONE_MB))
    error = load_or_error(path)
    assert isinstance(error, FileProblem)
    assert str(error) == (
        f"{path}: is too large (2.0 MB); roadmap files can be up to 1 MB — is it a roadmap?"
    )


@pytest.mark.slow
def test_a_50mb_file_is_a_clear_error_quickly_in_bounded_memory(tmp_path: Path) -> None:
    market = '[[markets]]\ncode = "M{0}"\nname = "Market {0}"\nstatus = "planned"\n\n'
    path = tmp_path / "big.toml"
    with path.open("w") as stream:
        stream.write('[roadmap]\ntitle = "Big"\n\n')
        number = 0
        while stream.tell() < 50 * ONE_MB:
            stream.write("".join(market.format(number + i) for i in range(1000)))
            number += 1000
    outcome = load_in_child(path, memory_mb=1024, timeout=30)
    assert outcome.startswith(f"FileProblem: {path}: is too large (50."), outcome
