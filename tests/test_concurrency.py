"""Concurrent edits of one case never silently overwrite each other."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from sqlalchemy import func, select

from caseflow.domain.errors import Conflict
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User
from caseflow.services.audit.trail import verify_chain
from caseflow.services.cases import lifecycle
from tests.web.helpers import filing


def _race(app: Flask, jobs: list[tuple[int, str, int, dict[str, Any]]]) -> list[str]:
    """Run service calls (user id, action, version, data) at the same moment."""
    outcomes: list[str] = []
    barrier = threading.Barrier(len(jobs))

    def run(user_id: int, action: str, version: int, data: dict[str, Any]) -> None:
        with app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            barrier.wait()
            try:
                if action == "bewerken":
                    lifecycle.update_case(user, data.pop("case_id"), version, data)
                else:
                    lifecycle.perform(user, data.pop("case_id"), action, version, data)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("conflict")
            except Exception as exc:
                outcomes.append(repr(exc)[:300])
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_simultaneous_edits_one_wins(app: Flask, users: dict[str, User]) -> None:
    ministry = users["ministerie"]
    case = lifecycle.create_case(ministry, "omvangswijziging", filing("omvangswijziging"))
    case_id, version = case.id, case.version
    jobs = [
        (ministry.id, "bewerken", version, {"case_id": case_id, "title": f"Titel {n}"})
        for n in range(4)
    ]
    db.session.remove()
    outcomes = _race(app, jobs)
    assert sorted(outcomes) == ["conflict", "conflict", "conflict", "ok"]
    stored = db.session.get(Case, case_id)
    assert stored is not None and stored.version == version + 1
    edits = db.session.scalar(
        select(func.count()).where(CaseEvent.case_id == case_id, CaseEvent.kind == "wijziging")
    )
    assert edits == 1
    assert verify_chain(case_id)


def test_withdraw_and_intake_at_once(app: Flask, users: dict[str, User]) -> None:
    ministry, adviser = users["ministerie"], users["adviseur"]
    case = lifecycle.create_case(ministry, "omvangswijziging", filing("omvangswijziging"))
    case = lifecycle.perform(ministry, case.id, "indienen", case.version, {})
    jobs = [
        (ministry.id, "intrekken", case.version, {"case_id": case.id, "reden": "Gaat niet door"}),
        (adviser.id, "intake_accepteren", case.version, {"case_id": case.id}),
    ]
    case_id = case.id
    db.session.remove()
    outcomes = _race(app, jobs)
    assert sorted(outcomes) == ["conflict", "ok"]
    stored = db.session.get(Case, case_id)
    assert stored is not None and stored.state in ("ingetrokken", "in_behandeling")
    transitions = db.session.scalar(
        select(func.count()).where(CaseEvent.case_id == case_id, CaseEvent.kind == "transitie")
    )
    assert transitions == 2  # indienen + the one winner
    assert verify_chain(case_id)


def test_simultaneous_filings_get_distinct_references(app: Flask, users: dict[str, User]) -> None:
    ministry_id = users["ministerie"].id
    db.session.remove()
    references: list[str] = []
    barrier = threading.Barrier(6)

    def file() -> None:
        with app.app_context():
            user = db.session.get(User, ministry_id)
            assert user is not None
            barrier.wait()
            case = lifecycle.create_case(user, "omvangswijziging", filing("omvangswijziging"))
            references.append(case.reference)
            db.session.remove()

    threads = [threading.Thread(target=file) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in references)
    assert numbers == [1, 2, 3, 4, 5, 6]


def test_postgres_locks_the_case_row(
    app: Flask, users: dict[str, User], postgres_only: None
) -> None:
    """On PostgreSQL a transition holds a row lock: a second locker waits, not races."""
    from sqlalchemy import text

    case = lifecycle.create_case(
        users["ministerie"], "omvangswijziging", filing("omvangswijziging")
    )
    case_id = case.id
    db.session.remove()
    with db.engine.connect() as first, db.engine.connect() as second:
        first.execute(text("SELECT id FROM cases WHERE id = :id FOR UPDATE"), {"id": case_id})
        second.execute(text("SET lock_timeout = '200ms'"))
        from sqlalchemy.exc import OperationalError

        try:
            second.execute(text("SELECT id FROM cases WHERE id = :id FOR UPDATE"), {"id": case_id})
            raise AssertionError("second FOR UPDATE did not wait for the first")
        except OperationalError as exc:
            assert "lock timeout" in str(exc)
        first.rollback()
        second.rollback()
