"""Filing, editing and moving cases through their workflow.

A transition runs as: load the case once, with a row lock; compute the guard facts once;
check the action once (role, state, guards); read the typed input; check the version; apply
the action's effect; fire the shared state machine (which picks the branch, it does not
evaluate the guards again); write the audit event; commit. A form carries the case version
it was rendered with: a stale one is a Conflict, never a silent overwrite. Slow work that
writes nothing (rendering a letter) is prepared before the lock, at that version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.cases.effects import EFFECTS, PREPARATIONS, ActionContext
from caseflow.services.cases.filing import apply_fields, missing_fields, new_case
from caseflow.services.deadlines import tracking
from caseflow.services.messaging import notifications, webhooks
from caseflow.services.operations import metrics
from caseflow.services.reference import organisations
from caseflow.services.unit_of_work import STALE, transaction
from workflows.base import MINISTERIE, Action, Facts, WorkflowDefinition
from workflows.inputs import ActionInput, read_input

# Reads the input of the checked action, of the type it declares (the web: from its form).
InputReader = Callable[[Action], ActionInput]
GivenInput = ActionInput | Mapping[str, Any] | InputReader


def definition_of(case: Case) -> WorkflowDefinition:
    return workflows.definition(case.case_type, case.workflow_version)


def _latest(case_type: str) -> WorkflowDefinition:
    if case_type not in workflows.CASE_TYPES:
        raise ValidationFailed("Onbekend zaaktype.", {"case_type": "Kies een zaaktype."})
    return workflows.latest(case_type)


def create_case(user: User, case_type: str, data: dict[str, Any], *, demo: bool = False) -> Case:
    definition = _latest(case_type)
    if not permissions.can(user, "case.create", definition):
        raise NotAllowed("Uw rol mag dit soort zaak niet aanmaken.")
    with transaction():
        case = new_case(user, definition, _filing_ministry(user, data), demo=demo)
        changes = apply_fields(case, organisations.with_proposal(user, case, data))
        _require_complete_at_creation(case, definition)
        trail.record(case, user, "aanmaak", to_state=case.state, data={"velden": changes})
        tracking.follow_case(case, definition)
    return case


def prepare_case(user: User, case_type: str, data: dict[str, Any], *, source: str) -> Case:
    """BZK sets a concept ready for the ministry named in ``data`` (from an early signal).
    The ministry stays the one who files: it completes the concept and submits it; BZK does
    not submit for it (the location cases' ``create_roles``). The ministry's case officers
    are told; the timeline names BZK as the one who prepared it and ``source``."""
    definition = _latest(case_type)
    permissions.require(user, "case.prepare", definition)
    with transaction():
        case = new_case(user, definition, _filing_ministry(user, data))
        changes = apply_fields(case, data)
        _require_complete_at_creation(case, definition)
        comment = f"Klaargezet door BZK voor {case.ministry.display_name} ({source})."
        event = trail.record(
            case, user, "aanmaak", to_state=case.state, comment=comment, data={"velden": changes}
        )
        tracking.follow_case(case, definition)
        _tell_ministry_of_concept(case, event.id)
    return case


def _tell_ministry_of_concept(case: Case, event_id: int) -> None:
    text = (
        f"BZK heeft concept-zaak {case.reference} ({case.title}) voor u klaargezet. "
        "Vul de zaak aan en dien haar in."
    )
    officers = notifications.users_in_role(case, MINISTERIE)
    subject = f"[caseflow] {case.reference}: concept klaargezet door BZK"
    notifications.notify(officers, case, f"event:{event_id}", text, subject)


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


def facts(case: Case, actor: User) -> Facts:
    """Everything the pure guards may look at, read in one statement."""
    latest = (
        select(Advice.status, Advice.drafted_by_id)
        .where(Advice.case_id == case.id)
        .order_by(Advice.number.desc())
        .limit(1)
    )
    open_followups = select(func.count(FollowUp.id)).where(
        FollowUp.case_id == case.id, FollowUp.done_at.is_(None)
    )
    row = db.session.execute(
        select(
            open_followups.scalar_subquery(),
            latest.with_only_columns(Advice.status).scalar_subquery(),
            latest.with_only_columns(Advice.drafted_by_id).scalar_subquery(),
        )
    ).one()
    status, drafter_id = row[1], row[2]
    unissued = status is not None and status != "uitgebracht"
    return Facts(
        actor_id=actor.id,
        missing_fields=tuple(missing_fields(case)),
        has_draft=unissued,
        drafter_id=drafter_id if unissued else None,
        intake_done=bool(case.intake_done),
        open_followups=int(row[0] or 0),
    )


def available_actions(user: User, case: Case) -> list[tuple[Action, str | None]]:
    return engine.available(definition_of(case), case.state, user.role, facts(case, user))


def check_action(user: User, case: Case, name: str) -> Action:
    """The action if the user may take it on this case now; else NotFound/Conflict/NotAllowed."""
    return engine.check(definition_of(case), case.state, name, user.role, facts(case, user))


def can_edit(user: User, case: Case) -> bool:
    return permissions.can(user, "case.edit", case)


def perform(user: User, case_id: int, name: str, version: int, given: GivenInput) -> Case:
    """Take workflow action ``name`` on a case on behalf of ``user``.

    ``given`` is the action's typed input, a plain mapping (demo data, scripts) or a reader
    called with the action once it is checked (the web's form of its input type)."""
    prepared = _prepare(user, case_id, name, version)
    with transaction():
        case = _perform(user, case_id, name, version, given, prepared)
        case_type = case.case_type  # read before the commit expires it
    metrics.transition_performed(case_type, name)
    return case


def _prepare(user: User, case_id: int, name: str, version: int) -> Any:
    """Slow work of the action done before the row lock, at the case version of the form;
    None when the action has none or cannot be taken (the locked path then says why)."""
    prepare = PREPARATIONS.get(name)
    if prepare is None:
        return None
    case = access.get_case(user, case_id)
    chosen = definition_of(case).action(name)
    fits = chosen is not None and case.state in chosen.sources and user.role in chosen.roles
    prepared = prepare(case, user) if fits and case.version == version else None
    # The locked read must see the row as it is then, not as it was loaded here.
    db.session.expire(case)
    return prepared


def _perform(
    user: User, case_id: int, name: str, version: int, given: GivenInput, prepared: Any
) -> Case:
    case = access.get_case(user, case_id, for_update=True)
    definition = definition_of(case)
    current = facts(case, user)
    chosen = engine.check(definition, case.state, name, user.role, current)
    action_input = _input_for(chosen, given)
    _check_version(case, version)
    from_state = case.state
    effect = EFFECTS.get(name)
    context = ActionContext(case, user, action_input, from_state, prepared)
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
        comment=action_input.comment.strip(),
        data=details,
    )
    # The webhook outbox, in this transaction: a refused or rolled-back move sends nothing.
    webhooks.record_transition(case, name, from_state, case.state, event.at)
    tracking.follow_case(case, definition, announced=True)  # case_moved names the terms
    notifications.case_moved(case, definition, user, event.id)
    return case


def _input_for(chosen: Action, given: GivenInput) -> ActionInput:
    if isinstance(given, ActionInput):
        if not isinstance(given, chosen.input_type):
            raise TypeError(f"{chosen.name} takes {chosen.input_type.__name__}")
        return given
    if isinstance(given, Mapping):
        return read_input(chosen.input_type, given)
    return given(chosen)


def latest_advice(case_id: int) -> Advice | None:
    return db.session.scalars(
        select(Advice).where(Advice.case_id == case_id).order_by(Advice.number.desc()).limit(1)
    ).first()


def _filing_ministry(user: User, data: dict[str, Any]) -> Ministry:
    # A ministry files for itself, whatever the form says; BZK chooses the ministry.
    chooses = permissions.can(user, "ministry.choose")
    ministry_id = data.get("ministry_id") if chooses else user.ministry_id
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
