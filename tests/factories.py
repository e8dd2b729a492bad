"""Test data: a complete case, placed directly in a workflow state with the data that state
implies (intake, draft or issued advice, agenda item, outcome, follow-up).

The case is filed through ``cases.create_case`` (so its reference, audit trail and field
checks are real); only the move to ``state`` is done by hand, which keeps tests fast.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import local_today, utcnow
from caseflow.extensions import db
from caseflow.models import (
    Advice,
    AgendaItem,
    Case,
    FollowUp,
    Masterplan,
    Meeting,
    Organisation,
    Province,
    User,
)
from caseflow.services.cases import lifecycle
from caseflow.services.reference.loader import current_ministry

# States (location workflows) that imply: BZK accepted the case, advice issued, on an agenda.
INTAKE_DONE = frozenset(
    {
        "in_behandeling",
        "ter_goedkeuring",
        "advies_uitgebracht",
        "overeenstemming",
        "geen_overeenstemming",
        "geagendeerd",
        "besloten",
        "afgerond",
    }
)
ISSUED = INTAKE_DONE - {"in_behandeling", "ter_goedkeuring"}
ON_AGENDA = frozenset({"geagendeerd", "besloten"})
AGREED = frozenset({"overeenstemming", "besloten", "afgerond"})
OUTCOMES = {
    "afgerond": "overeenstemming",
    "ingetrokken": "ingetrokken",
    "buiten_behandeling": "buiten_behandeling",
}
ZBO_OUTCOMES = {"afgerond": "afgerond", "geannuleerd": "geannuleerd"}
ZBO_REPORTED = frozenset({"gevoerd", "opvolging", "afgerond"})


def province_id(name: str) -> int:
    return db.session.scalars(select(Province.id).where(Province.name == name)).one()


def organisation_id(abbreviation: str) -> int:
    return db.session.scalars(
        select(Organisation.id).where(Organisation.abbreviation == abbreviation)
    ).one()


def masterplan_id(name: str = "Masterplan Limburg") -> int:
    return db.session.scalars(select(Masterplan.id).where(Masterplan.name == name)).one()


def upcoming_meeting(days: int = 14) -> Meeting:
    """The ministerraad meeting ``days`` from today (created once, ``held_on`` is unique)."""
    day = local_today() + timedelta(days=days)
    meeting = db.session.scalars(select(Meeting).where(Meeting.held_on == day)).first()
    if meeting is None:
        meeting = Meeting(held_on=day, note="Reguliere vergadering")
        db.session.add(meeting)
        db.session.flush()
    return meeting


def filing_data(case_type: str) -> dict[str, Any]:
    """Valid values for every required field of ``case_type`` (JenV reference data)."""
    if case_type == "omvangswijziging":
        return {
            "title": "Groei IND-kantoor Zwolle",
            "organisation_id": organisation_id("IND"),
            "change_kind": "groei",
            "fte_current": 400,
            "fte_change": 150,
            "current_province_id": province_id("Overijssel"),
            "current_place": "Zwolle",
            "motivation": "Meer asielaanvragen vragen meer beslismedewerkers.",
            "labour_market_scan": "voldoende",
        }
    if case_type == "nieuwe_dienst":
        return {
            "title": "Nieuw landelijk meldpunt",
            "unit_name": "Landelijk meldpunt",
            "fte_change": 120,
            "proposed_province_id": province_id("Limburg"),
            "proposed_place": "Heerlen",
            "motivation": "Nieuwe wettelijke taak.",
            "labour_market_scan": "beperkt",
        }
    if case_type == "masterplan":
        return {
            "title": "VtW kantoor Maastricht",
            "masterplan_id": masterplan_id("Masterplan Limburg"),
            "change_request": True,
            "proposed_province_id": province_id("Limburg"),
            "proposed_place": "Maastricht",
            "motivation": "Samenvoegen van twee kantoren.",
        }
    if case_type == "zbo_gesprek":
        return {
            "title": "Spreidingsgesprek COA",
            "ministry_id": current_ministry("JenV").id,
            "organisation_id": organisation_id("COA"),
            "talk_date": local_today() + timedelta(days=7),
            "minister": "Minister van Justitie en Veiligheid",
        }
    raise ValueError(case_type)


def case_in_state(
    users: dict[str, User],
    case_type: str,
    state: str | None = None,
    *,
    owner: User | None = None,
    with_draft: bool = False,
    drafter: User | None = None,
    intake_done: bool | None = None,
    assignee: User | None = None,
    followup_done: bool = False,
    **overrides: Any,
) -> Case:
    """A committed case of ``case_type`` in ``state`` (default: the initial state).

    ``overrides`` replace filing fields. Traits: ``owner`` files it (default the JenV
    ministry user, the adviser for a zbo talk); ``with_draft`` adds a draft in
    ``in_behandeling`` (always present in ``ter_goedkeuring``), written by ``drafter``
    (default the adviser); ``intake_done`` overrides what the state implies (matters in
    ``aanvulling_gevraagd``); ``followup_done`` marks the follow-up of a zbo talk in
    ``opvolging`` as done.
    """
    zbo = case_type == "zbo_gesprek"
    filer = owner or users["adviseur" if zbo else "ministerie"]
    case = lifecycle.create_case(filer, case_type, filing_data(case_type) | overrides)
    if state is None or state == case.state:
        return case
    case.state = state
    if zbo:
        _zbo_state(case, state, followup_done)
    else:
        _location_state(users, case, state, with_draft, drafter or users["adviseur"])
        if intake_done is not None:
            case.intake_done = intake_done
    if assignee is not None:
        case.assignee_id = assignee.id
    db.session.commit()
    return case


def act(user: User, case: Case, name: str, **data: Any) -> Case:
    """Perform workflow action ``name`` through the service, as the web layer does."""
    return lifecycle.perform(user, case.id, name, case.version, data)


def issued_case(users: dict[str, User], case_type: str = "omvangswijziging") -> Case:
    """A case whose advice (or proposal) the coordinator has just issued through the real
    action, so the letter is rendered and stored as in production."""
    return act(
        users["coordinator"], case_in_state(users, case_type, "ter_goedkeuring"), "uitbrengen"
    )


def _location_state(
    users: dict[str, User], case: Case, state: str, with_draft: bool, drafter: User
) -> None:
    if state in INTAKE_DONE:
        case.intake_done = True
        case.assignee_id = users["adviseur"].id
    draft_status = {"in_behandeling": "concept", "ter_goedkeuring": "ter_goedkeuring"}
    if state == "ter_goedkeuring" or (state == "in_behandeling" and with_draft):
        _advice(case, drafter, status=draft_status[state])
    if state in ISSUED:
        _advice(case, drafter, status="uitgebracht", approved_by=users["coordinator"])
    if state in AGREED:
        case.agreed_province_id, case.agreed_place = province_id("Limburg"), "Heerlen"
    if state in ON_AGENDA:
        decided = state == "besloten"
        db.session.add(
            AgendaItem(
                case_id=case.id,
                meeting_id=upcoming_meeting().id,
                placed_by_id=users["secretariaat"].id,
                decision_text="De ministerraad kiest Heerlen." if decided else "",
                decided_on=local_today() if decided else None,
                decided_province_id=province_id("Limburg") if decided else None,
                decided_place="Heerlen" if decided else "",
            )
        )
    _close(case, OUTCOMES.get(state))


def _zbo_state(case: Case, state: str, followup_done: bool) -> None:
    if state in ZBO_REPORTED:
        case.talk_report = "Het COA onderzoekt een tweede vestiging buiten de Randstad."
    if state == "opvolging":
        db.session.add(
            FollowUp(
                case_id=case.id,
                description="Verkenning locaties in Groningen",
                owner="COA",
                due_date=local_today() + timedelta(days=30),
                done_at=utcnow() if followup_done else None,
            )
        )
    _close(case, ZBO_OUTCOMES.get(state))


def _advice(case: Case, drafter: User, *, status: str, approved_by: User | None = None) -> None:
    db.session.add(
        Advice(
            case_id=case.id,
            number=1,
            text="BZK adviseert vestiging in Heerlen.",
            advised_province_id=province_id("Limburg"),
            advised_place="Heerlen",
            status=status,
            drafted_by_id=drafter.id,
            approved_by_id=approved_by.id if approved_by else None,
            issued_at=utcnow() if approved_by else None,
        )
    )


def _close(case: Case, outcome: str | None) -> None:
    if outcome is not None:
        case.outcome = outcome
        case.closed_at = utcnow()
