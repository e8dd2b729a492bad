"""Dates, moments and numbers on Babel, in Dutch (letters, mails, exports) or English."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from caseflow.domain import dutch
from caseflow.domain.dutch import dutch_date, dutch_datetime, dutch_number

DAY = date(2026, 12, 7)


def test_dutch_dates() -> None:
    assert dutch_date(DAY) == "7 december 2026"
    assert dutch_date(DAY, weekday=True) == "maandag 7 december 2026"
    assert dutch_date(date(2026, 3, 1)) == "1 maart 2026"
    assert dutch_date(None) == "–"
    # A stored moment (UTC) is a day in the Netherlands: 23:30 UTC is already the next day.
    assert dutch_date(datetime(2026, 6, 30, 23, 30)) == "1 juli 2026"


def test_every_month_and_weekday_in_dutch() -> None:
    months = [dutch_date(date(2026, m, 1)).split()[1] for m in range(1, 13)]
    assert months == [
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ]  # fmt: skip
    days = [dutch_date(date(2026, 12, d), weekday=True).split()[0] for d in range(7, 14)]
    assert days == ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def test_dates_at_the_edges_of_the_calendar() -> None:
    assert dutch_date(date(1, 1, 1)) == "1 januari 1"
    assert dutch_date(date(9999, 12, 31), weekday=True) == "vrijdag 31 december 9999"


def test_dutch_moments_in_local_time() -> None:
    assert dutch_datetime(datetime(2026, 12, 7, 12, 5)) == "7 december 2026 13:05"  # CET
    assert dutch_datetime(datetime(2026, 6, 30, 22, 5)) == "1 juli 2026 00:05"  # CEST
    assert dutch_datetime(None) == "–"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234, "1.234"),
        (-1234, "-1.234"),
        (0, "0"),
        (10**20, "100.000.000.000.000.000.000"),
        (1234.5, "1.234,5"),
        (5.0, "5,0"),  # a float keeps its decimal
        (1234.56789, "1.234,56789"),  # and every digit
        (None, "–"),
    ],
)
def test_dutch_numbers(value: int | float | None, text: str) -> None:
    assert dutch_number(value) == text


def test_english_dates_and_numbers_put_the_day_first() -> None:
    assert dutch.date_text(DAY, "en") == "7 December 2026"
    assert dutch.date_text(DAY, "en", weekday=True) == "Monday 7 December 2026"
    assert dutch.datetime_text(datetime(2026, 12, 7, 12, 5), "en") == "7 December 2026 13:05"
    assert dutch.number_text(1234.5, "en") == "1,234.5"
    assert dutch.exact_number_text(5.0, "en") == "5.0"
    assert dutch.number_text(0.052 * 100, "nl", "#,##0.0") == "5,2"


def test_screen_numbers_round_like_babel() -> None:
    assert dutch.number_text(1234.56789) == "1.234,568"
    assert dutch.number_text(1234.56789, "en") == "1,234.568"


def test_percentages_and_fte_in_both_languages() -> None:
    assert dutch.percent_text(0.052) == "5,2%"
    assert dutch.percent_text(0.5) == "50,0%"
    assert dutch.percent_text(0.052, "en") == "5.2%"
    assert dutch.fte_text(1234.0) == "1.234"
    assert dutch.fte_text(12.46) == "12,5"
    assert dutch.fte_text(1234.04, "en") == "1,234"
