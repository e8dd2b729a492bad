"""Tests for the Atw working-day calendar against hand-checked dates.

Every expected date below was worked out by hand (weekday of 1 January plus day offsets)
and, where available, checked against the published Easter tables and the decrees
"Besluit gelijkstelling" for 2023-2028; none is computed with the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from caseflow.domain.calendar import (
    EXTRA_CLOSED_NAME,
    WorkingCalendar,
    atw_holidays,
    bridge_days,
    easter_sunday,
)

CAL = WorkingCalendar()
# Pattern days the decree for 2026-2028 did not adopt (Monday before a Tuesday holiday).
DECREE_2026_2028 = WorkingCalendar(extra_open_days=frozenset({date(2026, 5, 4), date(2027, 4, 26)}))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2000, date(2000, 4, 23)),
        (2016, date(2016, 3, 27)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2029, date(2029, 4, 1)),
        (2030, date(2030, 4, 21)),
        (2038, date(2038, 4, 25)),  # latest possible date
        (2285, date(2285, 3, 22)),  # earliest possible date
    ],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 4, 26), "Koningsdag"),  # 27 April 2025 is a Sunday
        (date(2026, 4, 27), "Koningsdag"),
        (date(2026, 4, 3), "Goede Vrijdag"),
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2025, 5, 29), "Hemelvaartsdag"),
        (date(2025, 6, 9), "Tweede Pinksterdag"),
        (date(2024, 5, 5), "Bevrijdingsdag"),  # every year, even on a Sunday
        (date(2030, 1, 1), "Nieuwjaarsdag"),
        (date(2016, 5, 5), "Bevrijdingsdag / Hemelvaartsdag"),
    ],
)
def test_atw_holiday_dates_and_names(day: date, name: str) -> None:
    assert atw_holidays(day.year)[day] == name


def test_koningsdag_2025_not_on_sunday() -> None:
    assert date(2025, 4, 27) not in atw_holidays(2025)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2023, {date(2023, 4, 28), date(2023, 5, 19)}),
        (2024, {date(2024, 5, 10), date(2024, 12, 27)}),
        (2025, {date(2025, 5, 30)}),
        (2026, {date(2026, 1, 2), date(2026, 5, 4), date(2026, 5, 15)}),
        (2027, {date(2027, 4, 26), date(2027, 5, 7)}),
        (2028, {date(2028, 4, 28), date(2028, 5, 26)}),
        # Eerste Kerstdag and Nieuwjaarsdag 2030 are Tuesdays: 24 and 31 December close.
        (2029, {date(2029, 5, 11), date(2029, 12, 24), date(2029, 12, 31)}),
        (2030, {date(2030, 5, 31), date(2030, 12, 27)}),
        # Monday 26 April 2038 (before Tuesday Koningsdag) is already Tweede Paasdag.
        (2038, {date(2038, 6, 4)}),
        # 5 mei and Hemelvaartsdag coincide; the Friday after appears once.
        (2016, {date(2016, 5, 6)}),
    ],
)
def test_bridge_days_pattern(year: int, expected: set[date]) -> None:
    assert set(bridge_days(year)) == expected


@pytest.mark.parametrize(
    ("day", "description"),
    [
        (date(2026, 1, 2), "brugdag na Nieuwjaarsdag"),
        (date(2026, 5, 15), "brugdag na Hemelvaartsdag"),
        (date(2026, 5, 4), "brugdag voor Bevrijdingsdag"),
        (date(2029, 12, 31), "brugdag voor Nieuwjaarsdag"),
        (date(2029, 12, 24), "brugdag voor Eerste Kerstdag"),
        (date(2024, 12, 27), "brugdag na Tweede Kerstdag"),
        (date(2028, 4, 28), "brugdag na Koningsdag"),
    ],
)
def test_bridge_day_descriptions(day: date, description: str) -> None:
    assert bridge_days(day.year)[day] == description


def test_monday_before_new_year_belongs_to_previous_year() -> None:
    assert date(2029, 12, 31) not in bridge_days(2030)
    assert not CAL.is_working_day(date(2029, 12, 31))


def test_closed_days_2026_written_out() -> None:
    assert CAL.closed_days(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 1, 2): "brugdag na Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 4): "brugdag voor Bevrijdingsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 15): "brugdag na Hemelvaartsdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }
    assert list(CAL.closed_days(2026)) == sorted(CAL.closed_days(2026))


def test_settings_reproduce_published_decrees_2023_2028() -> None:
    # Besluit gelijkstelling 2023-2025 and 2026-2028 as published.
    published = {
        date(2023, 4, 28),
        date(2023, 5, 19),
        date(2024, 5, 10),
        date(2024, 12, 27),
        date(2025, 5, 30),
        date(2026, 1, 2),
        date(2026, 5, 15),
        date(2027, 5, 7),
        date(2028, 4, 28),
        date(2028, 5, 26),
    }
    closed = set()
    for year in range(2023, 2029):
        closed |= set(DECREE_2026_2028.closed_days(year)) - set(atw_holidays(year))
    assert closed == published
    assert DECREE_2026_2028.is_working_day(date(2026, 5, 4))


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 1, 3),  # Saturday
        date(2026, 1, 4),  # Sunday
        date(2026, 12, 26),  # Tweede Kerstdag on a Saturday
        date(2027, 12, 25),  # Eerste Kerstdag on a Saturday
    ],
)
def test_weekends_are_never_working_days(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 1, 3), date(2026, 1, 4)])
def test_extra_open_does_not_open_weekend(day: date) -> None:
    assert not WorkingCalendar(extra_open_days=frozenset({day})).is_working_day(day)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 5), True),
        (date(2026, 1, 2), False),
        (date(2025, 4, 18), False),
        (date(2025, 4, 25), True),  # Friday before a Saturday Koningsdag: no substitute
        (date(2027, 12, 27), True),  # Kerst on a weekend gives no day in lieu
        (date(2026, 12, 24), True),
        (date(2026, 12, 31), True),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 7), 0, date(2026, 1, 7)),
        (date(2026, 1, 1), 0, date(2026, 1, 1)),  # n=0 never moves, even off a holiday
        (date(2026, 1, 9), 1, date(2026, 1, 12)),  # Friday -> Monday
        # Christmas 2025 Thu/Fri, Nieuwjaarsdag Thursday, bridge Friday 2 January.
        (date(2025, 12, 24), 1, date(2025, 12, 29)),
        (date(2025, 12, 24), 3, date(2025, 12, 31)),
        (date(2025, 12, 24), 4, date(2026, 1, 5)),
        (date(2025, 12, 24), 5, date(2026, 1, 6)),
        (date(2026, 12, 23), 5, date(2026, 12, 31)),
        (date(2026, 12, 23), 6, date(2027, 1, 4)),
        # Bridge days 24 and 31 December 2029.
        (date(2029, 12, 21), 3, date(2030, 1, 2)),
        # Goede Vrijdag and Tweede Paasdag 2026.
        (date(2026, 4, 1), 2, date(2026, 4, 7)),
        # Koningsdag, bridge Monday 4 May, Bevrijdingsdag 2026.
        (date(2026, 4, 23), 10, date(2026, 5, 12)),
        # Hemelvaartsdag and the Friday after.
        (date(2026, 5, 12), 3, date(2026, 5, 19)),
        # Backwards.
        (date(2026, 1, 5), -1, date(2025, 12, 31)),
        (date(2026, 1, 5), -4, date(2025, 12, 24)),
        (date(2026, 4, 7), -2, date(2026, 4, 1)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


def test_extra_open_day_shortens_deadline() -> None:
    assert DECREE_2026_2028.add_working_days(date(2026, 4, 23), 10) == date(2026, 5, 11)
    assert date(2026, 5, 4) not in DECREE_2026_2028.closed_days(2026)


def test_extra_closed_day() -> None:
    cal = WorkingCalendar(extra_closed_days=frozenset({date(2026, 12, 24), date(2027, 3, 1)}))
    assert not cal.is_working_day(date(2026, 12, 24))
    assert cal.closed_days(2026)[date(2026, 12, 24)] == EXTRA_CLOSED_NAME
    assert date(2027, 3, 1) not in cal.closed_days(2026)
    assert cal.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    assert CAL.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 24)


def test_extra_closed_does_not_rename_holiday() -> None:
    cal = WorkingCalendar(extra_closed_days=frozenset({date(2026, 4, 27)}))
    assert cal.closed_days(2026)[date(2026, 4, 27)] == "Koningsdag"


def test_extra_open_day_cannot_open_statutory_holiday() -> None:
    with pytest.raises(ValueError, match="2026-05-05"):
        WorkingCalendar(extra_open_days=frozenset({date(2026, 5, 5)}))


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 7), date(2026, 1, 7), 0),
        (date(2026, 1, 9), date(2026, 1, 12), 1),
        (date(2026, 1, 10), date(2026, 1, 11), 0),  # Saturday -> Sunday
        (date(2025, 12, 24), date(2026, 1, 6), 5),
        (date(2026, 1, 6), date(2025, 12, 24), -5),
        (date(2026, 1, 10), date(2026, 1, 9), -1),  # Saturday back to Friday
        (date(2026, 1, 1), date(2026, 12, 31), 250),
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert CAL.working_days_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 7), date(2026, 1, 7)),
        (date(2026, 1, 1), date(2026, 1, 5)),
        (date(2026, 5, 16), date(2026, 5, 18)),
        (date(2027, 12, 25), date(2027, 12, 27)),
        (date(2029, 12, 22), date(2029, 12, 27)),
        (date(2029, 12, 29), date(2030, 1, 2)),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert CAL.next_working_day(day) == expected


@pytest.mark.parametrize("cal", [CAL, DECREE_2026_2028])
@pytest.mark.parametrize("first", [date(2025, 12, 15), date(2026, 3, 25), date(2029, 12, 15)])
def test_round_trip(cal: WorkingCalendar, first: date) -> None:
    # hypothesis is not installed, so a dense fixed window around the holiday clusters.
    for offset in range(30):
        start = first + timedelta(days=offset)
        for n in range(-25, 26):
            end = cal.add_working_days(start, n)
            assert cal.working_days_between(start, end) == n
            assert n == 0 or cal.is_working_day(end)
        for delta in range(-40, 41):
            end = start + timedelta(days=delta)
            if cal.is_working_day(end):
                assert cal.add_working_days(start, cal.working_days_between(start, end)) == end
