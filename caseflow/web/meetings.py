"""The secretariat's escalation board and the ministerraad meeting calendar."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from caseflow.domain.clock import local_today
from caseflow.domain.errors import ValidationFailed
from caseflow.services.cases import letters
from caseflow.services.meetings import rescheduling, schedule
from caseflow.services.meetings.board import meeting_board
from caseflow.web.filters import weekday_date
from caseflow.web.forms import MeetingForm, show_errors
from caseflow.web.meeting_forms import CancelMeetingForm, MoveMeetingForm, PlanFridaysForm
from caseflow.web.permissions import requires
from caseflow.web.session import actor

bp = Blueprint("meetings", __name__)


def _status(form: FlaskForm) -> int:
    return 422 if form.errors or form.form_errors else 200


@bp.route("/ministerraad", methods=["GET", "POST"])
@login_required
@requires("meeting.view")
def board() -> ResponseReturnValue:
    user = actor()
    form = MeetingForm()
    if form.validate_on_submit() and form.held_on.data is not None:
        try:
            schedule.add_meeting(user, form.held_on.data, form.note.data or "")
        except ValidationFailed as exc:
            form.held_on.errors = [*form.held_on.errors, exc.fields.get("held_on", exc.message)]
        else:
            flash(_("De vergadering is toegevoegd."), "success")
            return redirect(url_for("meetings.board"))
    return _board(form, PlanFridaysForm(formdata=None)), _status(form)


@bp.post("/ministerraad/plannen")
@login_required
@requires("meeting.manage")
def plan() -> ResponseReturnValue:
    user = actor()
    form = PlanFridaysForm()
    if form.validate_on_submit() and form.until.data is not None:
        try:
            planned = schedule.plan_fridays(user, local_today(), form.until.data)
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(
                _("%(count)s vergaderingen gepland op werkvrijdagen.", count=len(planned)),
                "success",
            )
            return redirect(url_for("meetings.board", _anchor="vergaderingen"))
    return _board(MeetingForm(formdata=None), form), _status(form)


def _board(form: MeetingForm, plan_form: PlanFridaysForm) -> str:
    return render_template(
        "meetings/board.html", board=meeting_board(actor()), form=form, plan_form=plan_form
    )


@bp.route("/ministerraad/vergaderingen/<int:meeting_id>/wijzigen", methods=["GET", "POST"])
@login_required
@requires("meeting.manage")
def move(meeting_id: int) -> ResponseReturnValue:
    user = actor()
    meeting, items = schedule.meeting_agenda(user, meeting_id)
    form = MoveMeetingForm(obj=meeting if request.method == "GET" else None)
    if form.validate_on_submit() and form.held_on.data is not None:
        try:
            rescheduling.move_meeting(
                user, meeting_id, form.held_on.data, form.note.data or "", form.reason.data or ""
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(
                _("De vergadering staat op %(date)s.", date=weekday_date(form.held_on.data)),
                "success",
            )
            return redirect(url_for("meetings.board", _anchor="vergaderingen"))
    return render_template("meetings/move.html", form=form, meeting=meeting, items=items), _status(
        form
    )


@bp.route("/ministerraad/vergaderingen/<int:meeting_id>/annuleren", methods=["GET", "POST"])
@login_required
@requires("meeting.manage")
def cancel(meeting_id: int) -> ResponseReturnValue:
    user = actor()
    meeting, items = schedule.meeting_agenda(user, meeting_id)
    form = CancelMeetingForm()
    if form.validate_on_submit():
        try:
            held_on, back = rescheduling.cancel_meeting(user, meeting_id, form.reason.data or "")
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(
                _(
                    "De vergadering van %(date)s is geannuleerd; %(count)s zaken staan weer "
                    "bij Te agenderen.",
                    date=weekday_date(held_on),
                    count=back,
                ),
                "success",
            )
            return redirect(url_for("meetings.board"))
    return render_template(
        "meetings/cancel.html", form=form, meeting=meeting, items=items
    ), _status(form)


@bp.get("/ministerraad/vergaderingen/<int:meeting_id>")
@login_required
def agenda(meeting_id: int) -> ResponseReturnValue:
    meeting, items = schedule.meeting_agenda(actor(), meeting_id)
    return render_template("meetings/agenda.html", meeting=meeting, items=items)


@bp.get("/ministerraad/vergaderingen/<int:meeting_id>/agenda.pdf")
@login_required
def agenda_pdf(meeting_id: int) -> ResponseReturnValue:
    meeting, items = schedule.meeting_agenda(actor(), meeting_id)
    # An agenda is an official document of the meeting: Dutch for every reader.
    with force_locale(letters.DOCUMENT_LOCALE):
        html = render_template("meetings/agenda_pdf.html", meeting=meeting, items=items)
    name = f"agenda-ministerraad-{meeting.held_on.isoformat()}.pdf"
    return Response(
        letters.render_pdf(html),
        mimetype=letters.PDF_MIMETYPE,
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"},
    )
