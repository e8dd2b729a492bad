"""Login and logout."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from caseflow.extensions import login_manager
from caseflow.models import User
from caseflow.services import auth, users
from caseflow.web.forms import LoginForm, PreferencesForm
from caseflow.web.session import actor

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return auth.user_by_session_token(token)


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("cases.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            login_user(user)
            flash(_("Welkom, %(name)s.", name=user.name), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(_("Onbekende combinatie van e-mailadres en wachtwoord."))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/uitloggen")
@login_required
def logout() -> ResponseReturnValue:
    auth.end_session(actor())
    logout_user()
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/voorkeuren", methods=["GET", "POST"])
@login_required
def preferences() -> ResponseReturnValue:
    form = PreferencesForm(locale=actor().locale)
    if form.validate_on_submit():
        users.set_own_locale(actor(), form.locale.data or "")
        # Flask-Babel caches the locale per request; the message is in the newly chosen one.
        refresh()
        flash(_("Uw voorkeuren zijn opgeslagen."), "success")
        return redirect(url_for("auth.preferences"))
    status = 422 if form.errors else 200
    return render_template("auth/preferences.html", form=form), status


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help phishing."""
    local = target and target.startswith("/") and not target.startswith("//")
    if local and target and not urlsplit(target).netloc:
        return target
    return url_for("cases.dashboard")
