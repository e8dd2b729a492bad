"""The daily watch: beat runs it, an intact record gets a checkpoint, a broken one an alert
to every active administrator, once."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask
from sqlalchemy import func, select

from caseflow import tasks
from caseflow.extensions import db
from caseflow.models import AuditCheckpoint, Case, MailMessage, Notification, User
from tests.audit_attacks import event_ids, tamper, walked_case
from tests.conftest import make_user

Users = dict[str, User]


def _security_events(caplog: pytest.LogCaptureFixture, action: str) -> list[dict[str, object]]:
    lines = [r.getMessage() for r in caplog.records if r.name == "caseflow.security"]
    return [e for e in map(json.loads, lines) if e["action"] == action]


def test_beat_runs_the_watch_daily(app: Flask) -> None:
    entry = app.extensions["celery"].conf.beat_schedule["audit-watch"]
    assert entry["task"] == "caseflow.tasks.watch_audit"
    assert entry["task"] in app.extensions["celery"].tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {30})


def test_an_intact_record_gets_a_checkpoint_and_no_alert(
    users: Users, caplog: pytest.LogCaptureFixture
) -> None:
    walked_case(users)
    caplog.set_level(logging.INFO, logger="caseflow.security")
    assert tasks.watch_audit() == {"intact": True, "breaks": 0, "checkpoint": 1, "alerted": 0}
    assert tasks.watch_audit()["checkpoint"] == 2
    alerts = select(func.count(Notification.id)).where(Notification.key.startswith("audit:"))
    assert db.session.scalar(alerts) == 0
    assert [e["result"] for e in _security_events(caplog, "audit_verify")] == ["ok", "ok"]
    logged = _security_events(caplog, "audit_checkpoint")
    heads = [
        c.mac for c in db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id))
    ]
    assert [(e["object"], e["head"], e["heads"]) for e in logged] == [
        ("audit_checkpoint:1", heads[0], 1),
        ("audit_checkpoint:2", heads[1], 0),
    ]


def test_a_broken_record_alerts_every_active_administrator_once(
    users: Users, caplog: pytest.LogCaptureFixture
) -> None:
    second = make_user("beheerder", email="beheerder2@test.nl")
    gone = make_user("beheerder", email="oud-beheerder@test.nl")
    gone.active = False
    db.session.commit()
    case_id = walked_case(users)
    tasks.watch_audit()
    tamper("DELETE FROM case_events WHERE id = :id", id=max(event_ids(case_id)))
    caplog.set_level(logging.INFO, logger="caseflow.security")
    caplog.clear()  # only the runs after the tampering

    outcome = tasks.watch_audit()
    again = tasks.watch_audit()

    assert outcome == {"intact": False, "breaks": 1, "checkpoint": None, "alerted": 2}
    assert again == {"intact": False, "breaks": 1, "checkpoint": None, "alerted": 0}
    assert db.session.scalar(select(func.count(AuditCheckpoint.id))) == 1  # nothing vouched
    reference = db.session.get(Case, case_id).reference
    mails = list(
        db.session.scalars(
            select(MailMessage).where(MailMessage.key.startswith("audit:")).order_by(MailMessage.id)
        )
    )
    assert [m.to_address for m in mails] == [users["beheerder"].email, second.email]
    assert mails[0].subject == "[caseflow] Audit-record niet meer intact"
    assert f"Eerste breuk: zaak {reference}, gebeurtenis" in mails[0].body
    assert "ontbreekt na controlepunt 1" in mails[0].body
    assert "Beste Beheerder BZK" in mails[0].body
    notes = list(
        db.session.scalars(
            select(Notification)
            .where(Notification.key.startswith("audit:"))
            .order_by(Notification.id)
        )
    )
    assert [(n.user_id, n.case_id) for n in notes] == [
        (users["beheerder"].id, None),
        (second.id, None),
    ]
    assert notes[0].text.startswith("Het audit-record is niet meer intact.")
    failed = _security_events(caplog, "audit_verify")
    assert [e["result"] for e in failed] == ["failed", "failed"]
    assert "[missing_after_checkpoint]" in str(failed[0]["first_break"])
