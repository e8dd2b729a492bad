"""The daily watch over the audit record: verify everything, then either take a checkpoint
(intact) or alert every active administrator (broken). A broken record gets no new
checkpoint, which would vouch for it; the alert is sent once per break, however many days
it stays broken."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from caseflow.domain.audit_breaks import Break
from caseflow.extensions import db
from caseflow.models import Notification, User
from caseflow.services.audit import checkpoints, verification
from caseflow.services.messaging import notifications
from caseflow.services.unit_of_work import transaction
from workflows.base import BEHEERDER

SUBJECT = "[caseflow] Audit-record niet meer intact"
ADVICE = (
    "De dagelijkse controle heeft geen nieuw controlepunt geschreven. Alle breuken staan "
    "in de uitvoer van 'flask --app wsgi caseflow verify-audit' en in het "
    "beveiligingslog (caseflow.security). Meld dit als beveiligingsincident en laat de "
    "database ongemoeid tot het onderzocht is."
)


@dataclass(frozen=True)
class Outcome:
    intact: bool
    breaks: int
    checkpoint: int | None
    alerted: int


def run_daily() -> Outcome:
    report = verification.verify()
    if report.intact:
        checkpoint = checkpoints.write()
        return Outcome(True, 0, checkpoint.id, 0)
    with transaction():
        alerted = alert_administrators(report.breaks)
    return Outcome(False, len(report.breaks), None, alerted)


def alert_administrators(breaks: list[Break]) -> int:
    """One notification and one mail per active administrator for this set of breaks;
    returns how many administrators were newly told."""
    key = f"audit:{_cause(breaks)}"
    text = f"{_text(breaks)} {ADVICE}"
    told = 0
    for admin in _administrators():
        if db.session.scalar(
            select(Notification.id).where(Notification.key == f"{key}:u{admin.id}")
        ):
            continue
        notifications.notify_user(admin, key, text, SUBJECT, ("/", "caseflow"))
        told += 1
    return told


def _administrators() -> list[User]:
    # Role data, not a permission: who is told of a broken audit record.
    query = select(User).where(User.role == BEHEERDER, User.active.is_(True)).order_by(User.id)
    return list(db.session.scalars(query))


def _cause(breaks: list[Break]) -> str:
    """The same breaks on another day give the same key, so nobody is told twice."""
    names = "|".join(f"{b.problem}:{b.case_id}:{b.event_id}:{b.checkpoint_id}" for b in breaks)
    return hashlib.sha256(names.encode()).hexdigest()[:24]


def _text(breaks: list[Break]) -> str:
    more = f" en nog {len(breaks) - 1} andere breuk(en)" if len(breaks) > 1 else ""
    return f"Het audit-record is niet meer intact. Eerste breuk: {breaks[0].describe()}{more}."
