"""Total formatting of export cells: every value the database can hold becomes a cell that
the CSV writer and openpyxl accept, so an export never breaks off halfway because of one
odd case (a NUL or control character in a title, a lone surrogate, a huge number, a date
that Excel cannot show or the Dutch clock cannot convert).

Text cells also get formula neutralisation: a text that a spreadsheet would read as a
formula (``= + - @``, a tab or a carriage return at the start) gets a leading apostrophe.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit per cell; longer text is cut (with an ellipsis) rather than refused.
MAX_CELL_CHARS = 32_767
# Excel keeps 15 significant digits: larger integers are written as text, exactly.
MAX_EXACT_NUMBER = 10**15 - 1
# Excel's calendar starts in 1900 (and gets 29-02-1900 wrong): earlier dates go as text.
FIRST_EXCEL_DAY = date(1900, 3, 1)
# Control characters other than tab, line feed and carriage return, plus DEL and the
# C1 controls: neither XML (XLSX) nor a spreadsheet reading CSV can hold them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

Value = str | int | float | Decimal | date | datetime | None


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would read as a formula gets a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def clean_text(value: str) -> str:
    """The text without control characters or lone surrogates, at most one Excel cell long,
    formula-neutralised."""
    text = _CONTROL.sub("", value)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    if len(text) > MAX_CELL_CHARS - 1:  # room for the apostrophe of neutralise
        text = text[: MAX_CELL_CHARS - 2] + "…"
    return neutralise(text)


def _number(value: int | float | Decimal) -> int | float | str | None:
    if isinstance(value, Decimal | float) and not math.isfinite(value):
        return None
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if abs(value) > MAX_EXACT_NUMBER:
        return str(int(value)) if isinstance(value, int) else f"{value:.15g}"
    return value


def xlsx_value(value: Any) -> Any:
    """What goes into a workbook cell: numbers and dates as such, everything else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float | Decimal):
        return _number(value)
    if isinstance(value, date):  # datetime too
        day = value.date() if isinstance(value, datetime) else value
        return value if day >= FIRST_EXCEL_DAY else csv_text(value)
    return clean_text(value if isinstance(value, str) else str(value))


def csv_text(value: Any) -> str:
    """One CSV field: dates ISO (with minutes for a moment), numbers plain, text cleaned."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int | float | Decimal):
        number = _number(value)
        return "" if number is None else str(number)
    return clean_text(value if isinstance(value, str) else str(value))
