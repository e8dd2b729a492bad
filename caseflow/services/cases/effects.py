"""What each workflow action records besides the state change. Every effect validates its
own input (services never trust the form alone) and returns the details for the audit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

import workflows
from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Advice, AgendaItem, Case, FollowUp, Meeting, Province, User
from caseflow.services.audit import trail
from caseflow.services.cases import letters, publication
from caseflow.services.cases.filing import new_case
from workflows.base import ADVISEUR, COORDINATOR

Details = dict[str, Any]

OUT_OF_SCOPE_REASONS: dict[str, str] = {
    "onder_drempel": "Onder de drempel van 100 fte",
    "uitgezonderde_sector": "Uitgezonderde sector: het primaire proces bepaalt de locatie",
    "anders": "Andere reden",
}


@dataclass
class ActionContext:
    case: Case
    user: User
    data: dict[str, Any]
    from_state: str

    def text(self, name: str, label: str) -> str:
        value = str(self.data.get(name) or "").strip()
        if not value:
            raise ValidationFailed(f"{label} is verplicht.", {name: f"Vul {label.lower()} in."})
        return value

    def province(self, name: str, label: str) -> Province:
        province = db.session.get(Province, self.data.get(name) or 0)
        if province is None:
            raise ValidationFailed(
                f"Kies een {label.lower()}.", {name: f"Kies een {label.lower()}."}
            )
        return province


def _accept(ctx: ActionContext) -> Details:
    ctx.case.intake_done = True
    if ctx.case.assignee_id is None and ctx.user.role == ADVISEUR:
        ctx.case.assignee_id = ctx.user.id
    return {"behandelaar": ctx.case.assignee_id}


def _request_information(ctx: ActionContext) -> Details:
    return {"vraag": ctx.text("vraag", "De vraag aan het ministerie")}


def _supply_information(ctx: ActionContext) -> Details:
    return {"aanvulling": ctx.text("aanvulling", "De aanvulling")}


def _out_of_scope(ctx: ActionContext) -> Details:
    reason = str(ctx.data.get("reden_code") or "")
    if reason not in OUT_OF_SCOPE_REASONS:
        raise ValidationFailed("Kies een reden.", {"reden_code": "Kies een reden."})
    ctx.case.outcome = "buiten_behandeling"
    return {
        "reden": OUT_OF_SCOPE_REASONS[reason],
        "toelichting": ctx.text("reden", "De toelichting"),
    }


def _assign(ctx: ActionContext) -> Details:
    adviser = db.session.get(User, ctx.data.get("behandelaar_id") or 0)
    if adviser is None or not adviser.active or adviser.role not in (ADVISEUR, COORDINATOR):
        raise ValidationFailed("Kies een BZK-adviseur.", {"behandelaar_id": "Kies een adviseur."})
    ctx.case.assignee_id = adviser.id
    return {"behandelaar": adviser.name}


def _draft(ctx: ActionContext) -> Details:
    previous = _latest(ctx.case)
    advice = Advice(
        case_id=ctx.case.id,
        number=(previous.number + 1) if previous else 1,
        text=ctx.text("tekst", "De tekst"),
        advised_province_id=ctx.province("provincie_id", "Provincie").id,
        advised_place=ctx.text("plaats", "De plaats"),
        drafted_by_id=ctx.user.id,
    )
    db.session.add(advice)
    return {"versie": advice.number}


def _submit_for_approval(ctx: ActionContext) -> Details:
    return _set_draft_status(ctx, "ter_goedkeuring")


def _return(ctx: ActionContext) -> Details:
    comments = ctx.text("opmerkingen", "De opmerkingen")
    details = _set_draft_status(ctx, "teruggestuurd")
    _require_latest(ctx).review_comment = comments
    return details | {"opmerkingen": comments}


def _issue(ctx: ActionContext) -> Details:
    advice = _require_latest(ctx)
    advice.approved_by_id = ctx.user.id
    advice.approved_by = ctx.user
    advice.issued_at = utcnow()
    details = _set_draft_status(ctx, "uitgebracht")
    letters.store_letter(ctx.case, advice)
    return details


def _agree(ctx: ActionContext) -> Details:
    province = ctx.province("provincie_id", "Provincie")
    ctx.case.agreed_province_id = province.id
    ctx.case.agreed_place = ctx.text("plaats", "De plaats")
    return {"locatie": f"{ctx.case.agreed_place} ({province.name})"}


def _disagree(ctx: ActionContext) -> Details:
    return {"bezwaren": ctx.text("bezwaren", "De redenen")}


def _place_on_agenda(ctx: ActionContext) -> Details:
    meeting = db.session.get(Meeting, ctx.data.get("vergadering_id") or 0)
    if meeting is None or meeting.held_on < local_today():
        message = "Kies een komende vergadering van de ministerraad."
        raise ValidationFailed(message, {"vergadering_id": message})
    onderraad = str(ctx.data.get("onderraad") or "").strip()
    db.session.add(
        AgendaItem(
            case_id=ctx.case.id,
            meeting_id=meeting.id,
            onderraad=onderraad,
            placed_by_id=ctx.user.id,
        )
    )
    return {"vergadering": meeting.held_on, "onderraad": onderraad}


def _record_decision(ctx: ActionContext) -> Details:
    item = current_agenda_item(ctx.case.id)
    if item is None:
        raise ValidationFailed("De zaak staat op geen enkele agenda.")
    item.decision_text = ctx.text("besluit", "De besluittekst")
    province = ctx.province("provincie_id", "Provincie")
    item.decided_province_id = province.id
    item.decided_place = ctx.text("plaats", "De plaats")
    item.decided_on = _decision_date(ctx, item.meeting)
    ctx.case.agreed_province_id, ctx.case.agreed_place = province.id, item.decided_place
    return {
        "besluit": item.decision_text,
        "locatie": f"{item.decided_place} ({province.name})",
        "besloten_op": item.decided_on,
    }


def _decision_date(ctx: ActionContext, meeting: Meeting) -> date:
    """The ministerraad decides at or after its meeting, and not on a day still to come."""
    decided_on = _date(ctx, "besloten_op", "De datum van het besluit")
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


def _close(ctx: ActionContext) -> Details:
    outcomes = {"overeenstemming": "overeenstemming", "besloten": "ministerraad"}
    ctx.case.outcome = outcomes.get(ctx.from_state, "afgerond")
    details: Details = {"uitkomst": ctx.case.outcome}
    # The Woo decision of the close form; without one the case closes undecided and the
    # coordinator decides on its page (as for withdrawn and out-of-scope cases).
    decision = str(ctx.data.get("openbaarheid") or "")
    if decision and publication.decides_at_closing(ctx.case, "afronden"):
        ground = str(ctx.data.get("weigeringsgrond") or "")
        details |= publication.apply_case_decision(ctx.case, decision, ground)
    return details


def _withdraw(ctx: ActionContext) -> Details:
    ctx.case.outcome = "ingetrokken"
    return {"reden": ctx.text("reden", "De reden")}


def _cancel(ctx: ActionContext) -> Details:
    ctx.case.outcome = "geannuleerd"
    return {"reden": ctx.text("reden", "De reden")}


def _reopen(ctx: ActionContext) -> Details:
    ctx.case.outcome = ""
    publication.forget_case_decision(ctx.case)
    return {"reden": ctx.text("reden", "De reden")}


def _report(ctx: ActionContext) -> Details:
    ctx.case.talk_report = ctx.text("verslag", "Het verslag")
    return {"verslag": ctx.case.talk_report}


def _agree_follow_up(ctx: ActionContext) -> Details:
    follow_up = FollowUp(
        case_id=ctx.case.id,
        description=ctx.text("omschrijving", "De omschrijving"),
        owner=ctx.text("eigenaar", "De eigenaar"),
        due_date=_date(ctx, "uiterlijk", "De uiterste datum"),
    )
    details: Details = {
        "actie": follow_up.description,
        "eigenaar": follow_up.owner,
        "uiterlijk": follow_up.due_date,
    }
    linked_type = str(ctx.data.get("nieuwe_zaak") or "")
    if linked_type:
        follow_up.linked_case = _open_linked_case(ctx, linked_type)
        details["gekoppelde_zaak"] = follow_up.linked_case.reference
    db.session.add(follow_up)
    return details


def _follow_up_done(ctx: ActionContext) -> Details:
    follow_up = db.session.get(FollowUp, ctx.data.get("actie_id") or 0)
    if follow_up is None or follow_up.case_id != ctx.case.id or follow_up.done_at is not None:
        raise ValidationFailed(
            "Kies een openstaande vervolgactie.", {"actie_id": "Kies een openstaande vervolgactie."}
        )
    follow_up.done_at = utcnow()
    return {"actie": follow_up.description}


EFFECTS: dict[str, Callable[[ActionContext], Details]] = {
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


def current_agenda_item(case_id: int) -> AgendaItem | None:
    return db.session.scalars(
        select(AgendaItem).where(AgendaItem.case_id == case_id).order_by(AgendaItem.id.desc())
    ).first()


def _latest(case: Case) -> Advice | None:
    return db.session.scalars(
        select(Advice).where(Advice.case_id == case.id).order_by(Advice.number.desc()).limit(1)
    ).first()


def _require_latest(ctx: ActionContext) -> Advice:
    advice = _latest(ctx.case)
    if advice is None:
        raise ValidationFailed("Er is geen concept.")
    return advice


def _set_draft_status(ctx: ActionContext, status: str) -> Details:
    advice = _require_latest(ctx)
    advice.status = status
    return {"versie": advice.number, "status": status}


def _date(ctx: ActionContext, name: str, label: str) -> date:
    value = ctx.data.get(name)
    if not isinstance(value, date):
        raise ValidationFailed(f"{label} is verplicht.", {name: "Vul een geldige datum in."})
    return value


def _open_linked_case(ctx: ActionContext, case_type: str) -> Case:
    if case_type not in workflows.CASE_TYPES or case_type == "zbo_gesprek":
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
