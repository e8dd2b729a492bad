"""The annual overview for parliament: cases ongoing on a peildatum and cases decided in a
year, per ministry (domain.md, "Reporting"). On screen, as CSV/XLSX and as an accessible PDF.

The state of a case on a past peildatum comes from the audit trail: the ``to_state`` of its
last event up to the end of that day, read in the same query as the case by a correlated
subquery on the (case_id, id) index of ``case_events``. On or after today the current
state is used, which is exact. Only the roles that work with all cases (adviser,
coordinator, secretariat) may draw up the overview; the check lives here, not in the view.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import ScalarSelect, and_, func, or_, select
from sqlalchemy.orm import aliased

from caseflow.domain.clock import AMSTERDAM, local_today, to_local
from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Ministry, Organisation, Province, User
from caseflow.services import permissions
from caseflow.services.caselists.export import (
    CSV_MIMETYPE,
    XLSX_MIMETYPE,
    _csv_text,
    _labels,
    _xlsx_cell,
)
from caseflow.services.cases.access import visible_to

__all__ = ["CSV_MIMETYPE", "XLSX_MIMETYPE"]

NOT_ALLOWED = permissions.TABLE["annual_overview.view"].message
DRAFT = "concept"  # the initial state of the location cases: not yet filed with BZK
DECISION_OUTCOMES = ("overeenstemming", "ministerraad", "ingetrokken", "buiten_behandeling")
OUTCOME_LABELS = {
    "overeenstemming": "Overeenstemming",
    "ministerraad": "Besluit ministerraad",
    "ingetrokken": "Ingetrokken",
    "buiten_behandeling": "Buiten behandeling",
}
ONGOING_HEADERS = (
    "Ministerie",
    "Kenmerk",
    "Titel",
    "Zaaktype",
    "Status op peildatum",
    "Organisatie",
    "Huidige locatie",
    "Voorgestelde locatie",
    "Fte wijziging",
)
DECIDED_HEADERS = (
    "Ministerie",
    "Kenmerk",
    "Titel",
    "Zaaktype",
    "Uitkomst",
    "Datum afgesloten",
    "Organisatie",
    "Afgesproken locatie",
    "Fte wijziging",
)


@dataclass(frozen=True)
class OngoingRow:
    case_id: int
    ministry: str
    reference: str
    title: str
    case_type: str
    state: str
    organisation: str
    current_location: str
    proposed_location: str
    fte_change: int | None

    def cells(self) -> tuple[str | int | None, ...]:
        return (
            self.ministry,
            self.reference,
            self.title,
            self.case_type,
            self.state,
            self.organisation,
            self.current_location,
            self.proposed_location,
            self.fte_change,
        )


@dataclass(frozen=True)
class DecidedRow:
    case_id: int
    ministry: str
    reference: str
    title: str
    case_type: str
    outcome: str
    closed_on: date
    organisation: str
    agreed_location: str
    fte_change: int | None

    def cells(self) -> tuple[str | int | date | None, ...]:
        return (
            self.ministry,
            self.reference,
            self.title,
            self.case_type,
            self.outcome,
            self.closed_on,
            self.organisation,
            self.agreed_location,
            self.fte_change,
        )


@dataclass(frozen=True)
class Group:
    """The rows of one ministry, with the sum of their fte changes."""

    ministry: str
    rows: Sequence[OngoingRow | DecidedRow]

    @property
    def fte_total(self) -> int:
        return sum(r.fte_change or 0 for r in self.rows)


@dataclass(frozen=True)
class AnnualOverview:
    year: int
    peildatum: date
    state_from_audit: bool  # False: peildatum is today or later, the current state is used
    ongoing: list[Group] = field(default_factory=list)
    decided: list[Group] = field(default_factory=list)

    @property
    def ongoing_count(self) -> int:
        return sum(len(g.rows) for g in self.ongoing)

    @property
    def decided_count(self) -> int:
        return sum(len(g.rows) for g in self.decided)


def may_view(user: User) -> bool:
    return permissions.can(user, "annual_overview.view")


def _utc_start(day: date) -> datetime:
    """00:00 Amsterdam time on ``day`` as naive UTC (how moments are stored)."""
    return datetime.combine(day, time(), tzinfo=AMSTERDAM).astimezone(UTC).replace(tzinfo=None)


def state_on(day: date) -> ScalarSelect[Any]:
    """The state of each case at the end of ``day``: ``to_state`` of its last transition
    event recorded before the next day began (one correlated subquery per row, on the
    (case_id, id) index; events are appended, so the highest id is the latest)."""
    return (
        select(CaseEvent.to_state)
        .where(
            CaseEvent.case_id == Case.id,
            CaseEvent.to_state != "",
            CaseEvent.at < _utc_start(day + timedelta(days=1)),
        )
        .order_by(CaseEvent.id.desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )


def _location(province: str | None, place: str) -> str:
    if province and place:
        return f"{place} ({province})"
    return place or province or ""


def _organisation(name: str | None, abbreviation: str | None, unit: str) -> str:
    if name and unit:
        return f"{unit} ({abbreviation})"
    return name or unit


def ongoing_on(user: User, day: date) -> tuple[list[OngoingRow], bool]:
    """Cases that were with BZK at the end of ``day``, in ministry order: past their draft
    (a draft has not reached BZK) and not closed by then. End of the day, like the states
    read from the audit trail: a case closed on the peildatum is decided, not ongoing."""
    current, proposed = aliased(Province), aliased(Province)
    from_audit = day < local_today()
    state_column: Any = state_on(day) if from_audit else Case.state
    query = (
        select(
            Case.id,
            Ministry.abbreviation,
            Case.reference,
            Case.title,
            Case.case_type,
            Case.workflow_version,
            state_column,
            Case.state,
            Organisation.name,
            Organisation.abbreviation,
            Case.unit_name,
            current.name,
            Case.current_place,
            proposed.name,
            Case.proposed_place,
            Case.fte_change,
        )
        .select_from(Case)
        .join(Ministry, Ministry.id == Case.ministry_id)
        .outerjoin(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(current, current.id == Case.current_province_id)
        .outerjoin(proposed, proposed.id == Case.proposed_province_id)
        .where(
            visible_to(user),
            Case.created_at < _utc_start(day + timedelta(days=1)),
            or_(Case.closed_at.is_(None), Case.closed_at >= _utc_start(day + timedelta(days=1))),
            func.coalesce(state_column, Case.state) != DRAFT,
        )
        .order_by(Ministry.abbreviation, Case.reference)
    )
    rows = []
    for (case_id, ministry, reference, title, case_type, version, state_then, state_now,
         org_name, org_abbreviation, unit, current_province, current_place,
         proposed_province, proposed_place, fte_change) in db.session.execute(query):  # fmt: skip
        type_label, state_label = _labels(case_type, version, state_then or state_now)
        rows.append(
            OngoingRow(
                case_id=case_id,
                ministry=ministry,
                reference=reference,
                title=title,
                case_type=type_label,
                state=state_label,
                organisation=_organisation(org_name, org_abbreviation, unit),
                current_location=_location(current_province, current_place),
                proposed_location=_location(proposed_province, proposed_place),
                fte_change=fte_change,
            )
        )
    return rows, from_audit


def decided_in(user: User, year: int) -> list[DecidedRow]:
    """Cases closed in ``year`` (Amsterdam time) with a decision outcome, per ministry."""
    agreed = aliased(Province)
    query = (
        select(
            Case.id,
            Ministry.abbreviation,
            Case.reference,
            Case.title,
            Case.case_type,
            Case.workflow_version,
            Case.outcome,
            Case.closed_at,
            Organisation.name,
            Organisation.abbreviation,
            Case.unit_name,
            agreed.name,
            Case.agreed_place,
            Case.fte_change,
        )
        .select_from(Case)
        .join(Ministry, Ministry.id == Case.ministry_id)
        .outerjoin(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(agreed, agreed.id == Case.agreed_province_id)
        .where(
            visible_to(user),
            Case.outcome.in_(DECISION_OUTCOMES),
            and_(
                Case.closed_at >= _utc_start(date(year, 1, 1)),
                Case.closed_at < _utc_start(date(year + 1, 1, 1)),
            ),
        )
        .order_by(Ministry.abbreviation, Case.closed_at, Case.reference)
    )
    rows = []
    for (case_id, ministry, reference, title, case_type, version, outcome, closed_at,
         org_name, org_abbreviation, unit, agreed_province, agreed_place,
         fte_change) in db.session.execute(query):  # fmt: skip
        if closed_at is None:  # excluded by the query; narrows the type
            continue
        rows.append(
            DecidedRow(
                case_id=case_id,
                ministry=ministry,
                reference=reference,
                title=title,
                case_type=_labels(case_type, version, "")[0],
                outcome=OUTCOME_LABELS.get(outcome, outcome),
                closed_on=to_local(closed_at).date(),
                organisation=_organisation(org_name, org_abbreviation, unit),
                agreed_location=_location(agreed_province, agreed_place),
                fte_change=fte_change,
            )
        )
    return rows


def _grouped(rows: Sequence[OngoingRow | DecidedRow]) -> list[Group]:
    groups: dict[str, list[OngoingRow | DecidedRow]] = {}
    for row in rows:
        groups.setdefault(row.ministry, []).append(row)
    return [Group(ministry, members) for ministry, members in groups.items()]


def annual_overview(
    user: User, year: int | None = None, peildatum: date | None = None
) -> AnnualOverview:
    """Default: this year, peildatum today (or 31 December of a past year)."""
    if not may_view(user):
        raise NotAllowed(NOT_ALLOWED)
    today = local_today()
    year = year or today.year
    if peildatum is None:
        peildatum = today if year >= today.year else date(year, 12, 31)
    ongoing, from_audit = ongoing_on(user, peildatum)
    return AnnualOverview(
        year=year,
        peildatum=peildatum,
        state_from_audit=from_audit,
        ongoing=_grouped(ongoing),
        decided=_grouped(decided_in(user, year)),
    )


# --- downloads -------------------------------------------------------------------------------


def filename(data: AnnualOverview, extension: str) -> str:
    return f"jaaroverzicht-{data.year}-peildatum-{data.peildatum.isoformat()}.{extension}"


def _sections(data: AnnualOverview) -> list[tuple[str, tuple[str, ...], list[Any]]]:
    return [
        (
            f"Lopende zaken op {data.peildatum:%d-%m-%Y}",
            ONGOING_HEADERS,
            [row.cells() for group in data.ongoing for row in group.rows],
        ),
        (
            f"Besloten zaken in {data.year}",
            DECIDED_HEADERS,
            [row.cells() for group in data.decided for row in group.rows],
        ),
    ]


def csv_bytes(data: AnnualOverview) -> Iterator[bytes]:
    """Both tables one after the other, each under a title line; the conventions of the
    case export (BOM, ``;``, neutralised formulas). Built whole before it is returned, so
    nothing can fail once the response has started."""
    return iter([_csv_document(data)])


def _csv_document(data: AnnualOverview) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for number, (title, headers, rows) in enumerate(_sections(data)):
        if number:
            writer.writerow([])
        writer.writerow([_csv_text(title)])
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_text(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()


def xlsx_file(data: AnnualOverview) -> IO[bytes]:
    """One sheet per table, in a temporary file positioned at its start."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for (title, headers, rows), sheet_name in zip(
        _sections(data), ("Lopende zaken", "Besloten zaken"), strict=True
    ):
        sheet = workbook.create_sheet(sheet_name)
        for letter, width in zip("ABCDEFGHI", (12, 14, 40, 22, 24, 34, 26, 26, 12), strict=True):
            sheet.column_dimensions[letter].width = width
        sheet.append([_xlsx_cell(sheet, title, font=bold)])
        sheet.append([_xlsx_cell(sheet, name, font=bold) for name in headers])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it after sending
    workbook.save(target)
    target.seek(0)
    return target
