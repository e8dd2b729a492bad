"""Regional labour-market indicators (``/arbeidsmarkt``): the list per province with sources
and BZK's two-step import (check, then confirm), as for the employment figures."""

from __future__ import annotations

import flask_babel
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField
from wtforms.validators import DataRequired

from caseflow.domain.errors import ValidationFailed
from caseflow.domain.labour_market import INDICATORS, TIGHT, VERY_TIGHT
from caseflow.services.insight import labour_market
from caseflow.web.permissions import requires
from caseflow.web.session import actor

bp = Blueprint("labour_market", __name__)


@bp.app_template_filter("indicatorwaarde")
def indicator_value(value: float) -> str:
    """An indicator value with at most two decimals in the active language: 0.85 -> "0,85"."""
    return str(flask_babel.format_decimal(value, format="#,##0.##"))


class IndicatorUploadForm(FlaskForm):
    bestand = FileField(
        _l("Bestand (CSV of XLSX)"),
        description=_l(
            "Kolommen provincie;regio;indicator;waarde;peildatum;bron (regio en bron "
            "optioneel). CSV met ; of , als scheidingsteken, UTF-8."
        ),
    )


class IndicatorConfirmForm(FlaskForm):
    token = HiddenField(validators=[DataRequired()])


@bp.get("/arbeidsmarkt")
@login_required
def indicator_list() -> ResponseReturnValue:
    return render_template(
        "labour_market/indicators.html",
        provinces=labour_market.per_province(),
        kinds=INDICATORS,
        tight=TIGHT,
        very_tight=VERY_TIGHT,
        may_import=labour_market.may_import(actor()),
    )


@bp.route("/arbeidsmarkt/import", methods=["GET", "POST"])
@login_required
@requires("labour_market.import")
def indicator_import() -> ResponseReturnValue:
    form = IndicatorUploadForm()
    if request.method == "POST" and form.validate_on_submit():
        upload = form.bestand.data
        data = upload.read() if upload else b""
        if not upload or not upload.filename or not data:
            form.bestand.errors = [_("Kies een bestand.")]
        else:
            try:
                parsed = labour_market.parse_upload(upload.filename, data)
            except ValidationFailed as exc:
                form.bestand.errors = [exc.message]
            else:
                token = labour_market.store_upload(actor(), upload.filename, data)
                return _preview(parsed, token)
    status = 422 if form.errors else 200
    return render_template("labour_market/import.html", form=form, kinds=INDICATORS), status


def _preview(parsed: labour_market.ParsedIndicators, token: str) -> ResponseReturnValue:
    confirm = IndicatorConfirmForm(formdata=None)
    confirm.token.data = token
    return render_template("labour_market/import_preview.html", parsed=parsed, confirm=confirm), (
        200 if parsed.ok else 422
    )


@bp.post("/arbeidsmarkt/import/bevestigen")
@login_required
@requires("labour_market.import")
def indicator_import_confirm() -> ResponseReturnValue:
    user = actor()
    form = IndicatorConfirmForm()
    token = form.token.data or "" if form.validate_on_submit() else ""
    parsed = labour_market.parse_stored(user, token)
    if not parsed.ok:
        return _preview(parsed, token)
    count = labour_market.import_indicators(user, token)
    flash(
        ngettext(
            "%(num)s indicator is geïmporteerd.", "%(num)s indicatoren zijn geïmporteerd.", count
        ),
        "success",
    )
    return redirect(url_for("labour_market.indicator_list"))
