"""Jinja filters and globals: Dutch dates and numbers, labels of states and case types."""

from __future__ import annotations

from typing import Any

from flask import Flask

import workflows
from caseflow.domain.dutch import dutch_date, dutch_datetime, dutch_number
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


def register(app: Flask) -> None:
    app.add_template_filter(dutch_date, "datum")
    app.add_template_filter(dutch_datetime, "datumtijd")
    app.add_template_filter(dutch_number, "getal")
    app.add_template_filter(signed_fte, "fte")
    app.add_template_filter(state_label, "status")
    app.add_template_filter(type_label, "zaaktype")
    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, OUTCOMES=OUTCOMES)
