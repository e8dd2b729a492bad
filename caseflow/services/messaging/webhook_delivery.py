"""Sends the webhook outbox after commit (the ``deliver_webhooks`` task).

A due delivery is claimed (status ``bezig``, claim time, one more attempt) and that claim is
committed before anything is sent: two senders at once (on PostgreSQL ``FOR UPDATE SKIP
LOCKED``, everywhere a conditional update) never send one delivery twice. The event is
POSTed as a structured CloudEvent (JSON, specversion 1.0) with the header
``Caseflow-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>." + body>`` under the
subscription's secret, and a short timeout. A 2xx answer delivers it; anything else waits
1 minute, then 2, 4, ... at most an hour, and gives up (``mislukt``) once the round of
attempts is older than ``MAX_AGE``. A sender that dies after claiming leaves a claim that
expires after ``LEASE`` and is retried: the receiver recognises a repeat by the event id."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests
from cryptography.fernet import InvalidToken
from sqlalchemy import ColumnElement, and_, or_, select, update

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from caseflow.models.webhook import DELIVERED, FAILED, PENDING, SENDING
from caseflow.services.messaging import webhooks
from caseflow.services.unit_of_work import transaction

SOURCE = "urn:caseflow:zaken"
SIGNATURE_HEADER = "Caseflow-Signature"
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
TIMEOUT = (3.05, 5.0)  # seconds to connect, seconds to wait for the answer
FIRST_DELAY = timedelta(minutes=1)
MAX_DELAY = timedelta(hours=1)
MAX_AGE = timedelta(days=3)
LEASE = timedelta(minutes=5)  # far longer than one send can take (TIMEOUT)
ERROR_LENGTH = 2000
ANSWER_SHOWN = 200  # bytes of an error answer kept in the log
# Why a delivery failed when its subscription's secret cannot be decrypted.
NO_KEY = (
    "Het geheim van dit abonnement is niet te ontsleutelen (is SECRET_KEY gewijzigd?); "
    "maak het abonnement opnieuw aan."
)


@dataclass(frozen=True)
class Outgoing:
    """One claimed delivery, read before sending so no transaction is open meanwhile."""

    delivery_id: int
    url: str
    secret: str
    body: bytes


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1 minute, doubling each time, at
    most an hour."""
    if attempts < 1:
        return timedelta(0)
    return min(FIRST_DELAY * (1 << min(attempts - 1, 16)), MAX_DELAY)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the signature header for ``body`` sent at ``timestamp`` (Unix time)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver checks (its own clock tolerance aside): the header's MAC over its
    timestamp and the body."""
    fields = dict(part.partition("=")[::2] for part in header.split(","))
    timestamp = fields.get("t", "")
    if not timestamp.isdigit():
        return False
    return hmac.compare_digest(signature(secret, int(timestamp), body), header)


def cloudevent(subscription: WebhookSubscription, event: WebhookEvent) -> dict[str, Any]:
    """The event as a structured CloudEvent, with the data the subscriber may see."""
    data = webhooks.data_for(subscription, event)
    return {
        "specversion": "1.0",
        "id": event.id,
        "source": SOURCE,
        "type": event.type,
        "time": event.at.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
        "subject": str(data.get("reference", "")),
        "datacontenttype": "application/json",
        "data": data,
    }


def deliver_pending(now: datetime | None = None, limit: int = 100) -> int:
    """Claim, send and record the due deliveries; returns how many were delivered."""
    now = now or utcnow()
    outgoing = _claim(now, limit)
    return sum(1 for item in outgoing if _send(item, now))


def _claimable(now: datetime) -> ColumnElement[bool]:
    due = and_(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
    abandoned = and_(WebhookDelivery.status == SENDING, WebhookDelivery.claimed_at < now - LEASE)
    return or_(due, abandoned)


def _claim(now: datetime, limit: int) -> list[Outgoing]:
    """Claim up to ``limit`` due deliveries of active subscriptions; the claim is committed
    before anything is sent."""
    with transaction():
        ids = list(
            db.session.scalars(
                select(WebhookDelivery.id)
                .join(WebhookSubscription)
                .where(_claimable(now), WebhookSubscription.active.is_(True))
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(limit)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
        )
        claimed = []
        for delivery_id in ids:
            result = db.session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery_id, _claimable(now))
                .values(status=SENDING, claimed_at=now, attempts=WebhookDelivery.attempts + 1)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(delivery_id)
        outgoing = (_outgoing(delivery_id) for delivery_id in claimed)
        return [item for item in outgoing if item is not None]


def _outgoing(delivery_id: int) -> Outgoing | None:
    """The claimed delivery as it will be sent; None (and failed) when its secret cannot be
    decrypted, because SECRET_KEY changed since the subscription was made."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    assert delivery is not None
    subscription = delivery.subscription
    try:
        secret = webhooks.secret_of(subscription)
    except InvalidToken:
        delivery.status = FAILED
        delivery.last_error = NO_KEY
        return None
    body = json.dumps(
        cloudevent(subscription, delivery.event), ensure_ascii=False, separators=(",", ":")
    ).encode()
    return Outgoing(delivery_id, subscription.url, secret, body)


def _send(item: Outgoing, now: datetime) -> bool:
    """POST one claimed delivery and record the outcome (a failure too) in its own commit."""
    status: int | None = None
    error = ""
    try:
        response = requests.post(
            item.url,
            data=item.body,
            headers={
                "Content-Type": CONTENT_TYPE,
                # Signed at the real time of sending (``now`` may be a given time).
                SIGNATURE_HEADER: signature(item.secret, int(time.time()), item.body),
            },
            timeout=TIMEOUT,
            allow_redirects=False,
            stream=True,  # the answer's body is not needed: read at most a little of it
        )
        with response:
            status = response.status_code
            if not 200 <= status < 300:
                start = response.raw.read(ANSWER_SHOWN, decode_content=True)
                error = f"HTTP {status}: {start.decode(errors='replace')}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"
    return _record(item.delivery_id, now, status, error)


def _record(delivery_id: int, now: datetime, status: int | None, error: str) -> bool:
    with transaction():
        delivery = db.session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        delivery.last_status, delivery.last_error = status, error[:ERROR_LENGTH]
        if not error:
            delivery.status, delivery.delivered_at = DELIVERED, now
            return True
        retry_at = now + backoff(delivery.attempts)
        if retry_at - delivery.round_started_at > MAX_AGE:
            delivery.status = FAILED
        else:
            delivery.status, delivery.next_attempt_at = PENDING, retry_at
        return False
