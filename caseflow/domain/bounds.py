"""What the application accepts as a number, a date or a text: what the database can hold and
the domain can make sense of. Values outside these bounds are refused at the door (forms,
query parameters, URLs) with a Dutch message, instead of failing deep inside as an overflow."""

from __future__ import annotations

import re
from datetime import date

# PostgreSQL ``integer`` (SQLite holds 64 bits, but the same data must fit both).
INT_MIN = -(2**31)
INT_MAX = 2**31 - 1
# All of central government is about 130.000 fte; no single location decision is larger.
FTE_MAX = 200_000
# Dates the working-day calendar (holidays, Easter) and the reports can reason about.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)

# Control characters (Unicode category Cc: C0, DEL and C1). Tab, CR and LF are text in a
# multi-line field; NUL cannot be stored in PostgreSQL text at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """True when ``text`` holds a control character (tab, CR and LF allowed if ``multiline``)."""
    return bool((_CONTROL_IN_TEXT if multiline else _CONTROL).search(text))


def within_int(value: int, low: int = INT_MIN, high: int = INT_MAX) -> bool:
    return low <= value <= high


def within_dates(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


def parse_id(text: str | None) -> int | None:
    """A database id from a query parameter: a positive whole number that fits the column;
    None for anything else (a filter on a value no row can have filters nothing)."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(INT_MAX)):
        return None
    value = int(text)
    return value if 0 < value <= INT_MAX else None


def parse_date(text: str | None) -> date | None:
    """An ISO date (2026-12-07) within DATE_MIN..DATE_MAX; None for anything else."""
    try:
        value = date.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return value if within_dates(value) else None


def parse_year(text: str | None) -> int | None:
    """A year within the date bounds; None for anything else."""
    text = (text or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) != 4:
        return None
    year = int(text)
    return year if DATE_MIN.year <= year <= DATE_MAX.year else None
