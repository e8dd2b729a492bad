"""/healthz (the process answers, no database) and /readyz (database, migrations at head,
broker): public, outside the session guard, and 503 with every check's result when one
fails. The broker that answers is in tests/integration/test_readiness.py (real Redis)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text

from caseflow import create_app
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.operations import health
from caseflow.services.unit_of_work import transaction
from tests.conftest import login


@contextmanager
def other_app(app: Flask, **config: Any) -> Iterator[Flask]:
    settings = {
        "TESTING": True,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "SECRET_KEY": "test-secret-key",
        **config,
    }
    probe_app = create_app(settings)
    try:
        yield probe_app
    finally:
        with probe_app.app_context():
            db.session.remove()
            db.engine.dispose()


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_healthz_answers_without_the_database(app: Flask, tmp_path: Path) -> None:
    unreachable = f"sqlite:///{tmp_path / 'missing' / 'folder' / 'db.sqlite3'}"
    with other_app(app, DATABASE_URL=unreachable) as down:
        client = down.test_client()
        with statements(down) as seen:
            response = client.get("/healthz")
        assert response.status_code == 200
        assert response.get_json() == {"status": "ok"}
        assert response.headers["Cache-Control"] == "no-store"
        assert seen == []
        ready = client.get("/readyz")
        assert ready.status_code == 503
        checks = ready.get_json()["checks"]
        assert ready.get_json()["status"] == "unavailable"
        assert checks["database"]["ok"] is False
        assert checks["migrations"]["ok"] is False


def test_readyz_is_ready_on_a_migrated_database(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "broker"}
    assert all(check["ok"] for check in body["checks"].values())
    head = ScriptDirectory(str(health.MIGRATIONS)).get_current_head()
    assert body["checks"]["migrations"]["detail"] == head
    assert body["checks"]["broker"]["detail"] == "embedded (no REDIS_URL)"


def test_readyz_fails_when_the_broker_does_not_answer(app: Flask) -> None:
    with other_app(app, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0") as probe_app:
        response = probe_app.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["broker"]["ok"] is False
    assert checks["database"]["ok"] is True and checks["migrations"]["ok"] is True


def test_readyz_fails_on_a_database_behind_the_migrations(app: Flask, tmp_path: Path) -> None:
    scripts = ScriptDirectory(str(health.MIGRATIONS))
    head = scripts.get_current_head()
    older = next(r.revision for r in scripts.walk_revisions() if r.revision != head)
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version VALUES (:rev)"), {"rev": older})
    engine.dispose()
    with other_app(app, DATABASE_URL=url) as old:
        response = old.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["migrations"] == {
        "ok": False,
        "detail": f"database at {older}, code at {head}",
    }


def test_probes_skip_the_session_guard_and_load_no_user(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    user = users["adviseur"]
    login(client, user)
    with transaction():
        user.must_change_password = True  # every screen now redirects to the password page
    assert client.get("/").status_code == 302
    with statements(app) as seen:
        response = client.get("/healthz")
    assert response.status_code == 200 and seen == []
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert "Set-Cookie" not in ready.headers


def test_probes_answer_anonymous_clients_and_refuse_posts(client: FlaskClient) -> None:
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.post("/healthz").status_code == 405
