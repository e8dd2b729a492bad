"""``/healthz`` and ``/readyz`` for load balancers, systemd and container runtimes, and
``/metrics`` for Prometheus (with ``METRICS_TOKEN`` as bearer token): no login, no CSRF
(GET only), no session. Before every other request hook a probe is made
anonymous (as the API does for its requests), so the session guard, the second-factor
check and the route check never load a user for it; the route check lets the PUBLIC
lines through."""

from __future__ import annotations

import hmac

from flask import Blueprint, Flask, Response, abort, current_app, g, jsonify, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import WWWAuthenticate

from caseflow.extensions import login_manager
from caseflow.services.operations import health
from caseflow.services.operations import metrics as operations_metrics

bp = Blueprint("health", __name__)
PROBES = frozenset({"health.healthz", "health.readyz", "health.metrics"})


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process answers; nothing else is asked (a database outage must not make the
    process manager restart healthy web workers)."""
    return _no_store(jsonify(status="ok"), 200)


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Ready to serve: database, migrations at head and broker; 503 with every check's
    result when one fails, so the load balancer takes this process out of rotation."""
    result = health.readiness()
    return _no_store(jsonify(result.as_json()), 200 if result.ok else 503)


@bp.get("/metrics")
def metrics() -> ResponseReturnValue:
    """Prometheus' scrape: 404 unless METRICS_TOKEN is set (the endpoint does not exist
    then), 401 without that token as bearer."""
    expected = str(current_app.config["METRICS_TOKEN"])
    if not expected:
        abort(404)
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        refused = Response("401 Unauthorized\n", 401, mimetype="text/plain")
        refused.www_authenticate = WWWAuthenticate("bearer", {"realm": "metrics"})
        return _no_store(refused, 401)
    response = Response(operations_metrics.exposition(), mimetype=None)
    response.headers["Content-Type"] = operations_metrics.CONTENT_TYPE
    return _no_store(response, 200)


def _no_store(response: Response, status: int) -> Response:
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _anonymous_probe() -> None:
    if request.endpoint in PROBES:
        g._login_user = login_manager.anonymous_user()


@bp.record_once
def _probes_first(state: BlueprintSetupState) -> None:
    app = state.app
    assert isinstance(app, Flask)  # the blueprint is only ever on a Flask app
    app.before_request_funcs.setdefault(None, []).insert(0, _anonymous_probe)
