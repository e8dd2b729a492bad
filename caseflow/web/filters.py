"""Jinja filters and globals: Dutch dates and numbers, labels of states and case types."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

import workflows
from caseflow.domain.dutch import dutch_date, dutch_datetime, dutch_number
from caseflow.services.deadline_actions import days_phrase
from workflows.base import ROLE_LABELS

OUTCOMES = {
    "overeenstemming": "Overeenstemming",
    "ministerraad": "Besluit ministerraad",
    "ingetrokken": "Ingetrokken",
    "buiten_behandeling": "Buiten behandeling",
    "geannuleerd": "Geannuleerd",
    "afgerond": "Afgerond",
}


def signed_fte(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{dutch_number(value)}" if value > 0 else dutch_number(value)


def state_label(case: Any) -> str:
    return workflows.definition(case.case_type, case.workflow_version).state_label(case.state)


def type_label(code: str) -> str:
    return workflows.latest(code).label if code in workflows.CASE_TYPES else code


def weekday_date(value: date | str | None) -> str:
    """'maandag 27 april 2026'; also for ISO dates as stored in audit event data."""
    if not isinstance(value, str):
        return dutch_date(value, weekday=True)
    try:
        return dutch_date(date.fromisoformat(value), weekday=True)
    except ValueError:
        return value


def register(app: Flask) -> None:
    app.add_template_filter(dutch_date, "datum")
    app.add_template_filter(weekday_date, "dagdatum")
    app.add_template_filter(days_phrase, "werkdagen")
    app.add_template_filter(dutch_datetime, "datumtijd")
    app.add_template_filter(dutch_number, "getal")
    app.add_template_filter(signed_fte, "fte")
    app.add_template_filter(state_label, "status")
    app.add_template_filter(type_label, "zaaktype")
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, OUTCOMES=OUTCOMES)
