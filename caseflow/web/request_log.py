"""Every request gets an id (``services.operations.request_ids``) before anything else
runs, returns it as X-Request-ID and ends with one line in the request log: method, path
(without the query, which may hold search terms), status, duration in milliseconds, the
user's id when a user was loaded, and the request id. The user is only read when an
earlier hook or the view already loaded it, so a static file or probe costs no query."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from caseflow.services.operations import logs, metrics, request_ids

logger = logging.getLogger(logs.REQUESTS)
LOADED_USER_ID = "loaded_user_id"


def _begin() -> None:
    request_id = request_ids.choose(request.headers.get(request_ids.HEADER))
    g.request_id = request_id
    g.request_id_token = request_ids.begin(request_id)
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id is None:
        return response
    response.headers[request_ids.HEADER] = request_id
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    metrics.observe_request(request.endpoint, request.method, seconds)
    logger.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 1),
            "user_id": _loaded_user_id(),
        },
    )
    return response


def _loaded_user_id() -> int | None:
    # Noted when the session's user was loaded (web.auth.load_user): reading ``user.id``
    # here, after the request's commit expired the object, would cost a query per request.
    user_id = g.get(LOADED_USER_ID)
    return user_id if isinstance(user_id, int) else None


def _reset(exc: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_ids.end(token)


def register(app: Flask) -> None:
    """After the blueprints: the id is given first of all before-request hooks (the
    throttle and the probes put theirs at the front as their blueprints register), and the
    line is written last of all after-request hooks, with the final status."""
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
    app.teardown_request(_reset)
