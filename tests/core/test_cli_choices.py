"""The CLI names its export and diff formats without importing them (so `--help` loads no
pydantic); the names must be the registries' own."""

from __future__ import annotations

from roadmap_tui.cli import sharing
from roadmap_tui.share.diff_report import RENDERERS
from roadmap_tui.share.export import FORMATS


def test_export_offers_exactly_the_registered_formats() -> None:
    sharing.register_formats()
    assert tuple(FORMATS) == sharing.EXPORT_FORMATS


def test_diff_offers_exactly_the_report_formats() -> None:
    assert tuple(RENDERERS) == sharing.DIFF_FORMATS
