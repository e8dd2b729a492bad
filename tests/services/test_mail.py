"""The mail outbox sender: claim, send, mark; leases, retries and idempotent delivery."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from caseflow.domain.clock import utcnow
from caseflow.extensions import db
from caseflow.extensions import mail as mail_extension
from caseflow.models import MailMessage
from caseflow.services.messaging import mail

BODY = "Beste adviseur,\n\nDe termijn verloopt over één werkdag.\n"


@pytest.fixture
def outbox(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """File delivery into a temporary instance folder (never the repository's)."""
    instance = tmp_path / "instance"
    monkeypatch.setattr(app, "instance_path", str(instance))
    monkeypatch.setitem(app.config, "MAIL_DELIVERY", "file")
    return instance / "outbox"


def configure_mail(app: Flask, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> None:
    """Change mail settings and bind the mail extension anew, as ``create_app`` would."""
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    backend = "locmem" if app.config["MAIL_DELIVERY"] == "locmem" else "smtp"
    monkeypatch.setitem(app.config, "MAIL_BACKEND", backend)
    monkeypatch.setitem(app.extensions, "mailman", app.extensions["mailman"])  # restored after
    mail_extension.init_app(app)


def queue(key: str, **fields: Any) -> MailMessage:
    message = MailMessage(
        key=key,
        to_address=f"{key.replace(':', '.')}@test.nl",
        subject=f"[caseflow] Bericht {key}",
        body=BODY,
        **fields,
    )
    db.session.add(message)
    db.session.commit()
    return message


def stored(key: str) -> MailMessage:
    db.session.expire_all()
    return db.session.scalars(select(MailMessage).where(MailMessage.key == key)).one()


def parse(path: Path) -> Message:
    return email.message_from_bytes(path.read_bytes())


def closed_port() -> int:
    """A local TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# -- file delivery ------------------------------------------------------------------------------


def test_file_delivery_writes_one_eml_per_message(outbox: Path) -> None:
    queue("reminder:1:u3")
    queue("event:7:u4")
    assert mail.deliver_pending() == 2
    assert sorted(p.name for p in outbox.iterdir()) == ["event_7_u4.eml", "reminder_1_u3.eml"]

    message = stored("reminder:1:u3")
    assert (message.status, message.attempts, message.last_error) == ("verzonden", 1, "")
    assert message.sent_at is not None and message.claimed_at is not None
    parsed = parse(outbox / "reminder_1_u3.eml")
    assert parsed["Message-ID"] == "<reminder:1:u3@caseflow>"
    assert parsed["To"] == "reminder.1.u3@test.nl"
    assert parsed["From"] == "caseflow@localhost"
    assert parsed["Subject"] == "[caseflow] Bericht reminder:1:u3"
    payload = parsed.get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload.decode(parsed.get_content_charset() or "utf-8") == BODY

    # Nothing left to send: a second run delivers nothing and writes nothing.
    assert mail.deliver_pending() == 0
    assert len(list(outbox.iterdir())) == 2


def test_a_message_of_a_sender_that_died_is_retried_and_delivered_once(outbox: Path) -> None:
    queue("reminder:1:u3")
    assert mail.deliver_pending() == 1
    target = outbox / "reminder_1_u3.eml"
    written = target.read_bytes()
    # As if the sender wrote the file and died before recording the delivery.
    message = stored("reminder:1:u3")
    message.status, message.sent_at = "bezig", None
    message.claimed_at = utcnow() - timedelta(seconds=301)
    db.session.commit()

    assert mail.deliver_pending() == 1
    message = stored("reminder:1:u3")
    assert (message.status, message.attempts) == ("verzonden", 2)
    assert [p.name for p in outbox.iterdir()] == ["reminder_1_u3.eml"]
    assert target.read_bytes() == written  # the receiver took it once


def test_a_claim_within_its_lease_is_not_taken_over(
    app: Flask, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue("reminder:1:u3", status="bezig", attempts=1, claimed_at=utcnow() - timedelta(seconds=10))
    assert mail.deliver_pending() == 0
    message = stored("reminder:1:u3")
    assert (message.status, message.attempts, message.sent_at) == ("bezig", 1, None)
    assert not outbox.exists()
    # With a shorter lease the same claim has expired.
    monkeypatch.setitem(app.config, "MAIL_LEASE_SECONDS", 5)
    assert mail.deliver_pending() == 1
    assert stored("reminder:1:u3").status == "verzonden"


def test_a_second_sender_leaves_claimed_messages_alone(outbox: Path) -> None:
    queue("reminder:1:u3")
    claimed = mail._claim(100)  # the first sender claimed (and committed), not yet sent
    assert len(claimed) == 1
    assert stored("reminder:1:u3").status == "bezig"
    assert mail.deliver_pending() == 0  # the second sender
    assert mail._send_one(claimed[0]) is True  # the first sender finishes
    message = stored("reminder:1:u3")
    assert (message.status, message.attempts) == ("verzonden", 1)
    assert len(list(outbox.iterdir())) == 1


# -- other transports ---------------------------------------------------------------------------


def test_locmem_delivery_lands_in_the_flask_mailman_outbox(
    app: Flask, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(app, monkeypatch, MAIL_DELIVERY="locmem")
    queue("reminder:1:u3")
    assert mail.deliver_pending() == 1
    sent = app.extensions["mailman"].outbox
    assert len(sent) == 1
    assert sent[0].to == ["reminder.1.u3@test.nl"]
    assert sent[0].subject == "[caseflow] Bericht reminder:1:u3"
    assert sent[0].body == BODY
    assert sent[0].message()["Message-ID"] == "<reminder:1:u3@caseflow>"
    assert stored("reminder:1:u3").status == "verzonden"
    assert not outbox.exists()  # no file delivery


def test_a_transmit_error_requeues_until_the_last_attempt_fails(
    app: Flask, outbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_mail(
        app,
        monkeypatch,
        MAIL_DELIVERY="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=closed_port(),
        MAIL_TIMEOUT=5,
    )
    queue("reminder:1:u3")
    for attempt in range(1, mail.MAX_ATTEMPTS):
        assert mail.deliver_pending() == 0
        message = stored("reminder:1:u3")
        assert (message.status, message.attempts) == ("wachtrij", attempt)
        assert message.last_error.startswith("ConnectionRefusedError:")
        assert message.sent_at is None
    assert mail.deliver_pending() == 0
    message = stored("reminder:1:u3")
    assert (message.status, message.attempts) == ("mislukt", mail.MAX_ATTEMPTS)
    assert message.last_error.startswith("ConnectionRefusedError:")
    # A failed message is not tried again.
    assert mail.deliver_pending() == 0
    assert stored("reminder:1:u3").attempts == mail.MAX_ATTEMPTS
    assert not outbox.exists()


def test_a_message_whose_sender_keeps_dying_is_parked(outbox: Path) -> None:
    queue("reminder:9:u1")
    message = stored("reminder:9:u1")
    # Claimed MAX_ATTEMPTS times by senders that all died before finishing.
    message.status, message.attempts = "bezig", mail.MAX_ATTEMPTS
    message.claimed_at = utcnow() - timedelta(seconds=301)
    db.session.commit()
    assert mail.deliver_pending() == 0
    message = stored("reminder:9:u1")
    assert message.status == "mislukt"
    assert "herhaalde pogingen" in message.last_error
    assert not outbox.exists() or list(outbox.iterdir()) == []
