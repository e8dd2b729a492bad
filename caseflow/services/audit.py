"""The append-only audit trail. Events of one case form a hash chain, so a changed or
removed record is detectable; database triggers refuse UPDATE and DELETE outright."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User


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
    )
    event.hash = chain_hash(prev, event)
    db.session.add(event)
    db.session.flush()
    return event


def chain_hash(prev: str, event: CaseEvent) -> str:
    body = json.dumps(
        [
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
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def verify_chain(case_id: int) -> bool:
    """True when every event of the case still matches its hash and predecessor."""
    prev = ""
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
    )
    for event in events:
        if event.prev_hash != prev or event.hash != chain_hash(prev, event):
            return False
        prev = event.hash
    return True


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
