"""Login in two steps, logout and preferences.

Step one is the password. For a user with a second factor (required for the roles in
TWO_FACTOR_ROLES, optional for the others) the password only makes the login *pending*: the
session remembers who, of which session generation and since when, and step two asks for a
code from the app (or a recovery code), or, for a required role not yet enrolled, walks the
enrolment. Only then does the login begin (``sessions.begin`` and ``login_user``).

Failed password and code posts, including those the CSRF check refused, are counted per
account and per client address (``services.accounts.throttling``); a throttled post gets a
Dutch 429 page with Retry-After, whatever its CSRF token."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import format_timedelta, refresh
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from caseflow.domain.clock import utcnow
from caseflow.extensions import login_manager
from caseflow.services.accounts import (
    credentials,
    security_log,
    sessions,
    throttling,
    two_factor,
    users,
)
from caseflow.services.accounts.throttling import CODE_STEP, PASSWORD_STEP
from caseflow.web import request_log
from caseflow.web.auth_forms import CodeForm, EnrolForm
from caseflow.web.forms import LoginForm, PreferencesForm
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models import User

bp = Blueprint("auth", __name__)

# The pending login in the (signed) session cookie.
PENDING_USER = "pending_user"
PENDING_GENERATION = "pending_generation"
PENDING_AT = "pending_at"
PENDING_NEXT = "pending_next"
# Which enrolment secret this browser was shown (a fingerprint, not the secret).
ENROLMENT_SEEN = "enrolment_seen"
# Posts to these endpoints are login attempts: throttled, and counted when they fail.
THROTTLED_STEPS = {
    "auth.login": PASSWORD_STEP,
    "auth.second_step": CODE_STEP,
    "auth.enrol": CODE_STEP,
    "auth.renew_recovery_codes": CODE_STEP,
}
# What a user who must enrol may still reach before enrolling.
BEFORE_ENROLMENT = frozenset({"auth.enrol", "auth.logout", "static", "favicon"})


@login_manager.user_loader
def load_user(token: str) -> User | None:
    # The current session generation of an active user only: a deactivated account is out.
    user = sessions.user_for(token)
    if user is not None:
        g.setdefault(request_log.LOADED_USER_ID, user.id)  # for the request's log line
    return user


@bp.route("/inloggen", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("cases.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data or ""
        user = credentials.authenticate(email, form.password.data or "")
        if user is not None:
            return _after_password(user, request.args.get("next"))
        _log_failure("login", _normalised(email), "password")
        form.form_errors.append(_("Onbekende combinatie van e-mailadres en wachtwoord."))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/inloggen/code", methods=["GET", "POST"])
def second_step() -> ResponseReturnValue:
    user = _pending_user()
    if user is None or not two_factor.enrolled(user):
        return _start_again()
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data or ""):
            security_log.event("login.2fa", "ok", actor=user)
            return _complete(user)
        _log_failure("login.2fa", user.email, "code")
        form.code.errors.append(_("Deze code klopt niet of is al gebruikt. Probeer de volgende."))
    status = 422 if form.errors else 200
    return render_template("auth/code.html", form=form), status


@bp.route("/tweestapsverificatie", methods=["GET", "POST"])
def enrol() -> ResponseReturnValue:
    """Enrolment: by a pending login of a role that requires it, or by a logged-in user."""
    user = actor() if current_user.is_authenticated else _pending_user()
    if user is None:
        return _start_again()
    if two_factor.enrolled(user):
        flash(_("De tweestapsverificatie is al ingesteld."), "info")
        return redirect(
            url_for("auth.preferences" if current_user.is_authenticated else "auth.login")
        )
    secret = two_factor.enrolment_secret(user, session.get(ENROLMENT_SEEN))
    session[ENROLMENT_SEEN] = two_factor.fingerprint(secret)
    form = EnrolForm()
    if form.validate_on_submit():
        codes = two_factor.confirm_enrolment(user, form.code.data or "")
        if codes is not None:
            return _show_recovery_codes(user, codes)
        _log_failure("2fa.enrolment", user.email, "code")
        form.code.errors.append(_("Deze code klopt niet. Controleer de tijd op uw telefoon."))
    return render_template(
        "auth/enrol.html",
        form=form,
        qr_code=two_factor.qr_code(two_factor.provisioning_uri(user, secret)),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=two_factor.required_for(user),
    ), (422 if form.errors else 200)


@bp.post("/tweestapsverificatie/herstelcodes")
@login_required
def renew_recovery_codes() -> ResponseReturnValue:
    """Ten new recovery codes (the old ones stop working), for a code from the app."""
    form = CodeForm(prefix="renew")
    if form.validate_on_submit():
        codes = two_factor.renew_recovery_codes(actor(), form.code.data or "")
        if codes is not None:
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.preferences")
            )
        _log_failure("2fa.recovery_codes_renewed", actor().email, "code")
        form.code.errors.append(_("Deze code klopt niet of is al gebruikt. Probeer de volgende."))
    return _preferences_page(PreferencesForm(locale=actor().locale), form, 422)


@bp.post("/uitloggen")
@login_required
def logout() -> ResponseReturnValue:
    security_log.event("logout", "ok", actor=actor())
    sessions.end(actor())
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
    return _preferences_page(form, CodeForm(prefix="renew"), 422 if form.errors else 200)


def _preferences_page(form: PreferencesForm, renew: CodeForm, status: int) -> ResponseReturnValue:
    return render_template(
        "auth/preferences.html",
        form=form,
        renew_form=renew,
        two_factor_on=two_factor.enrolled(actor()),
        recovery_codes_left=two_factor.remaining_recovery_codes(actor()),
    ), status


def _after_password(user: User, target: str | None) -> ResponseReturnValue:
    if not (two_factor.enrolled(user) or two_factor.required_for(user)):
        return _complete(user, target)
    session[PENDING_USER] = user.id
    session[PENDING_GENERATION] = user.session_token
    session[PENDING_AT] = utcnow().timestamp()
    session[PENDING_NEXT] = target or ""
    security_log.event("login.password", "ok", actor=user)
    if two_factor.enrolled(user):
        return redirect(url_for("auth.second_step"))
    flash(_("Stel eerst de tweestapsverificatie in; daarna bent u ingelogd."), "info")
    return redirect(url_for("auth.enrol"))


def _pending_user() -> User | None:
    """The user whose password was right in this session, if still recent and still the
    same session generation (a logout or ended session elsewhere voids it)."""
    user_id, started = session.get(PENDING_USER), session.get(PENDING_AT)
    if not isinstance(user_id, int) or not isinstance(started, int | float):
        return None
    if utcnow().timestamp() - started > float(current_app.config["LOGIN_STEP_SECONDS"]):
        return None
    return sessions.pending_user(user_id, session.get(PENDING_GENERATION))


def _start_again() -> ResponseReturnValue:
    flash(_("Log opnieuw in: de eerste stap is verlopen of ontbreekt."), "info")
    return redirect(url_for("auth.login"))


def _complete(user: User, target: str | None = None) -> ResponseReturnValue:
    target = target or session.get(PENDING_NEXT) or None
    _begin(user)
    flash(_("Welkom, %(name)s.", name=user.name), "success")
    return redirect(_safe_next(target))


def _begin(user: User) -> None:
    """The login is complete: a new session generation, then Flask-Login."""
    for key in (PENDING_USER, PENDING_GENERATION, PENDING_AT, PENDING_NEXT, ENROLMENT_SEEN):
        session.pop(key, None)
    sessions.begin(user)
    login_user(user)
    throttling.forget_account(user.email)
    security_log.event("login", "ok", actor=user, second_factor=two_factor.enrolled(user))


def _show_recovery_codes(user: User, codes: list[str]) -> ResponseReturnValue:
    """Shown once, in the answer to the confirmation (never stored readable, no redirect)."""
    target = session.get(PENDING_NEXT) or None
    session.pop(ENROLMENT_SEEN, None)
    if not current_user.is_authenticated:
        _begin(user)
    return render_template("auth/recovery_codes.html", codes=codes, next_url=_safe_next(target))


def _log_failure(action: str, who: str, reason: str) -> None:
    g.login_failure_logged = True
    security_log.event(action, "failed", actor=who, reason=reason)


def _normalised(email: str) -> str:
    return email.strip().lower()[:200]


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect after login would help phishing."""
    local = target and target.startswith("/") and not target.startswith("//")
    if local and target and not urlsplit(target).netloc:
        return target
    return url_for("cases.dashboard")


# Throttling and the enrolment requirement, around every request.


def _throttled_step() -> str | None:
    if request.method != "POST":
        return None
    return THROTTLED_STEPS.get(request.endpoint or "")


def _account(step: str) -> str:
    """Who is being tried: the e-mail typed at the password step, else the pending user."""
    if step == PASSWORD_STEP:
        return _normalised(request.form.get("email", ""))
    user = actor() if current_user.is_authenticated else _pending_user()
    return user.email if user is not None else ""


def _address() -> str:
    return request.remote_addr or "onbekend"


def refuse_throttled() -> ResponseReturnValue | None:
    step = _throttled_step()
    if step is None:
        return None
    account = _account(step)
    wait = throttling.retry_after(step, account, _address())
    if wait is None:
        return None
    security_log.event("login.throttled", "throttled", actor=account or None, obj=step, wait=wait)
    return _too_many(wait)


def _too_many(wait: int) -> Response:
    refresh()  # this check runs before the locale is chosen for the request
    message = _(
        "Te veel mislukte pogingen om in te loggen. Probeer het over %(wait)s opnieuw.",
        wait=format_timedelta(timedelta(seconds=wait), threshold=1.5),
    )
    page = render_template("error.html", status=429, title=_("Te veel pogingen"), message=message)
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.after_app_request
def count_failed_attempt(response: Response) -> Response:
    """A failed post (422) or one the CSRF check refused (400) counts against both."""
    step = _throttled_step()
    if step is None or response.status_code not in (400, 422):
        return response
    account = _account(step)
    throttling.count_failure(step, account, _address())
    if not g.get("login_failure_logged"):
        reason = "csrf" if response.status_code == 400 else "form"
        security_log.event(f"login.{step}", "failed", actor=account or None, reason=reason)
    return response


@bp.before_app_request
def enrol_first() -> ResponseReturnValue | None:
    """A logged-in user of a role that requires the second factor, without one (reset by
    the administrator, or a role that became required), enrols before anything else."""
    if request.endpoint in BEFORE_ENROLMENT or not current_user.is_authenticated:
        return None
    user = actor()
    if two_factor.required_for(user) and not two_factor.enrolled(user):
        return redirect(url_for("auth.enrol"))
    return None


@bp.record_once
def _throttle_before_csrf(state: BlueprintSetupState) -> None:
    """The throttle check goes first of all request hooks, before the CSRF check, so a
    throttled client is told to wait whatever token it sends."""
    app = state.app
    assert isinstance(app, Flask)  # the blueprint is only ever on a Flask app
    throttling.init_app(app)
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_throttled)
