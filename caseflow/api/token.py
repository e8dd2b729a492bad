"""The token endpoint of API clients: the OAuth2 client-credentials grant (RFC 6749,
section 4.4) at ``POST /api/v1/token`` (``services.accounts.api_clients``).

The client sends ``grant_type=client_credentials`` with its ``client_id`` and
``client_secret`` as a form (as RFC 6749 says), as JSON, or the id and secret as HTTP Basic
credentials; the answer is ``{"access_token", "token_type": "Bearer", "expires_in": 3600,
"scope"}``, not to be cached. Wrong, revoked or expired credentials are a 401 problem with
``"error": "invalid_client"``; another grant type a 400 with ``unsupported_grant_type``.
The grant counts against the client's rate limit (429), the same limit its access tokens
count against. This route is a plain Flask route outside the OpenAPI document (which
describes the bearer-token API; the grant's form is RFC 6749's), so schemathesis does not
send it; its own tests are tests/api/test_clients.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from flask import Blueprint, Response, current_app, json, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import TooManyRequests

from caseflow.api.problems import problem
from caseflow.services.accounts import api_clients, security_log, throttling

bp = Blueprint("api_token", __name__, url_prefix="/api/v1")

GRANT_TYPE = "client_credentials"
INVALID_CLIENT = "De client_id of het client_secret klopt niet, of de koppeling is ingetrokken."
UNSUPPORTED = "Alleen grant_type=client_credentials wordt ondersteund."
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_LIMITS = "caseflow.api_limits"  # the API's token limits (``auth.init_app``)


@bp.post("/token")
def grant() -> ResponseReturnValue:
    fields = _fields()
    if fields.get("grant_type") != GRANT_TYPE:
        return _oauth_problem(400, UNSUPPORTED, "unsupported_grant_type")
    client_id, secret = fields.get("client_id", ""), fields.get("client_secret", "")
    if request.authorization is not None and request.authorization.type == "basic":
        client_id = unquote_plus(request.authorization.username or "")
        secret = unquote_plus(request.authorization.password or "")
    client = api_clients.find(client_id)
    key = f"client:{client.id}" if client else f"unknown:{request.remote_addr}"
    wait = throttling.within_limits(current_app.extensions[_LIMITS], "api", "token", key)
    if wait is not None:
        raise TooManyRequests(retry_after=wait)
    made = api_clients.grant(client, secret)
    if made is None:
        security_log.event("api_client_grant", "refused", obj=f"client_id:{client_id[:40]}")
        headers = {"WWW-Authenticate": 'Basic realm="caseflow"'}
        return _oauth_problem(401, INVALID_CLIENT, "invalid_client", headers)
    body = {
        "access_token": made.token,
        "token_type": "Bearer",
        "expires_in": made.expires_in,
        "scope": made.scope,
    }
    return current_app.response_class(
        json.dumps(body), status=200, mimetype="application/json", headers=NO_STORE
    )


def _fields() -> dict[str, str]:
    """The grant's fields from a form or a JSON object (strings only)."""
    raw: Any = request.get_json(silent=True) if request.is_json else request.form
    if not hasattr(raw, "items"):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, str)}


def _oauth_problem(
    status: int, detail: str, error: str, headers: dict[str, str] | None = None
) -> Response:
    response = problem(status, detail, headers={**NO_STORE, **(headers or {})})
    body = json.loads(response.get_data())
    body["error"] = error
    response.set_data(json.dumps(body, ensure_ascii=False))
    return response
