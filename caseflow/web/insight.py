"""Spreading insight: the /spreiding dashboard and the list of split changes."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import login_required
from markupsafe import Markup

from caseflow.domain import dutch
from caseflow.domain.bounds import parse_date, parse_year
from caseflow.domain.place_of_work import parse_basis
from caseflow.domain.province_map import ATTRIBUTION
from caseflow.services.insight import spreading
from caseflow.services.reporting import province_report
from caseflow.web.filters import interface_locale
from caseflow.web.session import actor

bp = Blueprint("insight", __name__)


# In the active language, so English pages do not show "6.000" for six thousand; the map's
# titles stay Dutch (caseflow.domain.province_map).
@bp.app_template_filter("procent")
def percent_text(share: float) -> str:
    """A share (fraction) as a percentage with one decimal: 0.052 -> "5,2%" (nl), "5.2%" (en)."""
    return dutch.percent_text(share, interface_locale())


@bp.app_template_filter("fte_aantal")
def fte_number(value: float) -> str:
    """Fte rounded to one decimal, without a trailing zero: 1234.0 -> "1.234" (nl), "1,234" (en)."""
    return dutch.fte_text(value, interface_locale())


def _date_arg(name: str) -> date | None:
    return parse_date(request.args.get(name))


def _year_arg(name: str) -> int | None:
    return parse_year(request.args.get(name))


@bp.get("/spreiding")
@login_required
def dashboard() -> ResponseReturnValue:
    data = spreading.dashboard(
        actor(),
        peildatum=_date_arg("peildatum"),
        sector=request.args.get("sector", ""),
        year=_year_arg("jaar"),
        basis=parse_basis(request.args.get("telling")),
    )
    return render_template(
        "insight/dashboard.html",
        data=data,
        may_report=province_report.may_view(actor()),
        map_svg=Markup(data.map_svg),  # noqa: S704 - built from escaped parts
        trend_svg=Markup(data.trend_svg),  # noqa: S704 - built from escaped parts
        attribution=ATTRIBUTION,
    )


@bp.get("/spreiding/gesplitste-wijzigingen")
@login_required
def split_changes() -> ResponseReturnValue:
    return render_template("insight/split_changes.html", flags=spreading.split_change_list(actor()))
