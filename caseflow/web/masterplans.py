"""The masterplans as places (``/masterplannen``): the 13 with their counts, and a page per
masterplan with its change requests, its other cases, its offices and meeting places."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import login_required

from caseflow.services.places import masterplans
from caseflow.web.session import actor

bp = Blueprint("masterplans", __name__)


@bp.get("/masterplannen")
@login_required
def masterplan_list() -> ResponseReturnValue:
    return render_template(
        "masterplans/list.html", masterplans=masterplans.list_masterplans(actor())
    )


@bp.get("/masterplannen/<int:masterplan_id>")
@login_required
def masterplan_detail(masterplan_id: int) -> ResponseReturnValue:
    page = masterplans.get_masterplan(actor(), masterplan_id)
    return render_template("masterplans/detail.html", page=page)
