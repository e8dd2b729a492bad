"""The case's handler and holding ministry copied onto its deadlines stay equal to the case's
through filing, intake, reassignment, state changes that start deadlines, a hand-over to a
successor ministry and recount; the deadline queues counted on them equal counting the
cases with the case's own columns, for every role."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import ColumnElement, false, func, or_, select, true, update

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.models.deadline import RUNNING
from caseflow.services.caselists import queries
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import case_facts, tracking
from tests.factories import act, case_in_state
from workflows.base import ADVISEUR, MINISTERIE

Users = dict[str, User]
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat")


def _stale() -> list[int]:
    """Deadlines whose copies differ from their case."""
    rows = db.session.execute(
        select(Deadline.id)
        .join(Case, Case.id == Deadline.case_id)
        .where(
            or_(
                Deadline.case_assignee_id.is_distinct_from(Case.assignee_id),
                Deadline.case_holder_id.is_distinct_from(Case.holder_ministry_id),
            )
        )
    )
    return list(rows.scalars())


def _by_the_cases(user: User, queue: str) -> int:
    """The queue as it was counted before the copies: the case's own handler and holder."""
    today = local_today()
    window = [Deadline.due_on < today]
    if queue == queries.BIJNA_VERLOPEN:
        cutoff = tracking.calendar().add_working_days(today, queries.SOON_WORKING_DAYS)
        window = [Deadline.due_on >= today, Deadline.due_on <= cutoff]
    running = select(Deadline.case_id).where(
        Deadline.status == RUNNING,
        Deadline.responsible_role.in_(queries.RESPONSIBLE.get(user.role, ())),
        *window,
    )
    mine: ColumnElement[bool] = true()
    if user.role == ADVISEUR:
        mine = or_(Case.assignee_id.is_(None), Case.assignee_id == user.id)
    if user.role == MINISTERIE:
        mine = queries.visible_to(user) if user.ministry_id is not None else false()
    query = select(func.count()).select_from(Case).where(Case.id.in_(running), mine)
    return db.session.scalar(query) or 0


def _same_queues(users: Users) -> None:
    for role in ROLES:
        user = users[role]
        counts = queries.queue_counts(user)
        for queue in (queries.BIJNA_VERLOPEN, queries.VERLOPEN):
            if queue in counts and not (role == "coordinator" and queue == queries.BIJNA_VERLOPEN):
                assert counts[queue] == _by_the_cases(user, queue), (role, queue)


def _overdue(case: Case, days: int) -> None:
    """Move the case's running deadlines ``days`` into the past (or future)."""
    db.session.execute(
        update(Deadline)
        .where(Deadline.case_id == case.id, Deadline.status == RUNNING)
        .values(due_on=local_today() - timedelta(days=days))
    )


def test_copies_follow_filing_intake_and_reassignment(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    tracking.follow_case(case, lifecycle.definition_of(case))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Deadline)) and _stale() == []
    act(users["adviseur"], case, "intake_accepteren")  # the adviser takes it: his now
    assert case.assignee_id == users["adviseur"].id and _stale() == []
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["coordinator"].id)
    assert _stale() == []
    _overdue(case, 3)
    db.session.commit()
    _same_queues(users)


def test_a_hand_over_to_another_ministry_moves_the_copies(app: Flask, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    tracking.follow_case(case, lifecycle.definition_of(case))
    _overdue(case, 2)
    db.session.commit()
    other = users["ministerie_ocw"].ministry_id
    assert other is not None and other != case.holder_ministry_id
    db.session.execute(update(Case).where(Case.id == case.id).values(holder_ministry_id=other))
    assert _stale() != []  # a bulk UPDATE of the cases alone leaves them behind ...
    case_facts.copy_holder(case.ministry_id)  # ... which the reference data's hand-over does
    db.session.commit()
    assert _stale() == []
    _same_queues(users)
    db.session.execute(update(Deadline).values(case_assignee_id=None, case_holder_id=None))
    db.session.commit()
    assert _stale() != []
    result = app.test_cli_runner().invoke(args=["caseflow", "recount"])
    assert result.exit_code == 0 and _stale() == []


@pytest.mark.parametrize("seed", [1, 2])
def test_random_assignments_and_due_dates_keep_the_queues(users: Users, seed: int) -> None:
    rng = random.Random(seed)
    handlers = [None, users["adviseur"].id, users["coordinator"].id]
    holders = [users["ministerie"].ministry_id, users["ministerie_ocw"].ministry_id]
    cases = [
        case_in_state(users, "omvangswijziging", "ingediend"),
        case_in_state(users, "omvangswijziging", "in_behandeling", assignee=users["adviseur"]),
        case_in_state(users, "omvangswijziging", "aanvulling_gevraagd"),
        case_in_state(users, "masterplan", "ingediend"),
        case_in_state(users, "omvangswijziging", "ter_goedkeuring"),
    ]
    for case in cases:
        tracking.follow_case(case, lifecycle.definition_of(case))
    db.session.commit()
    for _ in range(25):
        for case in rng.sample(cases, rng.randint(1, 3)):
            if rng.random() < 0.6:
                case.assignee_id = rng.choice(handlers)
            else:
                case.holder_ministry_id = rng.choice(holders)  # type: ignore[assignment]
        db.session.flush()
        for case in rng.sample(cases, 2):
            _overdue(case, rng.randint(-8, 8))
        db.session.commit()
        assert _stale() == []
        _same_queues(users)
