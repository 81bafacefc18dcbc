"""The config file: read with every setting checked (a wrong one is one sentence with
file:line:col and its default), written only through `save_theme` / `save_sort`, keeping
the user's own keys and comments, atomically; never stopping anything when it is bad."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap_tui import paths
from roadmap_tui.errors import RoadmapError
from roadmap_tui.safety import backups
from roadmap_tui.settings import (
    DEFAULT_DUE_SOON_DAYS,
    Choices,
    Settings,
    SettingsNotSaved,
    backups_kept,
    load,
    save_sort,
    save_theme,
)

CHOICES = Choices(
    themes=frozenset({"nord", "textual-dark", "textual-light", "gruvbox"}),
    columns=("code", "name", "region", "status", "since", "target", "notes"),
)

FULL = """\
# mine: a dark theme for the evening
theme = "gruvbox"
view = "table"
columns = ["code", "name", "status", "target"]
backups = 5
due_soon_days = 14   # two weeks ahead

[sort]
column = "target"
direction = "descending"
"""


@pytest.fixture
def config(home: Path) -> Path:
    """Where the config file is for this test (the root conftest points there)."""
    return paths.config_file()


def test_the_config_file_lives_where_the_variable_says_and_never_in_the_real_home(
    home: Path, monkeypatch: pytest.MonkeyPatch
):
    assert paths.config_file() == home / "config" / "config.toml"
    monkeypatch.delenv(paths.CONFIG_VARIABLE)
    # without the variable: the platform's config folder (computed, not created)
    expected = Path(platformdirs.user_config_dir("roadmap-tui", appauthor=False)) / "config.toml"
    assert paths.config_file() == expected


def test_no_file_is_every_default_and_nothing_is_written(config: Path):
    loaded = load(choices=CHOICES)
    assert loaded.settings == Settings()
    assert loaded.problems == ()
    assert loaded.path == config
    assert not config.exists() and not config.parent.exists()


def test_every_setting_is_read(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text(FULL, encoding="utf-8")
    loaded = load(choices=CHOICES)
    assert loaded.problems == ()
    assert loaded.settings == Settings(
        theme="gruvbox",
        view="table",
        sort_column="target",
        sort_reverse=True,
        columns=("code", "name", "status", "target"),
        backups=5,
        due_soon_days=14,
    )


def test_defaults_are_the_documented_ones():
    assert Settings() == Settings(
        theme=None,
        view="table",
        sort_column=None,
        sort_reverse=False,
        columns=None,
        backups=None,
        due_soon_days=DEFAULT_DUE_SOON_DAYS,
    )
    assert DEFAULT_DUE_SOON_DAYS == 30


@pytest.mark.parametrize(
    ("line", "where", "words"),
    [
        (
            'theme = "nrod"',
            "1:9",
            "theme 'nrod' is not one of the app's themes; the default is used; did you mean 'nord'?",
        ),
        ("theme = 3", "1:9", "theme must be a theme's name"),
        (
            'view = "gallery"',
            "1:8",
            "view 'gallery' is not a view of the app (views: 'table', 'timeline', 'board', "
            "'regions', 'map')",
        ),
        (
            'columns = ["code", "nmae"]',
            "1:11",
            "column 'nmae' is not a column of the table; the default is used; did you mean 'name'?",
        ),
        ('columns = ["code", "code"]', "1:11", "column 'code' is listed twice"),
        ("columns = []", "1:11", "columns must be a list of column names"),
        (
            "backups = 0",
            "1:11",
            "backups (how many copies of each roadmap to keep) must be a whole number from 1 to 10000, not 0",
        ),
        ("backups = true", "1:11", "not true"),
        (
            "due_soon_days = -1",
            "1:17",
            "due_soon_days must be a whole number of days from 0 to 3650, not -1",
        ),
        ("due_soon_days = 1.5", "1:17", "not 1.5"),
        ('sort = "target"', "1:8", "sort must be a table"),
        ('[sort]\ncolumn = "owner"', "2:10", "sort column 'owner' is not a column of the table"),
        (
            '[sort]\ncolumn = "code"\ndirection = "down"',
            "3:13",
            "sort direction 'down' must be 'ascending' or 'descending'",
        ),
        ("colour = 3", "1:1", "unknown setting 'colour'; did you mean 'columns'?"),
        ('[sort]\ncolumn = "code"\norder = "up"', "3:1", "unknown sort setting 'order'"),
    ],
)
def test_a_wrong_setting_is_one_sentence_with_its_place_and_keeps_its_default(
    config: Path, line: str, where: str, words: str
):
    config.parent.mkdir(parents=True)
    # a good setting beside the wrong one still counts
    config.write_text(f"{line}\n", encoding="utf-8")
    loaded = load(choices=CHOICES)
    assert len(loaded.problems) == 1, loaded.problems
    problem = loaded.problems[0]
    assert problem.startswith(f"{config}:{where}: warning: "), problem
    assert words in problem
    assert "\n" not in problem
    key = line.split("=")[0].strip().strip("[]")
    if key in {"theme", "view", "columns", "backups", "due_soon_days"}:
        assert getattr(loaded.settings, key) == getattr(Settings(), key)


def test_only_the_wrong_setting_falls_back(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text('theme = "nord"\nbackups = "many"\ndue_soon_days = 7\n', encoding="utf-8")
    loaded = load(choices=CHOICES)
    assert loaded.settings == Settings(theme="nord", due_soon_days=7)
    assert [problem.split(": ")[0] for problem in loaded.problems] == [f"{config}:2:11"]


def test_problems_are_listed_top_of_the_file_first(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text('colour = 1\ntheme = "x"\n[sort]\ncolumn = "y"\n', encoding="utf-8")
    lines = [int(problem.split(":")[1]) for problem in load(choices=CHOICES).problems]
    assert lines == [1, 2, 4]


@pytest.mark.parametrize(
    ("content", "where", "words"),
    [
        (b'theme = "nord\n', "1:14", "TOML syntax error: illegal character"),
        (b"theme = nord\n", "1:9", "TOML syntax error: invalid value"),
        (b'view = "table"\nview = "table"\n', "2:15", "TOML syntax error"),
        (b'theme = "caf\xe9"\n', "1:13", "invalid UTF-8"),
    ],
)
def test_a_file_that_is_not_toml_is_every_default_and_one_sentence(
    config: Path, content: bytes, where: str, words: str
):
    config.parent.mkdir(parents=True)
    config.write_bytes(content)
    loaded = load(choices=CHOICES)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith(f"{config}:{where}: warning: {words}"), loaded.problems
    assert loaded.problems[0].endswith("the default settings are used")


def test_a_folder_in_the_files_place_is_one_sentence(config: Path):
    config.mkdir(parents=True)
    loaded = load(choices=CHOICES)
    assert loaded.settings == Settings()
    assert loaded.problems == (
        f"{config}: cannot be read (Is a directory); the default settings are used",
    )


def test_a_bom_is_read_past(config: Path):
    config.parent.mkdir(parents=True)
    config.write_bytes('\ufefftheme = "nord"\n'.encode())
    assert load(choices=CHOICES).settings.theme == "nord"


def test_without_choices_names_are_not_checked(config: Path):
    # the CLI reads the file before Textual is imported: it knows no theme names
    config.parent.mkdir(parents=True)
    config.write_text('theme = "anything"\ncolumns = ["x"]\n', encoding="utf-8")
    loaded = load()
    assert loaded.settings.theme == "anything"
    assert loaded.settings.columns == ("x",)
    assert loaded.problems == ()


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_file_at_all_loads_without_raising(config: Path, content: bytes):
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_bytes(content)
    loaded = load(choices=CHOICES)
    assert isinstance(loaded.settings, Settings)
    for problem in loaded.problems:
        assert re.match(rf"{re.escape(str(config))}:\d+:\d+: warning: ", problem), problem


# -- writing ----------------------------------------------------------------------------------


def test_saving_the_theme_creates_the_file_and_reads_back(config: Path):
    written = save_theme("nord")
    assert written == config
    assert load(choices=CHOICES).settings == Settings(theme="nord")
    assert config.read_text(encoding="utf-8").startswith("# roadmap-tui settings")


def test_saving_keeps_every_other_key_comment_and_layout(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text(FULL, encoding="utf-8")
    save_theme("nord")
    assert config.read_text(encoding="utf-8") == FULL.replace('"gruvbox"', '"nord"')
    save_sort("name", reverse=False)
    expected = FULL.replace('"gruvbox"', '"nord"').replace(
        '"target"\ndirection = "descending"', '"name"\ndirection = "ascending"'
    )
    assert config.read_text(encoding="utf-8") == expected


def test_a_new_key_goes_above_the_tables(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text('# mine\n[sort]\ncolumn = "code"\n', encoding="utf-8")
    save_theme("nord")
    text = config.read_text(encoding="utf-8")
    assert text.index('theme = "nord"') < text.index("[sort]")
    assert load(choices=CHOICES).settings == Settings(theme="nord", sort_column="code")


def test_the_files_order_drops_the_sort_table(config: Path):
    save_sort("target", reverse=True)
    assert load(choices=CHOICES).settings == Settings(sort_column="target", sort_reverse=True)
    save_sort(None, reverse=False)
    assert "[sort]" not in config.read_text(encoding="utf-8")
    assert load(choices=CHOICES).settings == Settings()


def test_a_wrong_value_is_replaced_by_the_users_choice(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text('theme = 12\nsort = "code"\n', encoding="utf-8")
    save_theme("nord")
    save_sort("code", reverse=True)
    loaded = load(choices=CHOICES)
    assert loaded.problems == ()
    assert loaded.settings == Settings(theme="nord", sort_column="code", sort_reverse=True)


def test_a_file_that_is_not_toml_is_never_written_over(config: Path):
    config.parent.mkdir(parents=True)
    broken = b'theme = "nord\n# my notes\n'
    config.write_bytes(broken)
    with pytest.raises(SettingsNotSaved) as raised:
        save_theme("gruvbox")
    assert str(raised.value).startswith(f"{config}:1:14: warning: TOML syntax error")
    assert "fix it so the app can save settings to the file" in str(raised.value)
    assert config.read_bytes() == broken
    assert os.listdir(config.parent) == ["config.toml"]  # no temporary file left


def test_a_place_that_cannot_hold_the_file_is_one_sentence(home: Path, monkeypatch):
    blocker = home / "blocker"
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file, not a folder", encoding="utf-8")
    monkeypatch.setenv(paths.CONFIG_VARIABLE, str(blocker / "config.toml"))
    with pytest.raises(RoadmapError) as raised:
        save_theme("nord")
    sentence = f"{blocker}/config.toml: cannot be read (Not a directory); settings not saved"
    assert str(raised.value) == sentence
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_loading_writes_nothing(config: Path):
    config.parent.mkdir(parents=True)
    config.write_text(FULL, encoding="utf-8")
    before = config.stat()
    load(choices=CHOICES)
    after = config.stat()
    assert (after.st_mtime_ns, after.st_ino, after.st_size) == (
        before.st_mtime_ns,
        before.st_ino,
        before.st_size,
    )


# -- the backup count, handed to the safety layer ------------------------------------------------


def test_the_backup_setting_is_the_count_while_inside_and_gone_after():
    environ: dict[str, str] = {}
    with backups_kept(Settings(backups=3), environ):
        assert environ == {backups.KEEP_VARIABLE: "3"}
    assert environ == {}


def test_the_users_variable_wins_over_the_file():
    environ = {backups.KEEP_VARIABLE: "7"}
    with backups_kept(Settings(backups=3), environ):
        assert environ == {backups.KEEP_VARIABLE: "7"}
    assert environ == {backups.KEEP_VARIABLE: "7"}


def test_no_backup_setting_leaves_the_default():
    with backups_kept(Settings()):
        assert backups.keep_count() == backups.DEFAULT_KEEP


def test_saves_keep_as_many_backups_as_the_setting_says(tmp_path: Path):
    from roadmap_tui.model import Status
    from roadmap_tui.safety import save
    from roadmap_tui.store import RoadmapDocument

    path = tmp_path / "roadmap.toml"
    path.write_text(
        '[roadmap]\ntitle = "T"\n\n[[markets]]\ncode = "DE"\nname = "Germany"\nstatus = "planned"\n',
        encoding="utf-8",
    )
    with backups_kept(Settings(backups=2)):
        for status in (Status.PAUSED, Status.LIVE, Status.PAUSED, Status.LIVE):
            document = RoadmapDocument.load(path)
            document.set_status("DE", status)
            save.save(document)
    assert len(backups.list_backups(path)) == 2
    assert os.environ.get(backups.KEEP_VARIABLE) is None
