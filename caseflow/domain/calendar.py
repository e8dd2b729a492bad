"""Werkdagenkalender volgens de Algemene termijnenwet (Atw).

Used to compute statutory deadlines ("termijnen") expressed in working days, e.g. the due
date of a request that must be answered within five working days. A day is not a working
day when it is a Saturday, a Sunday, an algemeen erkende feestdag (Atw art. 3 lid 1 and 2)
or a day the three-yearly royal decree (Atw art. 3 lid 3) treats as such a feestdag.

The decree is not computed by law but published every three years; this module applies
its regular pattern and lets the settings correct it with ``extra_closed_days`` and
``extra_open_days``. Pure standard library: no Flask, no database, no ``holidays`` package.
Koningsdag is computed under the rules in force since 2014 (27 April, 26 April when the
27th is a Sunday), so years before 2014 are not supported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_DAY = timedelta(days=1)
_TUESDAY, _THURSDAY, _SATURDAY, _SUNDAY = 1, 3, 5, 6
EXTRA_CLOSED_NAME = "extra gesloten dag"


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday, via the anonymous Gregorian algorithm."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _koningsdag(year: int) -> date:
    # Wet Koningsdag: celebrated on 27 April, moved to the 26th when the 27th is a Sunday.
    day = date(year, 4, 27)
    return day - _DAY if day.weekday() == _SUNDAY else day


def atw_holidays(year: int) -> dict[date, str]:
    """The algemeen erkende feestdagen of ``year`` (date -> Dutch name), sorted by date."""
    easter = easter_sunday(year)
    named = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - timedelta(days=2), "Goede Vrijdag"),
        (easter + timedelta(days=1), "Tweede Paasdag"),
        (_koningsdag(year), "Koningsdag"),
        # The Atw lists "de vijfde mei" every year, unlike many collective agreements.
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + timedelta(days=39), "Hemelvaartsdag"),
        (easter + timedelta(days=50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
    result: dict[date, str] = {}
    for day, name in named:
        # Hemelvaartsdag can coincide with 5 mei (e.g. 2016); keep both names visible.
        result[day] = f"{result[day]} / {name}" if day in result else name
    return dict(sorted(result.items()))


def bridge_days(year: int) -> dict[date, str]:
    """Days in ``year`` the royal decree adds in its regular pattern (date -> description).

    Derived from the holidays of ``year`` and ``year + 1``, because the Monday before a
    Tuesday Nieuwjaarsdag falls on 31 December of the preceding year.
    """
    holidays = atw_holidays(year)
    result: dict[date, str] = {}
    for anchor_year in (year, year + 1):
        easter = easter_sunday(anchor_year)
        both_rules = [
            ("Nieuwjaarsdag", date(anchor_year, 1, 1)),
            ("Koningsdag", _koningsdag(anchor_year)),
            ("Bevrijdingsdag", date(anchor_year, 5, 5)),
        ]
        candidates = [(easter + timedelta(days=40), "brugdag na Hemelvaartsdag")]
        for name, day in [*both_rules, ("Eerste Kerstdag", date(anchor_year, 12, 25))]:
            if day.weekday() == _TUESDAY:
                candidates.append((day - _DAY, f"brugdag voor {name}"))
        for name, day in [*both_rules, ("Tweede Kerstdag", date(anchor_year, 12, 26))]:
            if day.weekday() == _THURSDAY:
                candidates.append((day + _DAY, f"brugdag na {name}"))
        for day, description in candidates:
            # A pattern day that is already a feestdag (e.g. Tweede Paasdag 26 April 2038,
            # the Monday before a Tuesday Koningsdag) needs no separate gelijkstelling.
            if day.year == year and day not in holidays:
                result.setdefault(day, description)
    return dict(sorted(result.items()))


@lru_cache(maxsize=256)
def _pattern_closed(year: int) -> frozenset[date]:
    # Cached because add_working_days/working_days_between probe one date at a time.
    return frozenset(atw_holidays(year)) | frozenset(bridge_days(year))


@dataclass(frozen=True)
class WorkingCalendar:
    """Atw working days, corrected by settings for deviations of the actual decree.

    ``extra_closed_days``: days the decree (or the organisation's settings) closes beyond
    the pattern. ``extra_open_days``: pattern bridge days the decree did not adopt; they
    are working days again (but a weekend day always stays closed).
    """

    extra_closed_days: frozenset[date] = frozenset()
    extra_open_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # Statutory feestdagen cannot be undone by a decree, so opening one is a typo in
        # the settings that would silently shorten deadlines.
        statutory = sorted(d for d in self.extra_open_days if d in atw_holidays(d.year))
        if statutory:
            listed = ", ".join(d.isoformat() for d in statutory)
            raise ValueError(f"extra_open_days bevat wettelijke feestdagen: {listed}")

    def closed_days(self, year: int) -> dict[date, str]:
        """Holidays, bridge days and extra closed days of ``year`` minus extra open days."""
        days = {**atw_holidays(year), **bridge_days(year)}
        for day in self.extra_closed_days:
            if day.year == year:
                days.setdefault(day, EXTRA_CLOSED_NAME)
        return {d: name for d, name in sorted(days.items()) if d not in self.extra_open_days}

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= _SATURDAY:
            return False
        if day in self.extra_open_days:
            return True
        return day not in self.extra_closed_days and day not in _pattern_closed(day.year)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (before it when ``n`` < 0).

        ``start`` itself is never counted, matching the Atw rule that the day a term starts
        does not count; ``n == 0`` returns ``start`` unchanged even if it is not a working day.
        """
        step = _DAY if n >= 0 else -_DAY
        day = start
        for _ in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start < d <= end``; negative when ``end < start``.

        Backwards the count covers ``end <= d < start`` so that
        ``add_working_days(start, working_days_between(start, end)) == end`` for every
        working day ``end``.
        """
        low, high, sign = (start, end, 1) if end >= start else (end - _DAY, start - _DAY, -1)
        count = 0
        day = low + _DAY
        while day <= high:
            count += self.is_working_day(day)
            day += _DAY
        return sign * count

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, otherwise the first one after it."""
        while not self.is_working_day(day):
            day += _DAY
        return day
