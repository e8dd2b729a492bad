"""The secretariat's escalation board and the ministerraad meeting calendar."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain.errors import ValidationFailed
from caseflow.services import meetings, queries
from caseflow.web.forms import MeetingForm
from caseflow.web.session import actor

bp = Blueprint("meetings", __name__)


@bp.route("/ministerraad", methods=["GET", "POST"])
@login_required
def board() -> ResponseReturnValue:
    user = actor()
    items = meetings.agenda(user)
    form = MeetingForm()
    if form.validate_on_submit() and form.held_on.data is not None:
        try:
            meetings.add_meeting(user, form.held_on.data, form.note.data or "")
        except ValidationFailed as exc:
            form.held_on.errors = [*form.held_on.errors, exc.fields.get("held_on", exc.message)]
        else:
            flash(_("De vergadering is toegevoegd."), "success")
            return redirect(url_for("meetings.board"))
    to_place = queries.page(user, queries.CaseFilter(state="geen_overeenstemming"), None, 50)
    status = 422 if form.errors else 200
    return render_template(
        "meetings/board.html",
        items=items,
        meetings=meetings.all_meetings(),
        to_place=to_place.cases,
        next_deadlines=queries.nearest_deadlines(c.id for c in to_place.cases),
        form=form,
        may_edit=user.role == "secretariaat",
    ), status
