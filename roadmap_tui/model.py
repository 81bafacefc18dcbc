"""The roadmap's data model: markets, their status and its history. No I/O, no Textual."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    WithJsonSchema,
    field_validator,
)

from roadmap_tui import workflow
from roadmap_tui.workflow import DEFAULT_STATUS_NAMES, WorkflowStatus, build_workflow

StrictDate = Annotated[date, Strict()]
StrictDateTime = Annotated[datetime, Strict()]
StrictStr = Annotated[str, Strict()]

# Written so that Python (with fullmatch) and the JSON Schema's ECMA regex (where `$` is
# the end of the text, never a newline before it) read it the same way.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
# `due_soon_days`: the file's limit is the user setting's (settings.py, which the model
# does not import: the settings load without the store)
MOST_DUE_SOON_DAYS = 3650
# A BCP 47 language tag, loosely: `en`, `de`, `pt-BR`, `zh-Hant-TW`.
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")

# The schema sees a TOML date or date-time as the string Taplo makes of it
# (`2022-07-05`, `2022-07-05T09:30:00`, `2022-07-05T09:30:00Z`). JSON Schema's `date-time`
# format demands an offset, but a local date-time is valid TOML and valid here.
_MOMENT_TEXT = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?)?$"
_DATE_TIME_TEXT = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$"
ChangeMoment = Annotated[
    StrictDateTime | StrictDate, WithJsonSchema({"type": "string", "pattern": _MOMENT_TEXT})
]
TakenAt = Annotated[StrictDateTime, WithJsonSchema({"type": "string", "pattern": _DATE_TIME_TEXT})]


class Status(StrEnum):
    """The statuses of a roadmap that declares no workflow, in the order of a launch.

    A roadmap may declare its own (`Roadmap.workflow`); a market's status is then any of
    those names, so the models hold it as a string, checked by `validate`."""

    PLANNED = "planned"
    PAUSED = "paused"
    LIVE = "live"


STATUSES: tuple[Status, ...] = tuple(Status)


def _as_status(name: str) -> str:
    # planned, paused and live stay the Status members they always were (`is` holds)
    return Status(name) if name in _DEFAULT_NAMES else name


_DEFAULT_NAMES = frozenset(DEFAULT_STATUS_NAMES)

# A status as a market or a history entry holds it: one of the workflow's names (the
# roadmap-wide check is `validate`'s, which knows the workflow and the line). A market's
# status is made the Status member when it is one; a history entry's `from` and `to`
# stay plain strings: converting 20 of them per market cost a 10,000-market validation
# 0.15 s, and `==` compares them with Status members all the same.
StatusName = Annotated[StrictStr, AfterValidator(_as_status)]
ChangeStatus = StrictStr


class _Model(BaseModel):
    # Unknown keys are kept so that a save never drops what a person wrote;
    # models are frozen so an edit is a new value that undo can hold on to.
    model_config = ConfigDict(
        extra="allow",
        frozen=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class StatusChange(_Model):
    """One entry of a market's history: its status moved from one value to another."""

    at: ChangeMoment = Field(
        description="When the status changed: a date, or a date-time with or without an "
        "offset, written without quotes. The app writes UTC to the second. "
        "Example: `at = 2022-07-05T09:30:00Z`"
    )
    from_: ChangeStatus = Field(
        alias="from",
        description="The status before the change: one of the roadmap's statuses (planned, "
        'paused or live unless [roadmap] declares others). Example: `from = "planned"`',
    )
    to: ChangeStatus = Field(
        description="The status after the change: one of the roadmap's statuses (planned, "
        'paused or live unless [roadmap] declares others). Example: `to = "paused"`'
    )
    note: StrictStr | None = Field(
        default=None,
        description="Why the status changed, in a sentence. Shown as the market's reason in "
        'exports. Example: `note = "Focus on the UK"`',
    )


class Market(_Model):
    """One market on the roadmap, such as Germany or the United Kingdom."""

    # the schema's checks are for editors; the validators below give validate its sentences
    code: StrictStr = Field(
        json_schema_extra={"pattern": CODE_PATTERN.pattern},
        description="The market's short code, unique in the file ignoring case; ASCII letters, "
        "digits, '-' and '_' only. ISO 3166 country codes are a good choice. "
        'Example: `code = "DE"`',
    )
    name: StrictStr = Field(
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
        description='The market\'s name as people say it; not empty. Example: `name = "Germany"`',
    )
    status: StatusName = Field(
        description="Where the market stands: planned, paused or live, or one of the statuses "
        "[roadmap] declares. The app records every change in the history. "
        'Example: `status = "live"`'
    )
    region: StrictStr | None = Field(
        default=None,
        description='A grouping of your choice, used to filter. Example: `region = "Europe"`',
    )
    owner: StrictStr | None = Field(
        default=None,
        description="The team or person responsible for this market. "
        'Example: `owner = "UK commerce"`',
    )
    since: StrictDate | None = Field(
        default=None,
        description="The day the current status took effect, a date without quotes; the app "
        "sets it on every status change. Example: `since = 2021-12-01`",
    )
    target: StrictDate | None = Field(
        default=None,
        description="The day a launch is aimed for, a date without quotes. "
        "Example: `target = 2022-11-01`",
    )
    tags: list[StrictStr] = Field(
        default_factory=list,
        description='Free labels, an array even for one tag. Example: `tags = ["pilot", "q3"]`',
    )
    notes: StrictStr | None = Field(
        default=None,
        description="Free text of any length; a multi-line string keeps it readable. "
        'Example: `notes = """Live since the December 2021 event."""`',
    )
    history: list[StatusChange] = Field(
        default_factory=list,
        description="The market's status changes, oldest first, each a [[markets.history]] "
        "table under the market's [[markets]] table. The app appends one on every status change.",
    )

    @field_validator("code")
    @classmethod
    def _code_is_a_code(cls, code: str) -> str:
        if not CODE_PATTERN.fullmatch(code):
            raise ValueError("may only contain letters, digits, '-' and '_'")
        return code

    @field_validator("name")
    @classmethod
    def _name_is_not_blank(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("must not be empty")
        return name

    @property
    def key(self) -> str:
        """The code as markets are matched: case-insensitive."""
        return self.code.casefold()

    @property
    def first_note_line(self) -> str:
        """The first non-blank line of the notes, or an empty string."""
        for line in (self.notes or "").splitlines():
            if line.strip():
                return line.strip()
        return ""


def _name_as_table(value: Any) -> Any:
    # `statuses = ["planned", "live"]`: a bare name is a status with the default look
    return {"name": value} if isinstance(value, str) else value


class StatusDeclaration(_Model):
    """One status of a declared workflow: its name, and optionally its colour and glyph."""

    name: StrictStr = Field(
        json_schema_extra={"minLength": 1, "maxLength": workflow.MAX_NAME_LENGTH},
        description="The status as markets write it in `status`, `from` and `to`. "
        'Example: `name = "testing"`',
    )
    colour: StrictStr | None = Field(
        default=None,
        description="A theme colour (primary, secondary, accent, success, warning, error, "
        "foreground), which follows light and dark themes, or a colour such as #e8a33d or "
        'orange. Example: `colour = "accent"`',
    )
    glyph: StrictStr | None = Field(
        default=None,
        json_schema_extra={"minLength": 1, "maxLength": 1},
        description="One character shown before the status's name, so it reads without "
        'colour. Example: `glyph = "◑"`',
    )

    @field_validator("name")
    @classmethod
    def _name_is_a_name(cls, name: str) -> str:
        problem = workflow.name_problem(name)
        if problem:
            raise ValueError(problem)
        return name

    @field_validator("colour")
    @classmethod
    def _colour_is_a_colour(cls, colour: str | None) -> str | None:
        problem = None if colour is None else workflow.colour_problem(colour)
        if problem:
            raise ValueError(problem)
        return colour

    @field_validator("glyph")
    @classmethod
    def _glyph_is_one_character(cls, glyph: str | None) -> str | None:
        problem = None if glyph is None else workflow.glyph_problem(glyph)
        if problem:
            raise ValueError(problem)
        return glyph


StatusEntry = Annotated[StatusDeclaration, BeforeValidator(_name_as_table)]


@lru_cache(maxsize=64)
def _workflow(
    declared: tuple[tuple[str, str | None, str | None], ...] | None,
) -> tuple[WorkflowStatus, ...]:
    return build_workflow(declared)


def _whole_days(value: object) -> object:
    # One sentence for every wrong value (a string, a float, true, -1), before pydantic's
    # own type and bound messages, which name no unit and no range.
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MOST_DUE_SOON_DAYS
    ):
        raise ValueError(f"must be a whole number of days from 0 to {MOST_DUE_SOON_DAYS}")
    return value


DueSoonDays = Annotated[int, Strict(), BeforeValidator(_whole_days)]


class RoadmapInfo(_Model):
    """The `[roadmap]` table: what the roadmap is about and who owns it."""

    title: StrictStr = Field(
        description="The roadmap's name, shown at the top of the app and of every export. "
        'Example: `title = "TikTok Shop — live shopping expansion"`'
    )
    owner: StrictStr | None = Field(
        default=None,
        description="The team or person responsible for the whole roadmap. "
        'Example: `owner = "Global e-commerce"`',
    )
    description: StrictStr | None = Field(
        default=None,
        description="A sentence or a paragraph on what the roadmap covers. "
        'Example: `description = "Live-stream shopping inside the app."`',
    )
    language: StrictStr | None = Field(
        default=None,
        json_schema_extra={"pattern": LANGUAGE_PATTERN.pattern},
        description="The language the roadmap is written in, as a BCP 47 tag; the HTML export "
        'declares it (default: en). Example: `language = "de"`',
    )

    due_soon_days: DueSoonDays | None = Field(
        default=None,
        json_schema_extra={"minimum": 0, "maximum": MOST_DUE_SOON_DAYS},
        description="How many days before its target a market that is not live is marked "
        "due soon, for everyone who opens the roadmap (wins over the user's own "
        "`due_soon_days` setting; default 30). Example: `due_soon_days = 14`",
    )

    statuses: list[StatusEntry] | None = Field(
        default=None,
        description="The roadmap's own statuses, in order (the default is planned, paused, "
        "live). Each is a name, or a table with a name and optionally a colour and a glyph. "
        'Example: `statuses = ["exploring", "planned", {name = "testing", colour = "accent"}, '
        '"live", "paused"]`',
    )

    @field_validator("statuses")
    @classmethod
    def _statuses_are_a_workflow(
        cls, statuses: list[StatusDeclaration] | None
    ) -> list[StatusDeclaration] | None:
        if statuses is None:
            return None
        if not statuses:
            raise ValueError("must name at least one status")
        seen: dict[str, str] = {}
        for status in statuses:
            earlier = seen.get(status.name.casefold())
            if earlier is not None:
                raise ValueError(f"names '{status.name}' twice (also as '{earlier}')")
            seen[status.name.casefold()] = status.name
        return statuses

    @property
    def workflow(self) -> tuple[WorkflowStatus, ...]:
        """The statuses, in order, each with its colour and glyph (see `Roadmap.workflow`)."""
        if self.statuses is None:
            return _workflow(None)
        return _workflow(tuple((s.name, s.colour, s.glyph) for s in self.statuses))

    @field_validator("language")
    @classmethod
    def _language_is_a_tag(cls, language: str | None) -> str | None:
        if language is not None and not LANGUAGE_PATTERN.fullmatch(language):
            raise ValueError("must be a language tag such as en, de or pt-BR")
        return language


class SnapshotInfo(_Model):
    """The `[snapshot]` table that marks a file as a frozen copy of a roadmap."""

    taken_at: TakenAt = Field(
        description="When the snapshot was taken, a date-time (UTC) without quotes. "
        "Example: `taken_at = 2022-07-06T12:00:00Z`"
    )
    source: StrictStr = Field(
        description='The name of the roadmap file it was taken from. Example: `source = "tiktok_shop.toml"`'
    )
    source_sha256: StrictStr = Field(
        description="The SHA-256 of the source file's bytes, in hex. "
        'Example: `source_sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`'
    )
    note: StrictStr | None = Field(
        default=None,
        description='Why the snapshot was taken. Example: `note = "before the Q3 review"`',
    )
    tool_version: StrictStr | None = Field(
        default=None,
        description='The roadmap-tui version that took it. Example: `tool_version = "0.1.0"`',
    )


class Roadmap(_Model):
    """A whole roadmap file."""

    roadmap: RoadmapInfo = Field(
        description="What the roadmap is about: a [roadmap] table with at least a title. "
        "Required, exactly one."
    )
    markets: list[Market] = Field(
        default_factory=list,
        description="One [[markets]] table per market, in the order they are shown. "
        "A roadmap with no markets is valid.",
    )
    snapshot: SnapshotInfo | None = Field(
        default=None,
        description="A [snapshot] table, written by `roadmap-tui snapshot` only: it marks the "
        "file as a frozen, read-only copy of a roadmap.",
    )

    @property
    def title(self) -> str:
        return self.roadmap.title

    @property
    def workflow(self) -> tuple[WorkflowStatus, ...]:
        """The statuses of this roadmap, in order, with colour and glyph.

        The one answer to "which statuses are there": what `[roadmap] statuses` declares,
        or planned, paused, live. The picker, the filters, the summary, the exports and
        the board all follow it."""
        return self.roadmap.workflow

    @property
    def status_names(self) -> tuple[str, ...]:
        """The names of `workflow`'s statuses, in order."""
        return tuple(status.name for status in self.workflow)

    def status_of(self, name: str) -> WorkflowStatus:
        """The workflow status called `name`; for a name the workflow lacks (a file that
        did not validate), a plain look that still shows the word."""
        for status in self.workflow:
            if status.name == name:
                return status
        return WorkflowStatus(name, "foreground", "?")

    def find(self, code: str) -> Market | None:
        """The market with this code (case-insensitive), or None."""
        key = code.casefold()
        return next((market for market in self.markets if market.key == key), None)


def to_toml_dict(model: BaseModel) -> dict[str, Any]:
    """A model as the plain dict tomli-w writes: aliases, native dates, no None values."""
    return model.model_dump(mode="python", by_alias=True, exclude_none=True)


def counts_by_status(
    markets: Sequence[Market], names: tuple[str, ...] = DEFAULT_STATUS_NAMES
) -> dict[str, int]:
    """How many markets have each status, in the workflow's order (zero counts included);
    `names` is the roadmap's `status_names`."""
    counts = dict.fromkeys(names, 0)
    for market in markets:
        counts[market.status] = counts.get(market.status, 0) + 1
    return counts
