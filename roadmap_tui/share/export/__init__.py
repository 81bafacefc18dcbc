"""Exports of a roadmap for people who will not open a terminal: md, html, csv, json.

Each format is a function from the model to text, registered in `FORMATS`. Formats that
need the app to draw them (svg) are registered by the composition roots — the CLI and the
app — never by this package, so the core never loads Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

from roadmap_tui.errors import RoadmapError
from roadmap_tui.model import Roadmap
from roadmap_tui.share.drift import Baseline
from roadmap_tui.share.export.dating import as_of

__all__ = [
    "FORMATS",
    "Baseline",
    "ExportError",
    "ExportFormat",
    "as_of",
    "export",
    "register_format",
]

Renderer = Callable[[Roadmap, date | None], str]
# a format that can show the drift of targets against a baseline (md, html)
DriftRenderer = Callable[[Roadmap, date | None, Baseline], str]


class ExportError(RoadmapError):
    """The roadmap cannot be exported in the format asked for."""


@dataclass(frozen=True)
class ExportFormat:
    """One way to export a roadmap: its name on the command line, file suffix and renderer."""

    name: str
    suffix: str
    description: str
    render: Renderer
    with_baseline: DriftRenderer | None = None


FORMATS: dict[str, ExportFormat] = {}


def register_format(export_format: ExportFormat) -> None:
    """Add (or replace) a format, so `export` and the CLI offer it."""
    FORMATS[export_format.name] = export_format


def export(
    roadmap: Roadmap, fmt: str, today: date | None = None, baseline: Baseline | None = None
) -> str:
    """The roadmap as text in format `fmt`, with the drift of its targets against
    `baseline` when one is given (md and html only: ExportError for the others).

    `today` is the date shown as "as of"; when None it is the snapshot's date for a
    snapshot, else the newest date the roadmap records, so an export is reproducible."""
    export_format = FORMATS.get(fmt.strip().lower())
    if export_format is None:
        known = ", ".join(FORMATS)
        raise ExportError(f"unknown export format '{fmt}' (known: {known})")
    if baseline is None:
        return export_format.render(roadmap, today)
    if export_format.with_baseline is None:
        takes = " and ".join(name for name, each in FORMATS.items() if each.with_baseline)
        raise ExportError(f"a baseline goes into {takes} exports only, not {export_format.name}")
    return export_format.with_baseline(roadmap, today, baseline)


def _render_with(module: str) -> Callable[..., str]:
    """The `render` of the exporter `module`, imported at the first export in it: the app
    and the CLI start without any of them (html alone brings the world map's outlines)."""

    def render(*args: Any) -> str:
        renderer: Callable[..., str] = import_module(f"{__name__}.{module}").render
        return renderer(*args)

    return render


def _register_builtin_formats() -> None:
    markdown, html = _render_with("markdown"), _render_with("html")
    register_format(
        ExportFormat("md", ".md", "Markdown for GitHub, GitLab or a wiki", markdown, markdown)
    )
    register_format(ExportFormat("html", ".html", "one self-contained web page", html, html))
    register_format(
        ExportFormat(
            "csv", ".csv", "one row per market, for spreadsheets", _render_with("csv_export")
        )
    )
    register_format(
        ExportFormat("json", ".json", "the model, for other programs", _render_with("json_export"))
    )


_register_builtin_formats()
