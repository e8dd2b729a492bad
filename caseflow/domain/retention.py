"""Archiefwet: every closed case gets the date until which its file is kept (after which it
is transferred or destroyed under the selection list). The term is a setting
(``RETENTION_YEARS``); the date is counted from the local day the case was closed."""

from __future__ import annotations

from datetime import date


def retain_until(closed_on: date, years: int) -> date:
    """``closed_on`` plus whole years; a case closed on 29 February keeps to 28 February
    when the target year has no leap day."""
    target = closed_on.year + years
    try:
        return closed_on.replace(year=target)
    except ValueError:  # 29 February in a common year
        return date(target, 2, 28)
