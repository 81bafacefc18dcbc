"""The roadmap templates that ship inside the package (for `new` and the first run)."""

from __future__ import annotations

from importlib.resources import files

from roadmap_tui.store.render import render_value


def starter(title: str | None = None) -> str:
    """The commented starter roadmap, with `title` in place of the template's own title."""
    text = files("roadmap_tui").joinpath("starter.toml").read_text(encoding="utf-8")
    if title is None:
        return text
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("title = "):
            lines[index] = (
                f"title = {render_value(title)}\n"  # the template's title line has no comment
            )
            break
    return "".join(lines)
