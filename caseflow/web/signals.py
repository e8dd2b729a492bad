"""Early signals of a housing need (``/signalen``): the list (open first), recording one
(``?gesprek=`` pre-fills the source talk), a signal's page with the regions that fit it, and
turning it into a case. Who may do what: ``services.network.signals``.

Changing a signal keeps the version the form showed: someone else's change in between is a
409 with the input kept."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from caseflow.domain.bounds import parse_id
from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.services.network import signals, talks
from caseflow.services.permissions import can
from caseflow.services.reference import choice_lists
from caseflow.web.forms import options, show_errors
from caseflow.web.session import actor
from caseflow.web.signal_forms import SignalEditForm, SignalForm

bp = Blueprint("signals", __name__)


@bp.context_processor
def labels() -> dict[str, Any]:
    return {
        "STATUS_LABELS": {
            signals.OPEN: _("open"),
            signals.CONVERTED: _("omgezet in zaak"),
            signals.LAPSED: _("vervallen"),
        }
    }


class ConvertForm(FlaskForm):
    """Only the CSRF token; the version travels as a query-free hidden value."""


@bp.get("/signalen")
@login_required
def signal_list() -> ResponseReturnValue:
    user = actor()
    ministry_id = parse_id(request.args.get("ministerie"))
    status = request.args.get("status", "")
    wanted_status = status if status in signals.STATUSES else None
    return render_template(
        "signals/list.html",
        signals=signals.list_signals(user, ministry_id, wanted_status),
        wanted_ministry=ministry_id,
        wanted_status=wanted_status or "",
        ministries=choice_lists.ministries(current_only=False),
        all_ministries=can(user, "signal.view_all"),
    )


@bp.get("/signalen/<int:signal_id>")
@login_required
def signal_detail(signal_id: int) -> ResponseReturnValue:
    user = actor()
    return render_template(
        "signals/detail.html",
        signal=signals.get_signal(user, signal_id),
        matches=signals.matches_for_signal(user, signal_id),
        form=ConvertForm(),
        conversion=signals.conversion(user),
    )


@bp.post("/signalen/<int:signal_id>/omzetten")
@login_required
def signal_convert(signal_id: int) -> ResponseReturnValue:
    form = ConvertForm()
    version = parse_id(request.form.get("version"))
    if not form.validate_on_submit() or version is None:
        flash(
            _("Het signaal is niet omgezet: vernieuw de pagina en probeer het opnieuw."), "warning"
        )
        return redirect(url_for("signals.signal_detail", signal_id=signal_id))
    try:
        case_id = signals.convert_signal(actor(), signal_id, version)
    except (Conflict, NotAllowed, ValidationFailed) as exc:
        flash(exc.message, "warning")
        return redirect(url_for("signals.signal_detail", signal_id=signal_id))
    if signals.conversion(actor()) == signals.PREPARES:
        flash(
            _("Het signaal is omgezet: de concept-zaak staat klaar voor het ministerie."),
            "success",
        )
    else:
        flash(_("Het signaal is omgezet in een zaak."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))


def _choices(form: SignalForm, own_ministry: int | None, talk_id: int | None) -> None:
    ministries = [(m.id, m.display_name) for m in choice_lists.ministries()]
    if own_ministry is not None:  # a ministry records for itself only
        ministries = [(m, name) for m, name in ministries if m == own_ministry]
    form.ministry_id.choices = options([(None, _("Kies")), *ministries])
    form.province_id.choices = options(
        [(None, _("Geen")), *((p.id, p.name) for p in choice_lists.provinces())]
    )
    seen = talks.list_talks(actor(), talks.TalkFilter()).lines
    lines = [(t.id, f"{t.held_on.isoformat()} {t.talk_with}") for t in seen]
    if talk_id is not None and talk_id not in {t for t, _label in lines}:
        talk = talks.get_talk(actor(), talk_id)  # 404 for a talk the user may not see
        lines.append((talk.id, f"{talk.held_on.isoformat()} {talk.talk_with}"))
    form.talk_id.choices = options([(None, _("Geen")), *lines])


@bp.route("/signalen/nieuw", methods=["GET", "POST"])
@login_required
def signal_new() -> ResponseReturnValue:
    user = actor()
    own = None if can(user, "signal.view_all") else user.ministry_id
    form = SignalForm()
    source = parse_id(request.args.get("gesprek"))
    _choices(form, own, source)
    if request.method == "GET" and source is not None:
        form.talk_id.data = source
    if form.validate_on_submit():
        try:
            signal_id = signals.record_signal(user, form.data_for_service(own))
        except ValidationFailed as exc:
            show_errors(form, exc)
        else:
            flash(_("Het signaal is vastgelegd."), "success")
            return redirect(url_for("signals.signal_detail", signal_id=signal_id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("signals/form.html", form=form, signal=None), status


def _fill(form: SignalEditForm, signal: signals.SignalPage) -> None:
    form.version.data = str(signal.version)
    form.ministry_id.data = signal.ministry_id
    form.organisation.data = signal.organisation
    form.fte_change.data = signal.fte_change
    form.horizon_year.data = signal.horizon_year
    form.horizon_quarter.data = signal.horizon_quarter
    form.province_id.data = signal.province_id
    form.region.data = signal.region
    form.talk_id.data = signal.talk_id
    form.description.data = signal.description
    form.status.data = signal.status


def _status_choices(form: SignalEditForm, signal: signals.SignalPage) -> None:
    names = labels()["STATUS_LABELS"]
    settable = (signals.CONVERTED,) if signal.status == signals.CONVERTED else signals.SETTABLE
    form.status.choices = [(s, names[s]) for s in settable]


@bp.route("/signalen/<int:signal_id>/wijzigen", methods=["GET", "POST"])
@login_required
def signal_edit(signal_id: int) -> ResponseReturnValue:
    user = actor()
    signal = signals.get_signal(user, signal_id)  # 404 for a signal the user may not see
    own = None if can(user, "signal.view_all") else user.ministry_id
    form = SignalEditForm()
    _choices(form, own, signal.talk_id)
    _status_choices(form, signal)
    if request.method == "GET":
        _fill(form, signal)
    status = 200
    if form.validate_on_submit():
        data = form.data_for_service(own, str(form.status.data))
        try:
            signals.change_signal(user, signal_id, form.version_number(), data)
        except ValidationFailed as exc:
            show_errors(form, exc)
        except Conflict as exc:
            # Someone else changed the signal: keep the input, carry the fresh version.
            form.version.data = str(signals.get_signal(user, signal_id).version)
            flash(exc.message, "warning")
            status = 409
        else:
            flash(_("Het signaal is opgeslagen."), "success")
            return redirect(url_for("signals.signal_detail", signal_id=signal_id))
    status = max(status, 422 if form.errors or form.form_errors else 200)
    return render_template("signals/form.html", form=form, signal=signal), status
