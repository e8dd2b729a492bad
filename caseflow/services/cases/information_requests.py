"""The question BZK asked when it requested more information (action 'aanvulling_vragen'),
for the form on which the ministry answers it: read from the audit trail, where the
question is recorded with the request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, User

REQUEST_ACTION = "aanvulling_vragen"


@dataclass(frozen=True)
class InformationRequest:
    question: str
    asked_at: datetime
    asked_by: str


def open_request(case: Case) -> InformationRequest | None:
    """The latest request for information of a case that awaits the answer; None otherwise."""
    if case.state != "aanvulling_gevraagd":
        return None
    row = db.session.execute(
        select(CaseEvent.data, CaseEvent.at, User.name)
        .outerjoin(User, User.id == CaseEvent.actor_id)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == REQUEST_ACTION)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    data, at, name = row
    question = str((data or {}).get("vraag") or "")
    return InformationRequest(question, at, name or "") if question else None
