"""Deadlines follow the case through ``cases.perform``/``create_case``/``update_case``.

"Today" is fixed by patching ``local_today`` where the deadline service reads it; every
expected date is worked out by hand (see tests/domain/test_deadlines.py for the calendar
facts: Christmas 2026 on a Friday, 1 Jan 2027 a Friday, Goede Vrijdag 3 Apr 2026, Tweede
Paasdag 6 Apr, Koningsdag Monday 27 Apr, Hemelvaart 14 May + bridge day 15 May,
Pinksteren 25 May 2026; 4 May 2026 is open under the default settings).
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, Deadline, DeadlinePause, Reminder, User
from caseflow.services.cases import lifecycle
from tests.deadline_helpers import Clock, act, file_on, frozen_clock
from tests.factories import filing_data, province_id

Users = dict[str, User]
PLANNED, CANCELLED = "gepland", "vervallen"


@pytest.fixture
def clock(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Clock:
    return frozen_clock(monkeypatch, date(2026, 3, 2))


def rows(case: Case, kind: str) -> list[Deadline]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Deadline)
            .where(Deadline.case_id == case.id, Deadline.kind == kind)
            .order_by(Deadline.id)
        )
    )


def only(case: Case, kind: str) -> Deadline:
    found = rows(case, kind)
    assert len(found) == 1, [(d.kind, d.status) for d in found]
    return found[0]


def reminders_of(deadline: Deadline) -> dict[str, tuple[date, str]]:
    """step -> (send date, status) of every reminder row of a deadline."""
    found = db.session.scalars(select(Reminder).where(Reminder.deadline_id == deadline.id))
    return {r.step: (r.send_on, r.status) for r in found}


def planned(deadline: Deadline) -> dict[str, date]:
    return {
        step: day for step, (day, status) in reminders_of(deadline).items() if status == PLANNED
    }


def pauses(deadline: Deadline) -> list[tuple[date, date | None, int, date, date | None]]:
    found = db.session.scalars(
        select(DeadlinePause)
        .where(DeadlinePause.deadline_id == deadline.id)
        .order_by(DeadlinePause.id)
    )
    return [(p.paused_on, p.resumed_on, p.remaining_days, p.due_before, p.due_after) for p in found]


def draft(users: Users, case: Case) -> Case:
    adviser = users["adviseur"]
    case = act(
        adviser,
        case,
        "concept_opslaan",
        tekst="BZK adviseert Heerlen.",
        provincie_id=province_id("Limburg"),
        plaats="Heerlen",
    )
    return act(adviser, case, "ter_goedkeuring_voorleggen")


# -- start ------------------------------------------------------------------------------------


def test_a_concept_has_no_deadline(users: Users, clock: Clock) -> None:
    case = lifecycle.create_case(
        users["ministerie"], "omvangswijziging", filing_data("omvangswijziging")
    )
    assert rows(case, "intake") == []
    assert case.next_due_on is None


def test_filing_starts_the_intake_deadline_with_its_reminders(users: Users, clock: Clock) -> None:
    # Filed Friday 18 Dec 2026: 21, 22, 23, 24 Dec, (Christmas, weekend), 28 Dec.
    case = file_on(users, clock, date(2026, 12, 18))
    intake = only(case, "intake")
    assert (intake.label, intake.responsible_role) == ("Intake", "adviseur")
    assert (intake.started_on, intake.working_days) == (date(2026, 12, 18), 5)
    assert intake.due_on == date(2026, 12, 28)
    assert (intake.status, intake.met, intake.completed_on) == ("lopend", None, None)
    assert case.next_due_on == date(2026, 12, 28)  # kept on the case for sorting
    # Before would be 18 Dec (24, 23, 22, 21, 18 Dec): the filing day, whose own message
    # names the intake term, so no second one. First overdue: 29, 30, 31 Dec, 4, 5 Jan 2027.
    assert reminders_of(intake) == {
        "vervaldag:2026-12-28": (date(2026, 12, 28), PLANNED),
        "verlopen-1:2026-12-28": (date(2027, 1, 5), PLANNED),
    }


def test_working_days_override_from_the_settings(
    app: Flask, users: Users, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "DEADLINE_WORKING_DAYS", {"intake": 3})
    case = file_on(users, clock, date(2026, 12, 18))
    intake = only(case, "intake")
    assert (intake.working_days, intake.due_on) == (3, date(2026, 12, 23))
    # Five working days before 23 Dec is 16 Dec, already past: no "voor" reminder.
    # First overdue: 24, 28, 29, 30, 31 Dec.
    assert reminders_of(intake) == {
        "vervaldag:2026-12-23": (date(2026, 12, 23), PLANNED),
        "verlopen-1:2026-12-23": (date(2026, 12, 31), PLANNED),
    }


def test_extra_closed_day_from_the_settings(
    app: Flask, users: Users, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "EXTRA_CLOSED_DAYS", ["2026-12-22"])
    case = file_on(users, clock, date(2026, 12, 18))
    assert only(case, "intake").due_on == date(2026, 12, 29)  # 21, 23, 24, 28, 29 Dec


@pytest.mark.parametrize(
    ("open_days", "due"),
    [
        (None, date(2026, 5, 11)),  # default: Monday 4 May is a working day (4, 6, 7, 8, 11)
        ([], date(2026, 5, 12)),  # bare pattern: 4 May closed too (6, 7, 8, 11, 12)
    ],
)
def test_extra_open_days_from_the_settings(
    app: Flask,
    users: Users,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    open_days: list[str] | None,
    due: date,
) -> None:
    if open_days is not None:
        monkeypatch.setitem(app.config, "EXTRA_OPEN_DAYS", open_days)
    case = file_on(users, clock, date(2026, 5, 1))
    assert only(case, "intake").due_on == due


# -- stopped clock ----------------------------------------------------------------------------


def test_information_request_pauses_the_intake_and_the_answer_resumes_it(
    users: Users, clock: Clock
) -> None:
    # Filed Monday 2 Mar 2026: intake due Monday 9 Mar (3, 4, 5, 6, 9 Mar).
    case = file_on(users, clock, date(2026, 3, 2))
    intake = only(case, "intake")
    assert intake.due_on == date(2026, 3, 9)
    assert planned(intake) == {  # "voor" would be the filing day: the filing says it
        "vervaldag:2026-03-09": date(2026, 3, 9),
        "verlopen-1:2026-03-09": date(2026, 3, 16),
    }

    clock.day = date(2026, 3, 4)  # Wednesday: 5, 6 and 9 Mar left
    case = act(users["adviseur"], case, "aanvulling_vragen", vraag="Welke locaties?")
    assert case.state == "aanvulling_gevraagd"
    intake = only(case, "intake")
    assert (intake.status, intake.paused_on, intake.remaining_days) == (
        "gepauzeerd",
        date(2026, 3, 4),
        3,
    )
    assert intake.due_on == date(2026, 3, 9)
    assert planned(intake) == {}  # no reminders while the clock stands still
    assert case.next_due_on == date(2026, 3, 9)  # a paused deadline still sorts by it
    assert pauses(intake) == [(date(2026, 3, 4), None, 3, date(2026, 3, 9), None)]

    clock.day = date(2026, 3, 18)  # Wednesday two weeks later: 19, 20, 23 Mar
    case = act(users["ministerie"], case, "aanvullen", aanvulling="Zwolle en Assen.")
    assert case.state == "ingediend"
    intake = only(case, "intake")
    assert (intake.status, intake.paused_on, intake.remaining_days) == ("lopend", None, None)
    assert intake.due_on == date(2026, 3, 23)
    assert case.next_due_on == date(2026, 3, 23)
    assert pauses(intake) == [
        (date(2026, 3, 4), date(2026, 3, 18), 3, date(2026, 3, 9), date(2026, 3, 23))
    ]
    # "voor" would be Monday 16 Mar, already past; first overdue 24, 25, 26, 27, 30 Mar.
    assert reminders_of(intake) == {
        "vervaldag:2026-03-09": (date(2026, 3, 9), CANCELLED),
        "verlopen-1:2026-03-09": (date(2026, 3, 16), CANCELLED),
        "vervaldag:2026-03-23": (date(2026, 3, 23), PLANNED),
        "verlopen-1:2026-03-23": (date(2026, 3, 30), PLANNED),
    }

    # Asked and answered on the same day (Friday 20 Mar): the due date stays 23 Mar and
    # the same reminder rows are planned again, not duplicated.
    clock.day = date(2026, 3, 20)
    case = act(users["adviseur"], case, "aanvulling_vragen", vraag="En Deventer?")
    assert planned(only(case, "intake")) == {}
    case = act(users["ministerie"], case, "aanvullen", aanvulling="Deventer ook.")
    intake = only(case, "intake")
    assert (intake.status, intake.due_on) == ("lopend", date(2026, 3, 23))
    assert pauses(intake)[1] == (
        date(2026, 3, 20),
        date(2026, 3, 20),
        1,
        date(2026, 3, 23),
        date(2026, 3, 23),
    )
    assert planned(intake) == {
        "vervaldag:2026-03-23": date(2026, 3, 23),
        "verlopen-1:2026-03-23": date(2026, 3, 30),
    }
    assert len(reminders_of(intake)) == 4


def test_advice_deadline_pauses_runs_through_approval_and_is_met_on_its_due_date(
    users: Users, clock: Clock
) -> None:
    # Filed Monday 26 Jan 2026, intake due Monday 2 Feb, accepted on that day.
    case = file_on(users, clock, date(2026, 1, 26))
    clock.day = date(2026, 2, 2)
    case = act(users["adviseur"], case, "intake_accepteren")
    intake = only(case, "intake")
    assert (intake.status, intake.met, intake.completed_on) == ("afgerond", True, date(2026, 2, 2))
    assert planned(intake) == {}
    advice = only(case, "advies")
    # 30 working days from Monday 2 Feb: six weeks, no holidays -> Monday 16 Mar.
    assert (advice.label, advice.responsible_role) == ("Advies", "adviseur")
    assert (advice.started_on, advice.due_on, advice.status) == (
        date(2026, 2, 2),
        date(2026, 3, 16),
        "lopend",
    )

    clock.day = date(2026, 2, 18)  # 18 working days left (19 Feb .. 16 Mar)
    case = act(users["adviseur"], case, "aanvulling_vragen", vraag="Welke locaties?")
    advice = only(case, "advies")
    assert (advice.status, advice.remaining_days) == ("gepauzeerd", 18)

    clock.day = date(2026, 3, 4)  # two weeks (10 working days) later
    case = act(users["ministerie"], case, "aanvullen", aanvulling="Zwolle.")
    assert case.state == "in_behandeling"  # the intake was done: straight back
    advice = only(case, "advies")
    assert (advice.status, advice.due_on) == ("lopend", date(2026, 3, 30))
    assert pauses(advice) == [
        (date(2026, 2, 18), date(2026, 3, 4), 18, date(2026, 3, 16), date(2026, 3, 30))
    ]
    assert len(rows(case, "intake")) == 1  # the intake is not started again

    # Through approval and back: the same deadline keeps running, nothing restarts.
    clock.day = date(2026, 3, 9)
    case = draft(users, case)
    assert case.state == "ter_goedkeuring"
    clock.day = date(2026, 3, 10)
    case = act(users["coordinator"], case, "terugsturen", opmerkingen="Onderbouw de keuze.")
    assert case.state == "in_behandeling"
    advice = only(case, "advies")
    assert (advice.status, advice.started_on, advice.due_on) == (
        "lopend",
        date(2026, 2, 2),
        date(2026, 3, 30),
    )
    assert len(pauses(advice)) == 1  # approval and return do not stop the clock
    assert len(reminders_of(advice)) == 6  # nor do they plan the reminders anew
    case = draft(users, case)

    # Issued on the due date itself: met.
    clock.day = date(2026, 3, 30)
    case = act(users["coordinator"], case, "uitbrengen")
    assert case.state == "advies_uitgebracht"
    advice = only(case, "advies")
    assert (advice.status, advice.met, advice.completed_on) == (
        "afgerond",
        True,
        date(2026, 3, 30),
    )
    assert planned(advice) == {}
    # The ministry's response: 20 working days from Monday 30 Mar over Goede Vrijdag,
    # Tweede Paasdag and Koningsdag -> Thursday 30 Apr.
    response = only(case, "reactie")
    assert (response.responsible_role, response.started_on, response.due_on) == (
        "ministerie",
        date(2026, 3, 30),
        date(2026, 4, 30),
    )


def test_advice_issued_after_its_due_date_is_missed(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 1, 26))
    clock.day = date(2026, 2, 2)
    case = act(users["adviseur"], case, "intake_accepteren")
    case = draft(users, case)
    clock.day = date(2026, 3, 17)  # one day after Monday 16 Mar
    case = act(users["coordinator"], case, "uitbrengen")
    advice = only(case, "advies")
    assert (advice.status, advice.met, advice.completed_on) == (
        "afgerond",
        False,
        date(2026, 3, 17),
    )


def test_intake_accepted_late_is_missed(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 10)  # due Monday 9 Mar
    case = act(users["adviseur"], case, "intake_accepteren")
    intake = only(case, "intake")
    assert (intake.status, intake.met) == ("afgerond", False)
    assert only(case, "advies").started_on == date(2026, 3, 10)


# -- lapse and reopen -------------------------------------------------------------------------


def test_withdrawal_lapses_the_deadline_and_cancels_its_reminders(
    users: Users, clock: Clock
) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 5)
    case = act(users["ministerie"], case, "intrekken", reden="Gaat niet door.")
    intake = only(case, "intake")
    assert (intake.status, intake.met, intake.completed_on) == (
        "vervallen",
        None,
        date(2026, 3, 5),
    )
    assert {status for _, status in reminders_of(intake).values()} == {CANCELLED}
    assert case.next_due_on is None


def test_withdrawal_while_paused_lapses_and_closes_the_pause(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 4)
    case = act(users["adviseur"], case, "aanvulling_vragen", vraag="Welke locaties?")
    clock.day = date(2026, 3, 6)
    case = act(users["ministerie"], case, "intrekken", reden="Gaat niet door.")
    intake = only(case, "intake")
    assert (intake.status, intake.met) == ("vervallen", None)
    assert pauses(intake) == [(date(2026, 3, 4), date(2026, 3, 6), 3, date(2026, 3, 9), None)]
    assert planned(intake) == {}


def test_out_of_scope_lapses_the_deadline(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    case = act(
        users["coordinator"],
        case,
        "buiten_behandeling_stellen",
        reden_code="onder_drempel",
        reden="Minder dan 100 fte.",
    )
    assert (only(case, "intake").status, only(case, "intake").met) == ("vervallen", None)


def test_reopening_starts_a_new_intake_deadline(users: Users, clock: Clock) -> None:
    case = file_on(users, clock, date(2026, 3, 2))
    clock.day = date(2026, 3, 5)
    case = act(users["ministerie"], case, "intrekken", reden="Gaat niet door.")
    clock.day = date(2026, 3, 9)  # Monday: 10, 11, 12, 13, 16 Mar
    case = act(users["coordinator"], case, "heropenen", reden="Toch wel.")
    assert case.state == "ingediend"
    old, new = rows(case, "intake")
    assert old.status == "vervallen"
    assert (new.status, new.started_on, new.due_on) == (
        "lopend",
        date(2026, 3, 9),
        date(2026, 3, 16),
    )
    assert reminders_of(new) == {  # "voor" would be today: the reopening's message says it
        "vervaldag:2026-03-16": (date(2026, 3, 16), PLANNED),
        "verlopen-1:2026-03-16": (date(2026, 3, 23), PLANNED),
    }


# -- zbo talk report --------------------------------------------------------------------------


def test_zbo_report_deadline_counts_from_the_talk_date_and_follows_its_changes(
    users: Users, clock: Clock
) -> None:
    adviser = users["adviseur"]
    clock.day = date(2026, 5, 4)
    # Talk on Tuesday 12 May 2026: 13, (14 Hemelvaart, 15 bridge day), 18-22, (25
    # Pinksteren), 26, 27, 28, 29 May.
    case = lifecycle.create_case(
        adviser, "zbo_gesprek", filing_data("zbo_gesprek") | {"talk_date": date(2026, 5, 12)}
    )
    report = only(case, "verslag")
    assert (report.label, report.responsible_role, report.working_days) == (
        "Gespreksverslag",
        "adviseur",
        10,
    )
    assert (report.started_on, report.due_on) == (date(2026, 5, 12), date(2026, 5, 29))
    # Before: 28, 27, 26, (25), 22, 21 May; overdue: 1-5 Jun.
    assert planned(report) == {
        "voor:2026-05-29": date(2026, 5, 21),
        "vervaldag:2026-05-29": date(2026, 5, 29),
        "verlopen-1:2026-05-29": date(2026, 6, 5),
    }

    # Another field changes: the due date stays.
    clock.day = date(2026, 5, 6)
    case = lifecycle.update_case(adviser, case.id, case.version, {"title": "Gesprek COA Groningen"})
    assert only(case, "verslag").due_on == date(2026, 5, 29)

    # The talk moves to Tuesday 19 May: 20, 21, 22, 26, 27, 28, 29 May, 1, 2, 3 Jun.
    clock.day = date(2026, 5, 7)
    case = lifecycle.update_case(adviser, case.id, case.version, {"talk_date": date(2026, 5, 19)})
    report = only(case, "verslag")
    assert (report.status, report.started_on, report.due_on) == (
        "lopend",
        date(2026, 5, 19),
        date(2026, 6, 3),
    )
    # Before: 2, 1 Jun, 29, 28, 27 May; overdue: 4, 5, 8, 9, 10 Jun.
    assert reminders_of(report) == {
        "voor:2026-05-29": (date(2026, 5, 21), CANCELLED),
        "vervaldag:2026-05-29": (date(2026, 5, 29), CANCELLED),
        "verlopen-1:2026-05-29": (date(2026, 6, 5), CANCELLED),
        "voor:2026-06-03": (date(2026, 5, 27), PLANNED),
        "vervaldag:2026-06-03": (date(2026, 6, 3), PLANNED),
        "verlopen-1:2026-06-03": (date(2026, 6, 10), PLANNED),
    }

    clock.day = date(2026, 6, 3)
    case = act(adviser, case, "verslag_vastleggen", verslag="Het COA verkent Groningen.")
    report = only(case, "verslag")
    assert (report.status, report.met, report.completed_on) == ("afgerond", True, date(2026, 6, 3))
    assert planned(report) == {}
