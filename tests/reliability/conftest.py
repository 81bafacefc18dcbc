"""Fixtures for the reliability tests; `slow` tests here run only with `-m slow`."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip this folder's slow tests unless the run asks for them with `-m slow`."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords and HERE in item.path.parents:
            item.add_marker(skip)


@pytest.fixture
def roadmap_file(tmp_path: Path) -> Path:
    """A commented roadmap on disk (the reliability example), in tmp_path."""
    from tests.reliability.helpers import ROADMAP

    path = tmp_path / "work" / "roadmap.toml"
    path.parent.mkdir()
    path.write_bytes(ROADMAP.encode("utf-8"))
    return path
