"""The user's own account: changing one's password (also forced after a reset by the
administrator, see ``web.session_guard``) and one's personal API tokens."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from caseflow.domain.clock import local_today
from caseflow.domain.errors import ValidationFailed
from caseflow.services.accounts import api_tokens, users
from caseflow.web.auth_forms import StrongPassword
from caseflow.web.forms import REQUIRED, BoundedDateField, options, show_errors
from caseflow.web.session import actor

bp = Blueprint("account", __name__, url_prefix="/account")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Huidig wachtwoord"), validators=[DataRequired(REQUIRED)])
    new_password = PasswordField(
        _l("Nieuw wachtwoord"),
        description=_l(
            "Minstens 12 tekens; een zin van vier of meer woorden is sterk en goed te onthouden."
        ),
        validators=[DataRequired(REQUIRED), StrongPassword()],
    )
    repeat_password = PasswordField(
        _l("Herhaal het nieuwe wachtwoord"),
        validators=[
            DataRequired(REQUIRED),
            EqualTo("new_password", _l("De twee nieuwe wachtwoorden zijn niet gelijk.")),
        ],
    )


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            users.change_own_password(
                actor(), form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                form[name].errors = [*form[name].errors, message]
        else:
            flash(
                _("Uw wachtwoord is gewijzigd. Uw sessies op andere apparaten zijn beëindigd."),
                "success",
            )
            return redirect(url_for("account.change_password"))
    status = 422 if form.errors else 200
    return render_template("account/password.html", form=form), status


class ApiTokenForm(FlaskForm):
    name = StringField(
        _l("Naam"),
        description=_l(
            "Waarvoor u het token gebruikt, bijvoorbeeld het systeem van uw ministerie."
        ),
        validators=[DataRequired(REQUIRED), Length(max=api_tokens.NAME_LENGTH)],
    )
    scope = SelectField(
        _l("Bereik"),
        choices=options(
            [(api_tokens.READ, _l("Lezen")), (api_tokens.READ_WRITE, _l("Lezen en schrijven"))]
        ),
        default=api_tokens.READ,
        validators=[DataRequired(REQUIRED)],
    )
    expires_on = BoundedDateField(
        _l("Verloopt op"),
        description=_l("Hoogstens een jaar na vandaag."),
        validators=[DataRequired(REQUIRED)],
    )


@bp.route("/api-tokens", methods=["GET", "POST"])
@login_required
def api_tokens_page() -> ResponseReturnValue:
    """Make, see and revoke one's API tokens; a new token is shown on this answer only."""
    form = ApiTokenForm()
    if request.method == "GET":
        form.expires_on.data = api_tokens.latest_expiry(local_today())
    made = None
    if form.validate_on_submit():
        try:
            made = api_tokens.create(
                actor(), form.name.data or "", form.scope.data or "", form.expires_on.data
            )
        except ValidationFailed as exc:
            show_errors(form, exc)
    tokens = api_tokens.own_tokens(actor())
    status = 422 if form.errors or form.form_errors else 201 if made else 200
    page = render_template(
        "account/api_tokens.html",
        form=form,
        made=made,
        tokens=tokens,
        today=local_today(),
        scope_labels=api_tokens.SCOPE_LABELS,
    )
    return page, status


@bp.post("/api-tokens/<int:token_id>/intrekken")
@login_required
def revoke_api_token(token_id: int) -> ResponseReturnValue:
    token = api_tokens.revoke(actor(), token_id)
    flash(_("Het token %(name)s is ingetrokken.", name=token.name), "success")
    return redirect(url_for("account.api_tokens_page"))
