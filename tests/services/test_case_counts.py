"""The kept counts per (ministry, case type, state) always equal counting the cases, through
creation, transitions, closing and reopening; recount repairs changes made outside the app."""

from __future__ import annotations

from collections import Counter

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import func, select, update

from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import Case, CaseCount, User
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
    assert case_counts.recount() == len(_counted())
