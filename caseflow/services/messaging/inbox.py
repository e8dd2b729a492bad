"""A user's own notifications and e-mail: counts, newest-first pages (keyset on the id),
marking as read. Every query is limited to the user's own rows; someone else's
notification or message does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Case, MailMessage, Notification, User
from caseflow.services.unit_of_work import transaction

NOTIFICATION_NOT_FOUND = "Deze melding bestaat niet of is niet aan u gericht."
MESSAGE_NOT_FOUND = "Dit bericht bestaat niet of is niet aan u gericht."


@dataclass(frozen=True)
class InboxItem:
    id: int
    text: str
    created_at: datetime
    read_at: datetime | None
    case_id: int | None
    case_reference: str | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


@dataclass(frozen=True)
class InboxPage:
    items: list[InboxItem]
    next_before: int | None  # the id to continue from ("older"), None on the last page


@dataclass(frozen=True)
class MailPage:
    messages: list[MailMessage]
    next_before: int | None


def unread_count(user: User) -> int:
    """One query on the (user_id, read_at) index."""
    return (
        db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def notifications_for(user: User, limit: int = 50, before: int | None = None) -> InboxPage:
    """The user's notifications, newest first; ``before`` continues an earlier page."""
    query = (
        select(Notification, Case.reference)
        .outerjoin(Case, Case.id == Notification.case_id)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(Notification.id < before)
    rows = db.session.execute(query).all()
    items = [
        InboxItem(n.id, n.text, n.created_at, n.read_at, n.case_id, reference)
        for n, reference in rows[:limit]
    ]
    return InboxPage(items, items[-1].id if len(rows) > limit else None)


def mark_read(user: User, notification_id: int) -> Notification:
    with transaction():
        notification = db.session.scalars(
            select(Notification).where(
                Notification.id == notification_id, Notification.user_id == user.id
            )
        ).first()
        if notification is None:
            raise NotFound(NOTIFICATION_NOT_FOUND)
        notification.read_at = notification.read_at or utcnow()
    return notification


def mark_all_read(user: User) -> int:
    """Marks every unread notification of the user; returns how many there were."""
    with transaction():
        result = db.session.execute(
            update(Notification)
            .where(Notification.user_id == user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow())
        )
    return int(result.rowcount)  # type: ignore[attr-defined]


def mail_for(user: User, limit: int = 50, before: int | None = None) -> MailPage:
    """E-mail sent (or to be sent) to the user, newest first."""
    query = (
        select(MailMessage)
        .where(MailMessage.user_id == user.id)
        .order_by(MailMessage.id.desc())
        .limit(limit + 1)
    )
    if before is not None:
        query = query.where(MailMessage.id < before)
    rows = list(db.session.scalars(query))
    messages = rows[:limit]
    return MailPage(messages, messages[-1].id if len(rows) > limit else None)


def mail_message(user: User, message_id: int) -> MailMessage:
    message = db.session.scalars(
        select(MailMessage).where(MailMessage.id == message_id, MailMessage.user_id == user.id)
    ).first()
    if message is None:
        raise NotFound(MESSAGE_NOT_FOUND)
    return message
