"""Deadlines follow the case: a transition starts, stops, resumes or closes them, as the
workflow's deadline policies declare. Every change plans the reminders anew. Called inside
the service transaction of the transition; nothing here commits."""

from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from caseflow.domain import terms
from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Deadline, DeadlinePause, Reminder
from caseflow.models.deadline import CANCELLED, DONE, LAPSED, PAUSED, PLANNED, RUNNING
from workflows.base import DeadlinePolicy, WorkflowDefinition


def calendar() -> WorkingCalendar:
    config = current_app.config
    return WorkingCalendar(
        extra_closed_days=frozenset(date.fromisoformat(d) for d in config["EXTRA_CLOSED_DAYS"]),
        extra_open_days=frozenset(date.fromisoformat(d) for d in config["EXTRA_OPEN_DAYS"]),
    )


def plan() -> terms.ReminderPlan:
    config = current_app.config
    return terms.ReminderPlan(
        days_before=int(config["REMINDER_DAYS_BEFORE"]),
        overdue_every=int(config["REMINDER_OVERDUE_EVERY"]),
    )


def open_deadlines(case_id: int) -> list[Deadline]:
    return list(
        db.session.scalars(
            select(Deadline)
            .where(Deadline.case_id == case_id, Deadline.status.in_((RUNNING, PAUSED)))
            .order_by(Deadline.id)
        )
    )


def all_deadlines(case_id: int) -> list[Deadline]:
    return list(
        db.session.scalars(
            select(Deadline).where(Deadline.case_id == case_id).order_by(Deadline.id)
        )
    )


def follow_case(
    case: Case,
    definition: WorkflowDefinition,
    today: date | None = None,
    *,
    announced: bool = False,
) -> None:
    """Bring the case's deadlines in line with its (new) state. ``announced``: the event
    sends its own message naming the deadlines it starts (``notifications.case_moved``), so
    no reminder goes out the same day (``reminder_moments``)."""
    day = today or local_today()
    policies = {p.kind: p for p in definition.deadlines}
    running = {d.kind: d for d in open_deadlines(case.id)}
    for kind, deadline in running.items():
        policy = policies.get(kind)
        if policy is None or case.state not in policy.runs_in:
            _close(deadline, day, lapsed=case.state in definition.final_states)
        elif case.state in policy.pauses_in and deadline.status == RUNNING:
            _pause(deadline, day)
        elif case.state not in policy.pauses_in and deadline.status == PAUSED:
            _resume(deadline, day, announced)
    for policy in definition.deadlines:
        if policy.starts_in == case.state and policy.kind not in running:
            _start(case, policy, day, announced)
    refresh_next_due(case)


def refresh_next_due(case: Case) -> None:
    """Keep ``case.next_due_on`` equal to the due date of its nearest open (running or
    paused) deadline. Every change of a deadline's status or due date ends here; the case
    list sorts on this column with an index instead of computing it per case.

    Written with a plain UPDATE and without flushing: it is bookkeeping, not an edit, so
    it must not move the case's optimistic-lock version a second time in a transition."""
    with db.session.no_autoflush:
        loaded = db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)).all()
        pending = [d for d in db.session.new if isinstance(d, Deadline) and d.case_id == case.id]
        nearest = min(
            (d.due_on for d in (*loaded, *pending) if d.status in (RUNNING, PAUSED)),
            default=None,
        )
        if nearest != case.next_due_on:
            db.session.execute(
                update(Case)
                .where(Case.id == case.id)
                .values(next_due_on=nearest)
                .execution_options(synchronize_session=False)
            )
            set_committed_value(case, "next_due_on", nearest)


def recount_from_case_dates(case: Case, definition: WorkflowDefinition) -> None:
    """A date a term counts from changed (e.g. the talk was moved): recompute its due date."""
    for deadline in open_deadlines(case.id):
        policy = next((p for p in definition.deadlines if p.kind == deadline.kind), None)
        if policy and policy.counts_from and deadline.status == RUNNING:
            start = getattr(case, policy.counts_from) or deadline.started_on
            deadline.started_on = start
            deadline.due_on = terms.due_date(calendar(), start, deadline.working_days)
            replan(deadline)
    refresh_next_due(case)


def working_days_for(policy: DeadlinePolicy) -> int:
    overrides: dict[str, int] = current_app.config["DEADLINE_WORKING_DAYS"]
    return int(overrides.get(policy.kind, policy.working_days))


def _start(case: Case, policy: DeadlinePolicy, day: date, announced: bool) -> None:
    start = (getattr(case, policy.counts_from) if policy.counts_from else None) or day
    days = working_days_for(policy)
    deadline = Deadline(
        case_id=case.id,
        kind=policy.kind,
        label=policy.label,
        responsible_role=policy.responsible_role,
        started_on=start,
        working_days=days,
        due_on=terms.due_date(calendar(), start, days),
        status=RUNNING,
    )
    db.session.add(deadline)
    db.session.flush()
    replan(deadline, day, announced=announced)


def _close(deadline: Deadline, day: date, *, lapsed: bool) -> None:
    deadline.status = LAPSED if lapsed else DONE
    deadline.completed_on = day
    deadline.met = None if lapsed else day <= deadline.due_on
    if deadline.paused_on is not None:
        _end_pause(deadline, day, None)
    cancel_reminders(deadline)


def _pause(deadline: Deadline, day: date) -> None:
    remaining = terms.remaining_when_paused(calendar(), deadline.due_on, day)
    deadline.status, deadline.paused_on, deadline.remaining_days = PAUSED, day, remaining
    db.session.add(
        DeadlinePause(
            deadline_id=deadline.id,
            paused_on=day,
            remaining_days=remaining,
            due_before=deadline.due_on,
        )
    )
    cancel_reminders(deadline)


def _resume(deadline: Deadline, day: date, announced: bool) -> None:
    remaining = deadline.remaining_days or 0
    deadline.due_on = terms.due_after_resume(calendar(), day, remaining)
    _end_pause(deadline, day, deadline.due_on)
    deadline.status, deadline.paused_on, deadline.remaining_days = RUNNING, None, None
    replan(deadline, day, announced=announced)


def _end_pause(deadline: Deadline, day: date, new_due: date | None) -> None:
    pause = db.session.scalars(
        select(DeadlinePause)
        .where(DeadlinePause.deadline_id == deadline.id, DeadlinePause.resumed_on.is_(None))
        .order_by(DeadlinePause.id.desc())
    ).first()
    if pause is not None:
        pause.resumed_on, pause.due_after = day, new_due


def cancel_reminders(deadline: Deadline) -> None:
    db.session.execute(
        update(Reminder)
        .where(Reminder.deadline_id == deadline.id, Reminder.status == PLANNED)
        .values(status=CANCELLED)
    )


def replan(deadline: Deadline, today: date | None = None, *, announced: bool = False) -> None:
    """Cancel unsent reminders and plan those for the current due date."""
    cancel_reminders(deadline)
    day = today or local_today()
    moments = terms.reminder_moments(
        calendar(), deadline.due_on, plan(), day, announced_today=announced
    )
    for step, send_on in moments:
        key = f"{step}:{deadline.due_on.isoformat()}"
        existing = db.session.scalars(
            select(Reminder).where(Reminder.deadline_id == deadline.id, Reminder.step == key)
        ).first()
        if existing is None:
            db.session.add(Reminder(deadline_id=deadline.id, step=key, send_on=send_on))
        elif existing.status == CANCELLED:
            existing.status, existing.send_on = PLANNED, send_on
