"""Export of a case list: every matching case (not just the page), as CSV or XLSX.

The rows come from the same ``queries.conditions`` as the list, so ministry isolation and
every filter apply unchanged. They are read in batches from a server-side cursor
(``yield_per``) and written as they come by :mod:`caseflow.services.reporting.tabular`:
the CSV streams to the client, the XLSX is built in a temporary file. At most
``MAX_ROWS`` rows; beyond that the file ends with a Dutch note saying it was cut off.

An export never breaks off halfway: the query runs (and its first batch is read) before
the response starts, so a refused query is an error page rather than a cut-off file, and
every cell is formatted by the total functions of :mod:`caseflow.services.reporting.cells`.

Spreadsheet formula injection: a text cell starting with ``= + - @``, a tab or a carriage
return gets a leading apostrophe, so Excel shows it as text instead of running it.
Numbers (fte) are written as numbers, so -120 stays a number.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Connection, Result, Row, Select
from sqlalchemy.exc import DataError

from caseflow.domain.clock import local_today, to_local
from caseflow.domain.dutch import dutch_number
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.caselists import case_lines, queries
from caseflow.services.caselists.case_sort import Sort
from caseflow.services.reporting import cells, tabular
from caseflow.services.reporting.tabular import Heading

MAX_ROWS = 100_000
INVALID_FILTER = (
    "De filters van deze export zijn ongeldig. Pas de filters aan en probeer het opnieuw."
)
BATCH = 1_000
HEADERS = (
    "Kenmerk",
    "Titel",
    "Zaaktype",
    "Status",
    "Ministerie",
    "Organisatie",
    "Fte huidig",
    "Fte wijziging",
    "Huidige provincie",
    "Huidige plaats",
    "Voorgestelde provincie",
    "Voorgestelde plaats",
    "Behandelaar",
    "Uiterste datum",
    "Aangemaakt",
    "Gewijzigd",
)
FORMULA_STARTS = cells.FORMULA_STARTS
CSV_MIMETYPE, XLSX_MIMETYPE = tabular.CSV_MIMETYPE, tabular.XLSX_MIMETYPE
COLUMN_WIDTHS = (14, 40, 22, 20, 10, 34)

Cell = str | int | date | datetime | None


@dataclass(frozen=True)
class Truncated:
    """Stands in for the rows beyond the cap: the note that ends the file."""

    limit: int

    @property
    def note(self) -> str:
        return (
            f"Let op: deze export is afgekapt na {dutch_number(self.limit)} zaken. "
            "Verfijn de filters om de overige zaken te exporteren."
        )


neutralise = cells.neutralise


def filename(extension: str) -> str:
    return f"zaken-{local_today().isoformat()}.{extension}"


def _statement(
    user: User, f: queries.CaseFilter, sort: Sort, limit: int
) -> Select[*tuple[Any, ...]]:
    # The state as the user is shown it (a ministry's 'in behandeling' includes approval).
    query = case_lines.wide_select(state=permissions.state_column(user))
    query = query.where(*queries.conditions(user, f))
    return queries.ordered(query, sort).limit(limit + 1).execution_options(yield_per=BATCH)


def rows(
    user: User, f: queries.CaseFilter, sort: Sort, limit: int | None = None
) -> Iterator[tuple[Cell, ...] | Truncated]:
    """The export rows in list order (at most ``limit``, default ``MAX_ROWS``), then a
    ``Truncated`` marker if there were more."""
    limit = MAX_ROWS if limit is None else limit
    return _rows_of(_execute(user, f, sort, limit), limit)


def _execute(
    user: User, f: queries.CaseFilter, sort: Sort, limit: int, connection: Connection | None = None
) -> Result[Any]:
    """The running query, called before any byte is sent: a database that refuses it
    (a value out of range, a NUL byte) fails the request, not the middle of the file.
    On ``connection`` for a streamed download (see tabular.Download), else in the session."""
    statement = _statement(user, f, sort, limit)
    try:
        if connection is not None:
            result = tabular.streamed(connection, statement)
        else:
            result = db.session.execute(statement)
    except (OverflowError, DataError) as exc:
        db.session.rollback()
        raise ValidationFailed(INVALID_FILTER) from exc
    security_log.event("export", "ok", actor=user, obj="zaken", filter=repr(f))
    return result


def _rows_of(result: Result[Any], limit: int) -> Iterator[tuple[Cell, ...] | Truncated]:
    try:
        for number, row in enumerate(result, start=1):
            if number > limit:
                yield Truncated(limit)
                break
            yield _cells(row)
    finally:
        result.close()


def _cells(row: Row[Any]) -> tuple[Cell, ...]:
    found = case_lines.line(row)
    return (
        found.reference,
        found.title,
        found.type_label,
        found.state_label,
        found.ministry,
        found.organisation,
        found.fte_current,
        found.fte_change,
        found.current_province or "",
        found.current_place,
        found.proposed_province or "",
        found.proposed_place,
        found.assignee or "",
        found.next_due_on,
        _local(found.created_at),
        _local(found.updated_at),
    )


def _local(moment: datetime | None) -> datetime | None:
    """Stored UTC as a naive Dutch local time (spreadsheets have no time zones); a moment
    at the very edge of the calendar stays in UTC rather than overflowing."""
    if moment is None:
        return None
    with contextlib.suppress(OverflowError):
        moment = to_local(moment).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def csv_stream(user: User, f: queries.CaseFilter, sort: Sort) -> tabular.Download:
    """UTF-8 with BOM (Excel recognises the encoding), ``;`` between fields (Dutch Excel),
    a Dutch header row; yielded in chunks while the rows are read. The query runs now,
    before the caller starts the response."""
    connection = tabular.streaming_connection()
    try:
        result = _execute(user, f, sort, MAX_ROWS, connection)
    except BaseException:
        connection.close()
        raise
    chunks = tabular.csv_chunks(_table(_rows_of(result, MAX_ROWS)))
    return tabular.Download(chunks, connection, (result,))


def _table(found: Iterator[tuple[Cell, ...] | Truncated]) -> Iterator[tabular.Row]:
    """The header, the rows, and the note that says the file was cut off, if it was."""
    yield Heading(HEADERS)
    for row in found:
        yield Heading((row.note,)) if isinstance(row, Truncated) else row


def xlsx_file(user: User, f: queries.CaseFilter, sort: Sort) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start."""
    found = rows(user, f, sort)  # a refused query fails here, before a sheet is open
    return tabular.xlsx_file([tabular.Sheet("Zaken", _table(found), COLUMN_WIDTHS)])
