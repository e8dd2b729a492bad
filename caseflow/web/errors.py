"""Every error as a Dutch page with the right status; never a stack trace."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from caseflow.domain.errors import DomainError
from caseflow.extensions import db

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
}
DEFAULT_MESSAGES = {
    404: _l("Deze pagina bestaat niet of u heeft er geen toegang toe."),
    405: _l("Deze actie kan niet op deze manier worden uitgevoerd."),
    500: _l("Er ging aan onze kant iets mis. Uw invoer is niet opgeslagen; probeer het opnieuw."),
}


def _page(status: int, message: str | LazyString) -> ResponseReturnValue:
    return render_template(
        "error.html", status=status, title=TITLES.get(status, _l("Fout")), message=message
    ), status


def register(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        db.session.rollback()
        return _page(exc.status, exc.message)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> ResponseReturnValue:
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
        described = exc.description if exc.description and status in (403, 400) else ""
        return _page(status, described or DEFAULT_MESSAGES.get(status, TITLES.get(status, "")))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> ResponseReturnValue:
        db.session.rollback()
        app.logger.exception("Onverwachte fout", exc_info=exc)
        return _page(500, DEFAULT_MESSAGES[500])
