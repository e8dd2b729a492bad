"""The user's own account: changing one's password (also forced after a reset by the
administrator, see ``web.session_guard``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo

from caseflow.domain.errors import ValidationFailed
from caseflow.services.accounts import users
from caseflow.web.auth_forms import StrongPassword
from caseflow.web.forms import REQUIRED
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
