"""Deadline arithmetic in working days, against dates worked out by hand.

Reference weekdays: 1 January 2026 is a Thursday, 1 January 2027 a Friday. Easter 2026 is
5 April (Goede Vrijdag 3 April, Tweede Paasdag 6 April, Hemelvaartsdag Thursday 14 May,
Tweede Pinksterdag 25 May), Easter 2027 is 28 March (Hemelvaartsdag Thursday 6 May).
Koningsdag 2026 is Monday 27 April, 5 mei 2026 a Tuesday; Koningsdag 2027 a Tuesday.
Bridge days: Friday 2 January 2026, Friday 15 May 2026, Friday 7 May 2027; the pattern's
Mondays 4 May 2026 and 26 April 2027 were not adopted by the decree (the default settings
open them again). Christmas 2025 falls on Thursday/Friday, Christmas 2026 on Friday/Saturday.
No expected value below is computed with the code under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.terms import (
    ReminderPlan,
    days_left,
    due_after_resume,
    due_date,
    overdue_moment,
    remaining_when_paused,
    reminder_moments,
)

# The calendar the application builds from its default settings (the actual decree).
CAL = WorkingCalendar(extra_open_days=frozenset({date(2026, 5, 4), date(2027, 4, 26)}))
# The bare decree pattern, without the settings' corrections.
PATTERN = WorkingCalendar()
PLAN = ReminderPlan(days_before=5, overdue_every=5)


@pytest.mark.parametrize(
    ("start", "working_days", "expected"),
    [
        # Intake from Friday 18 Dec 2026: 21, 22, 23, 24 Dec, (25 Kerst, weekend), 28 Dec.
        (date(2026, 12, 18), 5, date(2026, 12, 28)),
        # Intake from Christmas Eve 2025: 25/26 Dec, 1 Jan and bridge day 2 Jan are closed.
        (date(2025, 12, 24), 5, date(2026, 1, 6)),
        # A term starting on a Saturday counts from the Monday (4 May 2026 is open).
        (date(2026, 5, 2), 5, date(2026, 5, 11)),
        # Koningsdag 2027 on a Tuesday; the Monday before is a working day per the decree.
        (date(2027, 4, 23), 5, date(2027, 5, 3)),
        # Advice from Monday 15 Dec 2025: six weeks plus 25, 26 Dec, 1 and 2 Jan.
        (date(2025, 12, 15), 30, date(2026, 1, 30)),
        # Advice from Friday 18 Dec 2026: six weeks plus 25 Dec and 1 Jan.
        (date(2026, 12, 18), 30, date(2027, 2, 2)),
        # 27 Apr, 5 May, 14 and 15 May (bridge day), 25 May 2026 all skipped.
        (date(2026, 4, 24), 20, date(2026, 5, 29)),
        # Over Goede Vrijdag and Tweede Paasdag 2026: 30, 31 Mar, 1, 2, 7 Apr.
        (date(2026, 3, 27), 5, date(2026, 4, 7)),
    ],
)
def test_due_date_skips_weekends_holidays_and_bridge_days(
    start: date, working_days: int, expected: date
) -> None:
    assert due_date(CAL, start, working_days) == expected


def test_unadopted_pattern_days_count_only_with_the_settings() -> None:
    # Without the settings' correction Monday 4 May 2026 and 26 April 2027 are closed.
    assert due_date(PATTERN, date(2026, 4, 24), 20) == date(2026, 6, 1)
    assert due_date(PATTERN, date(2027, 4, 23), 5) == date(2027, 5, 4)
    assert due_date(PATTERN, date(2026, 5, 2), 5) == date(2026, 5, 12)


def test_extra_closed_day_moves_the_due_date() -> None:
    closed = WorkingCalendar(
        extra_closed_days=frozenset({date(2026, 12, 22)}),
        extra_open_days=CAL.extra_open_days,
    )
    assert due_date(closed, date(2026, 12, 18), 5) == date(2026, 12, 29)


# -- stopped clock --------------------------------------------------------------------------

# Advice started Monday 2 Feb 2026: 30 working days = six full weeks, no holidays.
ADVICE_START, ADVICE_DUE = date(2026, 2, 2), date(2026, 3, 16)


def test_advice_due_date_without_holidays() -> None:
    assert due_date(CAL, ADVICE_START, 30) == ADVICE_DUE


def test_pause_and_resume_two_weeks_later_shifts_by_the_paused_working_days() -> None:
    # Paused Wednesday 18 Feb: 19, 20 Feb + three weeks (15) + Monday 16 Mar = 18 left.
    remaining = remaining_when_paused(CAL, ADVICE_DUE, date(2026, 2, 18))
    assert remaining == 18
    # Resumed Wednesday 4 Mar: 10 working days later, so the due date moves 10 as well.
    assert due_after_resume(CAL, date(2026, 3, 4), remaining) == date(2026, 3, 30)


def test_pause_and_resume_the_same_day_keeps_the_due_date() -> None:
    remaining = remaining_when_paused(CAL, ADVICE_DUE, date(2026, 2, 18))
    assert due_after_resume(CAL, date(2026, 2, 18), remaining) == ADVICE_DUE


def test_pause_on_the_due_date_leaves_zero_days() -> None:
    assert remaining_when_paused(CAL, ADVICE_DUE, ADVICE_DUE) == 0
    assert due_after_resume(CAL, date(2026, 3, 18), 0) == date(2026, 3, 18)


@pytest.mark.parametrize(
    ("resumed_on", "expected"),
    [
        (date(2026, 3, 21), date(2026, 3, 23)),  # Saturday -> Monday
        (date(2026, 5, 14), date(2026, 5, 18)),  # Hemelvaartsdag -> over bridge day 15 May
        (date(2025, 12, 25), date(2025, 12, 29)),  # Kerst -> Monday 29 Dec
    ],
)
def test_zero_days_left_resumed_on_a_closed_day_ends_on_the_next_working_day(
    resumed_on: date, expected: date
) -> None:
    # A term never ends on a Saturday, Sunday or feestdag (Atw art. 1).
    due = due_after_resume(CAL, resumed_on, 0)
    assert due == expected
    assert days_left(CAL, expected, due) == 0


def test_pause_over_christmas_keeps_the_remaining_working_days() -> None:
    # Advice due Friday 30 Jan 2026, paused Wednesday 24 Dec 2025: 29, 30, 31 Dec and
    # four weeks of January = 23 left. Resumed Wednesday 7 Jan: 29-31 Dec, 5-7 Jan (6
    # working days) stood still, so 30 Jan moves to Monday 9 Feb.
    remaining = remaining_when_paused(CAL, date(2026, 1, 30), date(2025, 12, 24))
    assert remaining == 23
    assert due_after_resume(CAL, date(2026, 1, 7), remaining) == date(2026, 2, 9)


def test_pause_when_overdue_keeps_the_lateness() -> None:
    # Due Monday 16 Mar, paused Thursday 19 Mar: 17, 18 and 19 Mar late = -3.
    remaining = remaining_when_paused(CAL, ADVICE_DUE, date(2026, 3, 19))
    assert remaining == -3
    # Resumed Thursday 2 Apr: the due date lies three working days back (1 Apr, 31 Mar,
    # 30 Mar), still three days overdue.
    resumed = date(2026, 4, 2)
    assert due_after_resume(CAL, resumed, remaining) == date(2026, 3, 30)
    assert days_left(CAL, resumed, date(2026, 3, 30)) == -3


def test_overdue_resume_after_easter_counts_back_over_the_holidays() -> None:
    # Resumed Tuesday 7 Apr 2026, three days late: back over 6 Apr and 3 Apr to 31 Mar.
    assert due_after_resume(CAL, date(2026, 4, 7), -3) == date(2026, 3, 31)


# -- days left --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 18), 5),  # the day the intake started
        (date(2026, 12, 21), 4),  # 22, 23, 24, 28 Dec
        (date(2026, 12, 25), 1),  # Christmas: only the due date itself is left
        (date(2026, 12, 27), 1),  # Sunday
        (date(2026, 12, 28), 0),  # the due date
        (date(2026, 12, 29), -1),
        (date(2026, 12, 31), -3),  # 29, 30, 31 Dec late
        # Past the due date a closed day counts as the next working day (Monday 4 Jan):
        # never 0 again, so "vandaag" is only ever the due date itself.
        (date(2027, 1, 1), -4),
        (date(2027, 1, 3), -4),
        (date(2027, 1, 4), -4),  # 29, 30, 31 Dec, 4 Jan
        (date(2027, 1, 5), -5),  # 29, 30, 31 Dec, 4 and 5 Jan
    ],
)
def test_days_left(today: date, expected: int) -> None:
    assert days_left(CAL, today, date(2026, 12, 28)) == expected


# -- reminders --------------------------------------------------------------------------------


def test_reminder_moments_before_on_and_first_overdue() -> None:
    # Intake due Monday 28 Dec 2026: five working days before is Friday 18 Dec (24, 23,
    # 22, 21, 18 Dec); the first overdue one five after (29, 30, 31 Dec, 4, 5 Jan 2027).
    assert reminder_moments(CAL, date(2026, 12, 28), PLAN, date(2026, 12, 18)) == [
        ("voor", date(2026, 12, 18)),
        ("vervaldag", date(2026, 12, 28)),
        ("verlopen-1", date(2027, 1, 5)),
    ]


def test_reminder_moment_before_spans_pinksteren() -> None:
    # Due Friday 29 May 2026: before = 28, 27, 26, (25 Pinksteren), 22, 21 May.
    assert reminder_moments(CAL, date(2026, 5, 29), PLAN, date(2026, 4, 24)) == [
        ("voor", date(2026, 5, 21)),
        ("vervaldag", date(2026, 5, 29)),
        ("verlopen-1", date(2026, 6, 5)),
    ]


def test_reminder_before_in_the_past_is_left_out() -> None:
    assert reminder_moments(CAL, date(2026, 12, 28), PLAN, date(2026, 12, 21)) == [
        ("vervaldag", date(2026, 12, 28)),
        ("verlopen-1", date(2027, 1, 5)),
    ]


def test_reminder_plan_is_configurable() -> None:
    plan = ReminderPlan(days_before=2, overdue_every=10)
    assert reminder_moments(CAL, date(2026, 12, 28), plan, date(2026, 12, 18)) == [
        ("voor", date(2026, 12, 23)),
        ("vervaldag", date(2026, 12, 28)),
        ("verlopen-1", date(2027, 1, 12)),  # 29-31 Dec, 4-8 Jan, 11, 12 Jan
    ]


@pytest.mark.parametrize(
    ("due", "number", "expected"),
    [
        (date(2026, 12, 28), 1, date(2027, 1, 5)),
        (date(2026, 12, 28), 2, date(2027, 1, 12)),
        (date(2026, 12, 28), 3, date(2027, 1, 19)),
        # Due Monday 11 May 2026: 12, 13, (14 Hemelvaart, 15 bridge), 18, 19, 20 May.
        (date(2026, 5, 11), 1, date(2026, 5, 20)),
        # 21, 22, (25 Pinksteren), 26, 27, 28 May.
        (date(2026, 5, 11), 2, date(2026, 5, 28)),
        # 29 May, 1, 2, 3, 4 Jun.
        (date(2026, 5, 11), 3, date(2026, 6, 4)),
    ],
)
def test_overdue_moments(due: date, number: int, expected: date) -> None:
    assert overdue_moment(CAL, due, PLAN, number) == expected
