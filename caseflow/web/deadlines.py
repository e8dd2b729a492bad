"""Extending a running deadline (coordinator only)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from caseflow.domain.errors import ValidationFailed
from caseflow.services.deadlines import adjustments
from caseflow.web.filters import weekday_date
from caseflow.web.forms import ExtendDeadlineForm, show_errors
from caseflow.web.session import actor

bp = Blueprint("deadlines", __name__)


@bp.route("/zaken/<int:case_id>/termijnen/<int:deadline_id>/verlengen", methods=["GET", "POST"])
@login_required
def extend(case_id: int, deadline_id: int) -> ResponseReturnValue:
    case, deadline = adjustments.extendable(actor(), case_id, deadline_id)
    form = ExtendDeadlineForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.version.data = str(case.version)
    if form.validate_on_submit() and form.new_due.data is not None:
        try:
            adjustments.extend_deadline(
                actor(),
                case_id,
                form.version_number(),
                deadline_id,
                form.new_due.data,
                form.reason.data or "",
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(
                _(
                    "De termijn '%(deadline)s' is verlengd tot %(date)s.",
                    deadline=_(deadline.label),
                    date=weekday_date(deadline.due_on),
                ),
                "success",
            )
            return redirect(url_for("cases.detail", case_id=case_id, _anchor="termijnen"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "cases/extend_deadline.html", form=form, case=case, deadline=deadline
    ), status
