"""Errors under /api/ as ``application/problem+json`` (RFC 9457) with a Dutch ``title``:
``{"type", "title", "status", "detail"}``, plus ``errors`` per field for invalid input.
Every other path keeps the HTML error pages of ``web.errors``.

The web layer registers the application's error handlers (a routing 404 or 405 has no
blueprint, so only application-wide handlers see it). ``register`` puts the API's answer in
front of each of them: a request under /api/ gets a problem, any other the page as before.
The handlers stay the web's; nothing here imports the web layer."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import Any

from flask import Flask, Response, current_app, json, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from caseflow.domain.errors import DomainError, ValidationFailed
from caseflow.extensions import db

API_PREFIX = "/api/"
MIMETYPE = "application/problem+json"
RETRY_AFTER_SECONDS = 60
UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)

TITLES = {
    400: _l("Ongeldig verzoek"),
    401: _l("Niet ingelogd"),
    403: _l("Geen toestemming"),
    404: _l("Niet gevonden"),
    405: _l("Methode niet toegestaan"),
    406: _l("Niet aanvaardbaar"),
    409: _l("Conflict"),
    412: _l("Voorwaarde niet vervuld"),
    413: _l("Bestand te groot"),
    415: _l("Niet-ondersteund mediatype"),
    422: _l("Ongeldige invoer"),
    428: _l("Voorwaarde vereist"),
    429: _l("Te veel verzoeken"),
    500: _l("Er ging iets mis"),
    503: _l("Tijdelijk niet beschikbaar"),
}
DETAILS = {
    400: _l("Dit verzoek kan niet worden verwerkt."),
    401: _l("Geef een geldig API-token mee: Authorization: Bearer <token>."),
    404: _l("Dit adres bestaat niet of u heeft er geen toegang toe."),
    405: _l("Deze methode is op dit adres niet toegestaan."),
    412: _l("De zaak is intussen gewijzigd; haal haar opnieuw op."),
    422: _l("Niet alle invoer is geldig; zie errors per veld."),
    428: _l("Geef de versie die u wijzigt mee in If-Match."),
    429: _l("Te veel verzoeken met dit token; probeer het later opnieuw."),
    500: _l("Er ging aan onze kant iets mis. Er is niets opgeslagen; probeer het opnieuw."),
    503: _l("caseflow is tijdelijk niet beschikbaar. Probeer het over een paar minuten opnieuw."),
}
# Headers of an HTTP error that belong in the problem answer too.
KEPT_HEADERS = frozenset({"allow", "retry-after", "www-authenticate"})


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem(
    status: int,
    detail: str = "",
    *,
    errors: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """A problem answer; the title (and a missing detail) in Dutch, whatever the user's
    language: the API speaks one language to the systems that read it."""
    with force_locale("nl"):
        body: dict[str, Any] = {
            "type": "about:blank",
            "title": str(TITLES.get(status, _l("Fout"))),
            "status": status,
            "detail": detail or str(DETAILS.get(status, "")),
        }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=MIMETYPE
    )
    response.headers.update(headers or {})
    return response


def problem_for(exc: BaseException) -> Response:
    """The problem answer for any exception raised while serving an API request."""
    if isinstance(exc, DomainError):
        _forget_transaction()
        errors = exc.fields if isinstance(exc, ValidationFailed) else None
        return problem(exc.status, exc.message, errors=errors)
    if isinstance(exc, HTTPException):
        status = exc.code or 500
        data = getattr(exc, "data", None) or {}
        errors = data.get("errors") or data.get("messages")  # webargs' validation errors
        # Werkzeug's own descriptions are English: only a message of ours is passed on.
        ours = exc.description if exc.description != type(exc).description else ""
        detail = str(ours or "") if status in (400, 403, 409, 412, 422, 428) else ""
        headers = {k: v for k, v in exc.get_headers() if k.lower() in KEPT_HEADERS}
        return problem(status, detail, errors=errors, headers=headers)
    _forget_transaction()
    if isinstance(exc, UNAVAILABLE):
        current_app.logger.error("Database niet bereikbaar: %s", exc)
        return problem(503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    current_app.logger.exception("Onverwachte fout in de API", exc_info=exc)
    return problem(500)


def _forget_transaction() -> None:
    with suppress(SQLAlchemyError, *UNAVAILABLE):
        db.session.rollback()


def _api_first(handler: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def answer(exc: BaseException) -> ResponseReturnValue:
        return problem_for(exc) if is_api_request() else handler(exc)

    answer.__doc__ = handler.__doc__
    return answer


def register(app: Flask) -> None:
    """After the web's error handlers: each answers a problem under /api/ (see above)."""
    for by_class in app.error_handler_spec[None].values():
        for exc_class, handler in list(by_class.items()):
            by_class[exc_class] = _api_first(handler)
