"""The append-only audit trail. Events of one case form a chain of HMAC-SHA256 hashes keyed
with ``AUDIT_KEY`` (kept outside the database), so a changed, removed or reordered record
is detectable, also by someone who could rewrite the whole chain; database triggers refuse
UPDATE, DELETE and TRUNCATE outright, and checkpoints (``audit_checkpoints``) notice the
newest events of a case going missing. Verification is in ``audit_verify``."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User
from caseflow.services.audit import chain_keys


def record(
    case: Case,
    actor: User | None,
    kind: str,
    *,
    action: str = "",
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    db.session.flush()  # the case needs its id before the first event
    at = utcnow()
    payload = _jsonable(data or {})
    prev = _last_hash(case.id)
    key_id, key = chain_keys.current()
    event = CaseEvent(
        case_id=case.id,
        at=at,
        actor_id=actor.id if actor else None,
        kind=kind,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=payload,
        prev_hash=prev,
        key_id=key_id,
    )
    event.hash = keyed_hash(key, prev, event)
    db.session.add(event)
    db.session.flush()
    return event


def keyed_hash(key: str, prev: str, event: CaseEvent) -> str:
    """The HMAC of an event, chained to its predecessor's hash."""
    return chain_keys.mac(key, _fields(prev, event))


def chain_hash(prev: str, event: CaseEvent) -> str:
    """The plain SHA-256 of the events written before the chain was keyed (key_id '')."""
    body = chain_keys.canonical(_fields(prev, event))
    return hashlib.sha256(body).hexdigest()


def expected_hash(event: CaseEvent, keys: dict[str, str]) -> str | None:
    """What ``event.hash`` must be given its own ``prev_hash``; None for an unknown key."""
    if event.key_id == chain_keys.UNKEYED:
        return chain_hash(event.prev_hash, event)
    key = keys.get(event.key_id)
    return keyed_hash(key, event.prev_hash, event) if key is not None else None


def verify_chain(case_id: int) -> bool:
    """True when every event of the case still matches its hash, predecessor and the
    latest checkpoint of the case."""
    from caseflow.services.audit.verification import verify_case  # it builds on this module

    return verify_case(case_id) is None


def _fields(prev: str, event: CaseEvent) -> list[Any]:
    return [
        prev,
        event.case_id,
        event.at.isoformat(timespec="microseconds"),
        event.actor_id,
        event.kind,
        event.action,
        event.from_state,
        event.to_state,
        event.comment,
        event.data,
    ]


def timeline(case_id: int) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        )
    )


def _last_hash(case_id: int) -> str:
    found = db.session.scalars(
        select(CaseEvent.hash)
        .where(CaseEvent.case_id == case_id)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    return found or ""


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
