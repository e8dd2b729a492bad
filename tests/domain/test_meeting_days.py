"""Ministerraad meeting days from the Atw calendar, computed by hand from a paper calendar."""

from __future__ import annotations

from datetime import date

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.meeting_days import first_friday_from, meeting_fridays, not_a_meeting_day

ATW = WorkingCalendar()


def test_fridays_of_december_2026_and_january_2027_leave_out_christmas_and_new_year() -> None:
    # Fridays: 4, 11, 18, 25 Dec 2026 and 1, 8, 15, 22, 29 Jan 2027. 25 December is
    # Eerste Kerstdag and 1 January Nieuwjaarsdag: left out, not moved.
    assert meeting_fridays(ATW, date(2026, 12, 1), date(2027, 1, 31)) == [
        date(2026, 12, 4),
        date(2026, 12, 11),
        date(2026, 12, 18),
        date(2027, 1, 8),
        date(2027, 1, 15),
        date(2027, 1, 22),
        date(2027, 1, 29),
    ]


def test_goede_vrijdag_and_the_bridge_day_after_hemelvaart_are_left_out() -> None:
    # Easter 2027 is 28 March: Goede Vrijdag 26 March; Hemelvaartsdag Thursday 6 May, so
    # Friday 7 May is the decree's bridge day.
    assert meeting_fridays(ATW, date(2027, 3, 19), date(2027, 3, 31)) == [date(2027, 3, 19)]
    assert meeting_fridays(ATW, date(2027, 5, 1), date(2027, 5, 14)) == [date(2027, 5, 14)]


def test_a_day_closed_by_the_settings_is_left_out_too() -> None:
    closed = WorkingCalendar(extra_closed_days=frozenset({date(2026, 12, 11)}))
    assert meeting_fridays(closed, date(2026, 12, 7), date(2026, 12, 18)) == [date(2026, 12, 18)]


def test_the_range_includes_both_ends_and_starts_at_the_first_friday() -> None:
    assert first_friday_from(date(2026, 12, 4)) == date(2026, 12, 4)
    assert first_friday_from(date(2026, 12, 5)) == date(2026, 12, 11)
    assert meeting_fridays(ATW, date(2026, 12, 4), date(2026, 12, 4)) == [date(2026, 12, 4)]
    assert meeting_fridays(ATW, date(2026, 12, 5), date(2026, 12, 10)) == []


def test_why_a_day_is_no_meeting_day_is_said_in_dutch() -> None:
    assert not_a_meeting_day(ATW, date(2026, 12, 24)) is None  # Thursday before Christmas
    assert not_a_meeting_day(ATW, date(2026, 12, 6)) == (
        "Op zondag 6 december 2026 vergadert de ministerraad niet: dat valt in het weekend. "
        "Kies een werkdag."
    )
    assert "vrijdag 25 december 2026" in (not_a_meeting_day(ATW, date(2026, 12, 25)) or "")
    assert "vrije dag (Eerste Kerstdag)" in (not_a_meeting_day(ATW, date(2026, 12, 25)) or "")
    assert "(Nieuwjaarsdag)" in (not_a_meeting_day(ATW, date(2027, 1, 1)) or "")
    # Tweede Kerstdag 2026 is a Saturday: a weekend day, whatever else it is.
    assert "weekend" in (not_a_meeting_day(ATW, date(2026, 12, 26)) or "")
