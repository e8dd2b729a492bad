"""The regional network's front page (``/netwerk``): one menu entry instead of seven. It
lists the registers around the cases (talks, signals, region profiles, offices and meeting
places, masterplans, the labour market, the province reports), each shown only to whom the
permissions table lets see it."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from caseflow.services.reference import choice_lists
from caseflow.web.permissions import requires

bp = Blueprint("network", __name__)

# The blueprints the front page leads to: the menu marks "Regionaal netwerk" current on them.
SECTIONS = (
    "network.",
    "talks.",
    "signals.",
    "regions.",
    "offices.",
    "masterplans.",
    "labour_market.",
    "province_report.",
)


@bp.app_template_global()
def in_network(endpoint: str) -> bool:
    return endpoint.startswith(SECTIONS)


@bp.get("/netwerk")
@login_required
@requires("network.view")
def index() -> ResponseReturnValue:
    return render_template("network/index.html", provinces=choice_lists.provinces())
