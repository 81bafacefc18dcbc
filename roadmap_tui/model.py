"""The roadmap's data model: markets, their status and its history. No I/O, no Textual."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator

StrictDate = Annotated[date, Strict()]
StrictDateTime = Annotated[datetime, Strict()]
StrictStr = Annotated[str, Strict()]

CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


class Status(StrEnum):
    """Where a market stands. The order is the order of a launch."""

    PLANNED = "planned"
    PAUSED = "paused"
    LIVE = "live"


STATUSES: tuple[Status, ...] = tuple(Status)


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

    at: StrictDateTime | StrictDate
    from_: Status = Field(alias="from")
    to: Status
    note: StrictStr | None = None


class Market(_Model):
    """One market on the roadmap, such as Germany or the United Kingdom."""

    code: StrictStr
    name: StrictStr
    status: Status
    region: StrictStr | None = None
    owner: StrictStr | None = None
    since: StrictDate | None = None
    target: StrictDate | None = None
    tags: list[StrictStr] = Field(default_factory=list)
    notes: StrictStr | None = None
    history: list[StatusChange] = Field(default_factory=list)

    @field_validator("code")
    @classmethod
    def _code_is_a_code(cls, code: str) -> str:
        if not CODE_PATTERN.match(code):
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


class RoadmapInfo(_Model):
    """The `[roadmap]` table: what the roadmap is about and who owns it."""

    title: StrictStr
    owner: StrictStr | None = None
    description: StrictStr | None = None


class SnapshotInfo(_Model):
    """The `[snapshot]` table that marks a file as a frozen copy of a roadmap."""

    taken_at: StrictDateTime
    source: StrictStr
    source_sha256: StrictStr
    note: StrictStr | None = None
    tool_version: StrictStr | None = None


class Roadmap(_Model):
    """A whole roadmap file."""

    roadmap: RoadmapInfo
    markets: list[Market] = Field(default_factory=list)
    snapshot: SnapshotInfo | None = None

    @property
    def title(self) -> str:
        return self.roadmap.title

    def find(self, code: str) -> Market | None:
        """The market with this code (case-insensitive), or None."""
        key = code.casefold()
        return next((market for market in self.markets if market.key == key), None)


def to_toml_dict(model: BaseModel) -> dict[str, Any]:
    """A model as the plain dict tomli-w writes: aliases, native dates, no None values."""
    return model.model_dump(mode="python", by_alias=True, exclude_none=True)


def counts_by_status(markets: list[Market]) -> dict[Status, int]:
    """How many markets have each status, in launch order (zero counts included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for market in markets:
        counts[market.status] += 1
    return counts
