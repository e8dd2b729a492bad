"""Counts of cases per (ministry filed under, case type, state), kept in ``case_counts`` as
the cases change: a SQLAlchemy ``before_flush`` hook adds one for every new case and moves
one for every state change, in the same transaction. The dashboard's "Zaken per status"
then reads a few rows instead of every visible case.

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
from caseflow.models import Case, CaseCount

Key = tuple[int, str, str]


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


def recount() -> int:
    """Rebuild every count from the cases (no commit); returns the number of rows."""
    db.session.execute(delete(CaseCount))
    counted = select(Case.ministry_id, Case.case_type, Case.state, func.count(Case.id)).group_by(
        Case.ministry_id, Case.case_type, Case.state
    )
    db.session.execute(
        insert(CaseCount).from_select(["ministry_id", "case_type", "state", "n"], counted)
    )
    return db.session.scalar(select(func.count()).select_from(CaseCount)) or 0
