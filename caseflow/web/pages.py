"""Public pages that need no login (the accessibility statement), and the theme switch
every page uses: the Rijksoverheid design tokens where installed, else the open theme."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue

from caseflow import frontend

bp = Blueprint("pages", __name__)

# The date the accessibility statement was drawn up (or last reviewed).
STATEMENT_DATE = date(2026, 11, 24)


@bp.app_context_processor
def theme() -> dict[str, bool]:
    return {"design_tokens": frontend.tokens_installed()}


@bp.get("/toegankelijkheid")
def accessibility() -> ResponseReturnValue:
    return render_template(
        "pages/toegankelijkheid.html",
        statement_date=STATEMENT_DATE,
        contact=current_app.config["ACCESSIBILITY_CONTACT"],
    )
