"""Deadlines on the case page and in the lists, and the coordinator's extension, through
HTTP as each role."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, select

from caseflow.domain.clock import local_today
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Deadline, Notification, Reminder, User
from caseflow.models.deadline import CANCELLED, PLANNED
from caseflow.services.audit.trail import verify_chain
from caseflow.services.deadlines import tracking
from caseflow.services.deadlines.adjustments import extend_deadline
from caseflow.services.unit_of_work import STALE
from tests.conftest import login
from tests.web.helpers import act, file_case, state_of, version_on

Users = dict[str, User]


def _submitted_case(client: FlaskClient, users: Users) -> Case:
    """A case the ministry filed and submitted: its intake term runs."""
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    act(client, case.id, "indienen")
    return state_of(case.id)


def _deadline(case_id: int, kind: str = "intake") -> Deadline:
    db.session.expire_all()
    return db.session.scalars(
        select(Deadline).where(Deadline.case_id == case_id, Deadline.kind == kind)
    ).one()


def _later_working_day(day: date, working_days: int = 3) -> date:
    return tracking.calendar().add_working_days(day, working_days)


def _next_saturday(day: date) -> date:
    return day + timedelta(days=(5 - day.weekday()) % 7 or 7)


def _extend_url(case_id: int, deadline_id: int) -> str:
    return f"/zaken/{case_id}/termijnen/{deadline_id}/verlengen"


def _extend(client: FlaskClient, case_id: int, deadline_id: int, expect: int, **data: str) -> str:
    """Open the extension form, then submit ``data`` with the version the form showed."""
    page = client.get(_extend_url(case_id, deadline_id))
    assert page.status_code == 200, page.get_data(as_text=True)[:2000]
    form = {"version": version_on(page.get_data(as_text=True)), **data}
    response = client.post(_extend_url(case_id, deadline_id), data=form)
    body = response.get_data(as_text=True)
    assert response.status_code == expect, (response.status_code, body[:3000])
    return body


def _make_overdue(deadline: Deadline, late: int = 3) -> date:
    """Move a running deadline into the past (``late`` working days overdue) and replan."""
    calendar = tracking.calendar()
    due = calendar.add_working_days(local_today(), -late)
    deadline.started_on = calendar.add_working_days(due, -deadline.working_days)
    deadline.due_on = due
    tracking.replan(deadline)
    db.session.commit()
    return due


def _strip_tags(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_coordinator_extends_a_running_deadline(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    version_before = case.version
    deadline = _deadline(case.id)
    old_due = deadline.due_on
    old_planned = {
        r.step
        for r in db.session.scalars(select(Reminder).where(Reminder.deadline_id == deadline.id))
    }
    assert old_planned and all(step.endswith(old_due.isoformat()) for step in old_planned)
    new_due = _later_working_day(old_due)
    login(client, users["coordinator"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert _extend_url(case.id, deadline.id) in page and "Termijn verlengen" in page

    _extend(client, case.id, deadline.id, 302, new_due=new_due.isoformat(), reason="Drukte.")

    moved = _deadline(case.id)
    assert moved.due_on == new_due
    assert [(e.old_due, e.new_due, e.reason, e.by_id) for e in moved.extensions] == [
        (old_due, new_due, "Drukte.", users["coordinator"].id)
    ]
    assert state_of(case.id).version > version_before  # the optimistic lock moved on
    assert state_of(case.id).next_due_on == new_due  # the list sorts on the new date
    reminders = db.session.scalars(select(Reminder).where(Reminder.deadline_id == moved.id)).all()
    old = [r for r in reminders if r.step.endswith(old_due.isoformat())]
    new = [r for r in reminders if r.step.endswith(new_due.isoformat())]
    assert old and {r.status for r in old} == {CANCELLED}
    assert {r.step.split(":")[0] for r in new} >= {"vervaldag", "verlopen-1"}
    assert {r.status for r in new} == {PLANNED}
    event_row = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id.desc())
    ).first()
    assert event_row is not None
    assert (event_row.kind, event_row.action, event_row.comment) == (
        "termijn",
        "termijn_verlengen",
        "Drukte.",
    )
    assert verify_chain(case.id)
    assert event_row.data == {
        "termijn": "Intake",
        "oud": old_due.isoformat(),
        "nieuw": new_due.isoformat(),
    }
    # The responsible role (the advisers: nobody is assigned yet) hears the new date.
    told = db.session.scalars(
        select(Notification).where(Notification.key.startswith("extension:"))
    ).all()
    assert {n.user_id for n in told} == {users["adviseur"].id, users["adviseur2"].id}
    assert all(dutch_date(new_due, weekday=True) in n.text for n in told)
    # The case page shows the new date, the history and the timeline entry.
    text = _strip_tags(client.get(f"/zaken/{case.id}").get_data(as_text=True))
    assert dutch_date(new_due, weekday=True) in text
    assert "Verlengingen" in text and "Drukte." in text and users["coordinator"].name in text
    assert f"verlengd van {dutch_date(old_due, weekday=True)}" in text


def test_extension_form_refuses_bad_input_in_dutch(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    login(client, users["coordinator"])
    expected = (
        "Kies een werkdag na de huidige uiterste datum "
        f"({dutch_date(deadline.due_on, weekday=True)})."
    )
    for bad in (
        deadline.due_on - timedelta(days=1),
        deadline.due_on,
        _next_saturday(deadline.due_on),
    ):
        body = _extend(client, case.id, deadline.id, 422, new_due=bad.isoformat(), reason="X")
        assert expected in body
        assert 'aria-invalid="true"' in body and 'href="#new_due"' in body
    body = _extend(
        client,
        case.id,
        deadline.id,
        422,
        new_due=_later_working_day(deadline.due_on).isoformat(),
        reason="   ",
    )
    assert "Reden van de verlenging: Dit veld is verplicht." in body
    assert 'href="#reason"' in body
    body = _extend(client, case.id, deadline.id, 422, new_due="morgen", reason="Drukte.")
    assert "Vul een geldige datum in." in body
    assert _deadline(case.id).due_on == deadline.due_on
    assert not _deadline(case.id).extensions


def test_service_rejects_a_blank_reason_on_its_own(client: FlaskClient, users: Users) -> None:
    """The form requires a reason; the service does too (whitespace only)."""
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    new_due = _later_working_day(deadline.due_on)
    with pytest.raises(ValidationFailed) as refused:
        extend_deadline(users["coordinator"], case.id, case.version, deadline.id, new_due, " \n ")
    assert refused.value.fields == {"reason": "Geef de reden van de verlenging."}


def test_only_a_coordinator_may_extend(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    url = _extend_url(case.id, deadline.id)
    new_due = _later_working_day(deadline.due_on).isoformat()
    for role in ("adviseur", "ministerie", "secretariaat"):
        login(client, users[role])
        assert client.get(url).status_code == 403, role
        data = {"version": str(case.version), "new_due": new_due, "reason": "Graag."}
        assert client.post(url, data=data).status_code == 403, role
        assert url not in client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert _deadline(case.id).due_on == deadline.due_on


def test_other_ministry_and_unknown_deadlines_are_not_found(
    client: FlaskClient, users: Users
) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    login(client, users["ministerie_ocw"])
    assert client.get(f"/zaken/{case.id}").status_code == 404
    assert client.get(_extend_url(case.id, deadline.id)).status_code == 404
    login(client, users["coordinator"])
    assert client.get(_extend_url(case.id, deadline.id + 999)).status_code == 404
    assert client.get(_extend_url(case.id + 999, deadline.id)).status_code == 404
    other = _submitted_case(client, users)
    login(client, users["coordinator"])
    # A deadline of another case, reached through this case's address.
    assert client.get(_extend_url(case.id, _deadline(other.id).id)).status_code == 404


def test_stale_version_is_a_conflict(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    login(client, users["coordinator"])
    page = client.get(_extend_url(case.id, deadline.id)).get_data(as_text=True)
    shown = version_on(page)
    # Meanwhile the adviser changes the case (a question to the ministry would pause the
    # clock, so edit the data instead: a plain version bump).
    stored = state_of(case.id)
    stored.title = "Groei IND (gewijzigd)"
    db.session.commit()
    response = client.post(
        _extend_url(case.id, deadline.id),
        data={
            "version": shown,
            "new_due": _later_working_day(deadline.due_on).isoformat(),
            "reason": "X",
        },
    )
    assert response.status_code == 409
    assert STALE.split(";")[0] in response.get_data(as_text=True)
    assert _deadline(case.id).due_on == deadline.due_on


def test_paused_deadline_cannot_be_extended(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    login(client, users["coordinator"])
    page = client.get(_extend_url(case.id, deadline.id)).get_data(as_text=True)
    shown = version_on(page)
    login(client, users["adviseur"])
    act(client, case.id, "aanvulling_vragen", vraag="Welke locaties zijn onderzocht?")
    assert _deadline(case.id).status == "gepauzeerd"
    login(client, users["coordinator"])
    new_due = _later_working_day(deadline.due_on).isoformat()
    for version in (str(state_of(case.id).version), shown):
        response = client.post(
            _extend_url(case.id, deadline.id),
            data={"version": version, "new_due": new_due, "reason": "X"},
        )
        assert response.status_code == 409
        assert "staat stil" in response.get_data(as_text=True)
    response = client.get(_extend_url(case.id, deadline.id))
    assert response.status_code == 409 and "staat stil" in response.get_data(as_text=True)
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "klok stilgezet sinds" in _strip_tags(page)
    assert _extend_url(case.id, deadline.id) not in page
    assert "Stilgezette klok" in page


def test_case_page_shows_days_left_and_marks_overdue(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    left = tracking.calendar().working_days_between(local_today(), deadline.due_on)
    login(client, users["adviseur"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    text = _strip_tags(page)
    assert 'id="termijnen"' in page and "<caption" in page and 'scope="col"' in page
    assert f"nog {left} werkdagen" in text
    assert "BZK-adviseur" in text and dutch_date(deadline.due_on, weekday=True) in text
    assert "Verlopen" not in text

    _make_overdue(_deadline(case.id), late=3)
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    text = _strip_tags(page)
    assert "Verlopen" in text and "3 werkdagen te laat" in text
    assert "deadline-row--overdue" in page


def test_list_column_and_overdue_filter(client: FlaskClient, users: Users) -> None:
    late_case = _submitted_case(client, users)
    on_time = _submitted_case(client, users)
    due = _make_overdue(_deadline(late_case.id))
    login(client, users["coordinator"])
    page = client.get("/zaken").get_data(as_text=True)
    assert "Uiterste datum" in page
    assert f"{dutch_date(due)} (verlopen)" in page
    assert dutch_date(_deadline(on_time.id).due_on) in page
    overdue = client.get("/zaken?verlopen=1").get_data(as_text=True)
    assert late_case.reference in overdue and on_time.reference not in overdue
    assert 'name="verlopen" value="1" checked' in overdue
    assert "1 zaak gevonden" in overdue
    # The dashboard's Te doen of whoever must take the intake (not the coordinator's).
    login(client, users["adviseur"])
    dashboard = client.get("/").get_data(as_text=True)
    assert f"{dutch_date(due)} (verlopen)" in dashboard
    # A paused deadline is shown as such.
    act(client, on_time.id, "aanvulling_vragen", vraag="Welke locaties zijn onderzocht?")
    assert "(klok stil)" in client.get("/zaken").get_data(as_text=True)
    assert on_time.reference not in client.get("/zaken?verlopen=1").get_data(as_text=True)


@contextmanager
def _count_queries() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_list_loads_deadlines_in_one_query(client: FlaskClient, users: Users) -> None:
    def deadline_queries() -> int:
        with _count_queries() as seen:
            assert client.get("/zaken").status_code == 200
        return sum(1 for sql in seen if "FROM deadlines" in sql)

    for _ in range(2):
        _submitted_case(client, users)
    login(client, users["coordinator"])
    few = deadline_queries()
    for _ in range(3):
        _submitted_case(client, users)
    login(client, users["coordinator"])
    assert deadline_queries() == few == 1


def test_new_pages_keep_the_strict_csp(client: FlaskClient, users: Users) -> None:
    case = _submitted_case(client, users)
    deadline = _deadline(case.id)
    login(client, users["coordinator"])
    for url in (f"/zaken/{case.id}", _extend_url(case.id, deadline.id), "/zaken?verlopen=1"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        assert not re.search(r"<script|style=", response.get_data(as_text=True)), url
