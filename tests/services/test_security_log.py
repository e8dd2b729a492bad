"""Security events reach the operator as bare JSON lines, one per event, without secrets,
also in a production app (not only under pytest's log capture)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow import create_app
from caseflow.models import User
from caseflow.services.accounts import security_log
from tests.conftest import login

Users = dict[str, User]


@pytest.fixture
def fresh_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("caseflow.security")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    logger.handlers.clear()
    yield logger
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:] = saved[0]
    logger.propagate, logger.level = saved[1], saved[2]


def test_a_production_app_writes_json_lines_to_the_security_log_file(
    app: Flask, tmp_path: Path, fresh_logger: logging.Logger
) -> None:
    path = tmp_path / "security.log"
    production = create_app(
        {
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x" * 32,
            "SECURITY_LOG_FILE": str(path),
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    create_app(  # a second app in the same process adds no second handler
        {
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "x" * 32,
            "SECURITY_LOG_FILE": str(path),
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with production.test_request_context("/inloggen", environ_base={"REMOTE_ADDR": "10.1.2.3"}):
        security_log.event("login", "failed", actor="a@b.nl", password="geheim", reason="x")
    for handler in fresh_logger.handlers:
        handler.flush()
    [line] = path.read_text().splitlines()
    record = json.loads(line)
    assert (record["action"], record["result"], record["actor"]) == ("login", "failed", "a@b.nl")
    assert record["address"] == "10.1.2.3" and record["reason"] == "x"
    assert "password" not in record and "geheim" not in line
    assert not fresh_logger.propagate  # not printed a second time by the app's own log


def _events(caplog: pytest.LogCaptureFixture, action: str) -> list[dict[str, object]]:
    lines = [r.getMessage() for r in caplog.records if r.name == "caseflow.security"]
    return [e for e in map(json.loads, lines) if e["action"] == action]


def test_refusals_csrf_failures_and_exports_are_security_events(
    client: FlaskClient, csrf_app: Flask, users: Users, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="caseflow.security")
    login(client, users["ministerie"])
    assert client.get("/beheer/gebruikers").status_code == 403
    [refused] = _events(caplog, "forbidden")
    assert refused["actor"] == users["ministerie"].email
    assert refused["object"] == "GET /beheer/gebruikers" and refused["result"] == "refused"

    download = client.get("/zaken/export.csv")
    assert download.status_code == 200 and download.get_data().startswith(b"\xef\xbb\xbf")
    [export] = _events(caplog, "export")
    assert (export["actor"], export["object"]) == (users["ministerie"].email, "zaken")

    protected = csrf_app.test_client()
    login(protected, users["adviseur"])
    assert protected.post("/voorkeuren", data={"locale": "en"}).status_code == 400
    [csrf] = [e for e in _events(caplog, "csrf") if e["object"] == "POST /voorkeuren"]
    assert (csrf["actor"], csrf["result"]) == (users["adviseur"].email, "refused")
