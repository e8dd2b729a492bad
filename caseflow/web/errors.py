"""Every error as a Dutch page with the right status; never a stack trace. When the
database is away the page is a 503 that needs no database; an error page that itself fails
falls back to that page, so no response is ever the server's bare "Internal Server Error"."""

from __future__ import annotations

import sqlite3
from contextlib import suppress

import psycopg
from flask import Flask, current_app, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from caseflow.domain.errors import DomainError
from caseflow.extensions import db, login_manager
from caseflow.i18n import DEFAULT_LOCALE
from caseflow.services.accounts import security_log
from caseflow.web.conflicts import case_link, typed_input

# The database (or its connection pool) cannot be reached: wait and retry, not a bug.
UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    PoolTimeout,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
RETRY_AFTER_SECONDS = 60

TITLES = {
    400: _l("Ongeldig verzoek"),
    401: _l("Niet ingelogd"),
    403: _l("Geen toestemming"),
    404: _l("Niet gevonden"),
    405: _l("Methode niet toegestaan"),
    409: _l("Conflict"),
    413: _l("Bestand te groot"),
    422: _l("Ongeldige invoer"),
    500: _l("Er ging iets mis"),
    503: _l("Tijdelijk niet beschikbaar"),
}
DEFAULT_MESSAGES = {
    404: _l("Deze pagina bestaat niet of u heeft er geen toegang toe."),
    405: _l("Deze actie kan niet op deze manier worden uitgevoerd."),
    500: _l("Er ging aan onze kant iets mis. Uw invoer is niet opgeslagen; probeer het opnieuw."),
    503: _l(
        "caseflow is tijdelijk niet beschikbaar: de database is niet bereikbaar. "
        "Uw invoer is niet opgeslagen. Probeer het over een paar minuten opnieuw."
    ),
}


def _page(status: int, message: str | LazyString) -> ResponseReturnValue:
    title = TITLES.get(status, _l("Fout"))
    # A conflict keeps what the user typed on the page, and leads back to the case.
    extra = {"typed": typed_input(), "case_link": case_link()} if status == 409 else {}
    try:
        page = render_template("error.html", status=status, title=title, message=message, **extra)
        return page, status
    except UNAVAILABLE:
        return _unavailable()
    except Exception:  # the error page itself failed: show the plain one, never a bare 500
        current_app.logger.exception("Foutpagina kon niet worden getoond")
        return _plain(status, title, message), status


def _plain(status: int, title: str | LazyString, message: str | LazyString) -> str:
    """The page without base template or logged-in user, in Dutch: choosing the user's
    language would load the user from the database."""
    if "_login_user" not in g:
        # Flask-Login's context processor would load the user (from the database) to offer
        # ``current_user`` to the template; this page has no use for it.
        g._login_user = login_manager.anonymous_user()
    with force_locale(DEFAULT_LOCALE):
        return render_template("error_plain.html", status=status, title=title, message=message)


def _unavailable() -> ResponseReturnValue:
    _forget_transaction()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return _plain(503, TITLES[503], DEFAULT_MESSAGES[503]), 503, headers


def _forget_transaction() -> None:
    # Rolling back on a connection that is gone may fail in turn; the pool drops it anyway.
    with suppress(SQLAlchemyError, *UNAVAILABLE):
        db.session.rollback()


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        _forget_transaction()
        if exc.status == 403:
            _log_refusal("forbidden", exc.message)
        return _page(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> ResponseReturnValue:
        _log_refusal("csrf", str(exc.description))
        return _page(
            400,
            _(
                "Het formulier is verlopen of ongeldig (beveiligingscontrole). "
                "Ga terug, vernieuw de pagina en probeer het opnieuw."
            ),
        )

    @app.errorhandler(413)
    def too_large(exc: HTTPException) -> ResponseReturnValue:
        limit = app.config["MAX_UPLOAD_MB"]
        return _page(
            413,
            _(
                "Het bestand is te groot: maximaal %(limit)s MB is toegestaan. "
                "Er is niets opgeslagen.",
                limit=limit,
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        status = exc.code or 500
        if status == 403:
            _log_refusal("forbidden", str(exc.description or ""))
        described = exc.description if exc.description and status in (403, 400) else ""
        return _page(status, described or DEFAULT_MESSAGES.get(status, TITLES.get(status, "")))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, UNAVAILABLE):
            app.logger.error("Database niet bereikbaar: %s", exc)
            return _unavailable()
        _forget_transaction()
        app.logger.exception("Onverwachte fout", exc_info=exc)
        return _page(500, DEFAULT_MESSAGES[500])


def _log_refusal(action: str, reason: str) -> None:
    """A refused request (403, CSRF failure) is a security event: who tried what, where."""
    user = current_user if current_user.is_authenticated else None
    security_log.event(
        action, "refused", actor=user, obj=f"{request.method} {request.path}", reason=reason[:200]
    )
