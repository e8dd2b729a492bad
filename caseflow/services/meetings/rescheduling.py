"""Moving or cancelling a ministerraad meeting, and what that does to its agenda.

Moving takes the agenda items along: the cases stay ``geagendeerd``, now for the new date.
Cancelling sends the cases that were waiting for the meeting back to the escalation queue
(``geen_overeenstemming``), where the escalation term starts again, because placing the
case on a meeting is once more the secretariat's work. Each case's timeline records the
change; the ministry and the handling adviser are told. A meeting that has been held, or
on which a decision has been recorded, is part of the record and stays as it is.
"""

from __future__ import annotations

from datetime import date

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import Conflict, ValidationFailed
from caseflow.extensions import db
from caseflow.models import AgendaItem, Case, Meeting, User
from caseflow.services.audit import trail
from caseflow.services.cases import lifecycle
from caseflow.services.cases.effects import current_agenda_item
from caseflow.services.deadlines import tracking
from caseflow.services.meetings import schedule
from caseflow.services.messaging import notifications
from caseflow.services.unit_of_work import transaction
from workflows.base import ADVISEUR, MINISTERIE

ON_AGENDA, BACK_TO_QUEUE = "geagendeerd", "geen_overeenstemming"
MOVED, CANCELLED = "vergadering_verplaatsen", "vergadering_vervallen"


def move_meeting(user: User, meeting_id: int, new_day: date, note: str, reason: str) -> Meeting:
    """Give a meeting another date and/or note; its agenda items move with it."""
    schedule.require_secretariat(user)
    with transaction():
        meeting = _changeable(schedule.get_meeting(meeting_id, for_update=True))
        note = schedule.checked_note(note)
        old_day = meeting.held_on
        if new_day != old_day:
            schedule.check_meeting_day(new_day, ignore=meeting.id)
            why = _reason(reason)
            meeting.held_on = new_day
            for item in schedule.items_of(meeting):
                _record(user, item, MOVED, why, {"vergadering": old_day, "nieuwe_datum": new_day})
        meeting.note = note
    return meeting


def cancel_meeting(user: User, meeting_id: int, reason: str) -> tuple[date, int]:
    """Cancel a meeting; its cases go back to the escalation queue.

    Returns the meeting's date and how many cases went back to the queue."""
    schedule.require_secretariat(user)
    with transaction():
        meeting = _changeable(schedule.get_meeting(meeting_id, for_update=True))
        why = _reason(reason)
        held_on, back = meeting.held_on, 0
        for item in schedule.items_of(meeting):
            _record(user, item, CANCELLED, why, {"vergadering": held_on})
            back += _back_to_queue(item)
            db.session.delete(item)
        db.session.flush()
        db.session.delete(meeting)
    return held_on, back


def _changeable(meeting: Meeting) -> Meeting:
    if meeting.held_on < local_today():
        raise Conflict(
            f"De vergadering van {dutch_date(meeting.held_on)} is al gehouden en blijft "
            "zoals zij is."
        )
    if any(item.decided_on is not None for item in schedule.items_of(meeting)):
        raise Conflict(
            f"Op de vergadering van {dutch_date(meeting.held_on)} is al een besluit "
            "vastgelegd; zij kan niet meer worden verplaatst of geannuleerd."
        )
    return meeting


def _reason(reason: str) -> str:
    why = reason.strip()
    if not why:
        message = "Geef de reden op: die komt in de tijdlijn van de geagendeerde zaken."
        raise ValidationFailed(message, {"reason": message})
    return why


def _waits_for(item: AgendaItem) -> bool:
    """True when the case is on the agenda through this item (not an older placement)."""
    current = current_agenda_item(item.case_id)
    return item.case.state == ON_AGENDA and current is not None and current.id == item.id


def _back_to_queue(item: AgendaItem) -> bool:
    if not _waits_for(item):
        return False
    case = item.case
    case.state = BACK_TO_QUEUE
    tracking.follow_case(case, lifecycle.definition_of(case))
    return True


def _record(user: User, item: AgendaItem, action: str, reason: str, data: dict[str, date]) -> None:
    case: Case = item.case
    waits = _waits_for(item)
    to_state = BACK_TO_QUEUE if waits and action == CANCELLED else case.state
    case.updated_at = utcnow()
    event = trail.record(
        case,
        user,
        "agenda",
        action=action,
        from_state=case.state,
        to_state=to_state,
        comment=reason,
        data={**data, "onderraad": item.onderraad} if item.onderraad else dict(data),
    )
    if waits:
        _tell(case, event.id, action, data)


def _tell(case: Case, event_id: int, action: str, data: dict[str, date]) -> None:
    old, subject = dutch_date(data["vergadering"]), f"{case.reference} ({case.title})"
    if action == MOVED:
        new = dutch_date(data["nieuwe_datum"])
        text = f"Zaak {subject} staat nu op de ministerraad van {new} in plaats van {old}."
    else:
        text = (
            f"De ministerraad van {old} is geannuleerd. Zaak {subject} wordt opnieuw geagendeerd."
        )
    people = notifications.users_in_role(case, MINISTERIE) + notifications.users_in_role(
        case, ADVISEUR
    )
    notifications.notify(people, case, f"event:{event_id}", text, f"[caseflow] {case.reference}")
