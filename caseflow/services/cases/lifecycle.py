"""Filing, editing and moving cases through their workflow.

A transition runs as: load with a row lock and a version check, authorise, apply the
action's effect, fire the shared state machine, write the audit event, commit. A form
carries the case version it was rendered with: a stale one is a Conflict, never a silent
overwrite.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import func, select

import workflows
from caseflow import engine
from caseflow.domain.clock import to_local, utcnow
from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.domain.retention import retain_until
from caseflow.extensions import db
from caseflow.models import Advice, Case, FollowUp, Ministry, User
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.cases.effects import EFFECTS, ActionContext
from caseflow.services.cases.filing import apply_fields, missing_fields, new_case
from caseflow.services.deadlines import tracking
from caseflow.services.messaging import notifications
from caseflow.services.reference import organisations
from caseflow.services.unit_of_work import STALE, transaction
from workflows.base import MINISTERIE, Action, WorkflowDefinition


def definition_of(case: Case) -> WorkflowDefinition:
    return workflows.definition(case.case_type, case.workflow_version)


def create_case(user: User, case_type: str, data: dict[str, Any], *, demo: bool = False) -> Case:
    if case_type not in workflows.CASE_TYPES:
        raise ValidationFailed("Onbekend zaaktype.", {"case_type": "Kies een zaaktype."})
    definition = workflows.latest(case_type)
    if user.role not in definition.create_roles:
        raise NotAllowed("Uw rol mag dit soort zaak niet aanmaken.")
    with transaction():
        case = new_case(user, definition, _filing_ministry(user, data), demo=demo)
        changes = apply_fields(case, organisations.with_proposal(user, case, data))
        _require_complete_at_creation(case, definition)
        trail.record(case, user, "aanmaak", to_state=case.state, data={"velden": changes})
        tracking.follow_case(case, definition)
    return case


def update_case(user: User, case_id: int, version: int, data: dict[str, Any]) -> Case:
    with transaction():
        return _update(user, case_id, version, data)


def _update(user: User, case_id: int, version: int, data: dict[str, Any]) -> Case:
    case = access.get_case(user, case_id, for_update=True)
    _check_version(case, version)
    definition = definition_of(case)
    if user.role not in definition.edit_roles:
        raise NotAllowed("Uw rol mag de gegevens van deze zaak niet wijzigen.")
    if case.state not in definition.edit_states:
        raise Conflict("In deze status kunnen de gegevens niet meer worden gewijzigd.")
    changes = apply_fields(case, organisations.with_proposal(user, case, data))
    if changes:
        _require_complete_at_creation(case, definition)
        case.updated_at = utcnow()
        trail.record(
            case,
            user,
            "wijziging",
            from_state=case.state,
            to_state=case.state,
            data={"velden": changes},
        )
        if "talk_date" in changes:
            tracking.recount_from_case_dates(case, definition)
    return case


def facts(case: Case, actor: User) -> dict[str, Any]:
    """Everything the pure guards may look at."""
    draft = latest_advice(case.id)
    open_followups = db.session.scalar(
        select(func.count(FollowUp.id)).where(
            FollowUp.case_id == case.id, FollowUp.done_at.is_(None)
        )
    )
    unissued = draft is not None and draft.status != "uitgebracht"
    return {
        "actor_id": actor.id,
        "missing_fields": missing_fields(case),
        "has_draft": unissued,
        "drafter_id": draft.drafted_by_id if unissued and draft else None,
        "intake_done": case.intake_done,
        "open_followups": open_followups or 0,
    }


def available_actions(user: User, case: Case) -> list[tuple[Action, str | None]]:
    return engine.available(definition_of(case), case.state, user.role, facts(case, user))


def check_action(user: User, case: Case, name: str) -> Action:
    """The action if the user may take it on this case now; else NotFound/Conflict/NotAllowed."""
    return engine.check(definition_of(case), case.state, name, user.role, facts(case, user))


def can_edit(user: User, case: Case) -> bool:
    definition = definition_of(case)
    return user.role in definition.edit_roles and case.state in definition.edit_states


def perform(user: User, case_id: int, name: str, version: int, data: dict[str, Any]) -> Case:
    """Take workflow action ``name`` on a case on behalf of ``user``."""
    with transaction():
        return _perform(user, case_id, name, version, data)


def _perform(user: User, case_id: int, name: str, version: int, data: dict[str, Any]) -> Case:
    case = access.get_case(user, case_id, for_update=True)
    definition = definition_of(case)
    current = facts(case, user)
    engine.check(definition, case.state, name, user.role, current)
    _check_version(case, version)
    from_state = case.state
    effect = EFFECTS.get(name)
    context = ActionContext(case, user, data, from_state)
    details = effect(context) if effect else {}
    case.state = engine.fire(definition, from_state, name, current)
    _close_or_reopen(case, definition)
    case.updated_at = utcnow()
    event = trail.record(
        case,
        user,
        "transitie",
        action=name,
        from_state=from_state,
        to_state=case.state,
        comment=str(data.get("opmerking") or "").strip(),
        data=details,
    )
    tracking.follow_case(case, definition, announced=True)  # case_moved names the terms
    notifications.case_moved(case, definition, user, event.id)
    return case


def latest_advice(case_id: int) -> Advice | None:
    return db.session.scalars(
        select(Advice).where(Advice.case_id == case_id).order_by(Advice.number.desc()).limit(1)
    ).first()


def _filing_ministry(user: User, data: dict[str, Any]) -> Ministry:
    # A ministry files for itself, whatever the form says; BZK chooses the ministry.
    ministry_id = user.ministry_id if user.role == MINISTERIE else data.get("ministry_id")
    ministry = db.session.get(Ministry, ministry_id) if ministry_id else None
    if ministry is None:
        raise ValidationFailed("Kies een ministerie.", {"ministry_id": "Kies een ministerie."})
    return ministry


def _require_complete_at_creation(case: Case, definition: WorkflowDefinition) -> None:
    # Cases that skip a concept state (zbo talks start 'gepland') must be complete at once.
    if definition.initial != "concept" and missing_fields(case):
        fields = ", ".join(missing_fields(case))
        raise ValidationFailed(f"Vul de verplichte velden in: {fields}.")
    if not case.title:
        raise ValidationFailed("Geef de zaak een titel.", {"title": "Vul een titel in."})


def _close_or_reopen(case: Case, definition: WorkflowDefinition) -> None:
    if case.state in definition.final_states:
        case.closed_at = case.closed_at or utcnow()
        years = int(current_app.config["RETENTION_YEARS"])
        case.retain_until = retain_until(to_local(case.closed_at).date(), years)
    else:
        case.closed_at = None
        case.retain_until = None


def _check_version(case: Case, version: int) -> None:
    if version != case.version:
        raise Conflict(STALE)
