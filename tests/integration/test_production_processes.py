"""The production processes as deploy/ starts them: gunicorn with deploy/gunicorn.conf.py
answers the probes and logs the request id in its access log and in the application's JSON
line; a Celery worker (without beat) runs a task published inside a request with that
request's id, which the mail it sends carries."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import requests
from flask import Flask

from caseflow import tasks
from caseflow.extensions import db
from caseflow.models import MailMessage
from caseflow.services.operations import request_ids
from tests.integration import support


def test_gunicorn_serves_probes_and_metrics_and_logs_the_request_id(
    database_url: str, instance: Path, tmp_path: Path
) -> None:
    port = support.free_port()
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    env = support.process_env(
        database_url,
        "",
        instance,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        CASEFLOW_LOG_FORMAT="json",
        CASEFLOW_METRICS_TOKEN="itest-token",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        proc = support._spawn(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
            cwd=support.REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            support.wait_until(lambda: _answers(f"{base}/healthz"), 60, "gunicorn answering")
            ready = requests.get(f"{base}/readyz", headers={"X-Request-ID": "itest-1"}, timeout=10)
            assert ready.status_code == 200, ready.text
            assert ready.headers["X-Request-ID"] == "itest-1"
            for _ in range(10):  # spread over both workers
                assert requests.get(f"{base}/healthz", timeout=10).status_code == 200
            scraped = requests.get(
                f"{base}/metrics", headers={"Authorization": "Bearer itest-token"}, timeout=10
            )
            assert scraped.status_code == 200, scraped.text
        finally:
            support._stop_group(proc, grace=10)
    # Every worker's count, added up from the multiprocess folder: the probe before the
    # loop and the ten in it.
    counts = [
        line
        for line in scraped.text.splitlines()
        if line.startswith("caseflow_request_duration_seconds_count")
        and 'endpoint="health.healthz"' in line
    ]
    assert len(counts) == 1 and float(counts[0].split()[-1]) >= 11, scraped.text[:2000]
    assert "caseflow_outbox_waiting 0.0" in scraped.text
    output = log_path.read_text(errors="replace")
    assert '"GET /readyz HTTP/1.1" 200' in output and "request_id=itest-1" in output
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    [request_line] = [line for line in lines if line.get("path") == "/readyz"]
    assert request_line["request_id"] == "itest-1" and request_line["status"] == 200
    assert request_line["logger"] == "caseflow.requests" and request_line["user_id"] is None


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_a_task_started_in_a_request_runs_and_mails_with_its_id(
    shared_redis: str,
    make_app: Callable[[str], Flask],
    database_url: str,
    instance: Path,
    tmp_path: Path,
) -> None:
    app = make_app(shared_redis)
    with app.app_context():
        db.session.add(
            MailMessage(key="itest:1", to_address="a@test.nl", subject="Herinnering", body="x")
        )
        db.session.commit()
        token = request_ids.begin("itest-2")
        try:
            tasks.deliver_mail.apply_async()
        finally:
            request_ids.end(token)
    env = support.process_env(database_url, shared_redis, instance)
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        proc = support._spawn(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "wsgi:celery",
                "worker",  # no beat: only the task published above sends the mail
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=support.REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        outbox = instance / "outbox"
        try:
            support.wait_until(lambda: any(outbox.glob("*.eml")), 60, "the mail sent")
        finally:
            support._stop_group(proc, grace=10)
    [sent] = outbox.glob("*.eml")
    assert email.message_from_bytes(sent.read_bytes())["X-Request-ID"] == "itest-2", (
        log_path.read_text(errors="replace")[-3000:]
    )
