"""Early signals of a housing need (``/signalen``): the list (open first), recording one
(``?gesprek=`` pre-fills the source talk), a signal's page with the regions that fit it, and
turning it into a case. Who may do what: ``services.network.signals``.

Not built yet: the edit form (the service's ``change_signal`` with its 409 is there), the
list's filters by ministry and status (the service takes them), the list of a talk's signals
on its page (which links to recording one)."""

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
from caseflow.web.signal_forms import SignalForm

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
    return render_template("signals/list.html", signals=signals.list_signals(actor()))


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
    return render_template("signals/form.html", form=form), status
