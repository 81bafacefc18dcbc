"""The banner under the header: "this is a snapshot" and "Δ marks rows changed since …"."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from roadmap_tui.model import SnapshotInfo
from roadmap_tui.share.snapshot import describe
from roadmap_tui.ui.text import visible


def snapshot_line(info: SnapshotInfo) -> Content:
    """`READ-ONLY  snapshot of tiktok_shop.toml taken … — edits offer to save a new roadmap`."""
    return Content.assemble(
        (" READ-ONLY ", "bold reverse"),
        " ",
        visible(describe(info)),
        (" · edits offer to save it as a new roadmap", "$text-muted"),
    )


def marks_line(count: int, against: str) -> Content:
    """`Δ 6 markets changed since the snapshot of … · C clears the marks`."""
    markets = "market" if count == 1 else "markets"
    return Content.assemble(
        ("Δ", "bold"),
        f" {count} {markets} changed since {visible(against)}",
        (" · C clears the marks", "$text-muted"),
    )


class SharingBanner(Widget):
    """Up to two lines: the snapshot a read-only roadmap is, and the comparison whose Δ
    marks are on the table. Hidden when there is neither."""

    DEFAULT_CSS = """
    SharingBanner {
        height: auto;
        padding: 0 1;
        background: $warning-muted;
        color: $text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        display: none;
    }
    SharingBanner.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Content] = []

    def render(self) -> Content:
        return Content("\n").join(self._lines)

    def show_lines(self, snapshot: SnapshotInfo | None, marks: Content | None) -> None:
        """Show the snapshot line (when `snapshot`) and the marks line (when `marks`)."""
        lines = [snapshot_line(snapshot)] if snapshot is not None else []
        lines += [marks] if marks is not None else []
        if lines != self._lines:
            self._lines = lines
            self.set_class(bool(lines), "-shown")
            self.refresh(layout=True)

    @property
    def text(self) -> str:
        """The banner's words, for tests and screen readers."""
        return "\n".join(line.plain for line in self._lines)
