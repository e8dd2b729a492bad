"""Reading an uploaded table (CSV or XLSX) within limits, so that no file can hold a worker.

Everything is checked before or while reading, never after parsing the whole file:

- the size of the upload;
- CSV: decoded as UTF-8 (with or without BOM), read row by row; a cell longer than the
  limit (also one beyond the csv module's own 128 KiB field limit), a row with too many
  columns or one row too many stops the reading with a Dutch message naming the line;
- XLSX: first checked as a ZIP package (member count, declared unpacked sizes, compression
  ratio: :mod:`caseflow.domain.zipguard`), then its first sheet's declared dimension, then
  read by openpyxl in read-only mode (streaming) with the same row, column and cell caps.

The result is the non-empty rows as lists of stripped texts. Pure: no Flask, no DB.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from caseflow.domain.errors import ValidationFailed
from caseflow.domain.zipguard import ZipLimits, open_package

UNREADABLE_XLSX = "Het Excel-bestand kan niet worden gelezen."
WRONG_KIND = "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)."
NOT_UTF8 = "Het CSV-bestand is niet in UTF-8 opgeslagen."
# Empty rows are skipped, but a file of nothing but empty rows is refused all the same.
EMPTY_ROWS_FACTOR = 2
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class TableLimits:
    max_bytes: int = 5 * 1024 * 1024
    max_rows: int = 5000  # data rows, the header not counted
    max_columns: int = 20
    max_cell_chars: int = 1000
    zip: ZipLimits = field(default_factory=lambda: ZipLimits(max_unpacked_bytes=20 * 1024**2))

    @property
    def max_physical_rows(self) -> int:
        """Rows read at most, empty ones included."""
        return (self.max_rows + 1) * EMPTY_ROWS_FACTOR


def too_many_rows(limits: TableLimits) -> str:
    return f"Te veel regels: maximaal {limits.max_rows}."


def read_table(filename: str, data: bytes, limits: TableLimits) -> list[list[str]]:
    """The non-empty rows of the upload (header first); ValidationFailed (Dutch) otherwise."""
    if len(data) > limits.max_bytes:
        raise ValidationFailed(
            f"Het bestand is te groot: maximaal {limits.max_bytes // (1024 * 1024)} MB."
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _capped(_xlsx_rows(data, limits), limits)
    if name.endswith(".csv"):
        return _capped(_csv_rows(data, limits), limits)
    raise ValidationFailed(WRONG_KIND)


def _capped(found: Iterable[tuple[int, list[str]]], limits: TableLimits) -> list[list[str]]:
    table: list[list[str]] = []
    for line, row in found:
        if len(row) > limits.max_columns and any(row[limits.max_columns :]):
            raise ValidationFailed(
                f"Regel {line} heeft te veel kolommen: maximaal {limits.max_columns}."
            )
        if any(len(cell) > limits.max_cell_chars for cell in row):
            raise ValidationFailed(_too_long(line, limits))
        if any(_CONTROL.search(cell) for cell in row):  # a NUL cannot even be stored
            raise ValidationFailed(f"Regel {line} bevat ongeldige tekens (stuurtekens).")
        if any(row):
            if len(table) > limits.max_rows:  # the header plus max_rows are in already
                raise ValidationFailed(too_many_rows(limits))
            table.append(row[: limits.max_columns])
    return table


def _too_long(line: int, limits: TableLimits) -> str:
    return f"Regel {line}: een cel is langer dan {limits.max_cell_chars} tekens."


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(data: bytes, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(NOT_UTF8) from exc
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, limits))
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # mostly: beyond the csv module's field limit (128 KiB)
            raise ValidationFailed(_csv_error(reader.line_num, exc, limits)) from exc
        if reader.line_num > limits.max_physical_rows:
            raise ValidationFailed(too_many_rows(limits))
        yield reader.line_num, [value.strip() for value in values]


def _csv_error(line: int, error: csv.Error, limits: TableLimits) -> str:
    if "field larger than field limit" in str(error):
        return _too_long(line, limits)
    return f"Regel {line} is geen geldige CSV-regel."


def _delimiter(text: str, limits: TableLimits) -> str:
    """``;`` (Dutch Excel) when the first line has at least as many as commas, else ``,``."""
    first = text[: (limits.max_cell_chars + 1) * (limits.max_columns + 1)].split("\n", 1)[0]
    return ";" if ";" in first and first.count(";") >= first.count(",") else ","


# --- XLSX --------------------------------------------------------------------------------


def _xlsx_rows(data: bytes, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    package = open_package(io.BytesIO(data), len(data), limits.zip)
    if package is None:
        raise ValidationFailed(UNREADABLE_XLSX)
    with package:
        if "xl/workbook.xml" not in package.namelist():
            raise ValidationFailed(UNREADABLE_XLSX)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is a user error
        raise ValidationFailed(UNREADABLE_XLSX) from exc
    try:
        yield from _sheet_rows(workbook, limits)
    finally:
        workbook.close()


def _sheet_rows(workbook: Any, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    if not workbook.worksheets:
        raise ValidationFailed(UNREADABLE_XLSX)
    sheet = workbook.worksheets[0]
    declared_rows, declared_columns = _dimension(sheet)
    if declared_rows > limits.max_physical_rows:
        raise ValidationFailed(too_many_rows(limits))
    if declared_columns > limits.max_columns:
        raise ValidationFailed(
            f"Het werkblad heeft te veel kolommen: maximaal {limits.max_columns}."
        )
    rows = sheet.iter_rows(
        max_row=limits.max_physical_rows + 1, max_col=limits.max_columns + 1, values_only=True
    )
    try:
        for line, values in enumerate(rows, start=1):
            if line > limits.max_physical_rows:
                raise ValidationFailed(too_many_rows(limits))
            yield line, [cell_text(value) for value in values]
    except ValidationFailed:
        raise
    except Exception as exc:  # a damaged sheet part: the user's file, not our error
        raise ValidationFailed(UNREADABLE_XLSX) from exc


def _dimension(sheet: Any) -> tuple[int, int]:
    """Rows and columns the sheet declares (``<dimension ref="A1:F1000000"/>``); 0 when it
    declares none: the streaming caps then still apply."""
    try:
        return int(sheet.max_row or 0), int(sheet.max_column or 0)
    except (TypeError, ValueError):
        return 0, 0


def cell_text(value: Any) -> str:
    """A cell as text: a date as JJJJ-MM-DD, a whole number without '.0'; ``nan`` and
    ``inf`` stay visible as such, so the row check can refuse them."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()[:10]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value).strip()
