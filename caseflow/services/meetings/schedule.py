"""The ministerraad meeting calendar, kept by the secretariat.

Meetings are planned on working Fridays of the Atw calendar (see
``caseflow.domain.meeting_days``: a closed Friday is left out, not moved); a meeting added
by hand may fall on any working day. Moving or cancelling a meeting is in
``caseflow.services.meetings.rescheduling``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseflow.domain.clock import local_today
from caseflow.domain.errors import NotFound, ValidationFailed
from caseflow.domain.meeting_days import meeting_fridays, not_a_meeting_day
from caseflow.extensions import db
from caseflow.models import AgendaItem, Case, Meeting, User
from caseflow.services import permissions
from caseflow.services.deadlines import tracking
from caseflow.services.unit_of_work import transaction

REGULAR = "Reguliere vergadering"
MEETING_NOT_FOUND = "Deze vergadering bestaat niet (meer)."
# Cabinet deliberations are confidential: need-to-know for BZK and the secretariat.
# A generated series reaches at most a year ahead: the cabinet plans per year.
MAX_PLAN_DAYS = 366
NOTE_MAX = 200  # meetings.note


def upcoming() -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(Meeting.held_on >= local_today()).order_by(Meeting.held_on)
        )
    )


def all_meetings() -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).order_by(Meeting.held_on.desc())))


def require_secretariat(user: User) -> None:
    permissions.require(user, "meeting.manage")


def check_meeting_day(day: date, *, field: str = "held_on", ignore: int | None = None) -> None:
    """A meeting day is today or later, a working day and not taken by another meeting."""
    if day < local_today():
        raise ValidationFailed(
            "Een vergadering ligt in de toekomst.", {field: "Kies een datum vanaf vandaag."}
        )
    closed = not_a_meeting_day(tracking.calendar(), day)
    if closed:
        raise ValidationFailed(closed, {field: closed})
    taken = db.session.scalars(select(Meeting).where(Meeting.held_on == day)).first()
    if taken is not None and taken.id != ignore:
        message = "Op die datum staat al een vergadering."
        raise ValidationFailed(message, {field: message})


def checked_note(note: str) -> str:
    text = note.strip()
    if len(text) > NOTE_MAX:
        message = f"De notitie is te lang: maximaal {NOTE_MAX} tekens."
        raise ValidationFailed(message, {"note": message})
    return text


def add_meeting(user: User, held_on: date, note: str) -> Meeting:
    require_secretariat(user)
    check_meeting_day(held_on)
    meeting = Meeting(held_on=held_on, note=checked_note(note))
    with transaction():
        db.session.add(meeting)
    return meeting


def plan_fridays(user: User, start: date, end: date, note: str = REGULAR) -> list[Meeting]:
    """Add a meeting on every working Friday from ``start`` through ``end`` that has none."""
    require_secretariat(user)
    start = max(start, local_today())
    if end < start or (end - start).days > MAX_PLAN_DAYS:
        message = "Kies een einddatum vanaf vandaag en hooguit een jaar vooruit."
        raise ValidationFailed(message, {"until": message})
    taken = set(db.session.scalars(select(Meeting.held_on).where(Meeting.held_on >= start)))
    planned = [
        Meeting(held_on=day, note=note.strip())
        for day in meeting_fridays(tracking.calendar(), start, end)
        if day not in taken
    ]
    with transaction():
        db.session.add_all(planned)
    return planned


def get_meeting(meeting_id: int, *, for_update: bool = False) -> Meeting:
    query = select(Meeting).where(Meeting.id == meeting_id)
    meeting = db.session.scalars(query.with_for_update() if for_update else query).first()
    if meeting is None:
        raise NotFound(MEETING_NOT_FOUND)
    return meeting


def require_reader(user: User) -> None:
    permissions.require(user, "meeting.view")


def agenda(user: User) -> list[AgendaItem]:
    """Escalated cases per meeting: confidential, so only BZK and the secretariat see it.
    With each case's ministry, which the API names per item (one query, not one per ministry)."""
    require_reader(user)
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(
                joinedload(AgendaItem.case).joinedload(Case.ministry),
                joinedload(AgendaItem.meeting),
            )
            .join(Meeting)
            .order_by(Meeting.held_on.desc(), AgendaItem.id)
        )
    )


def items_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(joinedload(AgendaItem.case).joinedload(Case.ministry))
            .where(AgendaItem.meeting_id == meeting.id)
            .order_by(AgendaItem.onderraad, AgendaItem.id)
        )
    )


def meeting_agenda(user: User, meeting_id: int) -> tuple[Meeting, list[AgendaItem]]:
    """One meeting and the cases placed on it, for the printable agenda."""
    require_reader(user)
    meeting = get_meeting(meeting_id)
    return meeting, items_of(meeting)
