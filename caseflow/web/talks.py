"""The register of talks with regional administrators and ministries (``/gesprekken``):
the list with open follow-ups, recording and changing a talk, its follow-up actions, and
the yearly overview per province. Who may do what: ``services.network.talks``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from caseflow.domain.bounds import parse_id, parse_year
from caseflow.domain.clock import local_today
from caseflow.domain.errors import Conflict, ValidationFailed
from caseflow.services.network import signals, talk_overview, talks
from caseflow.services.permissions import can
from caseflow.services.reference import choice_lists
from caseflow.web.forms import options, show_errors
from caseflow.web.session import actor
from caseflow.web.talk_forms import (
    FUNCTION_LABELS,
    KIND_LABELS,
    FollowUpDoneForm,
    FollowUpForm,
    TalkEditForm,
    TalkForm,
)

bp = Blueprint("talks", __name__)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {"KIND_LABELS": KIND_LABELS, "FUNCTION_LABELS": FUNCTION_LABELS}


def _status(form: FlaskForm) -> int:
    return 422 if form.errors or form.form_errors else 200


def _page_arg() -> int:
    page = parse_id(request.args.get("pagina"))
    return min(page or 1, talks.MAX_PAGE)


@bp.get("/gesprekken")
@login_required
def talk_list() -> ResponseReturnValue:
    user = actor()
    wanted = talks.TalkFilter(
        province_id=parse_id(request.args.get("provincie")),
        ministry_id=parse_id(request.args.get("ministerie")),
        year=parse_year(request.args.get("jaar")),
        page=_page_arg(),
    )
    return render_template(
        "talks/list.html",
        listing=talks.list_talks(user, wanted),
        wanted=wanted,
        provinces=choice_lists.provinces(),
        ministries=choice_lists.ministries(current_only=False),
        may_record=talks.may_record(user),
        may_overview=can(user, "talk_overview.view"),
        today=local_today(),
    )


def _choices(form: TalkForm, talk: talks.TalkPage | None = None) -> None:
    form.province_id.choices = options(
        [(None, _("Geen")), *((p.id, p.name) for p in choice_lists.provinces())]
    )
    ministries = [(m.id, m.display_name) for m in choice_lists.ministries()]
    # A talk with a ministry that has since ended keeps it as a choice.
    kept = talk.ministry_id if talk is not None else None
    if kept is not None and kept not in {m for m, _name in ministries}:
        ministries.append((kept, talk.ministry if talk else ""))
    form.ministry_id.choices = options([(None, _("Geen")), *ministries])


@bp.route("/gesprekken/nieuw", methods=["GET", "POST"])
@login_required
def talk_new() -> ResponseReturnValue:
    user = actor()
    form = TalkForm()
    _choices(form)
    if form.validate_on_submit():
        try:
            talk_id = talks.record_talk(user, form.data_for_service())
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Het gesprek is vastgelegd."), "success")
            return redirect(url_for("talks.talk_detail", talk_id=talk_id))
    return render_template("talks/form.html", form=form, talk=None), _status(form)


@bp.route("/gesprekken/<int:talk_id>/bewerken", methods=["GET", "POST"])
@login_required
def talk_edit(talk_id: int) -> ResponseReturnValue:
    user = actor()
    talk = talks.get_talk(user, talk_id)
    form = TalkEditForm()
    _choices(form, talk)
    if request.method == "GET":
        _fill(form, talk)
    status = 200
    if form.validate_on_submit():
        try:
            talks.change_talk(user, talk_id, form.version_number(), form.data_for_service())
        except ValidationFailed as exc:
            show_errors(form, exc)
        except Conflict as exc:
            # Someone else changed the talk: keep the input, carry the fresh version.
            form.version.data = str(talks.current_version(user, talk_id))
            flash(exc.message, "warning")
            status = 409
        else:
            flash(_("Het gesprek is opgeslagen."), "success")
            return redirect(url_for("talks.talk_detail", talk_id=talk_id))
    return render_template("talks/form.html", form=form, talk=talk), max(status, _status(form))


def _fill(form: TalkEditForm, talk: talks.TalkPage) -> None:
    form.version.data = str(talk.version)
    form.held_on.data = talk.held_on
    form.kind.data = talk.kind
    form.province_id.data = talk.province_id
    form.region.data = talk.region
    form.ministry_id.data = talk.ministry_id
    form.functions.data = list(talk.functions)
    form.participants.data = talk.participants
    form.topics.data = talk.topics
    form.notes.data = talk.notes


def _detail(talk_id: int, form: FollowUpForm) -> str:
    user = actor()
    return render_template(
        "talks/detail.html",
        talk=talks.get_talk(user, talk_id),
        talk_signals=signals.signals_of_talk(user, talk_id),
        form=form,
        done_form=FollowUpDoneForm(formdata=None),
        may_record=talks.may_record(user),
    )


@bp.get("/gesprekken/<int:talk_id>")
@login_required
def talk_detail(talk_id: int) -> ResponseReturnValue:
    return _detail(talk_id, FollowUpForm(formdata=None))


@bp.post("/gesprekken/<int:talk_id>/acties")
@login_required
def follow_up_add(talk_id: int) -> ResponseReturnValue:
    form = FollowUpForm()
    if form.validate_on_submit() and form.due_on.data is not None:
        try:
            talks.add_follow_up(
                actor(), talk_id, form.action.data or "", form.owner.data or "", form.due_on.data
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("De actie is toegevoegd."), "success")
            return redirect(url_for("talks.talk_detail", talk_id=talk_id, _anchor="acties"))
    return _detail(talk_id, form), _status(form)


@bp.post("/gesprekken/<int:talk_id>/acties/<int:follow_up_id>/afgerond")
@login_required
def follow_up_done(talk_id: int, follow_up_id: int) -> ResponseReturnValue:
    form = FollowUpDoneForm()
    if form.validate_on_submit():
        talks.mark_done(actor(), talk_id, follow_up_id)
        flash(_("De actie is afgerond."), "success")
    return redirect(url_for("talks.talk_detail", talk_id=talk_id, _anchor="acties"))


@bp.get("/gesprekken/jaaroverzicht")
@login_required
def yearly_overview() -> ResponseReturnValue:
    year = parse_year(request.args.get("jaar")) or local_today().year
    return render_template(
        "talks/overview.html",
        year=year,
        rows=talk_overview.province_overview(actor(), year),
        today=local_today(),
    )
