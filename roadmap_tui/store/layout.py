"""A roadmap's text cut into pieces, one per market, so an edit rewrites one piece only.

Joining the pieces gives back the file byte for byte. A market's piece starts at the
comment lines directly above its `[[markets]]` header (a comment introducing Germany
stays with Germany) and runs to the next market or other top-level table.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from typing import Any

from roadmap_tui.store.scan import Header, ScanError, find_headers, scan_blocks
from roadmap_tui.store.values import same

_COMMENT_LINE = re.compile(r"[ \t]*#[^\r\n]*\r?\n")


@dataclass(frozen=True)
class MarketText:
    """One market's text, what tomllib reads from it, and any non-market text after it."""

    text: str
    raw: dict[str, Any]
    after: str = ""

    def is_exact(self) -> bool:
        """True when this text, parsed alone, is exactly this market."""
        try:
            return same(tomllib.loads(self.text), {"markets": [self.raw]})
        except tomllib.TOMLDecodeError:
            return False


@dataclass(frozen=True)
class Layout:
    """The file as `head` followed by each market's text (and what follows it)."""

    head: str
    markets: tuple[MarketText, ...]

    def text(self) -> str:
        return self.head + "".join(market.text + market.after for market in self.markets)

    def replaced(self, index: int, text: str, raw: dict[str, Any]) -> Layout:
        markets = list(self.markets)
        markets[index] = replace(markets[index], text=text, raw=raw)
        return Layout(self.head, tuple(markets))

    def appended(self, text: str, raw: dict[str, Any], blank_line: bool, newline: str) -> Layout:
        """A new market after the last one (before any other table that follows it)."""
        if not self.markets:
            # end the head's last line in the head, not in the new market's piece, so that
            # removing that market later does not glue what follows onto the head
            head = self.head + newline if self.head and not self.head.endswith("\n") else self.head
            return Layout(head, (MarketText(_separated(head, text, blank_line, newline), raw),))
        last = self.markets[-1]
        # end the last line first: _separated would otherwise add a second line ending
        if not last.text.endswith("\n"):
            last = replace(last, text=last.text + newline)
        separated = _separated(last.text, text, blank_line, newline)
        if last.after and blank_line and not separated.endswith(newline + newline):
            # keep the blank line that separated the markets from the table after them
            separated += newline
        return Layout(
            self.head,
            (*self.markets[:-1], replace(last, after=""), MarketText(separated, raw, last.after)),
        )

    def removed(self, index: int) -> Layout:
        """Without market `index`; text that followed it stays where it was."""
        markets = list(self.markets)
        gone = markets.pop(index)
        head = self.head
        kept = _detached_comments(gone.text) + gone.after
        if kept:
            if index == 0:
                head += kept
            else:
                markets[index - 1] = replace(
                    markets[index - 1], after=markets[index - 1].after + kept
                )
        return Layout(head, tuple(markets))


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _detached_comments(text: str) -> str:
    """The comments at the end of a market's text set apart by a blank line: they introduce
    what follows (a section of markets, the end of the file), so they outlive the market."""
    try:
        end = max(block.content_end for block in scan_blocks(text))
    except ScanError:
        return ""
    tail = text[end - 1 :] if end > 0 else text  # from the market's last line ending
    blank = _BLANK_LINE.search(tail)
    if blank is None or "#" not in tail[blank.end() :]:
        return ""
    return tail[blank.end() :]


def _separated(before: str, text: str, blank_line: bool, newline: str) -> str:
    """`text` prefixed so it starts on its own line, after a blank one if the file uses them."""
    prefix = ""
    if before and not before.endswith("\n"):
        prefix = newline
    if blank_line and before.strip() and not (before + prefix).endswith(("\n\n", "\n\r\n")):
        prefix += newline
    return prefix + text


def cut(text: str, raw_markets: list[dict[str, Any]], exact: bool = False) -> Layout | None:
    """Cut `text` into a Layout, or None if its layout is not one of `[[markets]]` tables.

    The fast cut trusts header-looking lines; `exact=True` scans every line instead.
    """
    prefix = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(prefix) :]
    try:
        boundaries = _exact_boundaries(body) if exact else _fast_boundaries(body)
    except ScanError:
        return None
    market_starts = [start for start, is_market in boundaries if is_market]
    if len(market_starts) != len(raw_markets):
        return None
    if not market_starts:
        # an emptied inline `markets = []` cannot be followed by a [[markets]] table;
        # parsing is cheap here, as the file has no markets
        if "markets" in tomllib.loads(body):
            return None
        return Layout(text, ())
    # tables before the first market belong to the head; those after a market follow it
    boundaries = [
        (start, is_market) for start, is_market in boundaries if start >= market_starts[0]
    ]
    ends = [start for start, _ in boundaries[1:]] + [len(body)]
    pieces: list[MarketText] = []
    for (start, is_market), end in zip(boundaries, ends, strict=True):
        if is_market:
            pieces.append(MarketText(body[start:end], raw_markets[len(pieces)]))
        else:
            pieces[-1] = replace(pieces[-1], after=pieces[-1].after + body[start:end])
    return Layout(prefix + body[: market_starts[0]], tuple(pieces))


def _fast_boundaries(body: str) -> list[tuple[int, bool]]:
    headers = find_headers(body)
    boundaries = []
    floor = 0
    for header in headers:
        if not _continues_market(header):
            boundaries.append((_pull_back(body, header.start, floor), _is_market(header)))
        floor = header.end
    return boundaries


def _exact_boundaries(body: str) -> list[tuple[int, bool]]:
    boundaries = []
    floor = 0
    for block in scan_blocks(body):
        header = block.header
        if header is not None and not _continues_market(header):
            boundaries.append((_pull_back(body, header.start, floor), _is_market(header)))
        floor = block.content_end
    return boundaries


def _is_market(header: Header) -> bool:
    return header.is_array and header.key == ("markets",)


def _continues_market(header: Header) -> bool:
    return header.key[0] == "markets" and len(header.key) > 1


def _pull_back(body: str, start: int, floor: int) -> int:
    """Move `start` up over the comment lines directly above it (not past `floor`)."""
    while start > floor:
        line_start = body.rfind("\n", 0, start - 1) + 1
        if line_start < floor or not _COMMENT_LINE.fullmatch(body, line_start, start):
            break
        start = line_start
    return start
