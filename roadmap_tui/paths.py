"""Every place roadmap-tui keeps files, computed when asked (never at import time).

Each location can be moved with an environment variable, which is how the tests keep
out of the real home directory.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "roadmap-tui"
DATA_DIR_VARIABLE = "ROADMAP_TUI_DATA_DIR"
STATE_DIR_VARIABLE = "ROADMAP_TUI_STATE_DIR"
DEFAULT_ROADMAP_VARIABLE = "ROADMAP_TUI_DEFAULT_ROADMAP"
CONFIG_VARIABLE = "ROADMAP_TUI_CONFIG"


def data_dir() -> Path:
    """Where the user's own roadmaps live (the default roadmap among them)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def state_dir() -> Path:
    """Where journals of unsaved edits and backups of saved files live."""
    override = os.environ.get(STATE_DIR_VARIABLE)
    return (
        Path(override) if override else Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))
    )


def config_file() -> Path:
    """The settings file (TOML): theme, sort, columns, backups... (see `settings`).

    `ROADMAP_TUI_CONFIG` names the file itself, not a folder."""
    override = os.environ.get(CONFIG_VARIABLE)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def recent_file() -> Path:
    """The list of roadmaps opened lately, most recent first (see `recent`)."""
    return state_dir() / "recent.json"


def default_roadmap() -> Path:
    """The roadmap `roadmap-tui` opens when given no path."""
    override = os.environ.get(DEFAULT_ROADMAP_VARIABLE)
    return Path(override) if override else data_dir() / "roadmap.toml"


def roadmap_key(path: str | os.PathLike[str]) -> str:
    """A short stable name for a roadmap's absolute path (its journals and backups use it).

    Hashes the path's bytes (`os.fsencode`), so a name that is not valid UTF-8 has a key."""
    absolute = os.path.realpath(os.path.abspath(os.fspath(path)))
    return hashlib.sha256(os.fsencode(absolute)).hexdigest()[:20]
