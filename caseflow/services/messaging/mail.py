"""Sends the mail outbox after commit. A message is claimed (status and lease time) and
committed before it is sent, and marked delivered after; a sender that dies mid-way leaves
a claim that expires and is retried. The file delivery used in development is an
idempotent receiver (one file per message key), so a retry never shows a message twice;
over SMTP the stable Message-ID lets the receiving side drop a repeat."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_mailman import EmailMessage
from sqlalchemy import ColumnElement, or_, select, update

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.models import MailMessage
from caseflow.models.notification import DELIVERED, FAILED, QUEUED, SENDING
from caseflow.services.operations import request_ids
from caseflow.services.unit_of_work import transaction

MAX_ATTEMPTS = 5


def outbox_folder() -> Path:
    return Path(current_app.instance_path) / "outbox"


def deliver_pending(limit: int = 100) -> int:
    """Claim, send and mark queued messages; returns how many were delivered."""
    claimed = _claim(limit)
    return sum(1 for message_id in claimed if _send_one(message_id))


def _claimable() -> ColumnElement[bool]:
    lease = utcnow() - timedelta(seconds=int(current_app.config["MAIL_LEASE_SECONDS"]))
    # A sender that keeps dying on the same message gives up after MAX_ATTEMPTS claims.
    stale = (MailMessage.status == SENDING) & (MailMessage.claimed_at < lease)
    return or_(MailMessage.status == QUEUED, stale & (MailMessage.attempts < MAX_ATTEMPTS))


def _park_abandoned() -> None:
    lease = utcnow() - timedelta(seconds=int(current_app.config["MAIL_LEASE_SECONDS"]))
    db.session.execute(
        update(MailMessage)
        .where(
            MailMessage.status == SENDING,
            MailMessage.claimed_at < lease,
            MailMessage.attempts >= MAX_ATTEMPTS,
        )
        .values(status=FAILED, last_error="Afgebroken na herhaalde pogingen.")
    )


def _claim(limit: int) -> list[int]:
    """Claim up to ``limit`` messages; the claim is committed before anything is sent."""
    with transaction():
        return _claim_rows(limit)


def _claim_rows(limit: int) -> list[int]:
    _park_abandoned()
    ids = list(
        db.session.scalars(
            select(MailMessage.id)
            .where(_claimable())
            .order_by(MailMessage.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    claimed = []
    for message_id in ids:
        result = db.session.execute(
            update(MailMessage)
            .where(MailMessage.id == message_id, _claimable())
            .values(status=SENDING, claimed_at=utcnow(), attempts=MailMessage.attempts + 1)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(message_id)
    return claimed


def _send_one(message_id: int) -> bool:
    """Send one claimed message and record the outcome (a failure too) in its own commit."""
    with transaction():
        message = db.session.get(MailMessage, message_id)
        assert message is not None
        try:
            _transmit(message)
        except Exception as exc:
            message.status = FAILED if message.attempts >= MAX_ATTEMPTS else QUEUED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            return False
        message.status, message.sent_at = DELIVERED, utcnow()
        return True


def _transmit(message: MailMessage) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[message.to_address],
        headers={"Message-ID": f"<{message.key}@caseflow>", **_request_id_header()},
    )
    if current_app.config["MAIL_DELIVERY"] == "file":
        _write_file(message.key, email.message().as_bytes())
    else:
        email.send()


def _request_id_header() -> dict[str, str]:
    """The id of the task run (or request) that sends the mail, to find its log lines."""
    request_id = request_ids.current()
    return {request_ids.HEADER: request_id} if request_id else {}


def _write_file(key: str, content: bytes) -> None:
    folder = outbox_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', key)}.eml"
    if target.exists():
        return  # delivered before a crash: receiving it again changes nothing
    partial = target.with_suffix(".part")
    partial.write_bytes(content)
    os.replace(partial, target)
