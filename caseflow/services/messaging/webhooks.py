"""Webhooks (issue #13, item 5): the systems of ministries and of BZK that subscribe to case
transitions, and the outbox of events they are sent.

A transition writes its event and one delivery per subscriber that may see it in the
transaction of the transition itself (``record_transition``, called by
``lifecycle.perform`` beside the audit event), so a refused or rolled-back transition
writes nothing and a committed one is never lost. The sender (``webhook_delivery``) sends
them after the commit. Need-to-know: ``permissions.system_sees_transition`` decides who is
told, and a ministry's system is shown the states as the ministry sees them.

The signing secret is made here, shown once to the administrator and stored encrypted
(Fernet, with a key derived from SECRET_KEY), since signing needs it back."""

from __future__ import annotations

import base64
import ipaddress
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import (
    Case,
    Ministry,
    User,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from caseflow.models.webhook import DELIVERED, FAILED, PENDING, SENDING, STATUSES
from caseflow.services import permissions
from caseflow.services.accounts import security_log
from caseflow.services.unit_of_work import transaction
from workflows.base import MINISTERIE

__all__ = ["DELIVERED", "FAILED", "PENDING", "SENDING", "STATUSES"]

TRANSITION = "nl.caseflow.zaak.transitie"
NAME_LENGTH = 80
URL_LENGTH = 500
PAGE_SIZE = 50
NO_SUBSCRIPTION = "Dit abonnement bestaat niet."
NO_DELIVERY = "Deze aflevering bestaat niet."
LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class NewSubscription:
    """A subscription just made: ``secret`` is shown this once and never again."""

    subscription: WebhookSubscription
    secret: str


@dataclass(frozen=True)
class DeliveryPage:
    """A page of a subscription's delivery log, newest first; ``before`` is the keyset of
    the next (older) page, None on the last."""

    subscription: WebhookSubscription
    deliveries: list[WebhookDelivery]
    before: int | None


# --- the outbox: written with the transition ------------------------------------------------


def record_transition(
    case: Case, action: str, from_state: str, to_state: str, at: datetime
) -> WebhookEvent | None:
    """Write the event of a transition and a delivery for every active subscriber that may
    see it; no event when there is none (a later subscriber is not sent the past). Runs
    inside the transition's transaction (no commit here)."""
    told = [
        subscription_id
        for subscription_id, ministry_id in db.session.execute(
            select(WebhookSubscription.id, WebhookSubscription.ministry_id).where(
                WebhookSubscription.active.is_(True)
            )
        )
        if permissions.system_sees_transition(ministry_id, case.holder_ministry_id, action)
    ]
    if not told:
        return None
    event = WebhookEvent(
        id=str(uuid.uuid4()),
        type=TRANSITION,
        case_id=case.id,
        holder_ministry_id=case.holder_ministry_id,
        at=at,
        data={
            "case_id": case.id,
            "reference": case.reference,
            "case_type": case.case_type,
            "action": action,
            "from_state": from_state,
            "to_state": to_state,
        },
    )
    db.session.add(event)
    for subscription_id in told:
        db.session.add(
            WebhookDelivery(
                event_id=event.id,
                subscription_id=subscription_id,
                status=PENDING,
                created_at=at,
                round_started_at=at,
                next_attempt_at=at,
            )
        )
    return event


def data_for(subscription: WebhookSubscription, event: WebhookEvent) -> dict[str, Any]:
    """The event's data as the subscriber may see it: a ministry's system is shown the
    states as the ministry's users are."""
    data = dict(event.data)
    if subscription.ministry_id is not None:
        for key in ("from_state", "to_state"):
            data[key] = permissions.shown_state(MINISTERIE, str(data.get(key, "")))
    return data


# --- the signing secret ----------------------------------------------------------------------


def _fernet() -> Fernet:
    raw = current_app.config["SECRET_KEY"]
    material = raw if isinstance(raw, bytes) else str(raw).encode()
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"caseflow webhook secrets"
    ).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_of(subscription: WebhookSubscription) -> str:
    """The signing secret, decrypted (InvalidToken when SECRET_KEY changed since)."""
    return _fernet().decrypt(subscription.secret_encrypted.encode()).decode()


# --- the administrator's screens -------------------------------------------------------------


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive webhooks, or None: https, or http to this machine only
    when the application runs in testing or debug mode."""
    if not url:
        return "Geef het adres (URL) waarop het systeem de berichten ontvangt."
    if len(url) > URL_LENGTH:
        return f"Het adres is te lang: hoogstens {URL_LENGTH} tekens."
    if any(c.isspace() or not c.isprintable() for c in url):
        return "Het adres mag geen spaties of stuurtekens bevatten."
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a port that is no number
    except ValueError:
        return "Dit is geen geldig adres."
    if parts.scheme not in ("https", "http") or not host:
        return "Het adres moet met https:// beginnen en een servernaam hebben."
    if parts.username or parts.password:
        return "Zet geen gebruikersnaam of wachtwoord in het adres."
    if parts.scheme == "http":
        local = current_app.testing or current_app.debug
        if not (local and _is_loopback(host)):
            return "Het adres moet met https:// beginnen."
    return None


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create(user: User, name: str, url: str, ministry_id: int | None) -> NewSubscription:
    """Subscribe a system: a ministry's (``ministry_id``) or BZK's (None). ValidationFailed
    names the fields that are wrong."""
    permissions.require(user, "webhook.manage")
    name, url = " ".join(name.split()), url.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Geef het abonnement een naam, bijvoorbeeld het systeem dat het ontvangt."
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"De naam is te lang: hoogstens {NAME_LENGTH} tekens."
    problem = url_problem(url)
    if problem:
        errors["url"] = problem
    if ministry_id is not None and db.session.get(Ministry, ministry_id) is None:
        errors["ministry_id"] = "Kies een ministerie uit de lijst, of BZK."
    if errors:
        raise ValidationFailed(
            "Het abonnement is niet gemaakt; verbeter de gemarkeerde velden.", errors
        )
    secret = "whsec_" + secrets.token_urlsafe(32)
    subscription = WebhookSubscription(
        ministry_id=ministry_id,
        name=name,
        url=url,
        secret_encrypted=encrypt_secret(secret),
        active=True,
        created_by_id=user.id,
    )
    with transaction():
        db.session.add(subscription)
    security_log.event(
        "webhook_created", "ok", actor=user, obj=f"webhook_subscription:{subscription.id}"
    )
    return NewSubscription(subscription, secret)


def subscriptions(user: User) -> list[WebhookSubscription]:
    """Every subscription, newest first (deactivated ones too, marked as such)."""
    permissions.require(user, "webhook.manage")
    query = (
        select(WebhookSubscription)
        .options(selectinload(WebhookSubscription.ministry))
        .order_by(WebhookSubscription.id.desc())
    )
    return list(db.session.scalars(query))


def _subscription(subscription_id: int) -> WebhookSubscription:
    subscription = db.session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise NotFound(NO_SUBSCRIPTION)
    return subscription


def deactivate(user: User, subscription_id: int) -> WebhookSubscription:
    """Stop sending to a subscriber (again: no change). What was not delivered yet stays in
    the log, unsent."""
    permissions.require(user, "webhook.manage")
    subscription = _subscription(subscription_id)
    if subscription.active:
        with transaction():
            subscription.active = False
            subscription.deactivated_at = utcnow()
        security_log.event(
            "webhook_deactivated", "ok", actor=user, obj=f"webhook_subscription:{subscription.id}"
        )
    return subscription


def deliveries(user: User, subscription_id: int, before: int | None = None) -> DeliveryPage:
    """A subscription's deliveries, newest first, a page at a time (keyset on the id)."""
    permissions.require(user, "webhook.manage")
    subscription = _subscription(subscription_id)
    query = (
        select(WebhookDelivery)
        .options(selectinload(WebhookDelivery.event))
        .where(WebhookDelivery.subscription_id == subscription.id)
    )
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    rows = list(db.session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(PAGE_SIZE + 1)))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return DeliveryPage(subscription, rows, rows[-1].id if more else None)


def _active(subscription: WebhookSubscription) -> None:
    if not subscription.active:
        raise Conflict("Dit abonnement is gedeactiveerd; er wordt niets meer naartoe gestuurd.")


def replay(user: User, subscription_id: int, delivery_id: int) -> WebhookDelivery:
    """Send a delivered or failed event again, at once and with a new round of attempts
    (the receiver recognises a repeat by the event's id)."""
    permissions.require(user, "webhook.manage")
    subscription = _subscription(subscription_id)
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.subscription_id != subscription.id:
        raise NotFound(NO_DELIVERY)
    _active(subscription)
    if delivery.status not in (DELIVERED, FAILED):
        raise Conflict("Deze aflevering staat al klaar om te worden verstuurd.")
    with transaction():
        _restart(delivery, utcnow())
    return delivery


def replay_failed(user: User, subscription_id: int) -> int:
    """Send every failed delivery of a subscription again; returns how many."""
    permissions.require(user, "webhook.manage")
    subscription = _subscription(subscription_id)
    _active(subscription)
    now = utcnow()
    with transaction():
        result = db.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.subscription_id == subscription.id,
                WebhookDelivery.status == FAILED,
            )
            .values(
                status=PENDING,
                attempts=0,
                round_started_at=now,
                next_attempt_at=now,
                claimed_at=None,
            )
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


def _restart(delivery: WebhookDelivery, now: datetime) -> None:
    delivery.status, delivery.attempts, delivery.claimed_at = PENDING, 0, None
    delivery.round_started_at = delivery.next_attempt_at = now
