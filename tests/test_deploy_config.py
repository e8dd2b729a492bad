"""The production set-up as shipped: Celery's reliability settings, the gunicorn
configuration (tests/integration/test_gunicorn.py starts it) and the systemd units."""

from __future__ import annotations

import configparser
import runpy
from typing import Any

import pytest
from flask import Flask

from caseflow import ROOT, create_app
from caseflow.extensions import db

DEPLOY = ROOT / "deploy"
UNITS = ("caseflow-web", "caseflow-worker", "caseflow-beat")


def test_celery_acknowledges_late_and_prefetches_one(app: Flask) -> None:
    conf = app.extensions["celery"].conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit == 1800
    assert conf.worker_cancel_long_running_tasks_on_connection_loss is True


def test_redis_redelivers_only_after_the_longest_task(app: Flask) -> None:
    redis_app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "TASK_TIME_LIMIT_SECONDS": 900,
        }
    )
    try:
        conf = redis_app.extensions["celery"].conf
        assert conf.broker_url == "redis://127.0.0.1:6379/0"
        assert conf.task_time_limit == 900
        assert conf.broker_transport_options["visibility_timeout"] == 1800
        assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit
    finally:
        with redis_app.app_context():
            db.engine.dispose()


def gunicorn_settings(monkeypatch: pytest.MonkeyPatch, **environ: str) -> dict[str, Any]:
    for name in (
        "GUNICORN_WORKERS",
        "GUNICORN_THREADS",
        "GUNICORN_PRELOAD",
        "GUNICORN_MAX_WORKERS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_workers_follow_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = gunicorn_settings(monkeypatch)
    count = settings["worker_count"]
    assert [count(cores, 12) for cores in (None, 1, 2, 4, 8)] == [3, 3, 5, 9, 12]
    assert settings["workers"] == count(settings["_cores"](), 12)
    assert gunicorn_settings(monkeypatch, GUNICORN_MAX_WORKERS="4")["workers"] <= 4
    assert gunicorn_settings(monkeypatch, GUNICORN_WORKERS="7")["workers"] == 7


def test_gunicorn_settings_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = gunicorn_settings(monkeypatch)
    assert settings["worker_class"] == "sync" and settings["threads"] == 1
    assert settings["timeout"] == 60 and settings["graceful_timeout"] == 30
    assert settings["max_requests"] > 0 and settings["max_requests_jitter"] > 0
    assert settings["preload_app"] is False
    assert "%({x-request-id}o)s" in settings["access_log_format"]
    threaded = gunicorn_settings(monkeypatch, GUNICORN_THREADS="4", GUNICORN_PRELOAD="1")
    assert threaded["worker_class"] == "gthread" and threaded["preload_app"] is True


def unit(name: str) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string((DEPLOY / "systemd" / f"{name}.service").read_text())
    return parser


@pytest.mark.parametrize("name", UNITS)
def test_units_restart_check_and_are_hardened(name: str) -> None:
    service = unit(name)["Service"]
    assert service["Restart"] == "on-failure"
    assert service["User"] == "caseflow" and service["Group"] == "caseflow"
    assert service["EnvironmentFile"] == "/etc/caseflow/caseflow.env"
    assert service["ExecStartPre"].endswith("flask --app wsgi caseflow check-config")
    assert service["NoNewPrivileges"] == "yes" and service["ProtectSystem"] == "strict"
    assert service["ProtectHome"] == "yes" and service["PrivateTmp"] == "yes"
    assert service["CapabilityBoundingSet"] == ""


def test_the_units_start_what_the_documentation_says() -> None:
    web = unit("caseflow-web")["Service"]["ExecStart"]
    assert web.endswith("gunicorn --config deploy/gunicorn.conf.py wsgi:app")
    worker = " ".join(unit("caseflow-worker")["Service"]["ExecStart"].split())
    assert "celery --app wsgi:celery worker" in worker
    assert "--prefetch-multiplier=1" in worker and "-B" not in worker.split()
    beat = unit("caseflow-beat")["Service"]["ExecStart"]
    assert beat.endswith("celery --app wsgi:celery beat --loglevel=INFO")


def test_the_pool_is_sized_by_the_settings(app: Flask) -> None:
    assert app.extensions["sqlalchemy"].engines[None].pool.size() == 5
    sized = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "DATABASE_POOL_SIZE": 2,
            "DATABASE_MAX_OVERFLOW": 1,
        }
    )
    try:
        with sized.app_context():
            pool: Any = db.engine.pool
            assert (pool.size(), pool._max_overflow, db.engine.pool._pre_ping) == (2, 1, True)
    finally:
        with sized.app_context():
            db.engine.dispose()
