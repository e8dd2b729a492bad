"""What each workflow action records besides the state change. Every effect validates its
own typed input (services never trust the form alone) and returns the details for the audit.

``EFFECTS`` holds one effect per action name; ``EFFECT_FREE`` names the actions that record
nothing besides the state change. ``verify_definitions`` checks at start-up that every action
of every registered workflow is in exactly one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import select

import workflows
from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Advice, AgendaItem, Case, FollowUp, Meeting, Province, User
from caseflow.services.audit import trail
from caseflow.services.cases import letters, publication, weighing
from caseflow.services.cases.filing import new_case
from workflows.base import ADVISEUR, COORDINATOR
from workflows.inputs import (
    ActionInput,
    AdviceInput,
    AgendaInput,
    AgreementInput,
    AssignInput,
    CloseInput,
    DecisionInput,
    FollowUpDoneInput,
    FollowUpInput,
    ObjectionInput,
    OutOfScopeInput,
    QuestionInput,
    ReasonInput,
    ReportInput,
    ReturnInput,
    SupplyInput,
)

Details = dict[str, Any]
InputT = TypeVar("InputT", bound=ActionInput)

OUT_OF_SCOPE_REASONS: dict[str, str] = {
    "onder_drempel": "Onder de drempel van 100 fte",
    "uitgezonderde_sector": "Uitgezonderde sector: het primaire proces bepaalt de locatie",
    "anders": "Andere reden",
}


@dataclass(frozen=True)
class ActionContext(Generic[InputT]):
    """The case (locked), who acts, what they gave and the state the action starts from."""

    case: Case
    user: User
    input: InputT
    from_state: str
    # What was prepared before the row lock (the rendered letter of ``uitbrengen``).
    prepared: Any = None


def _text(value: str, name: str, label: str) -> str:
    """``value`` without surrounding blanks; refused under the field ``name`` when empty."""
    text = value.strip()
    if not text:
        raise ValidationFailed(f"{label} is verplicht.", {name: f"Vul {label.lower()} in."})
    return text


def _province(province_id: int | None, name: str, label: str) -> Province:
    province = db.session.get(Province, province_id or 0)
    if province is None:
        raise ValidationFailed(f"Kies een {label.lower()}.", {name: f"Kies een {label.lower()}."})
    return province


def _accept(ctx: ActionContext[ActionInput]) -> Details:
    ctx.case.intake_done = True
    if ctx.case.assignee_id is None and ctx.user.role == ADVISEUR:
        ctx.case.assignee_id = ctx.user.id
    return {"behandelaar": ctx.case.assignee_id}


def _request_information(ctx: ActionContext[QuestionInput]) -> Details:
    return {"vraag": _text(ctx.input.vraag, "vraag", "De vraag aan het ministerie")}


def _supply_information(ctx: ActionContext[SupplyInput]) -> Details:
    return {"aanvulling": _text(ctx.input.aanvulling, "aanvulling", "De aanvulling")}


def _out_of_scope(ctx: ActionContext[OutOfScopeInput]) -> Details:
    reason = ctx.input.reden_code
    if reason not in OUT_OF_SCOPE_REASONS:
        raise ValidationFailed("Kies een reden.", {"reden_code": "Kies een reden."})
    ctx.case.outcome = "buiten_behandeling"
    return {
        "reden": OUT_OF_SCOPE_REASONS[reason],
        "toelichting": _text(ctx.input.reden, "reden", "De toelichting"),
    }


def _assign(ctx: ActionContext[AssignInput]) -> Details:
    adviser = db.session.get(User, ctx.input.behandelaar_id or 0)
    if adviser is None or not adviser.active or adviser.role not in (ADVISEUR, COORDINATOR):
        raise ValidationFailed("Kies een BZK-adviseur.", {"behandelaar_id": "Kies een adviseur."})
    ctx.case.assignee_id = adviser.id
    return {"behandelaar": adviser.name}


def _draft(ctx: ActionContext[AdviceInput]) -> Details:
    previous = _latest(ctx.case)
    advice = Advice(
        case_id=ctx.case.id,
        number=(previous.number + 1) if previous else 1,
        text=_text(ctx.input.tekst, "tekst", "De tekst"),
        advised_province_id=_province(ctx.input.provincie_id, "provincie_id", "Provincie").id,
        advised_place=_text(ctx.input.plaats, "plaats", "De plaats"),
        drafted_by_id=ctx.user.id,
    )
    db.session.add(advice)
    db.session.flush()  # the weighing lines refer to the new version
    weighing.record(advice, ctx.input.weging)
    return {"versie": advice.number}


def _submit_for_approval(ctx: ActionContext[ActionInput]) -> Details:
    return _set_draft_status(ctx, "ter_goedkeuring")


def _return(ctx: ActionContext[ReturnInput]) -> Details:
    comments = _text(ctx.input.opmerkingen, "opmerkingen", "De opmerkingen")
    details = _set_draft_status(ctx, "teruggestuurd")
    _require_latest(ctx).review_comment = comments
    return details | {"opmerkingen": comments}


def _issue(ctx: ActionContext[ActionInput]) -> Details:
    advice = _require_latest(ctx)
    prepared = ctx.prepared if isinstance(ctx.prepared, letters.PreparedLetter) else None
    advice.approved_by_id = ctx.user.id
    advice.approved_by = ctx.user
    # The date the letter (rendered before the lock, at this case version) carries.
    advice.issued_at = prepared.issued_at if prepared else utcnow()
    details = _set_draft_status(ctx, "uitgebracht")
    letters.store_letter(ctx.case, advice, prepared)
    return details


def _agree(ctx: ActionContext[AgreementInput]) -> Details:
    province = _province(ctx.input.provincie_id, "provincie_id", "Provincie")
    ctx.case.agreed_province_id = province.id
    ctx.case.agreed_place = _text(ctx.input.plaats, "plaats", "De plaats")
    return {"locatie": f"{ctx.case.agreed_place} ({province.name})"}


def _disagree(ctx: ActionContext[ObjectionInput]) -> Details:
    return {"bezwaren": _text(ctx.input.bezwaren, "bezwaren", "De redenen")}


def _place_on_agenda(ctx: ActionContext[AgendaInput]) -> Details:
    meeting = db.session.get(Meeting, ctx.input.vergadering_id or 0)
    if meeting is None or meeting.held_on < local_today():
        message = "Kies een komende vergadering van de ministerraad."
        raise ValidationFailed(message, {"vergadering_id": message})
    onderraad = ctx.input.onderraad.strip()
    db.session.add(
        AgendaItem(
            case_id=ctx.case.id,
            meeting_id=meeting.id,
            onderraad=onderraad,
            placed_by_id=ctx.user.id,
        )
    )
    return {"vergadering": meeting.held_on, "onderraad": onderraad}


def _record_decision(ctx: ActionContext[DecisionInput]) -> Details:
    item = current_agenda_item(ctx.case.id)
    if item is None:
        raise ValidationFailed("De zaak staat op geen enkele agenda.")
    item.decision_text = _text(ctx.input.besluit, "besluit", "De besluittekst")
    province = _province(ctx.input.provincie_id, "provincie_id", "Provincie")
    item.decided_province_id = province.id
    item.decided_place = _text(ctx.input.plaats, "plaats", "De plaats")
    item.decided_on = _decision_date(ctx, item.meeting)
    ctx.case.agreed_province_id, ctx.case.agreed_place = province.id, item.decided_place
    return {
        "besluit": item.decision_text,
        "locatie": f"{item.decided_place} ({province.name})",
        "besloten_op": item.decided_on,
    }


def _decision_date(ctx: ActionContext[DecisionInput], meeting: Meeting) -> date:
    """The ministerraad decides at or after its meeting, and not on a day still to come."""
    decided_on = _date(ctx.input.besloten_op, "besloten_op", "De datum van het besluit")
    if decided_on > local_today():
        message = "De datum van het besluit ligt in de toekomst; vul de datum van het besluit in."
        raise ValidationFailed(message, {"besloten_op": message})
    if decided_on < meeting.held_on:
        message = (
            "Het besluit kan niet vóór de vergadering van "
            f"{dutch_date(meeting.held_on)} zijn genomen."
        )
        raise ValidationFailed(message, {"besloten_op": message})
    return decided_on


def _close(ctx: ActionContext[ActionInput]) -> Details:
    # A zbo talk closes with a plain comment, a location case with its Woo decision.
    outcomes = {"overeenstemming": "overeenstemming", "besloten": "ministerraad"}
    ctx.case.outcome = outcomes.get(ctx.from_state, "afgerond")
    details: Details = {"uitkomst": ctx.case.outcome}
    # The Woo decision of the close form; without one the case closes undecided and the
    # coordinator decides on its page (as for withdrawn and out-of-scope cases).
    given = ctx.input
    if not isinstance(given, CloseInput) or not given.openbaarheid:
        return details
    if publication.decides_at_closing(ctx.case, "afronden"):
        decision, ground = given.openbaarheid, given.weigeringsgrond
        details |= publication.apply_case_decision(ctx.case, decision, ground)
    return details


def _withdraw(ctx: ActionContext[ReasonInput]) -> Details:
    ctx.case.outcome = "ingetrokken"
    return {"reden": _text(ctx.input.reden, "reden", "De reden")}


def _cancel(ctx: ActionContext[ReasonInput]) -> Details:
    ctx.case.outcome = "geannuleerd"
    return {"reden": _text(ctx.input.reden, "reden", "De reden")}


def _reopen(ctx: ActionContext[ReasonInput]) -> Details:
    ctx.case.outcome = ""
    publication.forget_case_decision(ctx.case)
    return {"reden": _text(ctx.input.reden, "reden", "De reden")}


def _report(ctx: ActionContext[ReportInput]) -> Details:
    ctx.case.talk_report = _text(ctx.input.verslag, "verslag", "Het verslag")
    return {"verslag": ctx.case.talk_report}


def _agree_follow_up(ctx: ActionContext[FollowUpInput]) -> Details:
    follow_up = FollowUp(
        case_id=ctx.case.id,
        description=_text(ctx.input.omschrijving, "omschrijving", "De omschrijving"),
        owner=_text(ctx.input.eigenaar, "eigenaar", "De eigenaar"),
        due_date=_date(ctx.input.uiterlijk, "uiterlijk", "De uiterste datum"),
    )
    details: Details = {
        "actie": follow_up.description,
        "eigenaar": follow_up.owner,
        "uiterlijk": follow_up.due_date,
    }
    linked_type = ctx.input.nieuwe_zaak
    if linked_type:
        follow_up.linked_case = _open_linked_case(ctx, linked_type)
        details["gekoppelde_zaak"] = follow_up.linked_case.reference
    db.session.add(follow_up)
    return details


def _follow_up_done(ctx: ActionContext[FollowUpDoneInput]) -> Details:
    follow_up = db.session.get(FollowUp, ctx.input.actie_id or 0)
    if follow_up is None or follow_up.case_id != ctx.case.id or follow_up.done_at is not None:
        raise ValidationFailed(
            "Kies een openstaande vervolgactie.", {"actie_id": "Kies een openstaande vervolgactie."}
        )
    follow_up.done_at = utcnow()
    return {"actie": follow_up.description}


Effect = Callable[[ActionContext[Any]], Details]

EFFECTS: dict[str, Effect] = {
    "intake_accepteren": _accept,
    "aanvulling_vragen": _request_information,
    "aanvullen": _supply_information,
    "buiten_behandeling_stellen": _out_of_scope,
    "toewijzen": _assign,
    "concept_opslaan": _draft,
    "ter_goedkeuring_voorleggen": _submit_for_approval,
    "terugsturen": _return,
    "uitbrengen": _issue,
    "instemmen": _agree,
    "niet_instemmen": _disagree,
    "agenderen": _place_on_agenda,
    "besluit_vastleggen": _record_decision,
    "afronden": _close,
    "intrekken": _withdraw,
    "annuleren": _cancel,
    "heropenen": _reopen,
    "verslag_vastleggen": _report,
    "acties_afspreken": _agree_follow_up,
    "actie_gereed": _follow_up_done,
}


def _prepare_issue(case: Case, user: User) -> letters.PreparedLetter | None:
    advice = _latest(case)
    return letters.prepare_letter(case, advice, user) if advice is not None else None


# Slow work an action does before the case row is locked; it writes nothing and its result
# reaches the effect as ``ctx.prepared``, which uses it only at the case version it was for.
PREPARATIONS: dict[str, Callable[[Case, User], Any]] = {"uitbrengen": _prepare_issue}

# Actions that record nothing besides the state change, the comment and the audit event.
EFFECT_FREE: frozenset[str] = frozenset(
    {"indienen", "vooroverleg_aanvragen", "vooroverleg_afronden"}
)


def current_agenda_item(case_id: int) -> AgendaItem | None:
    return db.session.scalars(
        select(AgendaItem).where(AgendaItem.case_id == case_id).order_by(AgendaItem.id.desc())
    ).first()


def _latest(case: Case) -> Advice | None:
    return db.session.scalars(
        select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc()).limit(1)
    ).first()


def _require_latest(ctx: ActionContext[Any]) -> Advice:
    advice = _latest(ctx.case)
    if advice is None:
        raise ValidationFailed("Er is geen concept.")
    return advice


def _set_draft_status(ctx: ActionContext[Any], status: str) -> Details:
    advice = _require_latest(ctx)
    advice.status = status
    return {"versie": advice.number, "status": status}


def _date(value: date | None, name: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationFailed(f"{label} is verplicht.", {name: "Vul een geldige datum in."})
    return value


def _open_linked_case(ctx: ActionContext[Any], case_type: str) -> Case:
    if case_type not in workflows.CASE_TYPES or workflows.latest(case_type).talk_track:
        raise ValidationFailed("Kies een geldig zaaktype.", {"nieuwe_zaak": "Kies een zaaktype."})
    linked = new_case(ctx.user, workflows.latest(case_type), ctx.case.ministry)
    linked.title = f"Vervolg op {ctx.case.reference}: {ctx.case.title}"
    linked.organisation_id = ctx.case.organisation_id
    linked.linked_from_id = ctx.case.id
    linked.demo = ctx.case.demo
    trail.record(
        linked,
        ctx.user,
        "aanmaak",
        to_state=linked.state,
        data={"gekoppeld_aan": ctx.case.reference},
    )
    return linked
