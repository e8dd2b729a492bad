"""Who an API request speaks for: the bearer token's user, never a session cookie.

Before every request under /api/ (as the very first check) the user is set to anonymous,
so the session guard and the route check of the screens never read the session's user
there: a logged-in browser cannot use the API, and the API needs no CSRF token. The API's
own check then authenticates the bearer token (401 without a valid one), counts the request
against the token's rate limit (429), refuses writes to a read-only token (403) and asks
the permissions table's ``ROUTES`` line of the endpoint, as the screens do (403)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app, g, request
from flask_babel import gettext as _
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import TooManyRequests, Unauthorized

from caseflow.api.problems import is_api_request
from caseflow.domain.errors import NotAllowed
from caseflow.extensions import login_manager
from caseflow.services import permissions
from caseflow.services.accounts import api_tokens, security_log, throttling

if TYPE_CHECKING:
    from caseflow.models import User

UNDECIDED = "Voor dit adres is niet vastgelegd wie het mag gebruiken."
_LIMITS = "caseflow.api_limits"


def init_app(app: Flask) -> None:
    app.config.setdefault("API_RATE_LIMITS", ["120 per 1 minute", "2000 per 1 hour"])
    app.extensions[_LIMITS] = throttling.parse_limits(list(app.config["API_RATE_LIMITS"]))
    # First of all before-request functions: before the session guard and the route check.
    app.before_request_funcs.setdefault(None, []).insert(0, _no_session_user)


def _no_session_user() -> None:
    if is_api_request():
        g._login_user = login_manager.anonymous_user()


def authenticate() -> None:
    """Before every API view (not the OpenAPI document, which is public)."""
    scheme, _space, raw = request.headers.get("Authorization", "").partition(" ")
    bearer = api_tokens.authenticate(raw.strip()) if scheme.lower() == "bearer" else None
    if bearer is None:
        security_log.event("api_token", "refused", obj=f"{request.method} {request.path}")
        raise Unauthorized(
            _("Geef een geldig API-token mee: Authorization: Bearer <token>."),
            www_authenticate=WWWAuthenticate("bearer", {"realm": "caseflow"}),
        )
    wait = throttling.within_limits(
        current_app.extensions[_LIMITS], "api", "token", bearer.limit_key
    )
    if wait is not None:
        security_log.event(
            "api_token", "throttled", actor=bearer.user, obj=f"api_token:{bearer.token_id}"
        )
        raise TooManyRequests(retry_after=wait)
    g._login_user = bearer.user
    api_tokens.require_scope(bearer, request.method)
    needed = permissions.route_permission(request.endpoint)
    if needed is None:
        current_app.logger.error("Route zonder regel in de rechtentabel: %s", request.endpoint)
        raise NotAllowed(UNDECIDED)
    if needed != permissions.PUBLIC:
        permissions.require(bearer.user, needed)


def actor() -> User:
    """The token's user (set by ``authenticate``)."""
    user: User = g._login_user
    return user
