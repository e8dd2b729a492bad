"""The case-type columns of case tables (services.caselists.columns decides which)."""

from __future__ import annotations

from flask import Flask

from caseflow.services.caselists.columns import list_columns, list_value
from caseflow.services.cases.case_fields import BOOLEAN, CHOICE, FTE, SIGNED_FTE

NUMERIC_KINDS = frozenset({FTE, SIGNED_FTE})
# Kinds whose cell holds a Dutch label the table translates.
LABEL_KINDS = frozenset({CHOICE, BOOLEAN})


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        list_columns=list_columns,
        list_value=list_value,
        NUMERIC_KINDS=NUMERIC_KINDS,
        LABEL_KINDS=LABEL_KINDS,
    )
