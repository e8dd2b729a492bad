"""Jinja filters and globals: Dutch dates and numbers, labels of states and case types."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask

import workflows
from caseflow.domain.clock import to_local
from workflows.base import ROLE_LABELS

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
OUTCOMES = {
    "overeenstemming": "Overeenstemming",
    "ministerraad": "Besluit ministerraad",
    "ingetrokken": "Ingetrokken",
    "buiten_behandeling": "Buiten behandeling",
    "geannuleerd": "Geannuleerd",
    "afgerond": "Afgerond",
}


def dutch_date(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = to_local(value).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def dutch_datetime(value: datetime | None) -> str:
    if value is None:
        return "–"
    local = to_local(value)
    return f"{dutch_date(local.date())} {local:%H:%M}"


def dutch_number(value: int | float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")


def signed_fte(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{dutch_number(value)}" if value > 0 else dutch_number(value)


def state_label(case: Any) -> str:
    return workflows.definition(case.case_type, case.workflow_version).state_label(case.state)


def type_label(code: str) -> str:
    return workflows.latest(code).label if code in workflows.CASE_TYPES else code


def register(app: Flask) -> None:
    app.add_template_filter(dutch_date, "datum")
    app.add_template_filter(dutch_datetime, "datumtijd")
    app.add_template_filter(dutch_number, "getal")
    app.add_template_filter(signed_fte, "fte")
    app.add_template_filter(state_label, "status")
    app.add_template_filter(type_label, "zaaktype")
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, OUTCOMES=OUTCOMES)
