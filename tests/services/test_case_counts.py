"""The kept counts per (ministry, case type, state) always equal counting the cases, through
creation, transitions, closing and reopening; recount repairs changes made outside the app."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select, update

import workflows
from caseflow.config import DEFAULTS
from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import AssigneeCount, Case, CaseCount, User
from caseflow.services.caselists import case_counts, queries
from tests.factories import act, case_in_state

Users = dict[str, User]
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat", "beheerder")


def _kept() -> Counter[tuple[int, str, str]]:
    rows = db.session.execute(
        select(CaseCount.ministry_id, CaseCount.case_type, CaseCount.state, CaseCount.n)
    )
    return Counter({(m, t, s): n for m, t, s, n in rows if n})


def _counted() -> Counter[tuple[int, str, str]]:
    rows = db.session.execute(
        select(Case.ministry_id, Case.case_type, Case.state, func.count(Case.id)).group_by(
            Case.ministry_id, Case.case_type, Case.state
        )
    )
    return Counter({(m, t, s): n for m, t, s, n in rows})


def _visible_counts(user: User) -> dict[str, int]:
    rows = db.session.execute(
        select(Case.case_type, Case.state, func.count(Case.id))
        .where(queries.visible_to(user))
        .group_by(Case.case_type, Case.state)
    )
    return {f"{t}:{s}": n for t, s, n in rows}


def test_counts_follow_the_cases(users: Users) -> None:
    filed = case_in_state(users, "omvangswijziging")
    case_in_state(users, "masterplan", "in_behandeling")
    case_in_state(users, "zbo_gesprek", "gepland")
    case_in_state(
        users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"], organisation_id=None
    )
    assert _kept() == _counted()
    act(users["ministerie"], filed, "indienen")
    act(users["ministerie"], filed, "intrekken", reden="Gaat niet door.")
    assert _kept() == _counted()
    act(users["coordinator"], filed, "heropenen", reden="Toch wel.")
    assert _kept() == _counted()
    for role in ROLES:  # the dashboard sees exactly what counting the visible cases gives
        assert queries.state_counts(users[role]) == _visible_counts(users[role]), role


def test_a_failed_transition_moves_no_count(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring", drafter=users["coordinator"])
    before = _kept()
    with pytest.raises(NotAllowed):  # the drafter may not issue: four eyes
        act(users["coordinator"], case, "uitbrengen")
    db.session.rollback()
    assert _kept() == before == _counted()


def test_recount_repairs_changes_made_outside_the_app(app: Flask, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    db.session.execute(update(Case).where(Case.id == case.id).values(state="in_behandeling"))
    db.session.commit()
    assert _kept() != _counted()
    result: Result = app.test_cli_runner().invoke(args=["caseflow", "recount"])
    assert result.exit_code == 0 and "opnieuw geteld" in result.output
    assert _kept() == _counted()
    assert _kept_per_assignee() == _counted_per_assignee()
    assert case_counts.recount() == len(_counted())


def _kept_per_assignee() -> Counter[tuple[int, str, str]]:
    rows = db.session.execute(
        select(
            AssigneeCount.assignee_id, AssigneeCount.case_type, AssigneeCount.state, AssigneeCount.n
        )
    )
    return Counter({(a, t, s): n for a, t, s, n in rows if n})


def _counted_per_assignee() -> Counter[tuple[int, str, str]]:
    rows = db.session.execute(select(Case.assignee_id, Case.case_type, Case.state))
    return Counter((a or case_counts.NOBODY, t, s) for a, t, s in rows)


def _queues_by_query(user: User) -> dict[str, int]:
    return {
        q: queries.count(user, queries.CaseFilter(queue=q)) for q in queries.queues_for(user.role)
    }


def test_assignee_counts_follow_intake_and_assignment(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    assert _kept_per_assignee() == _counted_per_assignee()
    assert _kept_per_assignee()[(case_counts.NOBODY, "omvangswijziging", "ingediend")] == 1
    act(users["adviseur"], case, "intake_accepteren")  # takes it: assigned to the adviser
    assert case.assignee_id == users["adviseur"].id
    assert _kept_per_assignee() == _counted_per_assignee()
    assert _kept_per_assignee()[(users["adviseur"].id, "omvangswijziging", "in_behandeling")] == 1
    act(users["coordinator"], case, "toewijzen", behandelaar_id=users["coordinator"].id)
    assert _kept_per_assignee() == _counted_per_assignee()
    for role in ROLES:
        assert queries.queue_counts(users[role]) == _queues_by_query(users[role]), role


@pytest.mark.parametrize("seed", [1, 2])
def test_random_moves_and_assignments_keep_the_counts(users: Users, seed: int) -> None:
    rng = random.Random(seed)
    advisers = [None, users["adviseur"].id, users["coordinator"].id]
    cases = [
        case_in_state(users, "omvangswijziging", "ingediend"),
        case_in_state(users, "omvangswijziging", "in_behandeling", assignee=users["adviseur"]),
        case_in_state(users, "masterplan", "ingediend"),
        case_in_state(users, "zbo_gesprek", "gepland"),
        case_in_state(
            users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"], organisation_id=None
        ),
    ]
    for _ in range(30):
        for case in rng.sample(cases, rng.randint(1, 3)):  # one flush changes several cases
            if rng.random() < 0.5:
                case.assignee_id = rng.choice(advisers)
            else:
                case.state = rng.choice([s.code for s in workflows.latest(case.case_type).states])
        db.session.commit()
        assert _kept_per_assignee() == _counted_per_assignee()
        assert _kept() == _counted()
    for role in ROLES:  # the kept queue counts are what counting the cases gives
        assert queries.queue_counts(users[role]) == _queues_by_query(users[role]), role


def test_an_expired_case_reassigned_moves_its_count(users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    db.session.expire(case)
    case.assignee_id = users["adviseur"].id  # set without the old value loaded
    db.session.commit()
    assert _kept_per_assignee() == _counted_per_assignee()


def test_kept_queue_counts_stop_at_the_cap(app: Flask, users: Users) -> None:
    for _ in range(3):
        case_in_state(users, "omvangswijziging", "ingediend")
    app.config["COUNT_CAP"] = 2
    try:
        assert queries.queue_counts(users["adviseur"])["te_doen"] == 3  # "meer dan 2"
        assert _queues_by_query(users["adviseur"])["te_doen"] == 3
    finally:
        app.config["COUNT_CAP"] = DEFAULTS["COUNT_CAP"]
