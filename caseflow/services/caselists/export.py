"""Export of a case list: every matching case (not just the page), as CSV or XLSX.

The rows come from the same ``queries.conditions`` as the list, so ministry isolation and
every filter apply unchanged. They are read in batches from a server-side cursor
(``yield_per``) and written as they come: the CSV streams to the client, the XLSX is built
by openpyxl's write-only workbook in a temporary file. At most ``MAX_ROWS`` rows; beyond
that the file ends with a Dutch note saying it was cut off.

An export never breaks off halfway: the query runs (and its first batch is read) before
the response starts, so a refused query is an error page rather than a cut-off file, and
every cell is formatted by the total functions of :mod:`caseflow.services.reporting.cells`.

Spreadsheet formula injection: a text cell starting with ``= + - @``, a tab or a carriage
return gets a leading apostrophe, so Excel shows it as text instead of running it.
Numbers (fte) are written as numbers, so -120 stays a number.
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Result, Select, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import aliased

import workflows
from caseflow.domain.clock import local_today, to_local
from caseflow.domain.dutch import dutch_number
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Ministry, Organisation, Province, User
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_sort import Sort
from caseflow.services.reporting import cells

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
CSV_MIMETYPE = "text/csv"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT, DATETIME_FORMAT = "dd-mm-yyyy", "dd-mm-yyyy hh:mm"

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
    current, proposed = aliased(Province), aliased(Province)
    assignee = aliased(User)
    query = (
        select(
            Case.reference,
            Case.title,
            Case.case_type,
            Case.workflow_version,
            permissions.state_column(user),  # the state as the user is shown it
            Ministry.abbreviation,
            Organisation.name,
            Organisation.abbreviation,
            Case.unit_name,
            Case.fte_current,
            Case.fte_change,
            current.name,
            Case.current_place,
            proposed.name,
            Case.proposed_place,
            assignee.name,
            Case.next_due_on,
            Case.created_at,
            Case.updated_at,
        )
        .select_from(Case)
        .join(Ministry, Ministry.id == Case.ministry_id)
        .outerjoin(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(current, current.id == Case.current_province_id)
        .outerjoin(proposed, proposed.id == Case.proposed_province_id)
        .outerjoin(assignee, assignee.id == Case.assignee_id)
        .where(*queries.conditions(user, f))
    )
    return queries.ordered(query, sort).limit(limit + 1).execution_options(yield_per=BATCH)


def rows(
    user: User, f: queries.CaseFilter, sort: Sort, limit: int | None = None
) -> Iterator[tuple[Cell, ...] | Truncated]:
    """The export rows in list order (at most ``limit``, default ``MAX_ROWS``), then a
    ``Truncated`` marker if there were more."""
    limit = MAX_ROWS if limit is None else limit
    return _rows_of(_execute(user, f, sort, limit), limit)


def _execute(user: User, f: queries.CaseFilter, sort: Sort, limit: int) -> Result[Any]:
    """The running query, called before any byte is sent: a database that refuses it
    (a value out of range, a NUL byte) fails the request, not the middle of the file."""
    try:
        result = db.session.execute(_statement(user, f, sort, limit))
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


def _cells(row: Any) -> tuple[Cell, ...]:
    (reference, title, case_type, version, state, ministry, org_name, org_abbreviation,
     unit, fte_current, fte_change, current_province, current_place, proposed_province,
     proposed_place, assignee, due_on, created_at, updated_at) = row  # fmt: skip
    type_label, state_label = _labels(case_type, version, state)
    organisation = f"{unit} ({org_abbreviation})" if org_name and unit else org_name or unit
    return (
        reference,
        title,
        type_label,
        state_label,
        ministry,
        organisation,
        fte_current,
        fte_change,
        current_province or "",
        current_place,
        proposed_province or "",
        proposed_place,
        assignee or "",
        due_on,
        _local(created_at),
        _local(updated_at),
    )


def _labels(case_type: str, version: int, state: str) -> tuple[str, str]:
    """The labels of type and state; the stored codes for a workflow this version lacks."""
    try:
        definition = workflows.definition(case_type, version)
    except KeyError:
        return case_type, state
    return definition.label, definition.state_label(state)


def _local(moment: datetime | None) -> datetime | None:
    """Stored UTC as a naive Dutch local time (spreadsheets have no time zones); a moment
    at the very edge of the calendar stays in UTC rather than overflowing."""
    if moment is None:
        return None
    with contextlib.suppress(OverflowError):
        moment = to_local(moment).replace(tzinfo=None)
    return moment.replace(second=0, microsecond=0)


def _csv_text(value: Any) -> str:
    return cells.csv_text(value)


class Download(Iterator[bytes]):
    """The chunks of a download and the query result behind them. ``close`` (which the web
    layer calls when the response closes: read to the end, left halfway by the client, or
    never started) closes the database cursor at once instead of leaving it to the garbage
    collector."""

    def __init__(self, chunks: Generator[bytes], result: Result[Any]) -> None:
        self._chunks, self._result = chunks, result

    def __next__(self) -> bytes:
        return next(self._chunks)

    def close(self) -> None:
        self._chunks.close()
        self._result.close()


def csv_stream(user: User, f: queries.CaseFilter, sort: Sort) -> Download:
    """UTF-8 with BOM (Excel recognises the encoding), ``;`` between fields (Dutch Excel),
    a Dutch header row; yielded in chunks while the rows are read. The query runs now,
    before the caller starts the response."""
    result = _execute(user, f, sort, MAX_ROWS)
    return Download(_csv_chunks(_rows_of(result, MAX_ROWS)), result)


def _csv_chunks(found: Iterator[tuple[Cell, ...] | Truncated]) -> Generator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    yield b"\xef\xbb\xbf" + buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(found, start=1):
        if isinstance(row, Truncated):
            writer.writerow([row.note])
        else:
            writer.writerow([_csv_text(value) for value in row])
        if number % 200 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def xlsx_file(user: User, f: queries.CaseFilter, sort: Sort) -> IO[bytes]:
    """The workbook in a temporary file (deleted when closed), positioned at its start."""
    found = rows(user, f, sort)  # a refused query fails here, before a sheet is open
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Zaken")
    for letter, width in zip("ABCDEFGHIJKLMNOP", (14, 40, 22, 20, 10, 34), strict=False):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, name, font=bold) for name in HEADERS])
    for row in found:
        if isinstance(row, Truncated):
            sheet.append([_xlsx_cell(sheet, row.note, font=bold)])
        else:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it after sending
    workbook.save(target)
    target.seek(0)
    return target


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any, font: Font | None = None) -> Any:
    value = cells.xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    if font is not None:
        cell.font = font
    return cell
