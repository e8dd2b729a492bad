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

from sqlalchemy import select

from caseflow.domain.bounds import parse_id
from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Case, Province, User
from caseflow.services import permissions
from caseflow.services.caselists import queries
from caseflow.services.cases import lifecycle
from caseflow.services.cases.access import CASE_NOT_FOUND, get_case, visible_to
from caseflow.services.cases.case_page import advice_versions


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
