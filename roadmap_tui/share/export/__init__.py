"""Exports of a roadmap for people who will not open a terminal: md, html, csv, json.

Each format is a function from the model to text, registered in `FORMATS`. Formats that
need the app to draw them (svg) are registered by the composition roots — the CLI and the
app — never by this package, so the core never loads Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from roadmap_tui.errors import RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.moments import day_of

Renderer = Callable[[Roadmap, date | None], str]


class ExportError(RoadmapError):
    """The roadmap cannot be exported in the format asked for."""


@dataclass(frozen=True)
class ExportFormat:
    """One way to export a roadmap: its name on the command line, file suffix and renderer."""

    name: str
    suffix: str
    description: str
    render: Renderer


FORMATS: dict[str, ExportFormat] = {}


def register_format(export_format: ExportFormat) -> None:
    """Add (or replace) a format, so `export` and the CLI offer it."""
    FORMATS[export_format.name] = export_format


def export(roadmap: Roadmap, fmt: str, today: date | None = None) -> str:
    """The roadmap as text in format `fmt`.

    `today` is the date shown as "as of"; when None it is the snapshot's date for a
    snapshot, else the newest date the roadmap records, so an export is reproducible."""
    export_format = FORMATS.get(fmt.strip().lower())
    if export_format is None:
        known = ", ".join(FORMATS)
        raise ExportError(f"unknown export format '{fmt}' (known: {known})")
    return export_format.render(roadmap, today)


def as_of(roadmap: Roadmap, today: date | None = None) -> date | None:
    """The date an export speaks for: `today` if given, a snapshot's date, or the newest
    `since` or history date in the roadmap (None for a roadmap that records no date)."""
    if today is not None:
        return today
    if roadmap.snapshot is not None:
        return day_of(roadmap.snapshot.taken_at)
    dates = [market.since for market in roadmap.markets if market.since is not None]
    dates += [day_of(change.at) for market in roadmap.markets for change in market.history]
    return max(dates, default=None)


def _register_builtin_formats() -> None:
    # imported here so that each renderer module can import `as_of` from this package
    from roadmap_tui.share.export import csv_export, html, json_export, markdown

    register_format(
        ExportFormat("md", ".md", "Markdown for GitHub, GitLab or a wiki", markdown.render)
    )
    register_format(ExportFormat("html", ".html", "one self-contained web page", html.render))
    register_format(
        ExportFormat("csv", ".csv", "one row per market, for spreadsheets", csv_export.render)
    )
    register_format(
        ExportFormat("json", ".json", "the model, for other programs", json_export.render)
    )


_register_builtin_formats()
