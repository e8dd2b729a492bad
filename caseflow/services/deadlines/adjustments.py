"""Deadlines as people see and change them: the overview on the case page and the
coordinator's extension of a running deadline (with a reason, logged and announced).

An extension changes the case as a whole: it bumps the case version (the optimistic lock
every form carries), writes an audit event and tells the responsible role the new date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from caseflow.domain import terms
from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Deadline, DeadlineExtension, User
from caseflow.models.deadline import LAPSED, PAUSED, RUNNING
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.deadlines import tracking
from caseflow.services.messaging import notifications
from caseflow.services.unit_of_work import STALE, transaction

DEADLINE_NOT_FOUND = "Deze termijn bestaat niet bij deze zaak."
ONLY_COORDINATOR = permissions.TABLE["deadline.extend"].message


@dataclass(frozen=True)
class Standing:
    """Where a deadline stands today, for display.

    ``kind``: "lopend" (``days`` working days left, 0 = due today, negative = overdue),
    "gepauzeerd" (``days`` working days left on the stopped clock), "gehaald",
    "niet_gehaald" or "vervallen".
    """

    deadline: Deadline
    kind: str
    days: int
    extendable: bool

    @property
    def overdue(self) -> bool:
        return self.kind == RUNNING and self.days < 0


def days_phrase(days: int) -> str:
    """'1 werkdag', '3 werkdagen' (the absolute number)."""
    n = abs(days)
    return f"{n} werkdag" if n == 1 else f"{n} werkdagen"


def may_extend(user: User, deadline: Deadline) -> bool:
    return permissions.can(user, "deadline.extend") and deadline.status == RUNNING


def overview(user: User, case: Case, today: date | None = None) -> list[Standing]:
    """All deadlines of a case (oldest first) with their standing; ``case`` is visible."""
    day = today or local_today()
    calendar = tracking.calendar()
    rows = db.session.scalars(
        select(Deadline)
        .where(Deadline.case_id == case.id)
        .order_by(Deadline.id)
        .options(
            selectinload(Deadline.pauses),
            selectinload(Deadline.extensions).joinedload(DeadlineExtension.by),
        )
    )
    return [_standing(user, d, calendar, day) for d in rows]


def _standing(user: User, deadline: Deadline, calendar: WorkingCalendar, day: date) -> Standing:
    if deadline.status == RUNNING:
        kind, days = RUNNING, terms.days_left(calendar, day, deadline.due_on)
    elif deadline.status == PAUSED:
        kind, days = PAUSED, deadline.remaining_days or 0
    elif deadline.status == LAPSED:
        kind, days = LAPSED, 0
    else:
        kind, days = ("gehaald" if deadline.met else "niet_gehaald"), 0
    return Standing(deadline, kind, days, may_extend(user, deadline))


def extendable(user: User, case_id: int, deadline_id: int) -> tuple[Case, Deadline]:
    """The case and deadline if ``user`` may extend it now; else NotFound/NotAllowed/Conflict."""
    case = access.get_case(user, case_id)
    return case, _check_extendable(user, case, deadline_id)


def extend_deadline(
    user: User, case_id: int, version: int, deadline_id: int, new_due: date, reason: str
) -> Deadline:
    """Move a running deadline to a later working day, with a reason."""
    with transaction():
        case = access.get_case(user, case_id, for_update=True)
        _check_role(user)
        if version != case.version:
            raise Conflict(STALE)
        deadline = _check_extendable(user, case, deadline_id)
        reason = reason.strip()
        _validate(deadline, new_due, reason)
        _apply(user, case, deadline, new_due, reason)
    return deadline


def _check_role(user: User) -> None:
    permissions.require(user, "deadline.extend")


def _check_extendable(user: User, case: Case, deadline_id: int) -> Deadline:
    _check_role(user)
    deadline = db.session.get(Deadline, deadline_id)
    if deadline is None or deadline.case_id != case.id:
        raise NotFound(DEADLINE_NOT_FOUND)
    if deadline.status == PAUSED:
        raise Conflict(
            f"De klok van de termijn '{deadline.label}' staat stil sinds "
            f"{dutch_date(deadline.paused_on)}. Verlengen kan pas als de termijn weer loopt."
        )
    if deadline.status != RUNNING:
        raise Conflict(
            f"De termijn '{deadline.label}' is al afgesloten; verlengen is niet meer mogelijk."
        )
    return deadline


def _validate(deadline: Deadline, new_due: date, reason: str) -> None:
    errors: dict[str, str] = {}
    if new_due <= deadline.due_on or not tracking.calendar().is_working_day(new_due):
        current = dutch_date(deadline.due_on, weekday=True)
        errors["new_due"] = f"Kies een werkdag na de huidige uiterste datum ({current})."
    elif new_due < local_today():
        errors["new_due"] = "Kies een datum vanaf vandaag: de nieuwe datum ligt in het verleden."
    if not reason:
        errors["reason"] = "Geef de reden van de verlenging."
    if errors:
        raise ValidationFailed("De termijn is niet verlengd: controleer de invoer.", errors)


def _apply(user: User, case: Case, deadline: Deadline, new_due: date, reason: str) -> None:
    old_due = deadline.due_on
    extension = DeadlineExtension(
        deadline_id=deadline.id, old_due=old_due, new_due=new_due, reason=reason, by_id=user.id
    )
    db.session.add(extension)
    deadline.due_on = new_due
    tracking.replan(deadline, announced=True)  # _announce tells the new date
    tracking.refresh_next_due(case)
    case.updated_at = utcnow()
    db.session.flush()
    trail.record(
        case,
        user,
        "termijn",
        action="termijn_verlengen",
        from_state=case.state,
        to_state=case.state,
        comment=reason,
        data={"termijn": deadline.label, "oud": old_due, "nieuw": new_due},
    )
    _announce(user, case, deadline, extension)


def _announce(user: User, case: Case, deadline: Deadline, extension: DeadlineExtension) -> None:
    people = [
        u for u in notifications.users_in_role(case, deadline.responsible_role) if u.id != user.id
    ]
    left = terms.days_left(tracking.calendar(), local_today(), extension.new_due)
    when = f"nog {days_phrase(left)}" if left > 0 else "dat is vandaag"
    text = (
        f"De termijn '{deadline.label}' van zaak {case.reference} ({case.title}) is verlengd "
        f"tot {dutch_date(extension.new_due, weekday=True)} ({when}; was "
        f"{dutch_date(extension.old_due, weekday=True)}). Reden: {extension.reason}"
    )
    subject = f"[caseflow] Termijn {deadline.label.lower()} {case.reference} verlengd"
    notifications.notify(people, case, f"extension:{extension.id}", text, subject)
