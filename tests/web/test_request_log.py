"""The request id: given to every request (or taken from a sane X-Request-ID), returned,
written in the JSON request log line with method, path, status, duration and user, carried
into the Celery tasks a request starts and into the headers of the mail a task sends."""

from __future__ import annotations

import email
import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import signals
from flask import Flask
from flask.testing import FlaskClient

from caseflow import create_app, tasks
from caseflow.models import User
from caseflow.services.messaging import mail
from caseflow.services.operations import logs, request_ids
from tests.conftest import login
from tests.services.test_mail import outbox, queue  # noqa: F401 - the fixture is used

HEADER = "X-Request-ID"


class Lines(logging.Handler):
    """Formats each record as it is logged, with the production JSON formatter."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logs.JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def request_lines() -> Iterator[list[dict[str, object]]]:
    handler = Lines()
    logger = logging.getLogger(logs.REQUESTS)
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


def is_uuid4(value: str) -> bool:
    try:
        return uuid.UUID(value).version == 4
    except ValueError:
        return False


def test_every_request_gets_a_new_id(client: FlaskClient) -> None:
    first = client.get("/inloggen").headers[HEADER]
    second = client.get("/bestaat-niet").headers[HEADER]
    assert is_uuid4(first) and is_uuid4(second) and first != second


@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("3f2a9c1e-7b44-4d0e-9a51-0c6f1e2d3b4a", True),
        ("b1946ac92492d2347c6235b4d2611184", True),  # nginx's $request_id
        ("proxy-7.eu:42", True),
        ("a" * 129, False),
        ("twee woorden", False),
        ('x" "injected', False),
        ("-leading-dash", False),
    ],
)
def test_a_sane_incoming_id_is_kept(client: FlaskClient, incoming: str, kept: bool) -> None:
    answered = client.get("/healthz", headers={HEADER: incoming}).headers[HEADER]
    assert (answered == incoming) is kept
    if not kept:
        assert is_uuid4(answered)


def test_one_json_line_per_request_with_the_user(
    client: FlaskClient, users: dict[str, User], request_lines: list[dict[str, object]]
) -> None:
    user = users["adviseur"]
    login(client, user)
    request_lines.clear()
    response = client.get("/zaken?q=geheim", headers={HEADER: "trace-1"})
    assert response.status_code == 200
    [line] = request_lines
    assert line["request_id"] == "trace-1" and line["logger"] == "caseflow.requests"
    assert line["method"] == "GET" and line["path"] == "/zaken" and line["status"] == 200
    assert line["user_id"] == user.id
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert "geheim" not in json.dumps(line)  # the query string stays out of the log


def test_anonymous_and_refused_requests_are_logged_too(
    client: FlaskClient, request_lines: list[dict[str, object]]
) -> None:
    client.get("/healthz")
    client.post("/healthz")
    client.get("/zaken")  # not logged in: to the login page
    assert [(line["path"], line["status"], line["user_id"]) for line in request_lines] == [
        ("/healthz", 200, None),
        ("/healthz", 405, None),
        ("/zaken", 302, None),
    ]
    assert all(is_uuid4(str(line["request_id"])) for line in request_lines)


def test_the_log_format_is_one_setting(app: Flask) -> None:
    assert isinstance(logs.formatter("json"), logs.JsonFormatter)
    assert isinstance(logs.formatter("text"), logs.TextFormatter)
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        create_app(
            {"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "LOG_FORMAT": "xml"}
        )


def test_application_lines_carry_the_request_id() -> None:
    record = logging.makeLogRecord({"name": "caseflow", "levelname": "ERROR", "msg": "mislukt"})
    token = request_ids.begin("trace-2")
    try:
        text = logs.formatter("text").format(record)
        line = json.loads(logs.formatter("json").format(record))
    finally:
        request_ids.end(token)
    assert "[trace-2] mislukt" in text
    assert line["request_id"] == "trace-2" and line["message"] == "mislukt"
    assert request_ids.current() is None


def test_a_task_published_in_a_request_carries_its_id(app: Flask) -> None:
    task = tasks.deliver_mail
    token = request_ids.begin("trace-3")
    headers: dict[str, object] = {}
    try:
        signals.before_task_publish.send(sender=task.name, headers=headers)
    finally:
        request_ids.end(token)
    assert headers[request_ids.TASK_HEADER] == "trace-3"
    assert run_in_worker(task, "t-1", headers) == "trace-3"
    assert request_ids.current() is None
    beat_run = run_in_worker(task, "t-2", {})  # started by beat: an id of its own
    assert beat_run is not None and is_uuid4(beat_run)


def run_in_worker(task: Any, task_id: str, headers: dict[str, object]) -> str | None:
    """As the worker does: the message's headers become the task's request context."""
    task.push_request(id=task_id, **headers)
    try:
        signals.task_prerun.send(sender=task, task_id=task_id, task=task)
        seen = request_ids.current()
        signals.task_postrun.send(sender=task, task_id=task_id, task=task)
    finally:
        task.pop_request()
    return seen


def test_a_sent_mail_names_the_run_that_sent_it(app: Flask, outbox: Path) -> None:  # noqa: F811
    queue("herinnering:1")
    token = request_ids.begin("run-4")
    try:
        assert mail.deliver_pending() == 1
    finally:
        request_ids.end(token)
    [written] = outbox.glob("*.eml")
    assert email.message_from_bytes(written.read_bytes())[HEADER] == "run-4"
