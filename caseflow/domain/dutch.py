"""Dutch presentation of dates and numbers ("maandag 27 april 2026", "1.234,5")."""

from __future__ import annotations

from datetime import date, datetime

from caseflow.domain.clock import to_local

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def dutch_date(value: date | datetime | None, weekday: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = to_local(value).date()
    text = f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return f"{WEEKDAYS[value.weekday()]} {text}" if weekday else text


def dutch_datetime(value: datetime | None) -> str:
    if value is None:
        return "–"
    local = to_local(value)
    return f"{dutch_date(local.date())} {local:%H:%M}"


def dutch_number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")
