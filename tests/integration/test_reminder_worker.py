"""Reminders through real processes: ``celery -A wsgi:celery worker -B`` against a real
Redis, a migrated database and the file outbox; a worker killed with SIGKILL while sending;
the broker stopped while people keep working.

"Exactly once" is checked at both ends: in the database (each due reminder processed,
notifications and mails unique per key, every mail delivered) and in the sink (one ``.eml``
per mail key, with the key as its Message-ID; none missing, none extra), and again after
a few more scans to show that nothing is sent a second time.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.deadline import PLANNED
from caseflow.models.notification import QUEUED
from tests.conftest import login
from tests.integration import support
from tests.web.helpers import act, file_case, state_of
from workflows.base import ADVISEUR, MINISTERIE

pytestmark = pytest.mark.integration

# Bounded waits (no timing assertions): generous for a loaded CI machine.
DELIVERY_TIMEOUT = 90
# Scans (one per second) after everything went out, to show that nothing goes out twice.
SETTLE_SECONDS = 3


def _start_worker(
    workers: list[support.Worker], database_url: str, redis_url: str, instance: Path
) -> support.Worker:
    worker = support.Worker(
        support.process_env(database_url, redis_url, instance),
        instance.parent / "worker.log",
    )
    workers.append(worker)
    worker.start()
    return worker


def _seed(app: Flask, advisers: int, cases: int) -> tuple[list[int], set[str], int]:
    """Users and overdue cases; (due reminder ids, expected reminder mail keys, ministry id)."""
    with app.app_context():
        users = support.make_users(advisers)
        people = [user for key, user in users.items() if key.startswith(ADVISEUR)]
        reminder_ids = support.file_overdue_cases(users[MINISTERIE], cases)
        keys = support.expected_reminder_keys(reminder_ids, people)
        ministry_id = users[MINISTERIE].id
        db.session.remove()
    assert len(reminder_ids) == cases  # one due reminder per case: its intake term expired
    return reminder_ids, keys, ministry_id


def _wait_all_out(
    app: Flask, worker: support.Worker, reminder_ids: list[int], keys: set[str]
) -> support.Snapshot:
    try:
        support.wait_until(
            lambda: support.snapshot(app).all_out(reminder_ids, keys),
            DELIVERY_TIMEOUT,
            "every due reminder processed and every mail in the outbox",
        )
    except TimeoutError as exc:
        raise AssertionError(support.describe(worker, support.snapshot(app).summary())) from exc
    done = support.snapshot(app)
    time.sleep(SETTLE_SECONDS)
    later = support.snapshot(app)
    assert later == done, "later scans changed what was sent"
    return later


def _assert_exactly_once(out: support.Snapshot, reminder_ids: list[int], keys: set[str]) -> None:
    reminder_notifications = {k for k in out.notification_keys if k.startswith("reminder:")}
    reminder_mails = {k for k in out.mail_status if k.startswith("reminder:")}
    assert reminder_notifications == keys
    assert reminder_mails == keys
    assert set(out.notification_keys.values()) == {1}
    assert set(out.notification_keys) == set(out.mail_status)
    assert set(out.mail_status.values()) == {"verzonden"}
    # The sink: exactly one file per mail key, carrying that key as its Message-ID.
    assert out.files == Counter({support.outbox_name(key): 1 for key in out.mail_status})
    assert out.message_ids == Counter(dict.fromkeys(out.mail_status, 1))
    assert all(out.reminder_status[rid] == "verstuurd" for rid in reminder_ids)
    # Each processed reminder planned its successor (verlopen-1), which is not due yet.
    assert Counter(out.reminder_status.values())[PLANNED] >= len(reminder_ids)


def test_worker_and_beat_send_each_due_reminder_once(
    shared_redis: str,
    make_app: Callable[[str], Flask],
    database_url: str,
    instance: Path,
    workers: list[support.Worker],
) -> None:
    app = make_app(shared_redis)
    reminder_ids, keys, _ = _seed(app, advisers=2, cases=12)
    assert len(keys) == 24
    assert not support.snapshot(app).files

    worker = _start_worker(workers, database_url, shared_redis, instance)
    out = _wait_all_out(app, worker, reminder_ids, keys)

    _assert_exactly_once(out, reminder_ids, keys)
    assert set(out.mail_attempts.values()) == {1}  # nothing crashed, nothing was retried
    assert "raised unexpected" not in worker.log()
    message = (instance / "outbox" / support.outbox_name(min(keys))).read_text()
    assert "To: adviseur" in message
    assert "Termijn intake" in message
    assert "is verlopen op" in message


def test_worker_killed_while_sending_every_reminder_goes_out_once(
    private_redis: support.RedisServer,
    make_app: Callable[[str], Flask],
    database_url: str,
    instance: Path,
    workers: list[support.Worker],
) -> None:
    # 120 overdue cases: 120 filing mails and 120 reminder mails, more than one scan sends
    # (100 per scan), so the kill always falls before the end.
    app = make_app(private_redis.url())
    reminder_ids, keys, _ = _seed(app, advisers=1, cases=120)
    outbox = instance / "outbox"

    worker = _start_worker(workers, database_url, private_redis.url(), instance)
    support.wait_until(
        lambda: outbox.is_dir() and any(outbox.glob("*.eml")),
        DELIVERY_TIMEOUT,
        "the first mail in the outbox",
        interval=0.005,
    )
    worker.kill()  # SIGKILL to the worker and its beat, in the middle of sending

    at_kill = support.snapshot(app)
    assert 0 < sum(at_kill.files.values()) < len(at_kill.mail_status), at_kill.summary()

    worker.start()
    out = _wait_all_out(app, worker, reminder_ids, keys)
    _assert_exactly_once(out, reminder_ids, keys)
    print(  # shown with pytest -s: how the kill fell
        f"\nat kill: {at_kill.summary()}; "
        f"retried after the lease: {sum(1 for a in out.mail_attempts.values() if a > 1)}"
    )


def test_broker_down_web_keeps_working_and_reminders_catch_up(
    private_redis: support.RedisServer,
    make_app: Callable[[str], Flask],
    database_url: str,
    instance: Path,
    workers: list[support.Worker],
) -> None:
    url = private_redis.url()
    app = make_app(url)
    first_ids, first_keys, ministry_id = _seed(app, advisers=1, cases=3)
    worker = _start_worker(workers, database_url, url, instance)
    _wait_all_out(app, worker, first_ids, first_keys)

    # Stop Redis between two scans, not while a message is unacknowledged: kombu 5.7 can crash
    # the worker when the connection drops with a message in hand (see benchmarks/README.md;
    # a supervisor restarts it, this test is about a plain outage).
    scans = worker.log().count(" succeeded in ")
    support.wait_until(lambda: worker.log().count(" succeeded in ") > scans, 30, "a scan")
    time.sleep(0.05)
    private_redis.stop()
    support.wait_until(
        lambda: (
            "Cannot connect to redis" in worker.log() or "Connection to broker lost" in worker.log()
        ),
        30,
        "the worker notices that the broker is gone",
    )

    # The web application, configured with the stopped broker, still serves and moves cases:
    # the request path writes notifications and mails as rows and never calls the broker.
    client = app.test_client()
    with app.app_context():
        ministry = db.session.get(User, ministry_id)
        assert ministry is not None
        login(client, ministry)
        case = file_case(client, "omvangswijziging")
        act(client, case.id, "indienen", opmerking="Terwijl de broker plat ligt.")
        assert state_of(case.id).state == "ingediend"
        assert client.get(f"/zaken/{case.id}").status_code == 200
        # Its intake term starts today: on a working day the reminder five working days
        # before the due date is due at once (on a weekend it is not planned at all).
        later_ids = support.due_reminder_ids([case.id])
        later_ids += support.file_overdue_cases(ministry, 4, label="B")
        advisers = list(db.session.scalars(select(User).where(User.role == ADVISEUR)))
        db.session.remove()
    later_keys = support.expected_reminder_keys(later_ids, advisers)

    time.sleep(SETTLE_SECONDS)  # a few beat intervals without a broker: nothing can go out
    down = support.snapshot(app)
    assert all(down.reminder_status[rid] == PLANNED for rid in later_ids), down.summary()
    assert QUEUED in down.mail_status.values()

    private_redis.start()  # same port: worker and beat reconnect by themselves
    all_ids, all_keys = first_ids + later_ids, first_keys | later_keys
    out = _wait_all_out(app, worker, all_ids, all_keys)
    _assert_exactly_once(out, all_ids, all_keys)
    assert worker.running(), "the worker survived the broker outage"
