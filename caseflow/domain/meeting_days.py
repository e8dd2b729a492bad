"""On which days the ministerraad can meet, by the Atw working-day calendar.

The ministerraad normally meets on Fridays (domain.md). A Friday that is not a working
day (Goede Vrijdag, Eerste Kerstdag, Nieuwjaarsdag, a bridge day such as the Friday after
Hemelvaartsdag) is simply left out of a generated series: the meeting does not move to
another day by itself, because which day replaces it (often the Thursday before, sometimes
none) is the cabinet's choice. The secretariat adds such a replacement meeting by hand, on
any working day. Pure standard library, like the calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.dutch import dutch_date

FRIDAY = 4
_WEEK = timedelta(weeks=1)


def first_friday_from(day: date) -> date:
    """``day`` itself when it is a Friday, otherwise the next Friday."""
    return day + timedelta(days=(FRIDAY - day.weekday()) % 7)


def meeting_fridays(calendar: WorkingCalendar, start: date, end: date) -> list[date]:
    """The working Fridays from ``start`` through ``end``; closed Fridays are left out."""
    days: list[date] = []
    friday = first_friday_from(start)
    while friday <= end:
        if calendar.is_working_day(friday):
            days.append(friday)
        friday += _WEEK
    return days


def not_a_meeting_day(calendar: WorkingCalendar, day: date) -> str | None:
    """Why the ministerraad cannot meet on ``day`` (a Dutch sentence), or None."""
    if calendar.is_working_day(day):
        return None
    named = calendar.closed_days(day.year).get(day)
    reason = (
        f"dat is een vrije dag ({named})"
        if named and day.weekday() < 5
        else "dat valt in het weekend"
    )
    return (
        f"Op {dutch_date(day, weekday=True)} vergadert de ministerraad niet: {reason}. "
        "Kies een werkdag."
    )
