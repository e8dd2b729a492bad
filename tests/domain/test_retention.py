"""Archiefwet retention date of a closed case, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from caseflow.domain.retention import retain_until


@pytest.mark.parametrize(
    ("closed_on", "years", "expected"),
    [
        (date(2026, 11, 24), 20, date(2046, 11, 24)),
        (date(2026, 11, 24), 10, date(2036, 11, 24)),
        (date(2028, 2, 29), 20, date(2048, 2, 29)),  # leap year to leap year
        (date(2028, 2, 29), 10, date(2038, 2, 28)),  # no 29 February in 2038
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
    ],
)
def test_retain_until(closed_on: date, years: int, expected: date) -> None:
    assert retain_until(closed_on, years) == expected
