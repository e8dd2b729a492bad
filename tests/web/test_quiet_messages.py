"""Quiet, relevant messages through HTTP: one mail per event per person (the deadline the
event starts is in that mail, not in a second one the same minute), links to the address
the application is served on, a stale form that keeps what was typed, and the question
shown on the form that answers it."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from caseflow.domain.clock import local_today
from caseflow.domain.dutch import dutch_date
from caseflow.extensions import db
from caseflow.models import Case, Deadline, MailMessage, User
from caseflow.services.deadlines import reminders
from tests.conftest import login
from tests.factories import case_in_state
from tests.web.helpers import act, page_of, state_of, version_on

Users = dict[str, User]


def _mails(case_id: int) -> list[MailMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(MailMessage).where(MailMessage.case_id == case_id).order_by(MailMessage.id)
        )
    )


def _submit(client: FlaskClient, users: Users, host: str = "") -> Case:
    """The ministry submits a concept (to the application on ``host`` if given)."""
    case = case_in_state(users, "omvangswijziging")
    login(client, users["ministerie"])
    url = f"/zaken/{case.id}/acties/indienen"
    headers = {"Host": host} if host else {}
    if host:  # the login session goes along to that address
        name = client.application.config["SESSION_COOKIE_NAME"]
        session = client.get_cookie(name)
        assert session is not None
        client.set_cookie(name, session.value, domain=host.split(":")[0])
    form = page_of(client, url)
    response = client.post(url, data={"version": version_on(form)}, headers=headers)
    assert response.status_code == 302
    return state_of(case.id)


def test_a_submission_sends_one_mail_per_person_that_names_the_intake_term(
    client: FlaskClient, users: Users
) -> None:
    case = _submit(client, users)
    intake = db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.kind == "intake")
    ).one()
    sent = reminders.process_due(today=local_today())  # the scan runs the same minute
    assert sent == 0
    mails = _mails(case.id)
    per_person = [m.user_id for m in mails]
    assert len(per_person) == len(set(per_person))  # one mail per person
    adviser = next(m for m in mails if m.user_id == users["adviseur"].id)
    assert "staat op 'Ingediend' en wacht op u" in adviser.body
    assert f"De termijn 'Intake' verloopt op {dutch_date(intake.due_on)} (nog 5 werkdagen)." in (
        adviser.body
    )
    assert not any("verloopt over" in m.body for m in mails)
    # The coordinator is told of the case, but does not answer for the adviser's term.
    coordinator = next(m for m in mails if m.user_id == users["coordinator"].id)
    assert "Intake" not in coordinator.body


def test_the_due_date_reminder_still_comes(client: FlaskClient, users: Users) -> None:
    case = _submit(client, users)
    due = db.session.scalars(select(Deadline.due_on).where(Deadline.case_id == case.id)).one()
    assert reminders.process_due(today=due) == 1
    assert any("verloopt vandaag" in m.body for m in _mails(case.id))


def test_mail_links_use_the_address_the_request_came_to(
    app: Flask, client: FlaskClient, users: Users
) -> None:
    app.config["BASE_URL"] = ""  # not set explicitly
    case = _submit(client, users, host="caseflow.example:8123")
    mails = _mails(case.id)
    assert mails
    for mail in mails:
        assert f"Bekijk de zaak: http://caseflow.example:8123/zaken/{case.id}\n" in mail.body
        assert ":5000" not in mail.body


def test_an_explicit_base_url_wins(app: Flask, client: FlaskClient, users: Users) -> None:
    app.config["BASE_URL"] = "https://caseflow.minbzk.nl/"
    case = _submit(client, users, host="intern:8000")
    assert all(
        f"Bekijk de zaak: https://caseflow.minbzk.nl/zaken/{case.id}\n" in m.body
        for m in _mails(case.id)
    )


def test_a_stale_action_form_comes_back_with_the_input_and_the_fresh_version(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    login(client, users["adviseur"])
    form = page_of(client, f"/zaken/{case.id}/acties/aanvulling_vragen")
    old_version = version_on(form)
    # Meanwhile the coordinator assigns an adviser: the case moves to a new version.
    login(client, users["coordinator"])
    act(client, case.id, "toewijzen", behandelaar_id=users["adviseur2"].id)
    login(client, users["adviseur"])
    question = "Welke locaties heeft u onderzocht?"
    url = f"/zaken/{case.id}/acties/aanvulling_vragen"
    response = client.post(url, data={"version": old_version, "vraag": question})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Iemand anders heeft deze zaak gewijzigd terwijl u dit formulier invulde" in page
    assert question in page  # the typed text is still in the form
    fresh = state_of(case.id)
    assert fresh.state == "ingediend"
    assert version_on(page) == str(fresh.version) != old_version
    # Sending it again applies the input to the fresh case.
    again = client.post(url, data={"version": version_on(page), "vraag": question})
    assert again.status_code == 302
    assert state_of(case.id).state == "aanvulling_gevraagd"


def test_a_stale_edit_form_keeps_the_input(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    login(client, users["ministerie"])
    form = page_of(client, f"/zaken/{case.id}/bewerken")
    fields = _form_fields(form)
    db.session.execute(update(Case).where(Case.id == case.id).values(version=Case.version + 1))
    db.session.commit()
    fields["title"] = "Groei IND, herzien"
    response = client.post(f"/zaken/{case.id}/bewerken", data=fields)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="Groei IND, herzien"' in page
    assert version_on(page) == str(state_of(case.id).version)
    assert client.post(f"/zaken/{case.id}/bewerken", data=fields | {"version": version_on(page)})
    assert state_of(case.id).title == "Groei IND, herzien"


def test_a_conflict_that_cannot_be_reapplied_still_shows_the_input(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    login(client, users["ministerie"])
    form = page_of(client, f"/zaken/{case.id}/acties/intrekken")
    login(client, users["adviseur"])
    act(client, case.id, "intake_accepteren")
    act(client, case.id, "aanvulling_vragen", vraag="Waarom?")
    login(client, users["ministerie"])
    reason = "Het plan is van tafel."
    response = client.post(
        f"/zaken/{case.id}/acties/intrekken", data={"version": version_on(form), "reden": reason}
    )
    assert response.status_code == 409  # still possible: the form again, on the new version
    assert reason in response.get_data(as_text=True)
    # An action no longer possible: the 409 page lists the text and leads to the case.
    closed = case_in_state(users, "omvangswijziging", "afgerond")
    response = client.post(
        f"/zaken/{closed.id}/acties/intrekken", data={"version": "1", "reden": reason}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Wat u had ingevuld" in page and reason in page
    assert f'href="/zaken/{closed.id}"' in page


def test_the_supply_form_shows_the_question(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    login(client, users["adviseur"])
    question = "Hoe groot is het aanbod aan ICT-personeel in Assen?"
    act(client, case.id, "aanvulling_vragen", vraag=question)
    login(client, users["ministerie"])
    page = page_of(client, f"/zaken/{case.id}/acties/aanvullen")
    assert "De vraag van BZK" in page
    assert question in page
    assert users["adviseur"].name in page


def _form_fields(page: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag:
            fields[name.group(1)] = value.group(1) if value else ""
        elif name and "checked" in tag:
            fields[name.group(1)] = "y"
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[name] = body.strip()
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r"<option[^>]*\bselected\b[^>]*>", body)
        value = re.search(r'value="([^"]*)"', chosen.group(0)) if chosen else None
        fields[name] = value.group(1) if value else ""
    return {k: v for k, v in fields.items() if v}
