"""/metrics for Prometheus: absent (404) without METRICS_TOKEN, 401 without that token as
bearer; request latency per endpoint, transitions, task failures from the process, and the
mails and reminders sent and the outbox's waiting mails and oldest age from the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from celery import signals
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from caseflow import tasks
from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import MailMessage, User
from caseflow.models.notification import DELIVERED
from tests.conftest import login
from tests.factories import issued_case

TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture
def scraper(app: Flask, client: FlaskClient) -> FlaskClient:
    app.config["METRICS_TOKEN"] = TOKEN
    return client


def scrape(client: FlaskClient) -> dict[str, float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            values[f"{sample.name}{{{labels}}}"] = sample.value
    return values


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_absent_without_a_token_configured(client: FlaskClient) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer x"}).status_code == 404


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"]
)
def test_refused_without_the_token(scraper: FlaskClient, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = scraper.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert b"caseflow_" not in response.data


def test_request_latency_per_endpoint(scraper: FlaskClient) -> None:
    before = sample(
        "caseflow_request_duration_seconds_count", endpoint="health.healthz", method="GET"
    )
    unmatched = sample(
        "caseflow_request_duration_seconds_count", endpoint="unmatched", method="GET"
    )
    scraper.get("/healthz")
    scraper.get("/healthz")
    scraper.get("/bestaat/niet/123")
    values = scrape(scraper)
    key = "caseflow_request_duration_seconds_count{endpoint=health.healthz,method=GET}"
    assert values[key] == before + 2
    assert values[key.replace("health.healthz", "unmatched")] == unmatched + 1
    assert not any("/bestaat" in name for name in values)  # paths never become labels


def test_transitions_are_counted_after_the_commit(
    scraper: FlaskClient, users: dict[str, User]
) -> None:
    labels = {"case_type": "omvangswijziging", "action": "uitbrengen"}
    before = sample("caseflow_transitions_total", **labels)
    issued_case(users)
    assert (
        scrape(scraper)["caseflow_transitions_total{action=uitbrengen,case_type=omvangswijziging}"]
        == before + 1
    )


def test_task_failures_per_task() -> None:
    before = sample("caseflow_task_failures_total", task="caseflow.tasks.deliver_mail")
    signals.task_failure.send(sender=tasks.deliver_mail, task_id="t-1", exception=OSError())
    assert sample("caseflow_task_failures_total", task="caseflow.tasks.deliver_mail") == before + 1


def test_outbox_and_what_was_sent_come_from_the_database(scraper: FlaskClient) -> None:
    empty = scrape(scraper)
    assert empty["caseflow_outbox_waiting{}"] == 0
    assert empty["caseflow_outbox_oldest_age_seconds{}"] == 0
    assert empty["caseflow_mails_sent_total{}"] == 0
    assert empty["caseflow_reminders_sent_total{}"] == 0
    now = utcnow()
    for key, age, status in (("a", 600, None), ("b", 60, None), ("c", 3600, DELIVERED)):
        message = MailMessage(
            key=key,
            to_address=f"{key}@test.nl",
            subject="s",
            body="b",
            created_at=now - timedelta(seconds=age),
        )
        if status:
            message.status = status
        db.session.add(message)
    db.session.commit()
    values = scrape(scraper)
    assert values["caseflow_outbox_waiting{}"] == 2
    assert 600 <= values["caseflow_outbox_oldest_age_seconds{}"] < 3600
    assert values["caseflow_mails_sent_total{}"] == 1


def test_a_logged_in_administrator_without_the_token_is_refused(
    scraper: FlaskClient, users: dict[str, User]
) -> None:
    login(scraper, users["beheerder"])
    assert scraper.get("/metrics").status_code == 401
