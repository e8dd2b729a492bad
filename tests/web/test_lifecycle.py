"""The full lifecycle of every case type through HTTP, switching between the roles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.clock import local_today
from caseflow.domain.meeting_days import first_friday_from
from caseflow.extensions import db
from caseflow.models import Advice, Case, CaseEvent, User
from caseflow.services.audit.trail import verify_chain
from caseflow.services.cases import effects
from tests.conftest import login
from tests.web.helpers import act, file_case, filing, option_values, province_id, state_of

LOCATION_TYPES = ("omvangswijziging", "nieuwe_dienst", "masterplan")


def _to_issued_advice(client: FlaskClient, users: dict[str, User], case_type: str) -> Case:
    """Ministry files, BZK asks for more, drafts twice (returned once) and issues."""
    login(client, users["ministerie"])
    case = file_case(client, case_type)
    assert case.state == "concept"
    act(client, case.id, "indienen", opmerking="Graag advies.")
    login(client, users["adviseur"])
    act(client, case.id, "aanvulling_vragen", vraag="Wat zegt de arbeidsmarktscan?")
    assert state_of(case.id).state == "aanvulling_gevraagd"
    login(client, users["ministerie"])
    act(client, case.id, "aanvullen", aanvulling="Voldoende personeel beschikbaar.")
    assert state_of(case.id).state == "ingediend"
    login(client, users["adviseur"])
    act(client, case.id, "intake_accepteren")
    assert state_of(case.id).assignee_id == users["adviseur"].id
    advice = {
        "tekst": "Vestig in Assen.",
        "provincie_id": province_id("Drenthe"),
        "plaats": "Assen",
    }
    act(client, case.id, "concept_opslaan", **advice)
    act(client, case.id, "ter_goedkeuring_voorleggen")
    login(client, users["coordinator"])
    act(client, case.id, "terugsturen", opmerkingen="Onderbouw de keuze voor Assen.")
    assert state_of(case.id).state == "in_behandeling"
    login(client, users["adviseur"])
    act(client, case.id, "concept_opslaan", **(advice | {"tekst": "Vestig in Assen, want."}))
    act(client, case.id, "ter_goedkeuring_voorleggen")
    login(client, users["coordinator"])
    act(client, case.id, "uitbrengen")
    issued = state_of(case.id)
    assert issued.state == "advies_uitgebracht"
    return issued


@pytest.mark.parametrize("case_type", LOCATION_TYPES)
def test_agreement_route(client: FlaskClient, users: dict[str, User], case_type: str) -> None:
    case = _to_issued_advice(client, users, case_type)
    versions = db.session.scalars(
        select(Advice).where(Advice.case_id == case.id).order_by(Advice.number)
    ).all()
    assert [(a.number, a.status) for a in versions] == [(1, "teruggestuurd"), (2, "uitgebracht")]
    assert versions[1].approved_by_id == users["coordinator"].id
    login(client, users["ministerie"])
    act(client, case.id, "instemmen", provincie_id=province_id("Drenthe"), plaats="Assen")
    login(client, users["coordinator"])
    act(client, case.id, "afronden")
    closed = state_of(case.id)
    assert (closed.state, closed.outcome, closed.agreed_place) == (
        "afgerond",
        "overeenstemming",
        "Assen",
    )
    assert closed.closed_at is not None
    assert verify_chain(case.id)
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Overeenstemming" in page and 'aria-current="step"' in page


@pytest.mark.parametrize("case_type", LOCATION_TYPES)
def test_escalation_route(
    client: FlaskClient, users: dict[str, User], case_type: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _to_issued_advice(client, users, case_type)
    login(client, users["ministerie"])
    act(client, case.id, "niet_instemmen", bezwaren="Wij blijven liever in Den Haag.")
    assert state_of(case.id).state == "geen_overeenstemming"
    login(client, users["secretariaat"])
    friday = first_friday_from(date.today() + timedelta(days=1))
    while not WorkingCalendar().is_working_day(friday):  # Eerste Kerstdag, Nieuwjaarsdag
        friday += timedelta(weeks=1)
    response = client.post("/ministerraad", data={"held_on": friday.isoformat(), "note": "MR"})
    assert response.status_code == 302
    board = client.get("/ministerraad").get_data(as_text=True)
    assert case.reference in board
    page = client.get(f"/zaken/{case.id}/acties/agenderen").get_data(as_text=True)
    meeting_id = option_values(page, "vergadering_id")[0]
    act(client, case.id, "agenderen", vergadering_id=meeting_id, onderraad="REZ")
    assert state_of(case.id).state == "geagendeerd"
    # The Friday comes and the ministerraad decides that day.
    monkeypatch.setattr(effects, "local_today", lambda: friday)
    act(
        client,
        case.id,
        "besluit_vastleggen",
        besluit="De dienst vestigt zich in Assen.",
        provincie_id=province_id("Drenthe"),
        plaats="Assen",
        besloten_op=friday,
    )
    assert state_of(case.id).state == "besloten"
    login(client, users["coordinator"])
    act(client, case.id, "afronden")
    closed = state_of(case.id)
    assert (closed.state, closed.outcome) == ("afgerond", "ministerraad")
    assert "De dienst vestigt zich in Assen." in client.get(f"/zaken/{case.id}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("case_type", LOCATION_TYPES)
def test_withdrawal(client: FlaskClient, users: dict[str, User], case_type: str) -> None:
    login(client, users["ministerie"])
    case = file_case(client, case_type)
    act(client, case.id, "indienen")
    act(client, case.id, "intrekken", reden="Het plan gaat niet door.")
    withdrawn = state_of(case.id)
    assert (withdrawn.state, withdrawn.outcome) == ("ingetrokken", "ingetrokken")
    assert client.get(f"/zaken/{case.id}/acties/intrekken").status_code == 409


@pytest.mark.parametrize("case_type", LOCATION_TYPES)
def test_out_of_scope_and_reopen(
    client: FlaskClient, users: dict[str, User], case_type: str
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, case_type, fte_change=40)
    act(client, case.id, "indienen")
    login(client, users["adviseur"])
    assert client.get(f"/zaken/{case.id}/acties/buiten_behandeling_stellen").status_code == 403
    login(client, users["coordinator"])
    act(
        client,
        case.id,
        "buiten_behandeling_stellen",
        reden_code="onder_drempel",
        reden="40 fte blijft onder de drempel.",
    )
    assert (state_of(case.id).state, state_of(case.id).outcome) == (
        "buiten_behandeling",
        "buiten_behandeling",
    )
    act(client, case.id, "heropenen", reden="Er blijkt een tweede wijziging te komen.")
    assert (state_of(case.id).state, state_of(case.id).outcome) == ("ingediend", "")


def test_zbo_talk_with_linked_case(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    form = {"version": "0", "ministry_id": users["ministerie"].ministry_id, **filing("zbo_gesprek")}
    response = client.post("/zaken/nieuw/zbo_gesprek", data={k: str(v) for k, v in form.items()})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    case_id = int(response.headers["Location"].split("/")[-1])
    assert state_of(case_id).state == "gepland"
    act(client, case_id, "verslag_vastleggen", verslag="Besproken: spreiding van locaties.")
    act(
        client,
        case_id,
        "acties_afspreken",
        omschrijving="Verken vestiging in Zwolle",
        eigenaar="COA",
        uiterlijk=date.today() + timedelta(days=30),
        nieuwe_zaak="nieuwe_dienst",
    )
    talk = state_of(case_id)
    assert talk.state == "opvolging"
    linked = db.session.scalars(select(Case).where(Case.linked_from_id == case_id)).one()
    assert (linked.case_type, linked.state, linked.ministry_id) == (
        "nieuwe_dienst",
        "concept",
        users["ministerie"].ministry_id,
    )
    # Closing with an open follow-up is refused with the guard's explanation.
    blocked = client.get(f"/zaken/{case_id}/acties/afronden")
    assert blocked.status_code == 403
    assert "vervolgacties open" in blocked.get_data(as_text=True)
    page = client.get(f"/zaken/{case_id}/acties/actie_gereed").get_data(as_text=True)
    follow_up_id = option_values(page, "actie_id")[0]
    act(client, case_id, "actie_gereed", actie_id=follow_up_id)
    act(client, case_id, "afronden")
    assert state_of(case_id).state == "afgerond"
    # The ministry finds the linked concept among its own cases and can complete it.
    login(client, users["ministerie"])
    assert linked.reference in client.get("/zaken").get_data(as_text=True)
    assert client.get(f"/zaken/{linked.id}/bewerken").status_code == 200


def test_every_transition_is_audited(client: FlaskClient, users: dict[str, User]) -> None:
    case = _to_issued_advice(client, users, "omvangswijziging")
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).all()
    transitions = [(e.action, e.from_state, e.to_state) for e in events if e.kind == "transitie"]
    assert transitions[:3] == [
        ("indienen", "concept", "ingediend"),
        ("aanvulling_vragen", "ingediend", "aanvulling_gevraagd"),
        ("aanvullen", "aanvulling_gevraagd", "ingediend"),
    ]
    assert transitions[-1] == ("uitbrengen", "ter_goedkeuring", "advies_uitgebracht")
    assert events[0].kind == "aanmaak" and events[0].actor_id == users["ministerie"].id
    assert {e.actor_id for e in events} == {
        users[r].id for r in ("ministerie", "adviseur", "coordinator")
    }


def test_a_closed_case_shows_its_retention_date(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case_id = file_case(client, "omvangswijziging").id
    act(client, case_id, "intrekken", reden="Gaat niet door.")
    closed = state_of(case_id)
    assert closed.retain_until is not None and closed.retain_until.year == local_today().year + 20
    page = client.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert (
        "Bewaren tot" in page and str(closed.retain_until.year) in page and "(Archiefwet)" in page
    )
