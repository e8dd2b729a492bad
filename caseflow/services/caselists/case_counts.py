"""Counts of cases per (ministry filed under, case type, state), kept in ``case_counts`` as
the cases change: a SQLAlchemy ``before_flush`` hook adds one for every new case and moves
one for every state change, in the same transaction. The dashboard's "Zaken per status"
then reads a few rows instead of every visible case. The same hook keeps the cases per
(handler, case type, state) in ``assignee_counts``, moved also when a case is (re)assigned:
an adviser's "te doen" and "mijn zaken" counts.

Changes that bypass the ORM (a bulk UPDATE of ``cases.state``, a restored backup) leave the
counts behind: ``recount()`` (``flask caseflow recount``) rebuilds them from the cases.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Flask
from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from caseflow.extensions import db
from caseflow.models import AssigneeCount, Case, CaseCount

Key = tuple[int, str, str]
NOBODY = 0  # assignee_counts.assignee_id of unassigned cases


def _key(case: Case, state: str) -> Key | None:
    ministry_id = case.ministry_id or (case.ministry.id if case.ministry else None)
    return (ministry_id, case.case_type, state) if ministry_id is not None else None


def _deltas(session: Session) -> Counter[Key]:
    deltas: Counter[Key] = Counter()
    for case in (o for o in session.new if isinstance(o, Case)):
        if (key := _key(case, case.state)) is not None:
            deltas[key] += 1
    for case in (o for o in session.dirty if isinstance(o, Case)):
        history = inspect(case).attrs.state.history
        if history.deleted and history.added:
            old, new = _key(case, history.deleted[0]), _key(case, history.added[0])
            if old is not None and new is not None:
                deltas[old] -= 1
                deltas[new] += 1
    return deltas


def _upsert(session: Session, key: Key, delta: int) -> None:
    dialect = session.connection().dialect.name
    insert_into = postgresql.insert if dialect == "postgresql" else sqlite.insert
    ministry_id, case_type, state = key
    statement = insert_into(CaseCount).values(
        ministry_id=ministry_id, case_type=case_type, state=state, n=delta
    )
    statement = statement.on_conflict_do_update(
        index_elements=["ministry_id", "case_type", "state"],
        set_={"n": CaseCount.n + delta},
    )
    session.connection().execute(statement)


def _old(session: Session, case: Case, name: str) -> tuple[bool, Any]:
    """Whether the attribute changed in this flush, and its value before."""
    history = inspect(case).attrs[name].history
    if not history.added and not history.deleted:
        return False, getattr(case, name)
    if history.deleted:
        return True, history.deleted[0]
    # Set without its old value loaded (an expired case): the row still holds it.
    stored = (
        session.connection().execute(select(getattr(Case, name)).where(Case.id == case.id)).scalar()
    )
    return stored != getattr(case, name), stored


def _assignee_deltas(session: Session) -> Counter[Key]:
    deltas: Counter[Key] = Counter()
    for case in (o for o in session.new if isinstance(o, Case)):
        assignee = case.assignee_id or (case.assignee.id if case.assignee else None)
        deltas[(assignee or NOBODY, case.case_type, case.state)] += 1
    for case in (o for o in session.dirty if isinstance(o, Case)):
        moved, old_state = _old(session, case, "state")
        reassigned, old_assignee = _old(session, case, "assignee_id")
        if moved or reassigned:
            deltas[(old_assignee or NOBODY, case.case_type, old_state)] -= 1
            deltas[(case.assignee_id or NOBODY, case.case_type, case.state)] += 1
    return deltas


def _upsert_assignees(session: Session, deltas: list[tuple[Key, int]]) -> None:
    """All of a flush's moves in one statement (a transition moves a case out of one row and
    into another)."""
    dialect = session.connection().dialect.name
    insert_into = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_into(AssigneeCount).values(
        [
            {"assignee_id": assignee_id, "case_type": case_type, "state": state, "n": delta}
            for (assignee_id, case_type, state), delta in deltas
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=["assignee_id", "case_type", "state"],
        set_={"n": AssigneeCount.n + statement.excluded.n},
    )
    session.connection().execute(statement)


def init_app(_app: Flask) -> None:
    """Follow the cases from now on; registered once per process, whatever the number of apps
    (the hook lives on the session class, not on one app)."""
    if not event.contains(Session, "before_flush", _follow_cases):
        event.listen(Session, "before_flush", _follow_cases)


def _follow_cases(session: Session, _context: Any, _instances: Any) -> None:
    # Sorted, so two transactions moving cases between the same states lock the counter
    # rows in the same order and cannot deadlock.
    for key, delta in sorted(_deltas(session).items()):
        if delta:
            _upsert(session, key, delta)
    moved = [(key, delta) for key, delta in sorted(_assignee_deltas(session).items()) if delta]
    if moved:
        _upsert_assignees(session, moved)


def recount() -> int:
    """Rebuild every count from the cases (no commit); returns the number of rows."""
    db.session.execute(delete(CaseCount))
    counted = select(Case.ministry_id, Case.case_type, Case.state, func.count(Case.id)).group_by(
        Case.ministry_id, Case.case_type, Case.state
    )
    db.session.execute(
        insert(CaseCount).from_select(["ministry_id", "case_type", "state", "n"], counted)
    )
    db.session.execute(delete(AssigneeCount))
    assignee = func.coalesce(Case.assignee_id, NOBODY)
    per_assignee = select(assignee, Case.case_type, Case.state, func.count(Case.id)).group_by(
        assignee, Case.case_type, Case.state
    )
    db.session.execute(
        insert(AssigneeCount).from_select(["assignee_id", "case_type", "state", "n"], per_assignee)
    )
    return db.session.scalar(select(func.count()).select_from(CaseCount)) or 0
