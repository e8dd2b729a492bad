"""Spreading insight: the /spreiding dashboard and the list of split changes."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required
from markupsafe import Markup

from caseflow.domain.province_map import ATTRIBUTION, fte_text, percent
from caseflow.services import insight
from caseflow.web.session import actor

bp = Blueprint("insight", __name__)
bp.add_app_template_filter(percent, "procent")
bp.add_app_template_filter(fte_text, "fte_aantal")


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _year_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and 1900 < int(value) < 2200 else None


@bp.get("/spreiding")
@login_required
def dashboard() -> ResponseReturnValue:
    data = insight.dashboard(
        actor(),
        peildatum=_date_arg("peildatum"),
        sector=request.args.get("sector", ""),
        year=_year_arg("jaar"),
    )
    return render_template(
        "insight/dashboard.html",
        data=data,
        map_svg=Markup(data.map_svg),  # noqa: S704 - built from escaped parts
        trend_svg=Markup(data.trend_svg),  # noqa: S704 - built from escaped parts
        attribution=ATTRIBUTION,
    )


@bp.get("/spreiding/gesplitste-wijzigingen")
@login_required
def split_changes() -> ResponseReturnValue:
    return render_template("insight/split_changes.html", flags=insight.split_change_list(actor()))
