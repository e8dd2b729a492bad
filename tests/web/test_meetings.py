"""The secretariat's meeting calendar through HTTP: Fridays by the Atw calendar, a working
day for every meeting, moving and cancelling with the agenda, decision dates, the agenda."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.clock import local_today
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import AgendaItem, Case, CaseEvent, Deadline, Meeting, Notification, User
from caseflow.models.deadline import RUNNING
from caseflow.services.audit import trail
from caseflow.services.cases import effects
from caseflow.services.meetings import rescheduling, schedule
from caseflow.web import meetings as meeting_pages
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.pdf_checks import pdf_ua_findings
from tests.web.helpers import act, page_of, state_of

Users = dict[str, User]
ATW = WorkingCalendar()


def _today_is(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    for module in (schedule, rescheduling, meeting_pages, effects):
        monkeypatch.setattr(module, "local_today", lambda: day)


def _meeting_days() -> list[date]:
    db.session.commit()  # end the test's own read transaction: see what the requests wrote
    return list(db.session.scalars(select(Meeting.held_on).order_by(Meeting.held_on)))


def _working_day(days_ahead: int) -> date:
    return ATW.next_working_day(local_today() + timedelta(days=days_ahead))


def _on_agenda(users: Users) -> tuple[Case, AgendaItem]:
    case = case_in_state(users, "omvangswijziging", "geagendeerd")
    item = db.session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)).one()
    return case, item


def _events(case: Case, action: str) -> list[CaseEvent]:
    return [e for e in trail.timeline(case.id) if e.action == action]


def test_planning_fridays_leaves_out_christmas_and_new_year(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    _today_is(monkeypatch, date(2026, 11, 30))
    login(client, users["secretariaat"])
    response = client.post("/ministerraad/plannen", data={"until": "2027-01-31"})
    assert response.status_code == 302
    expected = [date(2026, 12, d) for d in (4, 11, 18)] + [
        date(2027, 1, d) for d in (8, 15, 22, 29)
    ]
    assert _meeting_days() == expected
    # Planning again adds nothing: every working Friday already has its meeting.
    client.post("/ministerraad/plannen", data={"until": "2027-01-31"})
    assert _meeting_days() == expected
    board = page_of(client, "/ministerraad")
    assert "vrijdag 18 december 2026" in board
    assert "25 december 2026" not in board


def test_planning_beyond_a_year_is_refused(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    _today_is(monkeypatch, date(2026, 11, 30))
    login(client, users["secretariaat"])
    response = client.post("/ministerraad/plannen", data={"until": "2028-06-01"})
    assert response.status_code == 422
    assert "hooguit een jaar vooruit" in response.get_data(as_text=True)
    assert _meeting_days() == []


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2026-12-06", "Op zondag 6 december 2026 vergadert de ministerraad niet: dat valt in "
                       "het weekend."),
        ("2026-12-25", "Op vrijdag 25 december 2026 vergadert de ministerraad niet: dat is een "
                       "vrije dag (Eerste Kerstdag)."),
        ("2027-01-01", "dat is een vrije dag (Nieuwjaarsdag)"),
    ],
)  # fmt: skip
def test_a_meeting_on_a_closed_day_is_refused_in_dutch(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch, day: str, reason: str
) -> None:
    _today_is(monkeypatch, date(2026, 11, 30))
    login(client, users["secretariaat"])
    response = client.post("/ministerraad", data={"held_on": day, "note": "Extra"})
    assert response.status_code == 422
    assert reason in response.get_data(as_text=True)
    assert _meeting_days() == []


def test_a_replacement_meeting_on_a_thursday_is_accepted(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    _today_is(monkeypatch, date(2026, 11, 30))
    login(client, users["secretariaat"])
    response = client.post("/ministerraad", data={"held_on": "2026-12-24", "note": "Vervangend"})
    assert response.status_code == 302
    assert _meeting_days() == [date(2026, 12, 24)]


def test_moving_a_meeting_takes_its_agenda_along(client: FlaskClient, users: Users) -> None:
    case, item = _on_agenda(users)
    old_day, new_day = item.meeting.held_on, _working_day(30)
    login(client, users["secretariaat"])
    assert "Wijziging opslaan" in page_of(
        client, f"/ministerraad/vergaderingen/{item.meeting_id}/wijzigen"
    )
    response = client.post(
        f"/ministerraad/vergaderingen/{item.meeting_id}/wijzigen",
        data={"held_on": new_day.isoformat(), "note": "Verschoven", "reason": "Staatsbezoek"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(AgendaItem, item.id)
    assert moved is not None and moved.meeting.held_on == new_day
    assert moved.meeting.note == "Verschoven"
    assert state_of(case.id).state == "geagendeerd"
    [event] = _events(case, "vergadering_verplaatsen")
    assert event.comment == "Staatsbezoek"
    assert event.data == {"vergadering": old_day.isoformat(), "nieuwe_datum": new_day.isoformat()}
    assert (event.from_state, event.to_state, event.actor_id) == (
        "geagendeerd",
        "geagendeerd",
        users["secretariaat"].id,
    )
    assert trail.verify_chain(case.id)
    told = db.session.scalars(select(Notification.user_id).where(Notification.case_id == case.id))
    assert users["ministerie"].id in set(told)
    login(client, users["ministerie"])
    page = page_of(client, f"/zaken/{case.id}")
    assert "vergadering van de ministerraad verplaatst van" in page


def test_a_move_to_a_sunday_or_without_reason_changes_nothing(
    client: FlaskClient, users: Users
) -> None:
    case, item = _on_agenda(users)
    old_day = item.meeting.held_on
    sunday = local_today() + timedelta(days=(6 - local_today().weekday()) % 7 + 7)
    login(client, users["secretariaat"])
    url = f"/ministerraad/vergaderingen/{item.meeting_id}/wijzigen"
    response = client.post(url, data={"held_on": sunday.isoformat(), "reason": "Waarom niet"})
    assert response.status_code == 422
    assert "dat valt in het weekend" in response.get_data(as_text=True)
    response = client.post(url, data={"held_on": _working_day(30).isoformat(), "reason": " "})
    assert response.status_code == 422
    assert "Geef de reden op" in response.get_data(as_text=True)
    db.session.expire_all()
    assert _meeting_days() == [old_day]
    assert _events(case, "vergadering_verplaatsen") == []


def test_cancelling_a_meeting_sends_its_cases_back_to_the_escalation_queue(
    client: FlaskClient, users: Users
) -> None:
    case, item = _on_agenda(users)
    held_on = item.meeting.held_on
    login(client, users["secretariaat"])
    url = f"/ministerraad/vergaderingen/{item.meeting_id}/annuleren"
    assert case.reference in page_of(client, url)
    assert client.post(url, data={"reason": ""}).status_code == 422
    response = client.post(url, data={"reason": "Kabinet demissionair"})
    assert response.status_code == 302
    db.session.expire_all()
    assert _meeting_days() == []
    assert db.session.scalars(select(AgendaItem)).all() == []
    assert state_of(case.id).state == "geen_overeenstemming"
    [event] = _events(case, "vergadering_vervallen")
    assert (event.from_state, event.to_state, event.comment) == (
        "geagendeerd",
        "geen_overeenstemming",
        "Kabinet demissionair",
    )
    assert event.data == {"vergadering": held_on.isoformat()}
    assert trail.verify_chain(case.id)
    # Back in the queue, with the escalation term running again.
    running = db.session.scalars(
        select(Deadline.kind).where(Deadline.case_id == case.id, Deadline.status == RUNNING)
    ).all()
    assert running == ["agendering"]
    board = client.get("/ministerraad").get_data(as_text=True)
    queue = board.split('id="te-agenderen"')[1].split('id="agenda"')[0]
    assert case.reference in queue


def test_a_held_or_decided_meeting_stays_as_it_is(client: FlaskClient, users: Users) -> None:
    past = Meeting(held_on=local_today() - timedelta(days=7), note="Vorige week")
    db.session.add(past)
    db.session.commit()
    case = case_in_state(users, "omvangswijziging", "besloten")
    decided = db.session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)).one()
    login(client, users["secretariaat"])
    for meeting_id in (past.id, decided.meeting_id):
        for action, data in (
            ("annuleren", {"reason": "x"}),
            ("wijzigen", {"held_on": _working_day(40).isoformat(), "reason": "x"}),
        ):
            response = client.post(f"/ministerraad/vergaderingen/{meeting_id}/{action}", data=data)
            assert response.status_code == 409, (meeting_id, action)
    db.session.expire_all()
    assert state_of(case.id).state == "besloten"
    assert len(_meeting_days()) == 2


@pytest.mark.parametrize("role", ["adviseur", "coordinator", "ministerie", "beheerder"])
def test_only_the_secretariat_moves_or_cancels(
    client: FlaskClient, users: Users, role: str
) -> None:
    case, item = _on_agenda(users)
    login(client, users[role])
    base = f"/ministerraad/vergaderingen/{item.meeting_id}"
    data = {"held_on": _working_day(30).isoformat(), "reason": "x"}
    for url in (f"{base}/wijzigen", f"{base}/annuleren"):
        assert client.get(url).status_code == 403
        assert client.post(url, data=data).status_code == 403
    assert client.post("/ministerraad/plannen", data={"until": "2027-01-31"}).status_code == 403
    db.session.expire_all()
    assert state_of(case.id).state == "geagendeerd"
    assert _events(case, "vergadering_vervallen") == []


def test_an_unknown_meeting_is_not_found(client: FlaskClient, users: Users) -> None:
    login(client, users["secretariaat"])
    for url in ("/ministerraad/vergaderingen/9999", "/ministerraad/vergaderingen/9999/annuleren"):
        assert client.get(url).status_code == 404


def test_the_printable_agenda_lists_the_cases_for_bzk_only(
    client: FlaskClient, users: Users
) -> None:
    case, item = _on_agenda(users)
    for role in ("secretariaat", "coordinator", "adviseur"):
        login(client, users[role])
        page = page_of(client, f"/ministerraad/vergaderingen/{item.meeting_id}")
        assert case.reference in page and "Agenda ministerraad" in page
        assert "Ministerie van Justitie en Veiligheid" in page
    login(client, users["secretariaat"])
    response = client.get(f"/ministerraad/vergaderingen/{item.meeting_id}/agenda.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.get_data())).pages)
    assert case.reference in text and "Agenda ministerraad" in text
    assert pdf_ua_findings(response.get_data()) == []
    login(client, users["ministerie"])
    assert client.get(f"/ministerraad/vergaderingen/{item.meeting_id}").status_code == 403


def _decide(client: FlaskClient, case: Case, day: date, expect: int) -> str:
    return act(
        client,
        case.id,
        "besluit_vastleggen",
        expect=expect,
        besluit="Vestiging in Heerlen.",
        provincie_id=province_id("Limburg"),
        plaats="Heerlen",
        besloten_op=day,
    )


def test_a_decision_is_dated_from_the_meeting_up_to_today(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    case, item = _on_agenda(users)
    meeting_day = item.meeting.held_on
    login(client, users["secretariaat"])
    # Before the meeting is held no date is possible: every date is before it or ahead.
    _decide(client, case, local_today(), expect=422)
    _today_is(monkeypatch, meeting_day + timedelta(days=3))
    page = _decide(client, case, meeting_day + timedelta(days=4), expect=422)
    assert "De datum van het besluit ligt in de toekomst" in page
    page = _decide(client, case, meeting_day - timedelta(days=1), expect=422)
    assert "Het besluit kan niet vóór de vergadering van" in page
    assert state_of(case.id).state == "geagendeerd"
    _decide(client, case, meeting_day, expect=302)
    assert state_of(case.id).state == "besloten"
    assert db.session.get(AgendaItem, item.id).decided_on == meeting_day  # type: ignore[union-attr]


def test_the_service_refuses_an_overlong_note_whatever_the_form_did(users: Users) -> None:
    _case, item = _on_agenda(users)
    with pytest.raises(ValidationFailed) as refused:
        rescheduling.move_meeting(
            users["secretariaat"], item.meeting_id, item.meeting.held_on, "x" * 201, ""
        )
    assert refused.value.fields == {"note": "De notitie is te lang: maximaal 200 tekens."}


def test_the_calendar_pages_in_english(client: FlaskClient, english: Users) -> None:
    _case, item = _on_agenda(english)
    login(client, english["secretariaat"])
    assert "Plan meetings on Fridays" in page_of(client, "/ministerraad")
    assert "Edit the meeting of" in page_of(
        client, f"/ministerraad/vergaderingen/{item.meeting_id}/wijzigen"
    )
    assert "Council of ministers agenda" in page_of(
        client, f"/ministerraad/vergaderingen/{item.meeting_id}"
    )
