"""Webhooks (issue #13): the systems that subscribe to case transitions, the outbox of events
written in the transaction of the transition, and one delivery per event and subscriber
that may see it. Events leave only after that commit, by the periodic sender."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Ministry

PENDING, SENDING, DELIVERED, FAILED = "wachtend", "bezig", "afgeleverd", "mislukt"
STATUSES = (PENDING, SENDING, DELIVERED, FAILED)


class WebhookSubscription(Base):
    """A system that receives case events: a ministry's (only the cases that ministry holds,
    as it sees them) or, without a ministry, one of BZK's (every case)."""

    __tablename__ = "webhook_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ministry_id: Mapped[int | None] = mapped_column(ForeignKey("ministries.id"))
    name: Mapped[str] = mapped_column(String(80))
    url: Mapped[str] = mapped_column(String(500))
    # The signing secret, Fernet-encrypted with a key derived from SECRET_KEY.
    secret_encrypted: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime)

    ministry: Mapped[Ministry | None] = relationship()


class WebhookEvent(Base):
    """One event of the outbox (a CloudEvent once sent): ``data`` holds the facts as BZK
    sees them; each delivery shows them as its subscriber may see them."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_case_id_at", "case_id", "at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    type: Mapped[str] = mapped_column(String(80))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    holder_ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WebhookDelivery(Base):
    """The sending of one event to one subscriber: claimed before it is sent, retried with
    back-off, given up (``mislukt``) when the event is too old; the administrator can send
    it again."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "subscription_id", name="event_subscription"),
        Index("ix_webhook_deliveries_status_next", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription_id_id", "subscription_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # When the current round of attempts began (creation, or the last replay): the maximum
    # age counts from here.
    round_started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(Text, default="")
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)

    event: Mapped[WebhookEvent] = relationship()
    subscription: Mapped[WebhookSubscription] = relationship()
