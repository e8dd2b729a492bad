"""The one writer of downloadable tables: rows in, CSV or XLSX out.

Every export (the case list, the annual overview, a case's timeline, the list of decisions
to publish) hands its rows to this module, so they all follow the same conventions:

- CSV: UTF-8 with a BOM (Excel recognises the encoding), ``;`` between fields (Dutch
  Excel), CRLF line ends; written as chunks while the rows come, or as one document;
- XLSX: openpyxl's write-only workbook in a temporary file, one sheet per table, headings
  in bold, dates and moments with a Dutch number format;
- every cell through the total formatting of :mod:`caseflow.services.reporting.cells`
  (formula neutralisation, control characters, huge numbers, dates Excel cannot hold), so
  no value can break a file off halfway.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Connection, Executable, Result

from caseflow.extensions import db
from caseflow.services.reporting import cells

CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = b"\xef\xbb\xbf"
DATE_FORMAT, DATETIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"
# Rows per CSV chunk: small enough to start the download at once, large enough that the
# chunks are not a byte each.
CHUNK_ROWS = 200


@dataclass(frozen=True)
class Heading:
    """A row that a workbook shows in bold (a header, a title, a closing note); in CSV it
    is a row like any other."""

    cells: Sequence[str]


Row = Heading | Sequence[Any]
BLANK: Row = ()  # an empty line, between two tables in one CSV


def _values(row: Row) -> Sequence[Any]:
    return row.cells if isinstance(row, Heading) else row


# --- CSV -------------------------------------------------------------------------------------


def csv_chunks(rows: Iterable[Row], chunk_rows: int = CHUNK_ROWS) -> Generator[bytes]:
    """The CSV in chunks: the BOM and the first row at once, then every ``chunk_rows``
    rows, then the rest. Rows are read only as the chunks are asked for."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    prefix = BOM
    for number, row in enumerate(rows):
        writer.writerow([cells.csv_text(value) for value in _values(row)])
        if number % chunk_rows == 0:
            yield prefix + buffer.getvalue().encode()
            prefix = b""
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell() or prefix:
        yield prefix + buffer.getvalue().encode()


def csv_document(rows: Iterable[Row]) -> bytes:
    """The whole CSV at once, for a table built before the response starts."""
    return b"".join(csv_chunks(rows))


# --- XLSX ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: its name, the widths of its first columns, its rows."""

    name: str
    rows: Iterable[Row]
    widths: Sequence[int] = ()


def xlsx_file(sheets: Iterable[Sheet]) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start.
    The rows are read while the sheets are written."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it after sending
    write_xlsx(sheets, target)
    target.seek(0)
    return target


def write_xlsx(sheets: Iterable[Sheet], target: IO[bytes]) -> None:
    """The workbook written into ``target`` (openpyxl write-only: each row goes to a
    temporary file as it is appended, so memory does not grow with the rows)."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in sheets:
        sheet = workbook.create_sheet(table.name)
        for number, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        for row in table.rows:
            font = bold if isinstance(row, Heading) else None
            sheet.append([_xlsx_cell(sheet, value, font) for value in _values(row)])
    workbook.save(target)


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, font: Font | None) -> Any:
    value = cells.xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell


class Download(Iterator[bytes]):
    """The chunks of a streamed download and the connection its rows are read from.

    The rows come from a connection of the download's own, not from the request's session:
    the web layer ends that session (and so its transaction and every cursor in it) when the
    view returns, before the server has sent a byte of the body. ``close`` (which the web
    layer calls when the response closes: read to the end, left halfway by the client, or
    never started) closes the cursors and gives the connection back at once."""

    def __init__(
        self, chunks: Generator[bytes], connection: Connection, results: Sequence[Result[Any]]
    ) -> None:
        self._chunks, self._connection, self._results = chunks, connection, results

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            # Read to the end: give the connection back now, not only when the server
            # remembers to close the response (PostgreSQL would keep its transaction open).
            self._release()
            raise

    def close(self) -> None:
        self._chunks.close()
        self._release()

    def _release(self) -> None:
        # The cursors first: a rows generator never started has not closed its own.
        for result in self._results:
            result.close()
        self._connection.close()


def streaming_connection() -> Connection:
    """A connection for one download's list queries (see ``Download``); the caller runs
    its statements with ``streamed`` and hands it to ``Download``, or closes it."""
    return db.engine.connect()


def streamed(connection: Connection, statement: Executable) -> Result[Any]:
    """Run a list query now, so that a refused one fails the request before a byte is sent;
    its rows are fetched in batches (a server-side cursor on PostgreSQL) as they are read."""
    return connection.execute(statement)
