"""The ministerraad meeting calendar, kept by the secretariat."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotAllowed, ValidationFailed
from caseflow.extensions import db
from caseflow.models import AgendaItem, Meeting, User
from workflows.base import SECRETARIAAT


def upcoming() -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.held_on >= local_today()).order_by(Meeting.held_on)
        )
    )


def all_meetings() -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc())))


def add_meeting(user: User, held_on: date, note: str) -> Meeting:
    if user.role != SECRETARIAAT:
        raise NotAllowed("Alleen het secretariaat beheert de vergaderkalender.")
    if held_on < local_today():
        raise ValidationFailed(
            "Een vergadering ligt in de toekomst.", {"held_on": "Kies een datum vanaf vandaag."}
        )
    if db.session.scalars(select(Meeting).where(Meeting.held_on == held_on)).first():
        raise ValidationFailed(
            "Op die datum staat al een vergadering.",
            {"held_on": "Op die datum staat al een vergadering."},
        )
    meeting = Meeting(held_on=held_on, note=note.strip())
    db.session.add(meeting)
    db.session.commit()
    return meeting


def agenda(user: User) -> list[AgendaItem]:
    """Escalated cases per meeting: confidential, so only BZK and the secretariat see it."""
    if user.role not in (SECRETARIAAT, "coordinator", "adviseur"):
        raise NotAllowed("U heeft geen toegang tot de agenda van de ministerraad.")
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(joinedload(AgendaItem.case), joinedload(AgendaItem.meeting))
            .join(Meeting)
            .order_by(Meeting.held_on.desc(), AgendaItem.id)
        )
    )
