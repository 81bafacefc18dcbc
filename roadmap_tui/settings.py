"""The user's settings: one small TOML file (`paths.config_file()`), read when the app
starts and written only when the user changes a setting in the app. No Textual.

A setting that is wrong is one sentence with `file:line:col`, and that setting keeps its
default: a bad config file never stops the app. Writing goes through `tomlkit`, so the
user's own keys, comments and layout stay as they were, and is atomic."""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from roadmap_tui import paths
from roadmap_tui.errors import (
    Diagnostic,
    FileProblem,
    RoadmapError,
    Severity,
    did_you_mean,
    show_path,
)

# The views of a roadmap (the UI's `view_names.py` gives each its key and title).
VIEWS: tuple[str, ...] = ("table", "timeline", "board", "regions", "map")
DIRECTIONS: tuple[str, ...] = ("ascending", "descending")
DEFAULT_DUE_SOON_DAYS = 30
MOST_DUE_SOON_DAYS = 3650
MOST_BACKUPS = 10_000
# The keys of the file, in the order the docs list them; `sort` is a table of its own.
KEYS: tuple[str, ...] = ("theme", "view", "sort", "columns", "backups", "due_soon_days")
SORT_KEYS: tuple[str, ...] = ("column", "direction")

_BOM = "\ufeff"
# tomllib ends its messages with the place: "(at line 3, column 9)"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_NEW_FILE_HEADER = (
    "# roadmap-tui settings (docs/settings.md lists every key).\n"
    "# The app writes a key here when you change it in the app (the theme, the sort);\n"
    "# your own keys and comments are kept.\n"
)


class SettingsNotSaved(RoadmapError):
    """The config file is there but is not TOML: the app will not write over it."""


@dataclass(frozen=True)
class Settings:
    """Every setting, at its default unless the config file says otherwise.

    `theme` None is Textual's default theme; `columns` None shows every column;
    `backups` None leaves the count to $ROADMAP_TUI_BACKUPS or the default (20);
    `due_soon_days` is what due soon means where the roadmap's own `[roadmap]
    due_soon_days` does not say (`due.soon_days_of`)."""

    theme: str | None = None
    view: str = VIEWS[0]
    sort_column: str | None = None
    sort_reverse: bool = False
    columns: tuple[str, ...] | None = None
    backups: int | None = None
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True)
class Choices:
    """The names the app offers, for checking the file (the core knows no theme or
    column); None is not checked."""

    themes: frozenset[str] | None = None
    columns: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Loaded:
    """The settings read from `path`, and one sentence for each setting that was wrong
    (that setting is at its default)."""

    path: Path
    settings: Settings
    problems: tuple[str, ...] = ()


def load(path: Path | None = None, choices: Choices | None = None) -> Loaded:
    """Read the config file (default: `paths.config_file()`). Never raises: a missing file
    is every default, a broken one is every default and one sentence saying why."""
    path = paths.config_file() if path is None else path
    choices = choices or Choices()
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        return Loaded(path, Settings())
    except OSError as error:
        reason = error.strerror or type(error).__name__
        sentence = f"{show_path(path)}: cannot be read ({reason}); the default settings are used"
        return Loaded(path, Settings(), (sentence,))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        col = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = "invalid UTF-8; the default settings are used"
        return Loaded(path, Settings(), (_sentence(path, line, col, message),))
    body = text.removeprefix(_BOM)
    try:
        table = tomllib.loads(body)
    except tomllib.TOMLDecodeError as error:
        line, col, message = _syntax_error(error, body)
        sentence = _sentence(path, line, col, f"{message}; the default settings are used")
        return Loaded(path, Settings(), (sentence,))
    reader = _Reader(path, body, choices)
    settings = reader.read(table)
    return Loaded(path, settings, tuple(reader.problems))


def _syntax_error(error: tomllib.TOMLDecodeError, body: str) -> tuple[int, int, str]:
    message = str(error.args[0] if error.args else error)
    match = _TOML_POSITION.search(message)
    if match:
        line, col = int(match.group(1)), int(match.group(2))
        message = message[: match.start()]
    else:
        lines = body.split("\n")
        line, col = len(lines), len(lines[-1]) + 1
        message = _TOML_END.sub("", message)
    return line, col, f"TOML syntax error: {message[:1].lower()}{message[1:]}"


def _diagnostic(path: Path, line: int, col: int, message: str) -> Diagnostic:
    return Diagnostic(os.fspath(path), line, col, message, Severity.WARNING)


def _sentence(path: Path, line: int, col: int, message: str) -> str:
    return str(_diagnostic(path, line, col, message))


class _Reader:
    """Checks each setting; a wrong one is said (with its place) and left at its default."""

    def __init__(self, path: Path, body: str, choices: Choices) -> None:
        self.path = path
        self.body = body
        self.choices = choices
        self.diagnostics: list[Diagnostic] = []
        self._locator: Any = None

    def read(self, table: dict[str, Any]) -> Settings:
        settings = Settings()
        for key in table:
            if key not in KEYS:
                known = ", ".join(KEYS)
                close = did_you_mean(key, KEYS)
                message = f"unknown setting '{key}'{close} (known: {known}); it is ignored"
                self.say((key,), message, "key")
        readers: dict[str, Callable[[Any], dict[str, Any]]] = {
            "theme": self._theme,
            "view": self._view,
            "sort": self._sort,
            "columns": self._columns,
            "backups": self._backups,
            "due_soon_days": self._due_soon_days,
        }
        for key, reader in readers.items():
            if key in table:
                settings = replace(settings, **reader(table[key]))
        return settings

    # -- each setting: the fields it sets, or {} (and a sentence) when it is wrong ----------

    def _theme(self, value: Any) -> dict[str, Any]:
        themes = self.choices.themes
        if not isinstance(value, str) or not value:
            return self.wrong(("theme",), 'theme must be a theme\'s name, such as "nord"')
        if themes is not None and value not in themes:
            hint = did_you_mean(value, themes) or " (ctrl+p, then 'Change theme' lists them)"
            return self.wrong(("theme",), f"theme '{value}' is not one of the app's themes", hint)
        return {"theme": value}

    def _view(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, str) or value not in VIEWS:
            names = ", ".join(f"'{view}'" for view in VIEWS)
            message = f"view {_shown(value)} is not a view of the app (views: {names})"
            return self.wrong(("view",), message)
        return {"view": value}

    def _sort(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            example = '[sort] with column = "target" and direction = "ascending"'
            return self.wrong(("sort",), f"sort must be a table: {example}")
        for key in value:
            if key not in SORT_KEYS:
                message = f"unknown sort setting '{key}' (known: column, direction); it is ignored"
                self.say(("sort", key), message, "key")
        fields: dict[str, Any] = {}
        column = value.get("column")
        if column is not None:
            if not isinstance(column, str) or not self._is_column(column):
                message = f"sort column {_shown(column)} is not a column of the table"
                return self.wrong(("sort", "column"), message, self._columns_hint(column))
            fields["sort_column"] = column
        direction = value.get("direction", DIRECTIONS[0])
        if direction not in DIRECTIONS:
            message = f"sort direction {_shown(direction)} must be 'ascending' or 'descending'"
            return self.wrong(("sort", "direction"), message)
        fields["sort_reverse"] = direction == "descending"
        return fields

    def _columns(self, value: Any) -> dict[str, Any]:
        where = ("columns",)
        if not isinstance(value, list) or not value:
            example = '["code", "name", "status"]'
            return self.wrong(where, f"columns must be a list of column names, such as {example}")
        for column in value:
            if not isinstance(column, str) or not self._is_column(column):
                message = f"column {_shown(column)} is not a column of the table"
                return self.wrong(where, message, self._columns_hint(column))
        if len(set(value)) != len(value):
            twice = next(column for column in value if value.count(column) > 1)
            return self.wrong(where, f"column '{twice}' is listed twice")
        return {"columns": tuple(value)}

    def _backups(self, value: Any) -> dict[str, Any]:
        if not _is_int(value) or not 1 <= value <= MOST_BACKUPS:
            message = (
                f"backups (how many copies of each roadmap to keep) must be a whole number "
                f"from 1 to {MOST_BACKUPS}, not {_shown(value)}"
            )
            return self.wrong(("backups",), message)
        return {"backups": value}

    def _due_soon_days(self, value: Any) -> dict[str, Any]:
        if not _is_int(value) or not 0 <= value <= MOST_DUE_SOON_DAYS:
            message = (
                f"due_soon_days must be a whole number of days from 0 to {MOST_DUE_SOON_DAYS}, "
                f"not {_shown(value)}"
            )
            return self.wrong(("due_soon_days",), message)
        return {"due_soon_days": value}

    # -- helpers ----------------------------------------------------------------------------

    def _is_column(self, name: str) -> bool:
        return self.choices.columns is None or name in self.choices.columns

    def _columns_hint(self, name: Any) -> str:
        known = self.choices.columns or ()
        close = did_you_mean(name, known) if isinstance(name, str) else ""
        return close or (f" (columns: {', '.join(known)})" if known else "")

    def wrong(self, where: tuple[str, ...], message: str, hint: str = "") -> dict[str, Any]:
        """Say what is wrong with a setting, which keeps its default; {} for `replace`."""
        self.say(where, f"{message}; the default is used{hint}")
        return {}

    def say(self, where: tuple[str, ...], message: str, point: str = "value") -> None:
        if self._locator is None:
            # imported only for a file with a problem: the store brings pydantic along
            from roadmap_tui.store.locate import Locator

            self._locator = Locator(self.body, os.fspath(self.path))
        line, col = self._locator.position(where, point)
        self.diagnostics.append(_diagnostic(self.path, line, col, message))

    @property
    def problems(self) -> list[str]:
        """One sentence per problem, top of the file first."""
        return [str(diagnostic) for diagnostic in sorted(self.diagnostics)]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_KINDS: dict[type, str] = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a table",
}


def _kind(value: Any) -> str:
    return _KINDS.get(type(value), "a value")


def _shown(value: Any) -> str:
    """A wrong value as a message quotes it: strings quoted, numbers and booleans as TOML
    writes them, anything else by its kind."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return _kind(value)


# -- writing ----------------------------------------------------------------------------------


def save_theme(theme: str, path: Path | None = None) -> Path:
    """Remember `theme` in the config file; returns the file. Raises FileProblem, or
    SettingsNotSaved for a file that is not TOML (left as it is)."""

    def edit(document: Any) -> None:
        document["theme"] = theme  # tomlkit puts a new key before the first [table]

    return _update(path, edit)


def save_view(view: str, path: Path | None = None) -> Path:
    """Remember the view last shown; raises as `save_theme` does."""

    def edit(document: Any) -> None:
        document["view"] = view

    return _update(path, edit)


def save_sort(column: str | None, reverse: bool, path: Path | None = None) -> Path:
    """Remember the sort (None: the file's order, so the `[sort]` table goes). Raises
    as `save_theme` does."""

    def edit(document: Any) -> None:
        if column is None:
            if "sort" in document:
                del document["sort"]
            return
        import tomlkit

        existing = document.get("sort")
        if not isinstance(existing, dict):
            if existing is not None:
                del document["sort"]
            document["sort"] = tomlkit.table()
        sort = document["sort"]
        sort["column"] = column
        sort["direction"] = DIRECTIONS[1] if reverse else DIRECTIONS[0]

    return _update(path, edit)


def _update(path: Path | None, edit: Callable[[Any], None]) -> Path:
    """Read the file as it is now (another session may have written it), apply `edit`
    and write it back atomically, keeping everything else. Raises FileProblem or
    SettingsNotSaved."""
    import tomlkit

    from roadmap_tui.store.files import atomic_write

    path = paths.config_file() if path is None else path
    try:
        with open(path, "rb") as file:
            text = file.read().decode("utf-8").removeprefix(_BOM)
    except FileNotFoundError:
        text = _NEW_FILE_HEADER
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "invalid UTF-8"
        raise FileProblem(path, f"cannot be read ({reason}); settings not saved") from None
    try:
        tomllib.loads(text)  # tomllib is the reference: tomlkit takes some files it refuses
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, tomlkit.exceptions.ParseError) as error:
        if isinstance(error, tomllib.TOMLDecodeError):
            line, col, message = _syntax_error(error, text)
        else:
            line, col, message = error.line, error.col, "TOML syntax error"
        sentence = f"{message}; fix it so the app can save settings to the file"
        raise SettingsNotSaved(_sentence(path, line, col, sentence)) from None
    edit(document)
    _make_folder(path.parent)
    atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    return path


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FileProblem(folder, f"cannot create the folder ({error.strerror})") from None


# -- backups -----------------------------------------------------------------------------------


@contextlib.contextmanager
def backups_kept(settings: Settings, environ: Any = None) -> Iterator[None]:
    """While inside, saves keep `settings.backups` backups: the safety layer reads its count
    from $ROADMAP_TUI_BACKUPS, so the setting is handed over there, and taken back after.
    A variable the user set wins over the file."""
    from roadmap_tui.safety.backups import KEEP_VARIABLE as variable

    environ = os.environ if environ is None else environ
    if settings.backups is None or variable in environ:
        yield
        return
    environ[variable] = str(settings.backups)
    try:
        yield
    finally:
        environ.pop(variable, None)
