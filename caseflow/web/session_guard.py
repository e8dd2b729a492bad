"""Checks on the logged-in session before every request: an account that was deactivated,
a login idle for too long or older than the absolute limit is logged out with a Dutch
message at the login page; a user whose password was reset must choose a new one first.

The session binding of Flask-Login ("strong") is computed here from the remote address as
the WSGI server (or ProxyFix, for the configured trusted proxies only) sees it: Flask-Login
0.6.3's own identifier takes the first X-Forwarded-For entry, which any client can set."""

from __future__ import annotations

from hashlib import sha512
from typing import TYPE_CHECKING, Any

from flask import Flask, flash, g, redirect, request, request_started, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, logout_user, user_logged_in

from caseflow.extensions import login_manager
from caseflow.services.accounts import security_log, sessions
from caseflow.web.session import actor

if TYPE_CHECKING:
    from caseflow.models import User

# Pages a user who must change their password can still reach: logging in and out, the
# second factor (all under ``auth``) and the password page itself.
UNFORCED_BLUEPRINTS = frozenset({"auth", "account"})


def register(app: Flask) -> None:
    # Flask-Login has no public setter for the identifier generator.
    login_manager._session_identifier_generator = session_identifier
    user_logged_in.connect(_stamp_login, weak=False)
    request_started.connect(_forget_cached_user, app, weak=False)
    limits = sessions.Limits(
        idle=float(app.config["SESSION_IDLE_MINUTES"]) * 60,
        absolute=float(app.config["SESSION_MAX_HOURS"]) * 3600,
    )
    # The remember-me cookie (not offered today) gets the same flags as the session cookie.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", app.config["SESSION_COOKIE_SAMESITE"])

    @app.before_request
    def guard_session() -> ResponseReturnValue | None:
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        user = actor()
        ended = _ended(user, limits)
        if ended is not None:
            return ended
        sessions.touch()
        if user.must_change_password and request.blueprint not in UNFORCED_BLUEPRINTS:
            flash(_("Kies eerst een nieuw wachtwoord."), "info")
            return redirect(url_for("account.change_password"))
        return None


def _forget_cached_user(sender: Flask, **extra: Any) -> None:
    # Flask-Login caches the user on ``g``, which lives as long as the app context; where one
    # app context spans several requests (tests, CLI) a request would otherwise act as the
    # user of the one before it instead of the one its own cookie names.
    g.pop("_login_user", None)


def session_identifier() -> str:
    """The session binding: remote address and browser, never a client-set header."""
    agent = request.headers.get("User-Agent", "")
    return sha512(f"{request.remote_addr}|{agent}".encode()).hexdigest()


def _stamp_login(sender: Any, user: User, **extra: Any) -> None:
    # Every login starts both clocks afresh, whichever flow logged the user in.
    sessions.stamp_login()


def _ended(user: User, limits: sessions.Limits) -> ResponseReturnValue | None:
    if not user.active:
        return _log_out(user, "inactive", _("Uw account is gedeactiveerd."))
    reason = sessions.expiry(limits)
    if reason == "idle":
        return _log_out(
            user, reason, _("U bent uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in.")
        )
    if reason == "absolute":
        return _log_out(
            user, reason, _("Uw sessie was te lang geopend en is beëindigd. Log opnieuw in.")
        )
    return None


def _log_out(user: User, reason: str, message: str) -> ResponseReturnValue:
    security_log.event("session_expired", "ended", actor=user, obj=f"user:{user.id}", reason=reason)
    logout_user()
    sessions.forget()
    flash(message, "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))
