"""The Celery tasks: the reminder scan only scans (its mails wait in the outbox), the mail
delivery only delivers, and beat runs both at the same cadence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow import tasks
from caseflow.extensions import db
from caseflow.models import MailMessage, Notification, User
from caseflow.models.notification import DELIVERED, QUEUED
from caseflow.services.deadlines import reminders
from tests.deadline_helpers import file_with_reminder_on_filing_day, frozen_clock
from tests.services.test_mail import outbox, queue, stored

__all__ = ["outbox"]  # a fixture, used by name below

Users = dict[str, User]
FILED = date(2026, 12, 18)


def test_beat_runs_the_scan_and_the_delivery_at_the_same_cadence(app: Flask) -> None:
    celery = app.extensions["celery"]
    scan = celery.conf.beat_schedule["reminder-scan"]
    delivery = celery.conf.beat_schedule["mail-delivery"]
    assert (scan["task"], delivery["task"]) == (
        "caseflow.tasks.scan_reminders",
        "caseflow.tasks.deliver_mail",
    )
    assert scan["schedule"] == delivery["schedule"] == float(app.config["REMINDER_SCAN_SECONDS"])
    assert {scan["task"], delivery["task"]} <= set(celery.tasks)


def test_the_scan_leaves_its_mails_in_the_outbox_for_the_delivery(
    users: Users, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = frozen_clock(monkeypatch, FILED)
    monkeypatch.setattr(reminders, "local_today", clock.today)
    file_with_reminder_on_filing_day(users, clock, FILED)
    queued = len(db.session.scalars(select(MailMessage.id)).all())

    assert tasks.scan_reminders() == {"reminders": 1, "follow_ups": 0}
    assert tasks.scan_reminders() == {"reminders": 0, "follow_ups": 0}
    reminder_mail = select(Notification.id).where(Notification.key.startswith("reminder:"))
    assert db.session.scalars(reminder_mail).all()
    db.session.expire_all()
    mails = db.session.scalars(select(MailMessage)).all()
    assert len(mails) > queued and {m.status for m in mails} == {QUEUED}
    assert not list(outbox.glob("*.eml"))  # the scan sent nothing

    assert tasks.deliver_mail() == {"mails": len(mails)}
    assert len(list(outbox.glob("*.eml"))) == len(mails)
    assert tasks.deliver_mail() == {"mails": 0}


def test_the_delivery_sends_what_is_queued(app: Flask, outbox: Path) -> None:
    queue("los:1")
    assert tasks.deliver_mail() == {"mails": 1}
    assert stored("los:1").status == DELIVERED
    assert [p.name for p in outbox.glob("*.eml")] != []
