"""The reminder scan: each due reminder exactly once, to the right people, in Dutch.

Dates are worked out by hand (calendar facts in tests/domain/test_deadlines.py). Deadlines
are started through the real services with ``local_today`` of the deadline service patched;
the scan gets its day explicitly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from caseflow.extensions import db
from caseflow.models import Case, Deadline, MailMessage, Notification, Reminder, User
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import reminders
from caseflow.services.deadlines import tracking as deadline_service
from tests.conftest import PG_URL, make_user
from tests.deadline_helpers import (
    Clock,
    act,
    file_on,
    file_with_reminder_on_filing_day,
    frozen_clock,
)
from tests.factories import case_in_state

Users = dict[str, User]


@pytest.fixture
def clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return frozen_clock(monkeypatch, date(2026, 12, 18))


def deadline(case: Case, kind: str) -> Deadline:
    return db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id, Deadline.kind == kind)
    ).one()


def reminder(case: Case, kind: str, step: str) -> Reminder:
    db.session.expire_all()
    return db.session.scalars(
        select(Reminder).where(
            Reminder.deadline_id == deadline(case, kind).id, Reminder.step == step
        )
    ).one()


def recipients(row: Reminder) -> set[int]:
    """The users notified for a reminder (from the notification keys)."""
    keys = db.session.scalars(
        select(Notification.key).where(Notification.key.like(f"reminder:{row.id}:u%"))
    )
    return {int(key.rsplit(":u", 1)[1]) for key in keys}


def ids(*people: User) -> set[int]:
    return {p.id for p in people}


def reminder_notifications() -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.key.like("reminder:%"))
            .order_by(Notification.id)
        )
    )


def reminder_mails() -> list[MailMessage]:
    return list(
        db.session.scalars(
            select(MailMessage).where(MailMessage.key.like("reminder:%")).order_by(MailMessage.id)
        )
    )


def started(users: Users, clock: Clock, state: str, day: date) -> Case:
    """A case placed in ``state`` whose deadline for that state starts on ``day``."""
    case = case_in_state(users, "omvangswijziging", state)
    deadline_service.follow_case(case, lifecycle.definition_of(case), day)
    db.session.commit()
    return case


# -- once, in order -----------------------------------------------------------------------------


def test_each_due_reminder_is_sent_once_and_the_next_overdue_one_is_planned(
    users: Users, clock: Clock
) -> None:
    # Intake due Monday 28 Dec 2026: voor 18 Dec, vervaldag 28 Dec, verlopen-1 5 Jan 2027.
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    advisers = ids(users["adviseur"], users["adviseur2"])

    assert reminders.process_due(today=date(2026, 12, 17)) == 0
    assert reminders.process_due(today=date(2026, 12, 18)) == 1
    assert reminders.process_due(today=date(2026, 12, 18)) == 0
    assert reminders.process_due(today=date(2026, 12, 24)) == 0
    before = reminder(case, "intake", "voor:2026-12-28")
    assert before.status == "verstuurd" and before.processed_at is not None
    assert recipients(before) == advisers  # nobody assigned yet: every adviser
    assert len(reminder_mails()) == 2

    assert reminders.process_due(today=date(2026, 12, 28)) == 1
    assert reminders.process_due(today=date(2026, 12, 28)) == 0
    assert recipients(reminder(case, "intake", "vervaldag:2026-12-28")) == advisers

    assert reminders.process_due(today=date(2027, 1, 4)) == 0
    assert reminders.process_due(today=date(2027, 1, 5)) == 1
    first_overdue = reminder(case, "intake", "verlopen-1:2026-12-28")
    assert recipients(first_overdue) == advisers | ids(users["coordinator"])
    # The next one five working days later: 6, 7, 8, 11, 12 Jan 2027.
    second_overdue = reminder(case, "intake", "verlopen-2:2026-12-28")
    assert (second_overdue.send_on, second_overdue.status) == (date(2027, 1, 12), "gepland")

    assert reminders.process_due(today=date(2027, 1, 11)) == 0
    assert reminders.process_due(today=date(2027, 1, 12)) == 1
    assert reminders.process_due(today=date(2027, 1, 12)) == 0
    third = reminder(case, "intake", "verlopen-3:2026-12-28")
    assert (third.send_on, third.status) == (date(2027, 1, 19), "gepland")

    # 2 + 2 + 3 + 3 notifications, each with its own e-mail under the same key.
    notes, mails = reminder_notifications(), reminder_mails()
    assert len(notes) == len({n.key for n in notes}) == 10
    assert sorted(m.key for m in mails) == sorted(n.key for n in notes)
    assert {m.status for m in mails} == {"wachtrij"}


def test_reminder_texts_are_dutch_and_name_the_reference_and_date(
    users: Users, clock: Clock
) -> None:
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    what = f"De termijn 'Intake' van zaak {case.reference} ({case.title})"
    adviser = users["adviseur"].id

    def text_for(step: str) -> str:
        row = reminder(case, "intake", step)
        key = f"reminder:{row.id}:u{adviser}"
        note = db.session.scalars(select(Notification).where(Notification.key == key)).one()
        return note.text

    reminders.process_due(today=date(2026, 12, 18))
    reminders.process_due(today=date(2026, 12, 28))
    reminders.process_due(today=date(2027, 1, 5))
    assert text_for("voor:2026-12-28") == f"{what} verloopt over 5 werkdagen, op 28 december 2026."
    assert text_for("vervaldag:2026-12-28") == f"{what} verloopt vandaag, 28 december 2026."
    assert text_for("verlopen-1:2026-12-28") == (
        f"{what} is verlopen op 28 december 2026; 5 werkdagen te laat."
    )
    mail = db.session.scalars(
        select(MailMessage).where(
            MailMessage.key == f"reminder:{reminder(case, 'intake', 'voor:2026-12-28').id}"
            f":u{adviser}"
        )
    ).one()
    assert mail.subject == f"[caseflow] Termijn intake {case.reference}"
    assert mail.to_address == users["adviseur"].email
    assert f"{what} verloopt over 5 werkdagen, op 28 december 2026." in mail.body
    assert mail.body.startswith(f"Beste {users['adviseur'].name},")
    assert f"/zaken/{case.id}" in mail.body


def test_a_scan_after_an_outage_catches_up_with_correct_texts(users: Users, clock: Clock) -> None:
    """No scan ran for weeks: every due reminder goes out once, none says "over -5 dagen"."""
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    what = f"De termijn 'Intake' van zaak {case.reference} ({case.title})"
    assert reminders.process_due(today=date(2027, 1, 5)) == 3
    adviser = users["adviseur"].id
    texts = {
        step: db.session.scalars(
            select(Notification.text).where(
                Notification.key == f"reminder:{reminder(case, 'intake', step).id}:u{adviser}"
            )
        ).one()
        for step in ("voor:2026-12-28", "vervaldag:2026-12-28", "verlopen-1:2026-12-28")
    }
    late = f"{what} is verlopen op 28 december 2026; 5 werkdagen te laat."
    assert set(texts.values()) == {late}
    # The day after the due date: one working day late, in the singular.
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    assert reminders.process_due(today=date(2026, 12, 29)) == 2
    row = reminder(case, "intake", "vervaldag:2026-12-28")
    note = db.session.scalars(
        select(Notification.text).where(Notification.key == f"reminder:{row.id}:u{adviser}")
    ).one()
    assert note.endswith("is verlopen op 28 december 2026; 1 werkdag te laat.")


def test_the_scan_honours_its_limit(users: Users, clock: Clock) -> None:
    file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    assert reminders.process_due(today=date(2027, 1, 5), limit=2) == 2
    assert reminders.process_due(today=date(2027, 1, 5), limit=2) == 1
    assert reminders.process_due(today=date(2027, 1, 5), limit=2) == 0


# -- recipients -----------------------------------------------------------------------------


def test_assigned_adviser_only(users: Users, clock: Clock) -> None:
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["adviseur2"].id)
    reminders.process_due(today=date(2026, 12, 18))
    reminders.process_due(today=date(2027, 1, 5))
    assert recipients(reminder(case, "intake", "voor:2026-12-28")) == ids(users["adviseur2"])
    assert recipients(reminder(case, "intake", "verlopen-1:2026-12-28")) == ids(
        users["adviseur2"], users["coordinator"]
    )


def test_a_coordinator_assigned_as_handler_gets_the_handlers_reminders(
    users: Users, clock: Clock
) -> None:
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["coordinator"].id)
    assert reminders.process_due(today=date(2026, 12, 18)) == 1
    assert recipients(reminder(case, "intake", "voor:2026-12-28")) == ids(users["coordinator"])


def test_an_inactive_assignee_falls_back_to_every_adviser(users: Users, clock: Clock) -> None:
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["adviseur2"].id)
    users["adviseur2"].active = False
    db.session.commit()
    reminders.process_due(today=date(2026, 12, 18))
    assert recipients(reminder(case, "intake", "voor:2026-12-28")) == ids(users["adviseur"])


def test_ministry_reminders_go_to_the_own_ministry_only(users: Users, clock: Clock) -> None:
    retired = make_user("ministerie", "JenV", email="oud@jenv.test.nl")
    retired.active = False
    db.session.commit()
    # Response deadline from Monday 30 Mar 2026: 20 working days over Goede Vrijdag,
    # Tweede Paasdag and Koningsdag -> Thursday 30 Apr. Before: 29, 28, (27), 24, 23, 22
    # Apr. First overdue: 1 May, 4 May (open), (5 May), 6, 7, 8 May.
    case = started(users, clock, "advies_uitgebracht", date(2026, 3, 30))
    assert deadline(case, "reactie").due_on == date(2026, 4, 30)
    assert reminders.process_due(today=date(2026, 4, 21)) == 0
    assert reminders.process_due(today=date(2026, 4, 22)) == 1
    assert reminders.process_due(today=date(2026, 5, 7)) == 1  # vervaldag, caught up
    assert reminders.process_due(today=date(2026, 5, 8)) == 1
    ministry = ids(users["ministerie"])  # not OCW, not the inactive JenV user
    assert recipients(reminder(case, "reactie", "voor:2026-04-30")) == ministry
    assert recipients(reminder(case, "reactie", "vervaldag:2026-04-30")) == ministry
    assert recipients(reminder(case, "reactie", "verlopen-1:2026-04-30")) == ministry | ids(
        users["coordinator"]
    )


def test_escalation_reminders_include_the_secretariat(users: Users, clock: Clock) -> None:
    case = started(users, clock, "geen_overeenstemming", date(2026, 3, 30))
    escalation = deadline(case, "agendering")
    assert (escalation.responsible_role, escalation.due_on) == ("secretariaat", date(2026, 4, 30))
    assert reminders.process_due(today=date(2026, 4, 22)) == 1
    assert reminders.process_due(today=date(2026, 5, 8)) == 2
    secretariat = ids(users["secretariaat"])
    assert recipients(reminder(case, "agendering", "voor:2026-04-30")) == secretariat
    assert recipients(reminder(case, "agendering", "verlopen-1:2026-04-30")) == secretariat | ids(
        users["coordinator"]
    )


# -- stopped and closed deadlines ---------------------------------------------------------------


def test_reminders_of_a_paused_deadline_are_not_sent(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 4)
    act(users["adviseur"], case, "aanvulling_vragen", vraag="Welke locaties?")
    assert reminders.process_due(today=date(2026, 6, 1)) == 0
    rows = db.session.scalars(
        select(Reminder).where(Reminder.deadline_id == deadline(case, "intake").id)
    ).all()
    assert {r.status for r in rows} == {"vervallen"}
    assert reminder_notifications() == []


def test_reminders_of_a_closed_deadline_are_not_sent(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 3)
    act(users["adviseur"], case, "intake_accepteren")
    # Intake reminders (2, 9, 16 Mar) lapsed; the advice's first one is 9 Apr (due 16 Apr).
    assert reminders.process_due(today=date(2026, 4, 8)) == 0
    assert reminder_notifications() == []
    assert reminder(case, "advies", "voor:2026-04-16").send_on == date(2026, 4, 9)


def test_a_planned_reminder_of_a_deadline_no_longer_running_is_dropped(
    users: Users, clock: Clock
) -> None:
    case = file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    intake = deadline(case, "intake")
    intake.status = "afgerond"  # closed without its reminders being cancelled
    db.session.commit()
    assert reminders.process_due(today=date(2026, 12, 18)) == 0
    assert reminder(case, "intake", "voor:2026-12-28").status == "vervallen"
    assert reminder_notifications() == []


# -- concurrency --------------------------------------------------------------------------------


def _race(app: Flask, jobs: int, work: Callable[[], int]) -> list[int | str]:
    """Run ``work`` in ``jobs`` threads at the same moment, each in its own app context."""
    outcomes: list[int | str] = []
    barrier = threading.Barrier(jobs)

    def run() -> None:
        with app.app_context():
            try:
                barrier.wait()
                outcomes.append(work())
            except Exception as exc:
                outcomes.append(repr(exc)[:300])
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_simultaneous_scans_process_every_reminder_exactly_once(
    app: Flask, users: Users, clock: Clock
) -> None:
    for _ in range(10):  # 10 intakes x (voor, vervaldag, verlopen-1) all due on 5 Jan 2027
        file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    due = select(func.count(Reminder.id)).where(
        Reminder.status == "gepland", Reminder.send_on <= date(2027, 1, 5)
    )
    assert db.session.scalar(due) == 30
    db.session.remove()

    outcomes = _race(app, 2, lambda: reminders.process_due(today=date(2027, 1, 5)))
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert sum(o for o in outcomes if isinstance(o, int)) == 30

    assert db.session.scalar(due) == 0
    statuses = db.session.scalars(select(Reminder.status, Reminder.step)).all()
    assert len(statuses) == 40
    sent = db.session.scalar(select(func.count()).where(Reminder.status == "verstuurd"))
    assert sent == 30
    next_ones = db.session.scalars(select(Reminder.send_on).where(Reminder.status == "gepland"))
    assert list(next_ones) == [date(2027, 1, 12)] * 10  # each verlopen-2 planned once
    # Per intake: voor and vervaldag to the two advisers, verlopen-1 also to the coordinator.
    notes = reminder_notifications()
    assert len(notes) == len({n.key for n in notes}) == 10 * (2 + 2 + 3)
    assert len(reminder_mails()) == 70


def test_postgres_a_second_scan_skips_claimed_reminders_instead_of_waiting(
    app: Flask, users: Users, clock: Clock, postgres_only: None
) -> None:
    assert PG_URL
    for _ in range(10):
        file_with_reminder_on_filing_day(users, clock, date(2026, 12, 18))
    db.session.remove()
    day = date(2027, 1, 5)
    # This transaction claims (locks) the first ten due reminders and keeps them locked.
    first = reminders._claimable(day, 10)
    assert len(first) == 10
    with app.app_context():
        try:
            # Blocking on the locked rows would fail after two seconds instead of skipping.
            db.session.execute(text("SET LOCAL lock_timeout = '2s'"))
            second = reminders._claimable(day, 200)
        finally:
            db.session.rollback()
            db.session.remove()
    assert len(second) == 20
    assert not set(first) & set(second)
    db.session.rollback()
