"""Why a value written like a date or time is not one: `2022-13-01` has no 13th month.

tomllib only reads dates whose parts are in range, so an impossible one becomes a
syntax error somewhere inside it ("expected newline", "invalid date or datetime").
`impossible_date` finds the date-like value where tomllib stopped and says which part
is wrong. Only the error path uses it.
"""

from __future__ import annotations

import calendar
import re

# Loose on purpose: any two digits where a date or time has them, so that parts out of
# range are read too (tomllib's own pattern stops at them).
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
_DATE_TIME = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    rf"(?:[Tt ]{_TIME}(?:[Zz]|[+-](?P<offset_hour>\d{{2}}):(?P<offset_minute>\d{{2}}))?)?"
)
_LOCAL_TIME = re.compile(_TIME)
_VALUE_START = " \t=[,{"  # what comes before a value (else the digits are part of a word)


def impossible_date(line: str, col: int) -> tuple[int, str] | None:
    """(column, sentence) for the impossible date or time on `line` that holds column
    `col` (1-based, where tomllib stopped), or None if there is none there."""
    for pattern, kind in ((_DATE_TIME, "date"), (_LOCAL_TIME, "time")):
        for token in pattern.finditer(line):
            if not token.start() < col <= token.end():
                continue
            if token.start() > 0 and line[token.start() - 1] not in _VALUE_START:
                continue
            parts = {name: int(digits) for name, digits in token.groupdict().items() if digits}
            reason = _reason(parts)
            if reason is None:
                return None  # in range: tomllib's own message says what is wrong
            if kind == "date" and "hour" in parts:
                kind = "date-time"
            return token.start() + 1, f"{token.group()} is not a {kind}: {reason}"
    return None


def _reason(parts: dict[str, int]) -> str | None:
    """Which part of a date or time is out of range, or None if none is."""
    if "year" in parts:
        year, month, day = parts["year"], parts["month"], parts["day"]
        if not 1 <= month <= 12:
            return "the month must be 1–12"
        if not 1 <= day <= 31:
            return "the day must be 1–31"
        days = calendar.monthrange(year, month)[1]
        if day > days:
            month_name = calendar.month_name[month]
            # only February's length depends on the year
            return f"{month_name} {year if month == 2 else ''}".strip() + f" has {days} days"
    for part, last in (("hour", 23), ("minute", 59), ("second", 59)):
        if parts.get(part, 0) > last:
            return f"the {part} must be 0–{last}"
    if parts.get("offset_hour", 0) > 23 or parts.get("offset_minute", 0) > 59:
        return "the offset from UTC must be -23:59 to +23:59"
    return None
