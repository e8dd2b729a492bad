"""Changes to the audit record as an attacker with full access to the database makes them:
the append-only triggers are dropped (SQLite: a per-test copy, as with file access) or off
for the transaction (PostgreSQL: as the superuser). The keys stay out of reach."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from caseflow.extensions import db
from caseflow.models import CaseEvent, User
from caseflow.services.audit import chain_keys, trail
from caseflow.services.cases import lifecycle
from tests.factories import case_in_state

Users = dict[str, User]


def walked_case(users: Users) -> int:
    """A case with five real events: filing, submission, intake, a request and an answer."""
    case = case_in_state(users, "omvangswijziging", "concept")
    for user, action, data in (
        (users["ministerie"], "indienen", {"opmerking": "Graag snel."}),
        (users["adviseur"], "intake_accepteren", {}),
        (users["adviseur"], "aanvulling_vragen", {"vraag": "Welke locaties zijn onderzocht?"}),
        (users["ministerie"], "aanvullen", {"aanvulling": "Zwolle en Deventer."}),
    ):
        lifecycle.perform(user, case.id, action, case.version, data)
    return case.id


def tamper(statement: str, **params: Any) -> None:
    db.session.commit()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
            for name in list(triggers.scalars()):
                conn.execute(text(f"DROP TRIGGER {name}"))
        conn.execute(text(statement), params)
    db.session.expire_all()


def event_ids(case_id: int) -> list[int]:
    return [e.id for e in trail.timeline(case_id)]


def rewrite(case_id: int, start: int, scheme: str) -> None:
    """Change the comment of event ``start`` (an index) and recompute the chain from there
    on, as someone without AUDIT_KEY can: plain SHA-256 posing as an event from before the
    key (``sha256``), or HMAC with a key of their own under the real key id (``wrong-key``)
    or under its own id (``own-key``)."""
    events = trail.timeline(case_id)
    for event in events:
        db.session.expunge(event)  # changed here only to compute the forged hashes
    prev = events[start - 1].hash if start else ""
    for index, event in enumerate(events[start:]):
        if index == 0:
            event.comment = "Achteraf herschreven."
        key_id, digest = _forge(scheme, prev, event)
        tamper(
            "UPDATE case_events SET comment = :comment, prev_hash = :prev, hash = :hash, "
            "key_id = :key_id WHERE id = :id",
            comment=event.comment,
            prev=prev,
            hash=digest,
            key_id=key_id,
            id=event.id,
        )
        prev = digest


def _forge(scheme: str, prev: str, event: CaseEvent) -> tuple[str, str]:
    if scheme == "sha256":
        return chain_keys.UNKEYED, trail.chain_hash(prev, event)
    wrong = "not-the-audit-key"
    real_id = chain_keys.current()[0]
    key_id = real_id if scheme == "wrong-key" else chain_keys.fingerprint(wrong)
    return key_id, trail.keyed_hash(wrong, prev, event)


def swap(first: int, second: int) -> None:
    """Two events change places (their ids), each keeping its own content and hash."""
    tamper("UPDATE case_events SET id = -1 WHERE id = :a", a=first)
    tamper("UPDATE case_events SET id = :a WHERE id = :b", a=first, b=second)
    tamper("UPDATE case_events SET id = :b WHERE id = -1", b=second)
