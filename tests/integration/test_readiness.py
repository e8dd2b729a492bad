"""/readyz with a broker that answers: the shared Redis (see conftest: skipped without it
locally, required in CI)."""

from __future__ import annotations

from flask import Flask

from tests.web.test_health import other_app


def test_readyz_is_ready_with_a_redis_that_answers(app: Flask, shared_redis: str) -> None:
    with other_app(app, REDIS_URL=shared_redis) as probe_app:
        response = probe_app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"]["broker"] == {"ok": True, "detail": "ok"}
