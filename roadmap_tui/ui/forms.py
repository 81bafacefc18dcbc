"""What a person types into a form, as text: parsing and validation, without Textual.

The market form's fields, and the paths typed to export to or save a new roadmap as.

Each check returns one sentence a person can act on, or None when the field is fine,
so the form can show it under the field and tests can call it directly.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from roadmap_tui.controls import pictured_in_field
from roadmap_tui.model import CODE_PATTERN, STATUSES, Market, Status
from roadmap_tui.store.files import same_file

DATE_FORMAT_HINT = "YYYY-MM-DD"
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: The fields of the form in the order they are shown (and checked).
FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "region",
    "status",
    "owner",
    "target",
    "since",
    "tags",
)

#: Fields a person may clear; an edit reports a cleared one as None so it is removed.
OPTIONAL_FIELDS: tuple[str, ...] = ("region", "owner", "target", "since", "tags")


def code_error(code: str, taken_codes: set[str], own_code: str | None = None) -> str | None:
    """Why `code` cannot be a market's code, or None.

    `taken_codes` are casefolded; `own_code` (the code of the market being edited) is
    allowed even though it is taken, in any case."""
    code = code.strip()
    if not code:
        return "A code is required, such as DE or uk-london."
    if not CODE_PATTERN.match(code):
        return "A code may only contain letters, digits, '-' and '_'."
    key = code.casefold()
    if key in taken_codes and (own_code is None or key != own_code.casefold()):
        return f"The code {code} is taken (codes ignore case)."
    return None


def name_error(name: str) -> str | None:
    """Why `name` cannot be a market's name, or None."""
    if not name.strip():
        return "A name is required, such as Germany."
    return None


def parse_date(text: str) -> date | None:
    """The date written as YYYY-MM-DD, None for an empty field.

    Raises ValueError with a sentence for anything else."""
    text = text.strip()
    if not text:
        return None
    if not _DATE_SHAPE.match(text):
        raise ValueError(f"Write the date as {DATE_FORMAT_HINT}, such as 2026-03-31.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a day in the calendar.") from None


def date_error(text: str) -> str | None:
    """Why `text` is not a date the form accepts, or None (empty is fine)."""
    try:
        parse_date(text)
    except ValueError as error:
        return str(error)
    return None


def status_error(status: str, statuses: tuple[str, ...] = STATUSES) -> str | None:
    """Why `status` is not one of the roadmap's `statuses`, or None."""
    if status in statuses:
        return None
    *first, last = statuses
    listed = f"{', '.join(first)} or {last}" if first else last
    return f"Choose a status: {listed}."


def parse_tags(text: str) -> list[str]:
    """Comma separated tags, trimmed, blanks and repeats dropped, order kept."""
    tags: list[str] = []
    for part in text.split(","):
        tag = part.strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def format_tags(tags: list[str]) -> str:
    """Tags as the form shows them: the reverse of `parse_tags`."""
    return ", ".join(tags)


def format_date(value: date | None) -> str:
    """A date as the form shows it, empty for none."""
    return value.isoformat() if value else ""


def shown_in_field(value: str) -> str:
    """`value` as an input field draws it: control characters as visible symbols."""
    return pictured_in_field(value)


@dataclass(frozen=True)
class MarketFields:
    """What a person typed into the market form, each field as text."""

    code: str = ""
    name: str = ""
    region: str = ""
    status: str = str(Status.PLANNED)
    owner: str = ""
    target: str = ""
    tags: str = ""
    since: str = ""

    @classmethod
    def of(cls, market: Market) -> MarketFields:
        """The form's text for an existing market."""
        return cls(
            code=market.code,
            name=market.name,
            region=market.region or "",
            status=str(market.status),
            owner=market.owner or "",
            target=format_date(market.target),
            tags=format_tags(market.tags),
            since=format_date(market.since),
        )


def field_error(
    field: str,
    fields: MarketFields,
    taken_codes: set[str],
    own_code: str | None = None,
    statuses: tuple[str, ...] = STATUSES,
) -> str | None:
    """The error sentence for one field of the form, or None; `statuses` are the
    roadmap's (`Roadmap.status_names`)."""
    value = getattr(fields, field)
    if field == "code":
        return code_error(value, taken_codes, own_code)
    if field == "name":
        return name_error(value)
    if field in ("target", "since"):
        return date_error(value)
    if field == "status":
        return status_error(value, statuses)
    return None


def form_errors(
    fields: MarketFields,
    taken_codes: set[str],
    own_code: str | None = None,
    statuses: tuple[str, ...] = STATUSES,
) -> dict[str, str]:
    """Every field's error sentence, by field name, in form order; empty when valid."""
    errors = {}
    for field in FIELDS:
        error = field_error(field, fields, taken_codes, own_code, statuses)
        if error:
            errors[field] = error
    return errors


def market_changes(
    fields: MarketFields, editing: bool, market: Market | None = None
) -> dict[str, Any]:
    """The form as Market fields under the file's key names.

    For a new market, empty optional fields are left out and `status` is included.
    For an edit, `status` is left out (the status picker changes it, with history) and
    every optional field is present, None when cleared, so that
    `RoadmapDocument.update_market(old_code, **changes)` removes it. Given the edited
    `market`, a field whose text is still what the form opened with keeps the market's
    own value: the form trims and splits tags at commas, and a value the user did not
    touch (a tag holding a comma, a region with spaces round it) stays as the file has it.
    Call only when `form_errors` is empty."""
    optional: dict[str, Any] = {
        "region": fields.region.strip() or None,
        "owner": fields.owner.strip() or None,
        "target": parse_date(fields.target),
        "since": parse_date(fields.since),
        "tags": parse_tags(fields.tags) or None,
    }
    changes: dict[str, Any] = {"code": fields.code.strip(), "name": fields.name.strip()}
    if editing:
        if market is not None:
            opened = MarketFields.of(market)
            own = {key: getattr(market, key) or None for key in (*changes, *optional)}
            for key in own:
                if getattr(fields, key) == getattr(opened, key):
                    (changes if key in changes else optional)[key] = own[key]
        return changes | optional
    changes["status"] = Status(fields.status) if fields.status in STATUSES else fields.status
    return changes | {key: value for key, value in optional.items() if value is not None}


# -- paths typed into a prompt --------------------------------------------------------------


def expand(answer: str) -> Path:
    """A path as typed: surrounding spaces dropped, `~` expanded; relative to where the
    app was started, like any path typed in a terminal."""
    return Path(os.path.expanduser(answer.strip()))


def output_problem(answer: str, roadmap_path: Path) -> str | None:
    """What is wrong with writing an export to the path typed, or None."""
    if not answer.strip():
        return "Give a file name."
    path = expand(answer)
    if path.is_dir():
        return f"{path} is a folder; give a file name."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    if path.exists() and same_file(path, roadmap_path):
        return f"{path} is the roadmap itself; choose another file."
    return None


def new_roadmap_problem(answer: str) -> str | None:
    """What is wrong with creating a new roadmap at the path typed, or None."""
    if not answer.strip():
        return "Give a file name."
    path = expand(answer)
    if path.exists() or path.is_symlink():
        return f"{path} exists already; choose another name (nothing is overwritten)."
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist."
    return None
