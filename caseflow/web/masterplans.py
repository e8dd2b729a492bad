"""The masterplans as places (``/masterplannen``): the 13 with their counts, a page per
masterplan with its change requests, its other cases, its offices and meeting places, and
BZK's form for its status and period."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain.errors import Conflict, ValidationFailed
from caseflow.services.permissions import can
from caseflow.services.places import masterplans
from caseflow.web.forms import show_errors
from caseflow.web.masterplan_form import MasterplanForm
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
    user = actor()
    page = masterplans.get_masterplan(user, masterplan_id)
    return render_template(
        "masterplans/detail.html", page=page, may_edit=can(user, "masterplan.edit")
    )


@bp.route("/masterplannen/<int:masterplan_id>/wijzigen", methods=["GET", "POST"])
@login_required
def masterplan_edit(masterplan_id: int) -> ResponseReturnValue:
    user = actor()
    line = masterplans.get_masterplan(user, masterplan_id).line  # 404 for an unknown one
    form = MasterplanForm()
    if request.method == "GET":
        form.status.data, form.period.data = line.status, line.period
    status = 200
    if form.validate_on_submit():
        try:
            masterplans.change_masterplan(user, masterplan_id, form.shown(), form.new())
        except ValidationFailed as exc:
            show_errors(form, exc)
        except Conflict as exc:
            flash(exc.message, "warning")
            status = 409
        else:
            flash(_("Het masterplan is opgeslagen."), "success")
            return redirect(url_for("masterplans.masterplan_detail", masterplan_id=masterplan_id))
    # The form carries what it shows now: after a conflict, the current values.
    form.shown_status.data, form.shown_period.data = line.status, line.period
    status = max(status, 422 if form.errors else 200)
    return render_template("masterplans/form.html", form=form, line=line), status
