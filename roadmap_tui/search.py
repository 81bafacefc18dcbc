"""Finding markets: the filter's query language, each market's folded text, and matching.
No Textual: the table's filter, and any view or command that searches, read it here.

A query is words, "quoted phrases", fields and keywords, all of which must match:

    austria "team wien" status:paused owner:"Team Wien" region:europe tag:pilot
    target:<2023-01-01 since:>=2022-07-01 overdue due-soon -tag:pilot

- a word or phrase is found in the market's code, name, region, owner, tags, notes or
  history notes; case and accents do not count (`osterreich` finds Österreich);
- `field:value` looks in one field: status (one of the statuses, exactly), owner,
  region, tag, code, name, note (notes and history notes) contain the value;
  target and since compare dates: `target:2023-01-01` (that day), `<`, `>`, `<=`, `>=`,
  `=`; a date is `YYYY-MM-DD` or `today`;
- `overdue`: the target has passed and the market is not live; `due-soon`: not live and
  the target within the due-soon days (see `due.py`);
- `-` before any of them keeps the markets that do not match it.

`parse_query` never raises: a part it cannot use (an unknown field, a bad date, an
unknown status) is left out of the query and `Query.problem` says why in one sentence.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import compress, repeat
from operator import attrgetter, contains, eq, ge, gt, le, lt, not_
from typing import Any

from roadmap_tui.controls import pictured
from roadmap_tui.due import DUE_SOON_DAYS, is_due_soon, is_overdue
from roadmap_tui.model import STATUSES, Market

# The fields a query may name, in the order the help lists them.
TEXT_FIELDS: tuple[str, ...] = ("owner", "region", "tag", "code", "name", "note")
DATE_FIELDS: tuple[str, ...] = ("target", "since")
FIELDS: tuple[str, ...] = (
    "status",
    "owner",
    "region",
    "tag",
    "target",
    "since",
    "code",
    "name",
    "note",
)
# Other spellings a person may type for a field.
_ALIASES = {"tags": "tag", "notes": "note", "history": "note"}
# Words that are conditions of their own, not text to find (quote them to find the text).
OVERDUE, DUE_SOON = "overdue", "due-soon"
KEYWORDS: tuple[str, ...] = (OVERDUE, DUE_SOON)

# A field's name, then its colon: `owner:` (a name is letters only, so `10:30` is a word).
_FIELD = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Comparisons of dates, longest first so `<=` is not read as `<` and `=…`.
_COMPARISONS: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (
    ("<=", le),
    (">=", ge),
    ("<", lt),
    (">", gt),
    ("=", eq),
)
_COMPARE = dict(_COMPARISONS)

EXAMPLE = 'status:paused owner:"Team Wien" region:europe tag:pilot target:<2023-01-01 overdue'


def fold(text: str) -> str:
    """`text` as the filter compares it: case folded, accents and other marks dropped,
    compatibility forms made plain (`Österreich` → `osterreich`, `Straße` → `strasse`,
    `ﬁ` → `fi`). Folding twice gives the same as folding once."""
    if text.isascii():
        return text.lower()  # the common case: casefold of ASCII is lower
    # Marks come off before and after the case fold: a fold can make new ones
    # (`İ` → `i` and a dot above) and a decomposition can make capitals (`ℌ` → `H`).
    for _ in range(2):
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return text


@dataclass(frozen=True, slots=True)
class MarketText:
    """A market's text as the filter reads it, each part folded (see `fold`)."""

    code: str
    name: str
    region: str
    owner: str
    tags: str  # every tag, a line each: a value is looked for in one tag at a time
    notes: str  # the notes, then every history entry's note, a line each
    everything: str  # all of the above, a line each: what a word is looked for in


def market_text(market: Market) -> MarketText:
    """Fold `market`'s text once (the caller keeps it while the market object lives:
    markets are immutable, so an edit makes a new market and a new text)."""
    history = [change.note for change in market.history if change.note]
    code, name = fold(market.code), fold(market.name)
    region, owner = fold(market.region or ""), fold(market.owner or "")
    tags = "\n".join(fold(tag) for tag in market.tags)
    notes = fold("\n".join([market.notes or "", *history]))
    everything = "\n".join([code, name, region, owner, tags, notes])
    return MarketText(code, name, region, owner, tags, notes, everything)


_EVERYTHING = attrgetter("everything")
# Where a text field's value is looked for in a `MarketText` (a value typed in the filter
# has no line break, so it cannot reach across two tags or two history notes).
_TEXT_OF = {"owner": "owner", "region": "region", "tag": "tags", "code": "code"}
_TEXT_OF |= {"name": "name", "note": "notes"}


@dataclass(frozen=True, slots=True)
class Term:
    """One condition of a query. `field` None: `value` is found anywhere in the text;
    a keyword (`overdue`, `due-soon`) has itself as field and no value; a date field
    compares with `compare` (`<`, `>`, `<=`, `>=`, `=`)."""

    field: str | None
    value: str | date = ""
    compare: str = "="
    negated: bool = False

    def test(self, market: Market, text: MarketText, today: date, soon_days: int) -> bool:
        """Whether `market` (with its folded `text`) meets this condition."""
        return self._holds(market, text, today, soon_days) != self.negated

    def _holds(self, market: Market, text: MarketText, today: date, soon_days: int) -> bool:
        field, value = self.field, self.value
        if field is None:
            return value in text.everything  # type: ignore[operator]
        if field == OVERDUE:
            return is_overdue(market, today)
        if field == DUE_SOON:
            return is_due_soon(market, today, soon_days)
        if field == "status":
            return str(market.status) == value
        if field in DATE_FIELDS:
            day = market.target if field == "target" else market.since
            wanted = today if value == "today" else value
            return day is not None and _COMPARE[self.compare](day, wanted)
        return value in getattr(text, _TEXT_OF[field])


@dataclass(frozen=True)
class Query:
    """A parsed query: its conditions (all must hold) and, when some part could not be
    used, `problem`: one sentence saying what and how to write it."""

    terms: tuple[Term, ...] = ()
    problem: str | None = None

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def needs_today(self) -> bool:
        """True when the answer depends on the day (overdue, due-soon, `today`)."""
        return any(
            term.field in KEYWORDS or (term.field in DATE_FIELDS and term.value == "today")
            for term in self.terms
        )

    def within(self, broader: Query) -> bool:
        """True when every market this query finds, `broader` finds too: each of its
        conditions is one of this query's, or one this query narrows (a word that is
        part of a longer word here, as when a word is being typed). So the markets
        `broader` found are enough to look through. False when it cannot tell."""
        return all(any(_implies(term, wider) for term in self.terms) for wider in broader.terms)

    def matches(
        self,
        market: Market,
        text: MarketText | None = None,
        today: date | None = None,
        soon_days: int = DUE_SOON_DAYS,
    ) -> bool:
        """Whether `market` meets every condition (`text`: its `market_text`, if known)."""
        text = text if text is not None else market_text(market)
        day = today if today is not None else date.today()
        return all(term.test(market, text, day, soon_days) for term in self.terms)

    def select(
        self,
        markets: Sequence[Market],
        texts: Sequence[MarketText],
        today: date | None = None,
        soon_days: int = DUE_SOON_DAYS,
        everything: Sequence[str] | None = None,
    ) -> list[Market]:
        """The markets that meet every condition, in their order (`texts[i]` is the
        `market_text` of `markets[i]`, `everything[i]` its `.everything` if the caller
        keeps that list). Each condition narrows what the last one left; a plain word
        is one C-level pass of `in` over the texts, with no Python code per market."""
        day = today if today is not None else date.today()
        shown, folded = markets, texts
        words = everything if everything is not None else list(map(_EVERYTHING, texts))
        for term in self.terms:
            rows = range(len(shown))
            if term.field is None or term.field in TEXT_FIELDS:
                # One C-level pass of `in` over the texts: no Python code per market.
                texts_in = (
                    words
                    if term.field is None
                    else list(map(attrgetter(_TEXT_OF[term.field]), folded))
                )
                found = map(contains, texts_in, repeat(term.value))
                kept = list(compress(rows, map(not_, found) if term.negated else found))
            elif term.field == "status" and not term.negated:
                statuses = map(attrgetter("status"), shown)
                kept = list(compress(rows, map(eq, statuses, repeat(term.value))))
            else:
                test = term.test
                kept = [row for row in rows if test(shown[row], folded[row], day, soon_days)]
            if len(kept) != len(shown):
                shown = list(map(shown.__getitem__, kept))
                folded = list(map(folded.__getitem__, kept))
                words = list(map(words.__getitem__, kept))
        return list(shown)


def _implies(term: Term, wider: Term) -> bool:
    """Whether every market meeting `term` meets `wider`."""
    if term == wider:
        return True
    narrows_text = term.field is None or term.field in TEXT_FIELDS
    return (
        narrows_text
        and term.field == wider.field
        and not term.negated
        and not wider.negated
        and isinstance(term.value, str)
        and isinstance(wider.value, str)
        and wider.value in term.value
    )


def parse_query(query: str, statuses: Iterable[str] = STATUSES) -> Query:
    """Read `query` (see the module's docstring). Never raises: the first part that
    cannot be used is named in `Query.problem`, and left out."""
    known_statuses = [str(status) for status in statuses]
    terms: list[Term] = []
    problem: str | None = None
    for negated, token, quoted_value, quoted in _tokens(query):
        term, trouble = _term(token, quoted_value, quoted, negated, known_statuses)
        if term is not None:
            terms.append(term)
        if trouble is not None and problem is None:
            problem = trouble
    return Query(tuple(terms), problem)


def _tokens(query: str) -> Iterable[tuple[bool, str, str | None, bool]]:
    """(negated, bare text, quoted value after a field's colon, whole token quoted)
    for each part of `query`. A quote left open runs to the end (it is being typed)."""
    position, end = 0, len(query)
    while position < end:
        char = query[position]
        if char.isspace():
            position += 1
            continue
        negated = char == "-" and position + 1 < end and not query[position + 1].isspace()
        if negated:
            position += 1
        if query[position] == '"':
            phrase, position = _quoted(query, position)
            yield negated, phrase, None, True
            continue
        start = position
        while position < end and not query[position].isspace() and query[position] != '"':
            position += 1
        bare = query[start:position]
        value = None
        if position < end and query[position] == '"' and _FIELD.fullmatch(bare):
            value, position = _quoted(query, position)  # owner:"Team Wien"
        yield negated, bare, value, False


def _quoted(query: str, position: int) -> tuple[str, int]:
    """The text between the quote at `position` and the next (or the end), and where
    to go on from."""
    closing = query.find('"', position + 1)
    if closing < 0:
        return query[position + 1 :], len(query)
    return query[position + 1 : closing], closing + 1


def _term(
    token: str, quoted_value: str | None, quoted: bool, negated: bool, statuses: list[str]
) -> tuple[Term | None, str | None]:
    """The condition a token stands for, or why it stands for none."""
    if quoted:
        phrase = fold(token)
        return (Term(None, phrase, negated=negated) if phrase.strip() else None), None
    if token.casefold() in KEYWORDS:
        return Term(token.casefold(), negated=negated), None
    found = _FIELD.fullmatch(token)
    if found is None:
        return Term(None, fold(token), negated=negated), None
    name, value = found.group(1).casefold(), found.group(2)
    if quoted_value is not None:
        value += quoted_value
    field = _ALIASES.get(name, name)
    if field not in FIELDS:
        close = difflib.get_close_matches(name, FIELDS, n=1)
        suggestion = f" (did you mean {close[0]}:?)" if close else ""
        return None, (
            f'There is no field "{name}:"{suggestion}; the fields are {", ".join(FIELDS)}, '
            f'and "{pictured(token)}" in quotes finds the text itself.'
        )
    if not value.strip():
        return None, None  # a field being typed: nothing to look for yet
    if field == "status":
        wanted = fold(value.strip())
        if wanted not in statuses:
            close = difflib.get_close_matches(wanted, statuses, n=1)
            suggestion = f" (did you mean {close[0]}?)" if close else ""
            return None, (
                f'There is no status "{pictured(value.strip())}"{suggestion}; '
                f"the statuses are {', '.join(statuses)}."
            )
        return Term("status", wanted, negated=negated), None
    if field in DATE_FIELDS:
        return _date_term(field, value.strip(), negated)
    return Term(field, fold(value), negated=negated), None


def _date_term(field: str, value: str, negated: bool) -> tuple[Term | None, str | None]:
    compare = next((sign for sign, _ in _COMPARISONS if value.startswith(sign)), "=")
    text = value.removeprefix(compare) if value.startswith(compare) else value
    text = text.strip()
    if not text:
        return None, None  # `target:<` being typed
    if text.casefold() == "today":
        return Term(field, "today", compare, negated), None
    day: date | None = None
    if _DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
    if day is None:
        return None, (
            f'{field}: takes a date written YYYY-MM-DD or "today", such as '
            f'{field}:<2023-01-01, not "{pictured(text)}".'
        )
    return Term(field, day, compare, negated), None
