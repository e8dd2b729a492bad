"""Term arithmetic in working days: due dates, stopped clocks and reminder moments.

Pure functions over a ``WorkingCalendar``; the services store the results as rows
(``services/deadlines/``: tracking, adjustments, reminders). Named ``terms`` (the Dutch
*termijnen*) so it does not collide with that room or with ``web/deadlines.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseflow.domain.calendar import WorkingCalendar


@dataclass(frozen=True)
class ReminderPlan:
    """When reminders go out for a deadline (working days)."""

    days_before: int = 5
    overdue_every: int = 5


def due_date(calendar: WorkingCalendar, start: date, working_days: int) -> date:
    """The last day of a term of ``working_days`` that starts the day after ``start``."""
    return calendar.add_working_days(start, working_days)


def remaining_when_paused(calendar: WorkingCalendar, due: date, paused_on: date) -> int:
    """Working days left on the clock when it stops (negative when already overdue)."""
    return calendar.working_days_between(paused_on, due)


def due_after_resume(calendar: WorkingCalendar, resumed_on: date, remaining: int) -> date:
    """The clock runs again from ``resumed_on`` with the working days it had left."""
    if remaining == 0:
        # Due "today": a term never ends on a closed day (Atw art. 1), so a clock resumed
        # on a weekend or holiday ends on the next working day.
        return calendar.next_working_day(resumed_on)
    return calendar.add_working_days(resumed_on, remaining)


def days_left(calendar: WorkingCalendar, today: date, due: date) -> int:
    """Working days until ``due``: 0 on the due date, negative once overdue."""
    return calendar.working_days_between(today, due)


def reminder_moments(
    calendar: WorkingCalendar,
    due: date,
    plan: ReminderPlan,
    today: date,
    *,
    announced_today: bool = False,
) -> list[tuple[str, date]]:
    """(step, send date) for a running deadline: before, on the due date, first overdue.

    A "before" reminder whose moment has already passed is left out: it would arrive
    after the fact. So is one that falls on ``today`` when the event that (re)started the
    deadline already told the responsible people its due date (``announced_today``): one
    message per event, not a second one the same minute. Later overdue reminders are
    planned each time one is sent.
    """
    before = calendar.add_working_days(due, -plan.days_before)
    due_soon = before == today and announced_today
    moments = [("voor", before)] if before >= today and not due_soon else []
    moments.append(("vervaldag", due))
    moments.append(("verlopen-1", overdue_moment(calendar, due, plan, 1)))
    return moments


def overdue_moment(calendar: WorkingCalendar, due: date, plan: ReminderPlan, number: int) -> date:
    """The ``number``-th overdue reminder: every ``overdue_every`` working days after due."""
    return calendar.add_working_days(due, plan.overdue_every * number)
