"""Workflow actions through ``cases.perform``: effects, validation, audit and locking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from caseflow.domain.clock import local_today, to_local, utcnow
from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Advice, AgendaItem, Case, CaseEvent, FollowUp, Meeting, User
from caseflow.services.audit import trail
from caseflow.services.cases import access, effects, lifecycle
from tests.conftest import make_user
from tests.factories import act, case_in_state, province_id, upcoming_meeting
from workflows.guards import FOLLOWUPS_DONE, NOT_DRAFTER

Users = dict[str, User]


def last_event(case: Case) -> CaseEvent:
    return trail.timeline(case.id)[-1]


def event_count(case_id: int) -> int:
    query = select(func.count(CaseEvent.id)).where(CaseEvent.case_id == case_id)
    return db.session.scalar(query) or 0


def advice_versions(case: Case) -> list[Advice]:
    return list(
        db.session.scalars(select(Advice).where(Advice.case_id == case.id).order_by(Advice.number))
    )


def draft_data() -> dict[str, Any]:
    return {
        "tekst": "Vestig de dienst in Heerlen.",
        "provincie_id": province_id("Limburg"),
        "plaats": "Heerlen",
    }


def test_transition_changes_state_and_writes_its_audit_event(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    version = case.version
    act(users["adviseur"], case, "intake_accepteren", opmerking="  Compleet aangeleverd. ")
    assert case.state == "in_behandeling"
    assert case.intake_done is True
    assert case.assignee_id == users["adviseur"].id  # an adviser who accepts takes the case
    assert case.version == version + 1
    event = last_event(case)
    assert (event.kind, event.action) == ("transitie", "intake_accepteren")
    assert (event.from_state, event.to_state) == ("ingediend", "in_behandeling")
    assert event.actor_id == users["adviseur"].id
    assert event.comment == "Compleet aangeleverd."
    assert event.data == {"behandelaar": users["adviseur"].id}
    assert trail.verify_chain(case.id)


def test_an_empty_optional_comment_is_stored_as_empty(users: Users) -> None:
    """A form posts None for an empty optional field: that is no comment, not the text "None"."""
    case = act(
        users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen", opmerking=None
    )
    assert last_event(case).comment == ""


def test_missing_input_fails_with_dutch_field_messages_and_changes_nothing(users: Users) -> None:
    past = Meeting(held_on=local_today() - timedelta(days=7), note="Vorige week")
    db.session.add(past)
    db.session.commit()
    m, a, c, s = (users[k] for k in ("ministerie", "adviseur", "coordinator", "secretariaat"))
    limburg = province_id("Limburg")
    follow_up = {"omschrijving": "Locaties verkennen", "eigenaar": "COA"}
    # (case type, state, actor, action, input, the field that must be reported)
    cases_and_inputs: list[tuple[str, str, User, str, dict[str, Any], str]] = [
        ("omvangswijziging", "ingediend", a, "aanvulling_vragen", {"vraag": "  "}, "vraag"),
        ("omvangswijziging", "aanvulling_gevraagd", m, "aanvullen", {}, "aanvulling"),
        ("nieuwe_dienst", "ingediend", c, "buiten_behandeling_stellen", {"reden": "x"},
         "reden_code"),
        ("nieuwe_dienst", "ingediend", c, "buiten_behandeling_stellen",
         {"reden_code": "onder_drempel"}, "reden"),
        ("masterplan", "in_behandeling", c, "toewijzen", {"behandelaar_id": m.id},
         "behandelaar_id"),
        ("masterplan", "in_behandeling", a, "concept_opslaan",
         {"provincie_id": limburg, "plaats": "Heerlen"}, "tekst"),
        ("masterplan", "in_behandeling", a, "concept_opslaan",
         {"tekst": "Advies", "provincie_id": 99999, "plaats": "Heerlen"}, "provincie_id"),
        ("omvangswijziging", "ter_goedkeuring", c, "terugsturen", {}, "opmerkingen"),
        ("omvangswijziging", "advies_uitgebracht", m, "instemmen", {"provincie_id": limburg},
         "plaats"),
        ("omvangswijziging", "advies_uitgebracht", m, "niet_instemmen", {}, "bezwaren"),
        ("omvangswijziging", "geen_overeenstemming", s, "agenderen",
         {"vergadering_id": past.id}, "vergadering_id"),
        ("omvangswijziging", "geagendeerd", s, "besluit_vastleggen",
         {"besluit": "Heerlen", "provincie_id": limburg, "plaats": "Heerlen"}, "besloten_op"),
        ("omvangswijziging", "geagendeerd", m, "intrekken", {}, "reden"),
        ("omvangswijziging", "afgerond", c, "heropenen", {}, "reden"),
        ("zbo_gesprek", "gepland", a, "verslag_vastleggen", {}, "verslag"),
        ("zbo_gesprek", "gepland", m, "annuleren", {}, "reden"),
        ("zbo_gesprek", "gevoerd", a, "acties_afspreken", follow_up, "uiterlijk"),
        ("zbo_gesprek", "gevoerd", a, "acties_afspreken",
         follow_up | {"uiterlijk": local_today(), "nieuwe_zaak": "zbo_gesprek"}, "nieuwe_zaak"),
        ("zbo_gesprek", "opvolging", m, "actie_gereed", {"actie_id": 99999}, "actie_id"),
    ]  # fmt: skip
    problems = []
    for case_type, state, user, action, data, field in cases_and_inputs:
        case = case_in_state(users, case_type, state)
        before = (case.version, case.outcome, case.agreed_place, event_count(case.id))
        with pytest.raises(ValidationFailed) as failed:
            act(user, case, action, **data)
        # perform rolled the failed action back: nothing half-done survives
        message = failed.value.fields.get(field, "")
        if not message.startswith(("Vul ", "Kies ")):
            problems.append(f"{action} {data}: fields={failed.value.fields}")
        after = (case.version, case.outcome, case.agreed_place, event_count(case.id))
        if case.state != state or after != before:
            problems.append(f"{action}: case changed to {case.state} {after}")
    assert not problems, "\n".join(problems)


def test_request_for_information_names_the_field_in_dutch(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    with pytest.raises(ValidationFailed) as failed:
        act(users["adviseur"], case, "aanvulling_vragen")
    assert failed.value.fields == {"vraag": "Vul de vraag aan het ministerie in."}
    assert failed.value.message == "De vraag aan het ministerie is verplicht."


@pytest.mark.parametrize(
    ("intake_done", "back_to"), [(True, "in_behandeling"), (False, "ingediend")]
)
def test_request_and_supply_information(users: Users, intake_done: bool, back_to: str) -> None:
    state = "in_behandeling" if intake_done else "ingediend"
    case = case_in_state(users, "nieuwe_dienst", state)
    act(users["adviseur"], case, "aanvulling_vragen", vraag="Waarom Heerlen?")
    assert case.state == "aanvulling_gevraagd"
    assert last_event(case).data == {"vraag": "Waarom Heerlen?"}
    act(users["ministerie"], case, "aanvullen", aanvulling="Het arbeidsmarktonderzoek.")
    assert case.state == back_to
    assert last_event(case).to_state == back_to


def test_file_assign_and_declare_out_of_scope_then_reopen(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "concept")
    act(users["ministerie"], case, "indienen")
    assert case.state == "ingediend"
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["adviseur2"].id)
    assert (case.state, case.assignee_id) == ("ingediend", users["adviseur2"].id)
    event = last_event(case)
    assert (event.from_state, event.to_state) == ("ingediend", "ingediend")
    assert event.data == {"behandelaar": users["adviseur2"].name}

    act(
        users["coordinator"],
        case,
        "buiten_behandeling_stellen",
        reden_code="onder_drempel",
        reden="Per saldo 60 fte.",
    )
    assert (case.state, case.outcome) == ("buiten_behandeling", "buiten_behandeling")
    assert case.closed_at is not None
    closed_on = to_local(case.closed_at).date()
    assert case.retain_until == closed_on.replace(year=closed_on.year + 20)  # Archiefwet
    assert last_event(case).data["reden"] == "Onder de drempel van 100 fte"

    reopened = act(users["coordinator"], case, "heropenen", reden="Nieuwe cijfers.")
    assert (reopened.state, reopened.outcome, reopened.closed_at) == ("ingediend", "", None)
    assert reopened.retain_until is None


def test_the_retention_term_is_a_setting(app: Flask, users: Users) -> None:
    app.config["RETENTION_YEARS"] = 10
    case = act(
        users["ministerie"], case_in_state(users, "nieuwe_dienst"), "intrekken", reden="Nee."
    )
    closed_on = to_local(case.closed_at or utcnow()).date()
    assert case.retain_until == closed_on.replace(year=closed_on.year + 10)


def test_draft_versions_are_kept(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    act(users["adviseur"], case, "concept_opslaan", **draft_data())
    act(users["adviseur"], case, "concept_opslaan", **draft_data() | {"plaats": "Maastricht"})
    versions = advice_versions(case)
    assert [(v.number, v.advised_place, v.status) for v in versions] == [
        (1, "Heerlen", "concept"),
        (2, "Maastricht", "concept"),
    ]
    assert case.state == "in_behandeling"
    assert last_event(case).data == {"versie": 2}

    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    assert case.state == "ter_goedkeuring"
    assert [v.status for v in advice_versions(case)] == ["concept", "ter_goedkeuring"]


def test_return_with_comments_and_issue_with_four_eyes(users: Users) -> None:
    case = case_in_state(users, "masterplan", "ter_goedkeuring")
    act(users["coordinator"], case, "terugsturen", opmerkingen="Motiveer de keuze.")
    assert case.state == "in_behandeling"
    (advice,) = advice_versions(case)
    assert (advice.status, advice.review_comment) == ("teruggestuurd", "Motiveer de keuze.")

    # The coordinator rewrites the draft himself: now he may not approve it.
    act(users["coordinator"], case, "concept_opslaan", **draft_data())
    act(users["coordinator"], case, "ter_goedkeuring_voorleggen")
    with pytest.raises(NotAllowed) as refused:
        act(users["coordinator"], case, "uitbrengen")
    assert refused.value.message == NOT_DRAFTER.message
    db.session.rollback()

    other = make_user("coordinator", email="coordinator2@test.nl")
    act(other, case, "uitbrengen")
    assert case.state == "advies_uitgebracht"
    issued = advice_versions(case)[-1]
    assert (issued.number, issued.status, issued.approved_by_id) == (2, "uitgebracht", other.id)
    assert issued.issued_at is not None


def test_agreement_route(users: Users) -> None:
    case = case_in_state(users, "nieuwe_dienst", "advies_uitgebracht")
    act(
        users["ministerie"],
        case,
        "instemmen",
        provincie_id=province_id("Groningen"),
        plaats="Groningen",
    )
    assert case.state == "overeenstemming"
    assert (case.agreed_province_id, case.agreed_place) == (province_id("Groningen"), "Groningen")
    act(users["coordinator"], case, "afronden")
    assert (case.state, case.outcome) == ("afgerond", "overeenstemming")
    assert case.closed_at is not None


def test_escalation_route_to_the_ministerraad(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_in_state(users, "omvangswijziging", "advies_uitgebracht")
    meeting = upcoming_meeting(days=10)
    act(users["ministerie"], case, "niet_instemmen", bezwaren="De regio heeft te weinig ICT'ers.")
    assert case.state == "geen_overeenstemming"
    act(users["secretariaat"], case, "agenderen", vergadering_id=meeting.id, onderraad="REO")
    assert case.state == "geagendeerd"
    item = db.session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)).one()
    assert (item.meeting_id, item.onderraad, item.placed_by_id) == (
        meeting.id,
        "REO",
        users["secretariaat"].id,
    )
    # Ten days later the meeting is held and decides: its decision is dated that day.
    monkeypatch.setattr(effects, "local_today", lambda: meeting.held_on)
    act(
        users["secretariaat"],
        case,
        "besluit_vastleggen",
        besluit="Vestiging in Heerlen.",
        provincie_id=province_id("Limburg"),
        plaats="Heerlen",
        besloten_op=meeting.held_on,
    )
    assert case.state == "besloten"
    assert (item.decision_text, item.decided_place) == ("Vestiging in Heerlen.", "Heerlen")
    assert (case.agreed_province_id, case.agreed_place) == (province_id("Limburg"), "Heerlen")
    act(users["coordinator"], case, "afronden")
    assert (case.state, case.outcome) == ("afgerond", "ministerraad")
    steps = [(e.action, e.from_state, e.to_state) for e in trail.timeline(case.id)[-4:]]
    assert steps == [
        ("niet_instemmen", "advies_uitgebracht", "geen_overeenstemming"),
        ("agenderen", "geen_overeenstemming", "geagendeerd"),
        ("besluit_vastleggen", "geagendeerd", "besloten"),
        ("afronden", "besloten", "afgerond"),
    ]
    assert trail.verify_chain(case.id)


def test_withdraw_sets_outcome_and_closes(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "geagendeerd")
    act(users["ministerie"], case, "intrekken", reden="De groei gaat niet door.")
    assert (case.state, case.outcome) == ("ingetrokken", "ingetrokken")
    assert case.closed_at is not None
    assert last_event(case).data == {"reden": "De groei gaat niet door."}


def test_reopening_keeps_the_issued_advice_and_adds_a_new_version(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "afgerond")
    (issued,) = advice_versions(case)
    frozen = (issued.text, issued.status, issued.approved_by_id, issued.issued_at)
    act(users["coordinator"], case, "heropenen", reden="Correctie op het advies.")
    assert (case.state, case.outcome, case.closed_at) == ("ingediend", "", None)
    act(users["adviseur"], case, "intake_accepteren")
    act(users["adviseur"], case, "concept_opslaan", **draft_data() | {"tekst": "Gecorrigeerd."})
    first, second = advice_versions(case)
    assert (first.text, first.status, first.approved_by_id, first.issued_at) == frozen
    assert (second.number, second.text, second.status) == (2, "Gecorrigeerd.", "concept")


def test_zbo_talk_with_follow_up_that_opens_a_linked_case(users: Users) -> None:
    talk = case_in_state(users, "zbo_gesprek", "gepland")
    act(users["adviseur"], talk, "verslag_vastleggen", verslag="COA verkent Groningen.")
    assert (talk.state, talk.talk_report) == ("gevoerd", "COA verkent Groningen.")

    due = local_today() + timedelta(days=60)
    act(
        users["adviseur"],
        talk,
        "acties_afspreken",
        omschrijving="Vestigingsvoorstel Groningen",
        eigenaar="JenV",
        uiterlijk=due,
        nieuwe_zaak="nieuwe_dienst",
    )
    assert talk.state == "opvolging"
    follow_up = db.session.scalars(select(FollowUp).where(FollowUp.case_id == talk.id)).one()
    linked = follow_up.linked_case
    assert linked is not None
    assert (linked.case_type, linked.state, linked.linked_from_id) == (
        "nieuwe_dienst",
        "concept",
        talk.id,
    )
    assert linked.ministry_id == talk.ministry_id
    assert linked.organisation_id == talk.organisation_id
    assert linked.reference.startswith("ND-")
    assert last_event(talk).data["gekoppelde_zaak"] == linked.reference
    assert [e.kind for e in trail.timeline(linked.id)] == ["aanmaak"]
    assert access.get_case(users["ministerie"], linked.id) is linked  # the ministry takes it on

    with pytest.raises(NotAllowed) as refused:
        act(users["coordinator"], talk, "afronden")
    assert refused.value.message == FOLLOWUPS_DONE.message
    db.session.rollback()

    act(users["ministerie"], talk, "actie_gereed", actie_id=follow_up.id)
    assert follow_up.done_at is not None
    assert talk.state == "opvolging"
    act(users["adviseur"], talk, "afronden")
    assert (talk.state, talk.outcome) == ("afgerond", "afgerond")
    assert talk.closed_at is not None

    reopened = act(users["coordinator"], talk, "heropenen", reden="Nieuwe afspraak.")
    assert (reopened.state, reopened.closed_at) == ("gepland", None)


def test_cancelling_a_talk(users: Users) -> None:
    talk = case_in_state(users, "zbo_gesprek", "gepland")
    act(users["ministerie"], talk, "annuleren", reden="Minister verhinderd.")
    assert (talk.state, talk.outcome) == ("geannuleerd", "geannuleerd")
    assert talk.closed_at is not None


def test_perform_with_a_stale_version_is_a_conflict(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    shown = case.version
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["adviseur2"].id)
    events = event_count(case.id)
    with pytest.raises(Conflict):
        lifecycle.perform(users["adviseur"], case.id, "intake_accepteren", shown, {})
    db.session.rollback()
    assert (case.state, case.version, event_count(case.id)) == ("ingediend", shown + 1, events)


def test_update_case_with_a_stale_version_is_a_conflict(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "concept")
    shown = case.version
    lifecycle.update_case(users["ministerie"], case.id, shown, {"fte_change": 180})
    assert (case.fte_change, case.version) == (180, shown + 1)
    event = last_event(case)
    assert (event.kind, event.data) == ("wijziging", {"velden": {"fte_change": [150, 180]}})

    with pytest.raises(Conflict):
        lifecycle.update_case(users["ministerie"], case.id, shown, {"fte_change": 90})
    db.session.rollback()
    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert stored is not None
    assert (stored.fte_change, stored.version) == (180, shown + 1)


def test_update_case_only_in_edit_states_and_by_the_ministry(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    with pytest.raises(Conflict):
        lifecycle.update_case(users["ministerie"], case.id, case.version, {"fte_change": 90})
    db.session.rollback()
    with pytest.raises(NotAllowed):
        lifecycle.update_case(users["adviseur"], case.id, case.version, {"fte_change": 90})
    db.session.rollback()
    assert case.fte_change == 150
