"""Early signals of a housing need (``/signalen``): the list (open first), a signal's page
with the regions that fit it, and turning it into a case. Who may do what:
``services.network.signals``.

Not built yet: the form to record and change a signal (the service has
``record_signal``/``change_signal``), and the filter by ministry and status on the list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf import FlaskForm

from caseflow.domain.bounds import parse_id
from caseflow.domain.errors import Conflict, NotAllowed, ValidationFailed
from caseflow.services.network import signals
from caseflow.web.session import actor

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
    flash(_("Het signaal is omgezet in een zaak."), "success")
    return redirect(url_for("cases.detail", case_id=case_id))
