"""The reminder scan: claim the reminders that are due, notify, plan the next overdue
one, commit. Claiming is set-based on an index; on PostgreSQL with FOR UPDATE SKIP LOCKED
so parallel scans split the work, and everywhere with a compare-and-set on the status so
no reminder is processed twice, whatever runs concurrently or is retried."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from caseflow.domain import terms
from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.dutch import dutch_date
from caseflow.extensions import db
from caseflow.models import Case, Deadline, Reminder, User
from caseflow.models.deadline import CANCELLED, PLANNED, RUNNING, SENT
from caseflow.services.deadlines import tracking
from caseflow.services.messaging import notifications
from caseflow.services.unit_of_work import transaction
from workflows.base import COORDINATOR, SECRETARIAAT

ESCALATION_KINDS = frozenset({"agendering"})


def process_due(today: date | None = None, limit: int = 200) -> int:
    """Process due reminders in one transaction; returns how many went out."""
    day = today or local_today()
    with transaction():
        return sum(1 for reminder_id in _claimable(day, limit) if _process(reminder_id, day))


def _claimable(day: date, limit: int) -> list[int]:
    query = (
        select(Reminder.id)
        .where(Reminder.status == PLANNED, Reminder.send_on <= day)
        .order_by(Reminder.send_on, Reminder.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(db.session.scalars(query))


def _process(reminder_id: int, day: date) -> bool:
    claimed = db.session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == PLANNED)
        .values(status=SENT, processed_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False  # someone else had it
    reminder = db.session.get(Reminder, reminder_id)
    assert reminder is not None
    deadline = reminder.deadline
    if deadline.status != RUNNING:
        reminder.status = CANCELLED
        return False
    case = db.session.get(Case, deadline.case_id)
    assert case is not None
    _notify(case, deadline, reminder, day)
    _plan_next_overdue(deadline, reminder)
    return True


def _notify(case: Case, deadline: Deadline, reminder: Reminder, day: date) -> None:
    step = reminder.step.split(":", 1)[0]
    users: list[User] = notifications.users_in_role(case, deadline.responsible_role)
    if step.startswith("verlopen"):
        users += notifications.users_in_role(case, COORDINATOR)
        if deadline.kind in ESCALATION_KINDS:
            users += notifications.users_in_role(case, SECRETARIAAT)
    text = reminder_text(case, deadline, step, day)
    subject = f"[caseflow] Termijn {deadline.label.lower()} {case.reference}"
    notifications.notify(users, case, f"reminder:{reminder.id}", text, subject)


def reminder_text(case: Case, deadline: Deadline, step: str, day: date) -> str:
    due = dutch_date(deadline.due_on)
    what = f"De termijn '{deadline.label}' van zaak {case.reference} ({case.title})"
    # Worded from where the deadline stands on ``day``, not from the step alone: a scan
    # catching up after an outage may send a "voor" reminder on or after the due date.
    left = terms.days_left(tracking.calendar(), day, deadline.due_on)
    if step == "voor" and left > 0:
        return f"{what} verloopt over {_working_days(left)}, op {due}."
    if left >= 0:
        return f"{what} verloopt vandaag, {due}."
    return f"{what} is verlopen op {due}; {_working_days(-left)} te laat."


def _working_days(n: int) -> str:
    return f"{n} werkdag" if n == 1 else f"{n} werkdagen"


def _plan_next_overdue(deadline: Deadline, reminder: Reminder) -> None:
    step, _, due = reminder.step.partition(":")
    if not step.startswith("verlopen-"):
        return
    number = int(step.removeprefix("verlopen-")) + 1
    send_on = terms.overdue_moment(tracking.calendar(), deadline.due_on, tracking.plan(), number)
    db.session.add(
        Reminder(deadline_id=deadline.id, step=f"verlopen-{number}:{due}", send_on=send_on)
    )
