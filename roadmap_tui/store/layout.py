"""A roadmap's text cut into pieces, one per market, so an edit rewrites one piece only.

Joining the pieces gives back the file byte for byte. A market's piece starts at the
comment lines directly above its `[[markets]]` header (a comment introducing Germany
stays with Germany) and runs to the next market or other top-level table.

The pieces also make the other work scale with what changed: two layouts are compared
piece by piece (`same_text`), and a text changed on disk is read again by reusing every
piece it still holds word for word, parsing only the pieces in between (`reread`).

A piece cut from a text is a span of it, not a copy: the pieces of a 10,000-market file
would otherwise hold its text a second time (28 MB). An edited piece holds its own text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import accumulate, compress
from operator import add, attrgetter, is_not, sub

from pydantic import ValidationError

from roadmap_tui.errors import InvalidRoadmap
from roadmap_tui.model import Market, to_toml_dict
from roadmap_tui.store import toml_read
from roadmap_tui.store.scan import Header, ScanError, find_tables, scan_blocks
from roadmap_tui.store.validate import Parsed, parse
from roadmap_tui.store.values import same_models

_COMMENT_LINE = re.compile(r"[ \t]*#[^\r\n]*\r?\n")


@dataclass(frozen=True, slots=True, eq=False)
class MarketText:
    """One market's text, `source[start:end]`, and any non-market text after it.

    Pieces are told apart by identity (an edit makes a new piece; see `differing`) and
    compared by their text (`Layout.same_text`), never by their fields: two spans of
    different sources can hold the same text."""

    source: str = field(repr=False)  # a whole file's text, shared by the pieces cut from it
    start: int
    end: int
    after: str = ""

    @classmethod
    def of(cls, text: str, after: str = "") -> MarketText:
        """A piece that holds its own text (an edited or added market)."""
        return cls(text, 0, len(text), after)

    @property
    def text(self) -> str:
        """The market's text (its own string when the piece holds it whole, else a copy)."""
        return self.source[self.start : self.end]

    @property
    def size(self) -> int:
        """The length of the market's text and what follows it."""
        return self.end - self.start + len(self.after)

    def is_exact(self, market: Market) -> bool:
        """True when this text, parsed alone, is exactly `market`.

        Checked against the model rather than against what tomllib read for the market in
        the whole file (no longer kept: 70 MB at 10,000 markets). The model holds every
        key (unknown ones too) with its TOML type, so a text that reads as another market
        differs from it; what the model cannot tell apart (`tags = []` written or left
        out) reads as the same market either way."""
        try:
            document = toml_read.loads(self.text)
            markets = document.get("markets")
            if set(document) != {"markets"} or not isinstance(markets, list) or len(markets) != 1:
                return False
            return same_models(Market.model_validate(markets[0]), market)
        except (tomllib.TOMLDecodeError, ValidationError):
            return False


_START, _END, _AFTER = attrgetter("start"), attrgetter("end"), attrgetter("after")


@dataclass(frozen=True)
class Layout:
    """The file as `head` followed by each market's text (and what follows it)."""

    head: str
    markets: tuple[MarketText, ...]
    # the length of `text()`, when an edit knew it from the layout it came from
    known_size: int | None = field(default=None, compare=False, repr=False)

    def text(self) -> str:
        # neighbouring spans of one source are joined as one slice of it: a layout an edit
        # or two away from its cut is a few slices, not 10,000
        parts = [self.head]
        source, start, end = "", 0, 0
        for piece in self.markets:
            if piece.source is not source or piece.start != end:
                parts.append(source[start:end])
                source, start = piece.source, piece.start
            end = piece.end
            if piece.after:
                parts.append(source[start:end])
                parts.append(piece.after)
                start = end
        parts.append(source[start:end])
        return "".join(parts)

    def viewing(self, text: str) -> Layout:
        """This layout with every market's text a span of `text`, which is `self.text()`:
        the texts its pieces were cut from can then be let go."""
        offsets = self.offsets
        if offsets[-1] != len(text) or not text.startswith(self.head):
            raise ValueError("a layout can only view the text it joins to")
        pieces = [
            MarketText(text, start, start + piece.end - piece.start, piece.after)
            for piece, start in zip(self.markets, offsets[:-1], strict=True)
        ]
        return Layout(self.head, tuple(pieces), len(text))

    def same_text(self, other: Layout) -> bool:
        """Whether `text()` equals `other.text()`, without joining either: layouts made
        from one another by edits share every piece an edit did not touch."""
        if self is other:
            return True
        if self.head != other.head or len(self.markets) != len(other.markets):
            return self.text() == other.text()  # a market added or removed: rare
        aligned = True  # every piece so far starts at the same offset in both texts
        for index in differing(self.markets, other.markets):
            mine, theirs = self.markets[index], other.markets[index]
            if mine.text == theirs.text and mine.after == theirs.after:
                continue
            if aligned and mine.size == theirs.size:
                return False  # different characters at the same offsets
            aligned = False  # a boundary moved: the texts may still be equal
        if aligned:
            return True
        return self.size == other.size and self.text() == other.text()

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        """Where each market's piece starts in `text()`, and (last) where the text ends."""
        # iterators that run in C: a Python loop over 10,000 pieces costs more
        return tuple(accumulate(self._sizes(), initial=len(self.head)))

    @cached_property
    def size(self) -> int:
        """The length of `text()`."""
        if self.known_size is not None:
            return self.known_size
        return len(self.head) + sum(self._sizes())

    def _sizes(self) -> Iterator[int]:
        texts = map(sub, map(_END, self.markets), map(_START, self.markets))
        return map(add, texts, map(len, map(_AFTER, self.markets)))

    def replaced(self, index: int, text: str) -> Layout:
        markets = list(self.markets)
        old = markets[index]
        markets[index] = MarketText.of(text, old.after)
        return Layout(self.head, tuple(markets), self.size - (old.end - old.start) + len(text))

    def appended(self, text: str, blank_line: bool, newline: str) -> Layout:
        """A new market after the last one (before any other table that follows it)."""
        if not self.markets:
            # end the head's last line in the head, not in the new market's piece, so that
            # removing that market later does not glue what follows onto the head
            head = self.head + newline if self.head and not self.head.endswith("\n") else self.head
            return Layout(head, (MarketText.of(_separated(head, text, blank_line, newline)),))
        last = self.markets[-1]
        # end the last line first: _separated would otherwise add a second line ending
        if not last.text.endswith("\n"):
            last = MarketText.of(last.text + newline, last.after)
        separated = _separated(last.text, text, blank_line, newline)
        if last.after and blank_line and not separated.endswith(newline + newline):
            # keep the blank line that separated the markets from the table after them
            separated += newline
        return Layout(
            self.head,
            (*self.markets[:-1], replace(last, after=""), MarketText.of(separated, last.after)),
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


def differing(first: Sequence[object], second: Sequence[object]) -> list[int]:
    """The indexes where two sequences of equal length hold different objects (by
    identity), found without a Python loop over 10,000 items that are nearly all shared."""
    return list(compress(range(len(first)), map(is_not, first, second)))


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


def cut(text: str, markets: int, exact: bool = False) -> Layout | None:
    """Cut `text`, which holds `markets` markets, into a Layout, or None if its layout is
    not one of `[[markets]]` tables (or the cut finds another number of markets).

    The fast cut trusts header-looking lines; `exact=True` scans every line instead.
    """
    prefix = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(prefix) :]
    try:
        boundaries = _exact_boundaries(body) if exact else _fast_boundaries(body)
    except ScanError:
        return None
    market_starts = [start for start, is_market in boundaries if is_market]
    if len(market_starts) != markets:
        return None
    if not market_starts:
        # an emptied inline `markets = []` cannot be followed by a [[markets]] table;
        # parsing is cheap here, as the file has no markets
        if "markets" in tomllib.loads(body):
            return None
        return Layout(text, (), len(text))
    # tables before the first market belong to the head; those after a market follow it
    boundaries = [
        (start, is_market) for start, is_market in boundaries if start >= market_starts[0]
    ]
    ends = [start for start, _ in boundaries[1:]] + [len(body)]
    pieces: list[MarketText] = []
    skip = len(prefix)  # the spans are of `text`, the BOM included
    for (start, is_market), end in zip(boundaries, ends, strict=True):
        if is_market:
            pieces.append(MarketText(text, skip + start, skip + end))
        else:
            pieces[-1] = replace(pieces[-1], after=pieces[-1].after + body[start:end])
    return Layout(prefix + body[: market_starts[0]], tuple(pieces), len(text))


def _fast_boundaries(body: str) -> list[tuple[int, bool]]:
    headers = find_tables(body)
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


@dataclass(frozen=True)
class Reread:
    """A text read again through an older layout: its layout and markets, and where they
    differ — `removed` markets from `first` on were replaced by `added` new ones."""

    layout: Layout
    markets: list[Market]
    first: int
    removed: int
    added: int


def reread(
    old: Layout, markets: Sequence[Market], old_text: str, text: str, path: str
) -> Reread | None:
    """`text` as a layout and its markets, reusing each of `old`'s pieces (and its market,
    `markets[i]` for `old.markets[i]`) that `text` still holds word for word around the
    change, and reading only the pieces in between. `old_text` is `old.text()`. None when
    that cannot be done safely — the change reaches the head or a table after the
    markets, or a changed piece does not read as exactly one valid market on its own:
    then read the whole text.

    Why a piece found word for word is the same market: `old` was cut from a valid file,
    so each of its pieces starts at a real header and ends where the next one starts. A
    text is read from its first character, so a piece with the same text after the same
    head, or after pieces that each read whole on their own, reads the same way again.
    """
    if old.size != len(old_text) or not text.startswith(old.head):
        return None
    pieces, offsets = old.markets, old.offsets
    first = _same_from_start(old_text, offsets, text)
    last = _same_to_end(old_text, offsets, text, first)
    shift = len(text) - len(old_text)
    if first == len(pieces) and shift == 0:
        # the same text: its pieces view it, so the text they were cut from can go
        layout = Layout(old.head, pieces).viewing(text)
        return Reread(layout, list(markets), first, 0, 0)
    # One piece more on each side: a piece found word for word may still end where the
    # change starts (a key added at the end of a market); reading it again settles it.
    first = max(first - 1, 0)
    last = min(last + 1, len(pieces))
    start, end = offsets[first], offsets[last] + shift
    changed = _market_pieces(text[start:end], path)
    if changed is None:
        return None
    leading, found = changed
    if leading and first > 0:
        return None  # only the head's own comments can come before every market
    if end < len(text) and not text.startswith("\n", end - 1):
        return None  # a kept piece would no longer start on a line of its own
    head = old.head + leading
    layout = Layout(head, (*pieces[:first], *(piece for piece, _ in found), *pieces[last:]))
    layout = layout.viewing(text)  # every piece a span of `text`, not of the old one
    kept = [*markets[:first], *(market for _, market in found), *markets[last:]]
    return Reread(layout, kept, first, last - first, len(found))


# Pieces are compared a run at a time: one `startswith` over 64 pieces' text is a memory
# compare in C, where 64 calls from Python would cost more than the compare.
_RUN = 64


def _same_from_start(old_text: str, offsets: Sequence[int], text: str) -> int:
    """How many pieces, from the first, `text` holds at their old offsets."""
    count, pieces = 0, len(offsets) - 1
    while count < pieces:
        upto = min(count + _RUN, pieces)
        if text.startswith(old_text[offsets[count] : offsets[upto]], offsets[count]):
            count = upto
            continue
        while count < upto and _holds(old_text, offsets, count, text, 0):
            count += 1
        return count
    return count


def _same_to_end(old_text: str, offsets: Sequence[int], text: str, floor: int) -> int:
    """The first of the pieces, from the last back to `floor`, that `text` holds at
    their old offsets from its end (and past what the first `floor` pieces hold)."""
    shift = len(text) - len(old_text)
    since = len(offsets) - 1
    while since > floor:
        lower = max(since - _RUN, floor)
        while lower < since and offsets[lower] + shift < offsets[floor]:
            lower += 1  # never count a character twice
        if lower == since:
            return since
        if text.startswith(old_text[offsets[lower] : offsets[since]], offsets[lower] + shift):
            since = lower
            continue
        while since > lower and _holds(old_text, offsets, since - 1, text, shift):
            since -= 1
        return since
    return since


def _holds(old_text: str, offsets: Sequence[int], index: int, text: str, shift: int) -> bool:
    """Whether `text` holds piece `index` at its old offset moved by `shift`."""
    piece = old_text[offsets[index] : offsets[index + 1]]
    return text.startswith(piece, offsets[index] + shift)


# what every changed piece is read after: a roadmap's one required table
_STUB = '[roadmap]\ntitle = "-"\n'
_STUB_INFO = {"title": "-"}


def _market_pieces(region: str, path: str) -> tuple[str, list[tuple[MarketText, Market]]] | None:
    """The markets in `region` as pieces, each read on its own by the same `parse` a whole
    file goes through (after a stub head), with the comment lines before the first one;
    None if any piece is not exactly one valid market without warnings."""
    try:
        boundaries = _fast_boundaries(region)
    except ScanError:
        return None
    if not all(is_market for _, is_market in boundaries):
        return None
    starts = [start for start, _ in boundaries]
    leading = region[: starts[0]] if starts else region
    if leading and _read_alone(leading, path, markets=0) is None:
        return None
    found = []
    for start, end in zip(starts, [*starts[1:], len(region)], strict=True):
        text = region[start:end]
        parsed = _read_alone(text, path, markets=1)
        if parsed is None:
            return None
        found.append((MarketText.of(text), parsed.roadmap.markets[0]))
    return leading, found


def _read_alone(text: str, path: str, markets: int) -> Parsed | None:
    """`text` read after the stub head: None unless it holds exactly `markets` markets and
    nothing else (comments aside), and reads without a warning."""
    try:
        parsed = parse(_STUB + text, path)
    except InvalidRoadmap:
        return None
    # a key of the file's own (unknown ones are warned of) would make the text more than
    # markets: `[snapshot]`, or a `[roadmap]` key set before the first market
    roadmap = parsed.roadmap
    if (
        parsed.warnings
        or roadmap.snapshot is not None
        or to_toml_dict(roadmap.roadmap) != _STUB_INFO
    ):
        return None
    return parsed if len(roadmap.markets) == markets else None
