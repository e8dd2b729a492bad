"""Issue #13's "done when" for webhooks: a receiver down and back gets every event exactly
once. Real HTTP: the receivers are http.server instances on 127.0.0.1 ports that first have
nothing listening (connection refused) and are started later; the sender is the
``deliver_webhooks`` task's service, run with a given ``now`` to move the clock on (no
waiting, no timed assertions). Each receiver checks every signature and records every
event id it is sent, repeats included."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow import tasks
from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import User, WebhookDelivery, WebhookEvent
from caseflow.services.messaging import webhooks
from caseflow.services.messaging.webhook_delivery import deliver_pending
from caseflow.services.reference.loader import current_ministry
from tests.factories import act, case_in_state
from tests.webhook_receiver import Receiver

Users = dict[str, User]


@pytest.fixture
def receivers() -> Iterator[dict[str, Receiver]]:
    made = {"bzk": Receiver(), "jenv": Receiver()}
    yield made
    for receiver in made.values():
        receiver.stop()


def _subscribe(users: Users, receivers: dict[str, Receiver]) -> dict[str, int]:
    admin, ids = users["beheerder"], {}
    for key, ministry in (("bzk", None), ("jenv", current_ministry("JenV").id)):
        made = webhooks.create(admin, f"Systeem {key}", receivers[key].url, ministry)
        receivers[key].secret = made.secret
        ids[key] = made.subscription.id
    return ids


def _events_for(subscription_id: int) -> list[str]:
    query = select(WebhookDelivery.event_id).where(
        WebhookDelivery.subscription_id == subscription_id
    )
    return list(db.session.scalars(query))


def _work(users: Users) -> None:
    """Transitions of a JenV case (internal steps among them) and of an OCW case."""
    case = case_in_state(users, "omvangswijziging", "in_behandeling", with_draft=True)
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "uitbrengen")
    other = case_in_state(users, "nieuwe_dienst", owner=users["ministerie_ocw"])
    act(users["ministerie_ocw"], other, "indienen")
    act(users["adviseur"], other, "intake_accepteren")


def test_a_receiver_down_and_back_gets_every_event_exactly_once(
    users: Users, receivers: dict[str, Receiver]
) -> None:
    subscriptions = _subscribe(users, receivers)
    _work(users)
    now = utcnow()
    # Down: nothing listens on the ports. Each run fails, and each failure waits longer:
    # attempts at 0, 1, 3 and 7 minutes; the next is due at 15.
    for minute in (0, 1, 3, 7):
        assert deliver_pending(now=now + timedelta(minutes=minute)) == 0
    waiting = list(db.session.scalars(select(WebhookDelivery)))
    assert len(waiting) == 5  # BZK: 4 transitions; JenV: the issue of its case only
    for delivery in waiting:
        assert (delivery.status, delivery.attempts) == ("wachtend", 4)
        assert delivery.next_attempt_at == now + timedelta(minutes=15)
        assert "ConnectionError" in delivery.last_error
    # Meanwhile people keep working: these are due at once.
    case = case_in_state(users, "omvangswijziging", "ingediend")
    act(users["adviseur"], case, "intake_accepteren")
    # Back after ten minutes.
    for receiver in receivers.values():
        receiver.start()
    assert deliver_pending(now=now + timedelta(minutes=10)) == 2  # the two new ones
    assert deliver_pending(now=now + timedelta(minutes=14)) == 0  # the rest not yet due
    assert deliver_pending(now=now + timedelta(minutes=15)) == 5
    # Again, later, through the task on the beat: nothing is sent twice.
    assert tasks.deliver_webhooks() == {"webhooks": 0}
    assert deliver_pending(now=now + timedelta(days=1)) == 0

    for key, receiver in receivers.items():
        expected = _events_for(subscriptions[key])
        assert Counter(receiver.ids) == Counter(expected), key  # every one, exactly once
        assert max(Counter(receiver.ids).values()) == 1
        assert receiver.bad_signatures == 0
    # Need-to-know held through the outage: JenV got its own case's non-internal steps.
    jenv = receivers["jenv"].received
    assert [(e["data"]["action"], e["data"]["from_state"]) for e in jenv] == [
        ("intake_accepteren", "ingediend"),  # the new one, at minute 10
        ("uitbrengen", "in_behandeling"),  # the waiting one, at minute 15
    ]
    assert len(receivers["bzk"].ids) == 5
    assert len(db.session.scalars(select(WebhookEvent)).all()) == 5
    statuses = {d.status for d in db.session.scalars(select(WebhookDelivery))}
    assert statuses == {"afgeleverd"}


def test_senders_at_the_same_time_send_each_event_once(
    app: Flask, users: Users, receivers: dict[str, Receiver], postgres_only: None
) -> None:
    """Four senders at once on PostgreSQL (FOR UPDATE SKIP LOCKED and the conditional claim):
    every event arrives once."""
    subscriptions = _subscribe(users, receivers)
    for receiver in receivers.values():
        receiver.start()
    for _ in range(3):
        _work(users)
    expected = {key: _events_for(sid) for key, sid in subscriptions.items()}
    db.session.remove()
    barrier = threading.Barrier(4)
    delivered: list[int] = []
    errors: list[str] = []

    def sender() -> None:
        with app.app_context():
            try:
                barrier.wait()
                delivered.append(deliver_pending(limit=3))
                delivered.append(deliver_pending())
            except Exception as exc:
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    total = sum(len(ids) for ids in expected.values())
    assert sum(delivered) == total
    for key, receiver in receivers.items():
        assert Counter(receiver.ids) == Counter(expected[key]), key
        assert max(Counter(receiver.ids).values()) == 1
