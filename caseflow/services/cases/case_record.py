"""The case as the JSON API (/api/v1) gives it: plain frozen records, built from the same
need-to-know as the case page (``access.visible_to``, ``permissions.visible_advice`` and
``permissions.shown_state``), so a ministry's token reads what its user reads on screen and
nothing more: never another ministry's case, never a draft or rejected advice, never the
coordinator's comments, never a state that is BZK-internal.

A list of cases is one page of ``queries.sorted_page`` (keyset, no OFFSET, no exact total)
turned into records without a query per row."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import BinaryIO

from sqlalchemy import select

from caseflow.domain.bounds import parse_id
from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import AdviceLetter, Case, Document, Province, User
from caseflow.services import permissions
from caseflow.services.caselists import queries
from caseflow.services.cases import documents, letters, lifecycle
from caseflow.services.cases.access import CASE_NOT_FOUND, get_case, visible_to
from caseflow.services.cases.case_page import advice_versions
from caseflow.services.deadlines import adjustments


@dataclass(frozen=True)
class AdviceRecord:
    number: int
    status: str
    advised_province: str | None
    advised_place: str
    issued_at: datetime | None
    text: str


@dataclass(frozen=True)
class CaseRecord:
    id: int
    reference: str
    case_type: str
    workflow_version: int
    state: str  # as the user is shown it
    title: str
    ministry: str  # abbreviation of the ministry the case was filed for
    organisation: str | None
    unit_name: str
    fte_current: int | None
    fte_change: int | None
    current_province: str | None
    current_place: str
    proposed_province: str | None
    proposed_place: str
    next_due_on: date | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    version: int


@dataclass(frozen=True)
class CaseDetail(CaseRecord):
    motivation: str
    advice: list[AdviceRecord]


@dataclass(frozen=True)
class CasePage:
    cases: list[CaseRecord]
    next_cursor: str | None  # None on the last page


def case_list_page(
    user: User, f: queries.CaseFilter, sort: queries.Sort, cursor: str | None, size: int
) -> CasePage:
    """One page of the cases ``user`` may see, in ``sort`` order after ``cursor``."""
    permissions.require(user, "case.list")
    found = queries.sorted_page(user, f, sort, cursor, size)
    names = _province_names()
    return CasePage([_record(user, case, names) for case in found.cases], found.next_cursor)


def find_case(user: User, key: str) -> Case:
    """A case by its id or its reference, if ``user`` may see it; else NotFound."""
    case_id = parse_id(key)
    if case_id is not None:
        return get_case(user, case_id)
    query = select(Case).where(Case.reference == key[:20], visible_to(user))
    case = db.session.scalars(query).first()
    if case is None:
        raise NotFound(CASE_NOT_FOUND)
    return case


def case_detail(user: User, key: str) -> CaseDetail:
    """One case with the advice versions ``user`` may read (a ministry: issued ones only)."""
    case = find_case(user, key)
    permissions.require(user, "case.view", case)
    names = _province_names()
    advice = [
        AdviceRecord(
            number=a.number,
            status=a.status,
            advised_province=names.get(a.advised_province_id or 0),
            advised_place=a.advised_place,
            issued_at=a.issued_at,
            text=a.text,
        )
        for a in permissions.visible_advice(user, advice_versions(case))
    ]
    record = _record(user, case, names)
    return CaseDetail(**vars(record), motivation=case.motivation, advice=advice)


@dataclass(frozen=True)
class ActionRecord:
    """A workflow action the user could take on the case: offered now, or blocked (with the
    reason the case page gives), and the names of what it takes as input."""

    name: str
    label: str
    available: bool
    reason: str | None
    input_fields: list[str]


@dataclass(frozen=True)
class CaseActions:
    id: int
    version: int
    actions: list[ActionRecord]


def case_actions(user: User, key: str) -> CaseActions:
    """The actions of the user's role in the case's state, as the case page offers them
    (``lifecycle.available_actions``: the role, the state and the guards, computed once)."""
    case = find_case(user, key)
    permissions.require(user, "case.view", case)
    actions = [
        ActionRecord(
            name=action.name,
            label=action.label,
            available=blocked is None,
            reason=blocked,
            input_fields=[f.name for f in fields(action.input_type)],
        )
        for action, blocked in lifecycle.available_actions(user, case)
    ]
    return CaseActions(case.id, case.version, actions)


def _province_names() -> dict[int, str]:
    """The twelve provinces by id: one small query instead of one per case."""
    rows = db.session.execute(select(Province.id, Province.name))
    return {int(pid): str(name) for pid, name in rows}


def _record(user: User, case: Case, provinces: dict[int, str]) -> CaseRecord:
    return CaseRecord(
        id=case.id,
        reference=case.reference,
        case_type=case.case_type,
        workflow_version=case.workflow_version,
        state=permissions.shown_state(user, case.state),
        title=case.title,
        ministry=case.ministry.abbreviation,
        organisation=case.organisation.name if case.organisation else None,
        unit_name=case.unit_name,
        fte_current=case.fte_current,
        fte_change=case.fte_change,
        current_province=provinces.get(case.current_province_id or 0),
        current_place=case.current_place,
        proposed_province=provinces.get(case.proposed_province_id or 0),
        proposed_place=case.proposed_place,
        next_due_on=case.next_due_on,
        created_at=case.created_at,
        updated_at=case.updated_at,
        closed_at=case.closed_at,
        version=case.version,
    )


# --- What a ministry system reads beside the case: advice, deadlines, documents -------------


@dataclass(frozen=True)
class AdviceVersion(AdviceRecord):
    has_letter: bool  # the letter stored when the version was issued


@dataclass(frozen=True)
class CaseAdvice:
    id: int
    version: int
    advice: list[AdviceVersion]


def case_advice(user: User, key: str) -> CaseAdvice:
    """The advice versions ``user`` may read (a ministry and the secretariat: issued ones
    only; nobody the coordinator's review comments) and whether each has its letter."""
    case = find_case(user, key)
    permissions.require(user, "case.view", case)
    shown = permissions.visible_advice(user, advice_versions(case))
    ids = [a.id for a in shown]
    with_letter = (
        set(
            db.session.scalars(
                select(AdviceLetter.advice_id).where(AdviceLetter.advice_id.in_(ids))
            )
        )
        if ids
        else set()
    )
    names = _province_names()
    versions = [
        AdviceVersion(
            number=a.number,
            status=a.status,
            advised_province=names.get(a.advised_province_id or 0),
            advised_place=a.advised_place,
            issued_at=a.issued_at,
            text=a.text,
            has_letter=a.id in with_letter,
        )
        for a in shown
    ]
    return CaseAdvice(case.id, case.version, versions)


def advice_letter(user: User, key: str, number: int) -> tuple[str, bytes]:
    """Download name and bytes of the stored letter of issued version ``number``."""
    return letters.letter_pdf(user, find_case(user, key).id, number)


@dataclass(frozen=True)
class DeadlineRecord:
    id: int
    kind: str
    label: str
    responsible_role: str
    started_on: date
    working_days: int
    due_on: date
    standing: str  # lopend, gepauzeerd, gehaald, niet_gehaald, vervallen
    days_left: int  # working days (negative: overdue); 0 when no longer running
    completed_on: date | None


@dataclass(frozen=True)
class CaseDeadlines:
    id: int
    version: int
    deadlines: list[DeadlineRecord]


def case_deadlines(user: User, key: str) -> CaseDeadlines:
    """The case's deadlines, oldest first, as the case page shows them."""
    case = find_case(user, key)
    permissions.require(user, "case.view", case)
    permissions.require(user, "deadline.view")
    standings = adjustments.overview(user, case)
    return CaseDeadlines(
        case.id,
        case.version,
        [
            DeadlineRecord(
                id=s.deadline.id,
                kind=s.deadline.kind,
                label=s.deadline.label,
                responsible_role=s.deadline.responsible_role,
                started_on=s.deadline.started_on,
                working_days=s.deadline.working_days,
                due_on=s.deadline.due_on,
                standing=s.kind,
                days_left=s.days,
                completed_on=s.deadline.completed_on,
            )
            for s in standings
        ],
    )


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    kind: str
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    shared_with_ministry: bool


@dataclass(frozen=True)
class CaseDocuments:
    id: int
    version: int
    documents: list[DocumentRecord]


def document_record(document: Document) -> DocumentRecord:
    return DocumentRecord(
        id=document.id,
        kind=document.kind,
        filename=document.filename,
        media_type=document.media_type,
        size=document.size,
        sha256=document.sha256,
        uploaded_at=document.uploaded_at,
        shared_with_ministry=document.shared_with_ministry,
    )


def case_documents(user: User, key: str) -> CaseDocuments:
    """The documents of the case ``user`` may see (a ministry: its own and those BZK shared
    with it), newest first."""
    case = find_case(user, key)
    permissions.require(user, "case.view", case)
    shown = permissions.visible_documents(user, documents.documents_of(case))
    return CaseDocuments(case.id, case.version, [document_record(d) for d in shown])


def document_download(user: User, key: str, document_id: int) -> documents.Download:
    """The file of one document (the download is recorded in the audit trail)."""
    return documents.download(user, find_case(user, key).id, document_id)


def document_upload(
    user: User, key: str, kind: str, filename: str, stream: BinaryIO, *, shared: bool
) -> DocumentRecord:
    """Store a file on the case with the screen's checks (``documents.upload``)."""
    case_id = find_case(user, key).id
    return document_record(documents.upload(user, case_id, kind, filename, stream, shared=shared))
