"""Celery wiring after Flask's documented ``celery_init_app`` pattern.

Broker: Redis when ``CASEFLOW_REDIS_URL`` is set; otherwise kombu's filesystem transport in
``instance/broker`` so a fresh machine needs no server. Beat runs the reminder scan, the
mail delivery and the webhook delivery every ``REMINDER_SCAN_SECONDS``, the export builder
every ``EXPORT_SCAN_SECONDS``, the export expiry hourly and the audit watch daily; the web
application never talks to the broker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.schedules import crontab
from flask import Flask

from caseflow.services.operations import metrics, request_ids


def time_limits(app: Flask) -> tuple[int, int, int]:
    """(soft limit, hard limit, visibility timeout) in seconds. A task past the soft limit is
    told (SoftTimeLimitExceeded) and may stop cleanly; past the hard limit its worker process
    is replaced. Redis hands an unacknowledged message (acks late) to another worker after
    the visibility timeout, so that must exceed the longest a task can run, or a running
    task is started a second time: twice the hard limit."""
    hard = int(app.config["TASK_TIME_LIMIT_SECONDS"])
    return max(hard - 60, hard // 2), hard, 2 * hard


def broker_settings(app: Flask) -> dict[str, Any]:
    redis_url = app.config["REDIS_URL"]
    if redis_url:
        visibility = time_limits(app)[2]
        return {
            "broker_url": redis_url,
            "broker_transport_options": {"visibility_timeout": visibility},
        }
    folder = Path(app.instance_path) / "broker"
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "broker_url": "filesystem://",
        "broker_transport_options": {
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "store_processed": False,
            # kombu's default is a relative "control" folder in the working directory.
            "control_folder": str(folder / "control"),
        },
    }


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    soft_limit, hard_limit, _visibility = time_limits(app)
    celery.config_from_object(
        {
            **broker_settings(app),
            "task_ignore_result": True,
            # A task whose worker dies is delivered again; the tasks are idempotent.
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "task_soft_time_limit": soft_limit,
            "task_time_limit": hard_limit,
            # A lost broker connection cancels the running acks-late tasks: their messages
            # are delivered again anyway, and the task must not also finish here.
            "worker_cancel_long_running_tasks_on_connection_loss": True,
            "broker_connection_retry_on_startup": True,
            # Keep reconnecting however long the broker is away (the default gives up after
            # 100 attempts, about 45 minutes, and the worker exits); beat catches up after.
            "broker_connection_max_retries": None,
            "beat_schedule_filename": str(Path(app.instance_path) / "celerybeat-schedule"),
            "beat_schedule": {
                "reminder-scan": {
                    "task": "caseflow.tasks.scan_reminders",
                    "schedule": float(app.config["REMINDER_SCAN_SECONDS"]),
                },
                # The outbox at the same cadence, as its own task (see caseflow.tasks).
                "mail-delivery": {
                    "task": "caseflow.tasks.deliver_mail",
                    "schedule": float(app.config["REMINDER_SCAN_SECONDS"]),
                },
                # The webhook outbox likewise (each delivery waits out its own back-off).
                "webhook-delivery": {
                    "task": "caseflow.tasks.deliver_webhooks",
                    "schedule": float(app.config["REMINDER_SCAN_SECONDS"]),
                },
                # Export jobs asked for on the screens (the rows are their outbox).
                "export-build": {
                    "task": "caseflow.tasks.build_exports",
                    "schedule": float(app.config["EXPORT_SCAN_SECONDS"]),
                },
                # Hourly: export jobs and their files past their expiry are removed.
                "export-expiry": {
                    "task": "caseflow.tasks.expire_exports",
                    "schedule": crontab(minute=17),
                },
                # Daily, at night: verify the audit record, then checkpoint it or alert.
                "audit-watch": {
                    "task": "caseflow.tasks.watch_audit",
                    "schedule": crontab(hour=3, minute=30),
                },
            },
            "task_always_eager": bool(app.config.get("CELERY_ALWAYS_EAGER", False)),
            "timezone": "Europe/Amsterdam",
            "imports": ("caseflow.tasks",),
        }
    )
    celery.set_default()
    request_ids.carry_into_tasks()  # a task started by a request logs that request's id
    metrics.count_tasks()  # task failures, for /metrics
    app.extensions["celery"] = celery
    return celery
