"""Dates, moments and numbers as people read them, on Babel: the one place that formats
them, in Dutch ("maandag 7 december 2026", "1.234,5") or English ("Monday 7 December
2026", "1,234.5").

Dutch is the default: letters, mails, service messages and exports are Dutch whatever
language the user chose, so they call ``dutch_date``/``dutch_datetime``/``dutch_number``.
Screens pass the interface language (``caseflow.web.filters``). Moments are stored in UTC
and shown in Dutch local time. Pure: Babel only, no Flask.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date as babel_date
from babel.dates import format_datetime as babel_datetime
from babel.numbers import format_decimal

from caseflow.domain.clock import to_local

DUTCH = "nl"
NONE = "–"
# Explicit patterns: Babel's English "long" date is American ("April 27, 2026"); the users
# are European civil servants, so both languages put the day first.
DATE_PATTERN = "d MMMM y"
WEEKDAY_DATE_PATTERN = "EEEE d MMMM y"
DATETIME_PATTERN = "d MMMM y HH:mm"
# A float keeps all of its digits (and at least one decimal: 5.0 reads "5,0"), as Python
# writes it; only the separators follow the language.
EXACT_FLOAT_PATTERN = "#,##0.0"


def local_date(value: date | datetime) -> date:
    """The calendar day in the Netherlands (a stored moment is UTC)."""
    return to_local(value).date() if isinstance(value, datetime) else value


def date_text(value: date | datetime | None, locale: str = DUTCH, *, weekday: bool = False) -> str:
    """'7 december 2026' / 'maandag 7 december 2026' (nl), '7 December 2026' (en)."""
    if value is None:
        return NONE
    pattern = WEEKDAY_DATE_PATTERN if weekday else DATE_PATTERN
    return babel_date(local_date(value), pattern, locale=locale)


def datetime_text(value: datetime | None, locale: str = DUTCH) -> str:
    """'7 december 2026 13:05' in Dutch local time."""
    if value is None:
        return NONE
    return babel_datetime(to_local(value), DATETIME_PATTERN, locale=locale)


def number_text(
    value: int | float | Decimal | None, locale: str = DUTCH, pattern: str | None = None
) -> str:
    """'1.234,5' (nl), '1,234.5' (en); ``pattern`` a Babel number pattern ("#,##0.0")."""
    if value is None:
        return NONE
    return format_decimal(value, pattern, locale=locale)


def exact_number_text(value: int | float | None, locale: str = DUTCH) -> str:
    """A number with every digit it has ('1.234', '1.234,56789', '5,0'): an integer as
    such, a float as Python writes it, never rounded."""
    if value is None:
        return NONE
    if isinstance(value, float):
        return format_decimal(value, EXACT_FLOAT_PATTERN, locale=locale, decimal_quantization=False)
    return format_decimal(value, locale=locale)


def percent_text(share: float, locale: str = DUTCH) -> str:
    """A share (fraction) as a percentage with one decimal: 0.052 -> '5,2%' (nl), '5.2%' (en)."""
    return f"{number_text(round(share * 100, 1), locale, '#,##0.0')}%"


def fte_text(value: float, locale: str = DUTCH) -> str:
    """Fte rounded to one decimal, without a trailing zero: 1234.0 -> '1.234', 12.5 -> '12,5'."""
    return number_text(round(value, 1), locale, "#,##0.#")


def dutch_date(value: date | datetime | None, weekday: bool = False) -> str:
    return date_text(value, DUTCH, weekday=weekday)


def dutch_datetime(value: datetime | None) -> str:
    return datetime_text(value, DUTCH)


def dutch_number(value: int | float | None) -> str:
    return exact_number_text(value, DUTCH)
