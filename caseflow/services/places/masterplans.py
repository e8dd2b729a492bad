"""The 13 masterplans rijkskantoorhuisvesting as places (issue #12, item 6): an index with
counts and a page per masterplan with its change requests (VtW cases), its other cases, its
offices and its rijksontmoetingspleinen.

Need-to-know: the cases and case counts go through the case list's conditions, so a ministry
sees and counts only the cases it holds, and states hidden from it stay hidden; the counts of
offices and meeting places are public register data and the same for every case role. The
administrator does not see the pages (like the office register).

BZK keeps a masterplan's status and period (``change_masterplan``): the change is applied
only if the row still holds what the form showed (compare and set: 409 otherwise) and is
logged in the security log.

Not built yet: the masterplan's projects as their own rows (an office names its project as
text)."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import InstrumentedAttribute

from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Masterplan, Office, User
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.caselists.queries import CaseFilter, conditions
from caseflow.services.places.offices import OfficeView, list_offices
from caseflow.services.unit_of_work import transaction

NO_MASTERPLAN = "Dit masterplan bestaat niet."
# A masterplan rarely has more cases than this; the page lists the first by reference and
# says how many there are in all (the counts are complete).
MAX_CASES = 200


@dataclass(frozen=True)
class MasterplanLine:
    """One masterplan in the index, with what the user may count."""

    id: int
    name: str
    period: str
    status: str
    cases: int
    change_requests: int
    offices: int
    meeting_places: int


@dataclass(frozen=True)
class MasterplanCase:
    id: int
    reference: str
    title: str
    case_type: str
    state: str
    workflow_version: int
    change_request: bool


@dataclass(frozen=True)
class MasterplanPage:
    line: MasterplanLine
    change_requests: list[MasterplanCase]
    other_cases: list[MasterplanCase]
    offices: list[OfficeView]


def _counts(
    column: InstrumentedAttribute[int | None], where: list[ColumnElement[bool]]
) -> dict[int, int]:
    # One grouped query per count: no query per masterplan.
    rows = db.session.execute(
        select(column, func.count()).where(column.is_not(None), *where).group_by(column)
    )
    return {key: count for key, count in rows if key is not None}


def _lines(user: User, only: Collection[int] | None = None) -> list[MasterplanLine]:
    visible = conditions(user, CaseFilter())
    if only is not None:
        visible.append(Case.masterplan_id.in_(sorted(only)))
    cases = _counts(Case.masterplan_id, visible)
    vtw = _counts(Case.masterplan_id, [*visible, Case.change_request.is_(True)])
    offices = _counts(Office.masterplan_id, [])
    meeting = _counts(Office.masterplan_id, [Office.meeting_place.is_(True)])
    query = select(Masterplan).order_by(Masterplan.name)
    if only is not None:
        query = query.where(Masterplan.id.in_(sorted(only)))
    return [
        MasterplanLine(
            id=plan.id,
            name=plan.name,
            period=plan.period,
            status=plan.status,
            cases=cases.get(plan.id, 0),
            change_requests=vtw.get(plan.id, 0),
            offices=offices.get(plan.id, 0),
            meeting_places=meeting.get(plan.id, 0),
        )
        for plan in db.session.scalars(query)
    ]


def list_masterplans(user: User, among: Collection[int] | None = None) -> list[MasterplanLine]:
    """The 13 masterplans by name, with the user's visible case counts; ``among``: only
    these masterplans (their cases counted on the (masterplan, change request) index, not
    every case with a masterplan)."""
    permissions.require(user, "masterplan.view")
    return _lines(user, among)


def _case(case: Case) -> MasterplanCase:
    return MasterplanCase(
        id=case.id,
        reference=case.reference,
        title=case.title,
        case_type=case.case_type,
        state=case.state,
        workflow_version=case.workflow_version,
        change_request=case.change_request,
    )


def get_masterplan(user: User, masterplan_id: int) -> MasterplanPage:
    """One masterplan's page: its cases as the user may see them, its offices."""
    permissions.require(user, "masterplan.view")
    lines = _lines(user, (masterplan_id,))
    if not lines:
        raise NotFound(NO_MASTERPLAN)
    where = conditions(user, CaseFilter(masterplan_id=masterplan_id))
    query = select(Case).where(*where).order_by(Case.reference).limit(MAX_CASES)
    cases = [_case(case) for case in db.session.scalars(query)]
    offices = [o for o in list_offices(user) if o.masterplan_id == masterplan_id]
    return MasterplanPage(
        line=lines[0],
        change_requests=[c for c in cases if c.change_request],
        other_cases=[c for c in cases if not c.change_request],
        offices=offices,
    )


# --- status and period (BZK) ----------------------------------------------------------------

STATUSES = ("in voorbereiding", "vastgesteld", "in uitvoering", "afgerond")
PERIOD = re.compile(r"(\d{4})-(\d{4})")
YEAR_MIN, YEAR_MAX = 2000, 2100
STALE = (
    "Het masterplan is intussen door iemand anders gewijzigd. Uw wijziging is niet "
    "opgeslagen; de actuele gegevens staan hieronder."
)


@dataclass(frozen=True)
class MasterplanState:
    """What the form shows and sends: the status and the period ("2024-2028")."""

    status: str
    period: str


def check_state(state: MasterplanState) -> dict[str, str]:
    """Dutch messages per field; empty when the state may be stored."""
    errors: dict[str, str] = {}
    if state.status not in STATUSES:
        errors["status"] = "Kies een status uit de lijst."
    found = PERIOD.fullmatch(state.period.strip())
    if found is None:
        errors["period"] = "Geef de periode als twee jaartallen, bijvoorbeeld 2024-2028."
    else:
        start, end = int(found.group(1)), int(found.group(2))
        if not (YEAR_MIN <= start <= end <= YEAR_MAX):
            errors["period"] = (
                f"Het eerste jaar ligt niet na het tweede, beide tussen {YEAR_MIN} en {YEAR_MAX}."
            )
    return errors


def change_masterplan(
    user: User, masterplan_id: int, shown: MasterplanState, new: MasterplanState
) -> None:
    """Store ``new`` if the masterplan still holds ``shown`` (else Conflict)."""
    permissions.require(user, "masterplan.edit")
    if db.session.get(Masterplan, masterplan_id) is None:
        raise NotFound(NO_MASTERPLAN)
    errors = check_state(new)
    if errors:
        raise ValidationFailed("Het masterplan is niet opgeslagen.", errors)
    with transaction():
        changed = db.session.execute(
            update(Masterplan)
            .where(
                Masterplan.id == masterplan_id,
                Masterplan.status == shown.status,
                Masterplan.period == shown.period,
            )
            .values(status=new.status, period=new.period.strip())
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(STALE)
    security_log.event("masterplan_gewijzigd", "ok", actor=user, obj=f"masterplan:{masterplan_id}")
