"""Prometheus metrics, served at ``/metrics`` to a scraper that holds ``METRICS_TOKEN``.

In the process: request latency per endpoint (a histogram), transitions performed per case
type and action, and task failures per task (in the Celery worker, from its signals). At
each scrape, from the database, so that every machine's work counts whichever process
answers: reminders and mails sent, and the age of the oldest mail still waiting in the
outbox and how many wait (each one query on a status index).

Several processes (gunicorn workers, Celery's pool) each count for themselves. With
``PROMETHEUS_MULTIPROC_DIR`` set (the same empty folder for every process on the machine,
e.g. the units' RuntimeDirectory) prometheus_client writes the counts to files there and
the scrape adds up all processes of the machine; without it a scrape sees only the process
that answers it (docs/deploy.md)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from celery import signals
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import MailMessage, Reminder
from caseflow.models.deadline import SENT
from caseflow.models.notification import DELIVERED, QUEUED

CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUEST_LATENCY = Histogram(
    "caseflow_request_duration_seconds",
    "Time from the first to the last request hook, per endpoint and method.",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)
TRANSITIONS = Counter(
    "caseflow_transitions_total",
    "Workflow actions performed (committed), per case type and action.",
    ["case_type", "action"],
)
TASK_FAILURES = Counter(
    "caseflow_task_failures_total", "Background tasks that ended in an error, per task.", ["task"]
)


def observe_request(endpoint: str | None, method: str, seconds: float) -> None:
    # The endpoint name, never the path: a bounded set of labels whatever clients ask for.
    REQUEST_LATENCY.labels(endpoint or "unmatched", method).observe(seconds)


def transition_performed(case_type: str, action: str) -> None:
    TRANSITIONS.labels(case_type, action).inc()


class OutboxCollector(Collector):
    """Read at each scrape, from the database the application uses."""

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        with db.engine.connect() as conn:
            oldest, waiting = conn.execute(
                select(func.min(MailMessage.created_at), func.count()).where(
                    MailMessage.status == QUEUED
                )
            ).one()
            mails = conn.scalar(
                select(func.count()).select_from(MailMessage).where(MailMessage.status == DELIVERED)
            )
            reminders = conn.scalar(
                select(func.count()).select_from(Reminder).where(Reminder.status == SENT)
            )
        yield CounterMetricFamily(
            "caseflow_mails_sent", "Mails delivered from the outbox.", value=int(mails or 0)
        )
        yield CounterMetricFamily(
            "caseflow_reminders_sent",
            "Deadline reminders sent (notification and mail written).",
            value=int(reminders or 0),
        )
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        yield GaugeMetricFamily(
            "caseflow_outbox_oldest_age_seconds",
            "Age of the oldest mail waiting in the outbox (0 when none waits).",
            value=max(age, 0.0),
        )
        yield GaugeMetricFamily(
            "caseflow_outbox_waiting", "Mails waiting in the outbox.", value=int(waiting)
        )


def exposition() -> bytes:
    """The text format of every metric of this machine's processes and of the outbox."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(OutboxCollector())
        return generate_latest(registry)
    registry.register(OutboxCollector())
    return generate_latest(REGISTRY) + generate_latest(registry)


# ------------------------------------------------------------------------- Celery tasks


def _task_failed(sender: Any = None, **extra: Any) -> None:
    TASK_FAILURES.labels(getattr(sender, "name", "unknown")).inc()


def count_tasks() -> None:
    """Connect the worker's task signal (idempotent: once per process)."""
    signals.task_failure.connect(_task_failed, weak=False, dispatch_uid="caseflow-metrics-fail")
