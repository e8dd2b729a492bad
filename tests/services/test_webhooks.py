"""Webhooks (issue #13, item 5): the outbox is written with the transition, each system is
told only what it may see, events are signed, and failures wait a hand-computed back-off."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import func, select, update

from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import (
    Case,
    Ministry,
    User,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)
from caseflow.services.cases import lifecycle
from caseflow.services.messaging import notifications, webhook_delivery, webhooks
from caseflow.services.messaging.webhook_delivery import backoff, deliver_pending, signature
from caseflow.services.reference import loader
from caseflow.services.reference.loader import current_ministry
from tests.factories import act, case_in_state
from tests.webhook_receiver import Receiver, free_port

Users = dict[str, User]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    running.start()
    yield running
    running.stop()


def subscribe(users: Users, url: str, ministry: str | None = None) -> webhooks.NewSubscription:
    ministry_id = current_ministry(ministry).id if ministry else None
    return webhooks.create(users["beheerder"], f"Systeem {ministry or 'BZK'}", url, ministry_id)


def count(model: type[Any]) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def deliveries_of(subscription: WebhookSubscription) -> list[WebhookDelivery]:
    query = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription.id)
    return list(db.session.scalars(query.order_by(WebhookDelivery.id)))


# --- back-off, by hand ------------------------------------------------------------------------


def test_backoff_is_a_minute_doubling_and_at_most_an_hour() -> None:
    minutes = [backoff(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff(0) == timedelta(0)
    assert backoff(10_000) == timedelta(hours=1)


def test_a_receiver_that_stays_down_is_given_up_after_three_days(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By hand: attempt k fails at minute 0, 1, 3, 7, 15, 31, 63, then every 60 minutes:
    attempt k >= 7 at 63 + 60 (k - 7). Its retry would be 60 minutes later; that passes
    3 days (4320 minutes) first for k = 77 (at 4263, retry at 4323 > 4320): 77 attempts,
    then 'mislukt'."""

    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise requests.ConnectionError("Connection refused")

    monkeypatch.setattr(webhook_delivery.requests, "post", refused)
    subscription = subscribe(users, "https://systeem.example.nl/hooks").subscription
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    (delivery,) = deliveries_of(subscription)
    start = delivery.round_started_at
    times = []
    while delivery.status == webhooks.PENDING:
        times.append(delivery.next_attempt_at)
        assert deliver_pending(now=delivery.next_attempt_at) == 0
        db.session.refresh(delivery)
    minutes = [int((t - start) / timedelta(minutes=1)) for t in times]
    assert minutes[:8] == [0, 1, 3, 7, 15, 31, 63, 123]
    assert (len(minutes), minutes[-1]) == (77, 4263)
    assert (delivery.status, delivery.attempts) == (webhooks.FAILED, 77)
    assert "Connection refused" in delivery.last_error
    # Nothing is claimed any more, however late.
    assert deliver_pending(now=start + timedelta(days=30)) == 0
    db.session.refresh(delivery)
    assert delivery.attempts == 77


# --- the outbox and the transition ------------------------------------------------------------


def test_the_event_is_written_in_the_transition_and_not_without_it(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    bzk = subscribe(users, "https://bzk.example.nl/hooks").subscription
    case = case_in_state(users, "omvangswijziging")
    # Refused (the adviser may not submit a ministry's concept): nothing written.
    with pytest.raises(NotAllowed):
        act(users["adviseur"], case, "indienen")
    # Stale form: nothing written.
    with pytest.raises(Conflict):
        lifecycle.perform(users["ministerie"], case.id, "indienen", case.version - 1, {})
    # Fails after the event was added (the notifications): rolled back with it.
    original = notifications.case_moved

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("mail server gone")

    monkeypatch.setattr(notifications, "case_moved", broken)
    with pytest.raises(RuntimeError):
        act(users["ministerie"], case, "indienen")
    assert (count(WebhookEvent), count(WebhookDelivery)) == (0, 0)
    monkeypatch.setattr(notifications, "case_moved", original)
    db.session.refresh(case)
    act(users["ministerie"], case, "indienen")
    (event,) = db.session.scalars(select(WebhookEvent))
    assert event.type == "nl.caseflow.zaak.transitie"
    assert event.case_id == case.id
    assert event.data == {
        "case_id": case.id,
        "reference": case.reference,
        "case_type": "omvangswijziging",
        "action": "indienen",
        "from_state": "concept",
        "to_state": "ingediend",
    }
    (delivery,) = deliveries_of(bzk)
    assert (delivery.event_id, delivery.status, delivery.attempts) == (event.id, "wachtend", 0)


def test_each_system_is_told_only_what_its_ministry_may_see(users: Users) -> None:
    bzk = subscribe(users, "https://bzk.example.nl/hooks").subscription
    jenv = subscribe(users, "https://jenv.example.nl/hooks", "JenV").subscription
    ocw = subscribe(users, "https://ocw.example.nl/hooks", "OCW").subscription
    # A JenV case: submitted, put up for approval (internal), sent back (internal),
    # up again (internal) and issued.
    case = case_in_state(users, "omvangswijziging", "in_behandeling", with_draft=True)
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "terugsturen", opmerkingen="Motiveer de keuze.")
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "uitbrengen")
    # An OCW case, submitted.
    ocw_case = case_in_state(users, "nieuwe_dienst", owner=users["ministerie_ocw"])
    act(users["ministerie_ocw"], ocw_case, "indienen")

    def told(subscription: WebhookSubscription) -> list[tuple[str, str, str, str]]:
        rows = []
        for delivery in deliveries_of(subscription):
            data = webhooks.data_for(subscription, delivery.event)
            rows.append((data["reference"], data["action"], data["from_state"], data["to_state"]))
        return rows

    ref, ocw_ref = case.reference, ocw_case.reference
    assert told(bzk) == [
        (ref, "ter_goedkeuring_voorleggen", "in_behandeling", "ter_goedkeuring"),
        (ref, "terugsturen", "ter_goedkeuring", "in_behandeling"),
        (ref, "ter_goedkeuring_voorleggen", "in_behandeling", "ter_goedkeuring"),
        (ref, "uitbrengen", "ter_goedkeuring", "advies_uitgebracht"),
        (ocw_ref, "indienen", "concept", "ingediend"),
    ]
    # JenV: its own case only, no internal step, the approval state as it sees it.
    assert told(jenv) == [(ref, "uitbrengen", "in_behandeling", "advies_uitgebracht")]
    assert told(ocw) == [(ocw_ref, "indienen", "concept", "ingediend")]


def test_a_ministry_system_sees_the_body_it_is_sent_as_the_ministry(
    users: Users, receiver: Receiver
) -> None:
    made = subscribe(users, receiver.url, "JenV")
    receiver.secret = made.secret
    act(
        users["coordinator"],
        case_in_state(users, "omvangswijziging", "ter_goedkeuring"),
        "uitbrengen",
    )
    assert deliver_pending() == 1
    (sent,) = receiver.received
    assert sent["data"]["from_state"] == "in_behandeling"
    assert "ter_goedkeuring" not in json.dumps(sent)


def test_a_deactivated_subscription_is_sent_nothing(users: Users, receiver: Receiver) -> None:
    made = subscribe(users, receiver.url)
    case = case_in_state(users, "omvangswijziging")
    act(users["ministerie"], case, "indienen")
    webhooks.deactivate(users["beheerder"], made.subscription.id)
    assert deliver_pending() == 0
    act(users["adviseur"], case, "intake_accepteren")
    assert deliver_pending() == 0
    assert receiver.received == []
    assert len(deliveries_of(made.subscription)) == 1  # only the one from before


# --- what is sent -----------------------------------------------------------------------------


def test_a_cloudevent_signed_with_the_secret(users: Users, receiver: Receiver) -> None:
    made = subscribe(users, receiver.url)
    receiver.secret = made.secret
    case = act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    assert deliver_pending() == 1
    (sent,) = receiver.received
    (event,) = db.session.scalars(select(WebhookEvent))
    assert receiver.bad_signatures == 0
    assert sent["specversion"] == "1.0"
    assert (sent["id"], sent["type"], sent["subject"]) == (
        event.id,
        "nl.caseflow.zaak.transitie",
        case.reference,
    )
    assert sent["source"] == "urn:caseflow:zaken"
    assert sent["time"].endswith("Z")
    assert sent["data"]["to_state"] == "ingediend"
    (headers,) = receiver.headers
    assert headers["Content-Type"].startswith("application/cloudevents+json")
    # The header is t=<unix>,v1=<hex HMAC-SHA256 of "<t>." + body>: another secret fails.
    header = headers["Caseflow-Signature"]
    t = int(header.split(",")[0].removeprefix("t="))
    body = json.dumps(sent, ensure_ascii=False, separators=(",", ":")).encode()
    assert header == signature(made.secret, t, body)
    assert not webhook_delivery.verify("whsec_other", header, body)
    assert not webhook_delivery.verify(made.secret, header, body + b" ")
    (delivery,) = deliveries_of(made.subscription)
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("afgeleverd", 1, 204)


def test_signature_by_hand() -> None:
    # HMAC-SHA256 over b"1700000000." + b'{"a":1}' under b"geheim" (hashlib, computed apart).
    import hashlib
    import hmac

    expected = hmac.new(b"geheim", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert signature("geheim", 1_700_000_000, b'{"a":1}') == f"t=1700000000,v1={expected}"


def test_an_error_answer_is_retried_after_a_minute(users: Users, receiver: Receiver) -> None:
    made = subscribe(users, receiver.url)
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    receiver.status = 503
    now = utcnow()
    assert deliver_pending(now=now) == 0
    (delivery,) = deliveries_of(made.subscription)
    assert (delivery.status, delivery.last_status) == ("wachtend", 503)
    assert delivery.next_attempt_at == now + timedelta(minutes=1)
    assert deliver_pending(now=now + timedelta(seconds=59)) == 0  # not due yet
    receiver.status = 200
    assert deliver_pending(now=now + timedelta(minutes=1)) == 1
    assert len(receiver.ids) == 2 and len(set(receiver.ids)) == 1  # the 503 one and this


def test_the_secret_is_stored_encrypted_and_shown_once(users: Users) -> None:
    made = subscribe(users, "https://bzk.example.nl/hooks")
    stored = made.subscription.secret_encrypted
    assert made.secret.startswith("whsec_") and made.secret not in stored
    assert webhooks.secret_of(made.subscription) == made.secret


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("", "url"),
        ("ftp://bzk.example.nl/", "url"),
        ("http://bzk.example.nl/hooks", "url"),  # http only to this machine
        ("https://", "url"),
        ("https://user:pw@bzk.example.nl/", "url"),
        ("https://bzk.example.nl:99999999/", "url"),
        ("https://[::1/", "url"),
        ("https://bzk.example.nl/\x00", "url"),
        ("https://bzk.example.nl/" + "a" * 500, "url"),
    ],
)
def test_a_bad_url_is_refused_in_dutch(users: Users, url: str, field: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        subscribe(users, url)
    assert field in refused.value.fields
    assert count(WebhookSubscription) == 0


def test_http_to_this_machine_only_in_testing(app: Flask) -> None:
    assert webhooks.url_problem("http://127.0.0.1:8080/x") is None
    assert webhooks.url_problem("http://localhost/x") is None
    assert webhooks.url_problem("http://[::1]:8080/x") is None
    assert webhooks.url_problem("http://10.0.0.1/x") is not None
    app.testing = False
    try:
        assert webhooks.url_problem("http://127.0.0.1:8080/x") is not None
        assert webhooks.url_problem("https://127.0.0.1:8080/x") is None
    finally:
        app.testing = True


def test_only_the_administrator_manages_webhooks(users: Users) -> None:
    for role in ("ministerie", "adviseur", "coordinator", "secretariaat"):
        with pytest.raises(NotAllowed):
            webhooks.create(users[role], "X", "https://x.example.nl/", None)
        with pytest.raises(NotAllowed):
            webhooks.subscriptions(users[role])


# --- the log and replay -----------------------------------------------------------------------


def test_replay_of_one_and_of_all_failed(users: Users, receiver: Receiver) -> None:
    made = subscribe(users, receiver.url)
    admin, sid = users["beheerder"], made.subscription.id
    case = case_in_state(users, "omvangswijziging")
    act(users["ministerie"], case, "indienen")
    act(users["adviseur"], case, "intake_accepteren")
    first, second = deliveries_of(made.subscription)
    for delivery in (first, second):
        delivery.status = webhooks.FAILED
    db.session.commit()
    with pytest.raises(Conflict):  # a pending one needs no replay
        webhooks.replay(admin, sid, webhooks.replay(admin, sid, first.id).id)
    assert deliver_pending() == 1
    assert receiver.ids == [first.event_id]
    assert webhooks.replay_failed(admin, sid) == 1  # the second
    assert deliver_pending() == 1
    assert receiver.ids == [first.event_id, second.event_id]
    # A delivered one can be sent again (the receiver drops it by id).
    webhooks.replay(admin, sid, first.id)
    assert deliver_pending() == 1
    assert receiver.ids == [first.event_id, second.event_id, first.event_id]
    other = subscribe(users, receiver.url)
    with pytest.raises(NotFound):  # a delivery of another subscription
        webhooks.replay(admin, other.subscription.id, first.id)
    webhooks.deactivate(admin, sid)
    with pytest.raises(Conflict):
        webhooks.replay(admin, sid, first.id)


def test_the_log_is_newest_first_a_page_at_a_time(
    users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhooks, "PAGE_SIZE", 2)
    made = subscribe(users, f"http://127.0.0.1:{free_port()}/")
    case = case_in_state(users, "omvangswijziging")
    act(users["ministerie"], case, "indienen")
    act(users["adviseur"], case, "intake_accepteren")
    ids = [d.id for d in deliveries_of(made.subscription)]
    page = webhooks.deliveries(users["beheerder"], made.subscription.id)
    assert [d.id for d in page.deliveries] == ids[::-1][:2]
    assert page.before is None  # two deliveries, page of two: no further page
    monkeypatch.setattr(webhooks, "PAGE_SIZE", 1)
    page = webhooks.deliveries(users["beheerder"], made.subscription.id)
    assert [d.id for d in page.deliveries] == [ids[1]]
    assert page.before == ids[1]
    page = webhooks.deliveries(users["beheerder"], made.subscription.id, page.before)
    assert ([d.id for d in page.deliveries], page.before) == ([ids[0]], None)


def test_the_beat_sends_webhooks_at_the_cadence_of_the_mail(app: Flask) -> None:
    import caseflow.tasks  # registers the tasks, as the worker's imports do

    assert caseflow.tasks.deliver_webhooks.name == "caseflow.tasks.deliver_webhooks"
    celery = app.extensions["celery"]
    entry = celery.conf.beat_schedule["webhook-delivery"]
    assert entry["task"] == "caseflow.tasks.deliver_webhooks"
    assert entry["schedule"] == float(app.config["REMINDER_SCAN_SECONDS"])
    assert entry["task"] in celery.tasks


def test_an_error_answer_is_logged_short(users: Users, receiver: Receiver) -> None:
    made = subscribe(users, receiver.url)
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    receiver.status, receiver.answer = 500, b"Storing " + b"x" * 1_000_000
    assert deliver_pending() == 0
    (delivery,) = deliveries_of(made.subscription)
    assert delivery.last_error == "HTTP 500: Storing " + "x" * 192  # 200 bytes of the answer
    assert delivery.last_status == 500


def test_a_secret_that_cannot_be_decrypted_fails_its_delivery_only(
    app: Flask, users: Users, receiver: Receiver
) -> None:
    old = subscribe(users, receiver.url).subscription
    app.config["SECRET_KEY"] = "another-secret-key"
    new = subscribe(users, receiver.url)
    receiver.secret = new.secret
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    assert deliver_pending() == 1  # the new subscription's
    (lost,) = deliveries_of(old)
    assert (lost.status, lost.attempts) == ("mislukt", 1)
    assert "SECRET_KEY" in lost.last_error
    assert len(receiver.ids) == 1 and receiver.bad_signatures == 0


def test_without_subscribers_a_transition_writes_no_event(users: Users) -> None:
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    assert (count(WebhookEvent), count(WebhookDelivery)) == (0, 0)
    # A ministry's system is not told of another ministry's case: no event either.
    subscribe(users, "https://ocw.example.nl/hooks", "OCW")
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    assert (count(WebhookEvent), count(WebhookDelivery)) == (0, 0)


def test_a_claim_of_a_sender_that_died_is_taken_over_after_the_lease(
    users: Users, receiver: Receiver
) -> None:
    made = subscribe(users, receiver.url)
    act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    now = utcnow()
    (claimed,) = webhook_delivery._claim(now, 10)  # claimed, then the sender died
    (delivery,) = deliveries_of(made.subscription)
    assert (delivery.status, delivery.attempts) == ("bezig", 1)
    assert deliver_pending(now=now + timedelta(minutes=4)) == 0  # still its claim
    assert receiver.ids == []
    assert deliver_pending(now=now + timedelta(minutes=5, seconds=1)) == 1
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == ("afgeleverd", 2)
    assert receiver.ids == [delivery.event_id]
    assert claimed.delivery_id == delivery.id


def test_a_ministry_system_is_told_of_the_cases_its_ministry_took_over(users: Users) -> None:
    """AenM folded into JenV (reference data): its cases are JenV's, for its system too."""
    jenv = subscribe(users, "https://jenv.example.nl/hooks", "JenV").subscription
    ocw = subscribe(users, "https://ocw.example.nl/hooks", "OCW").subscription
    aenm = db.session.scalars(select(Ministry).where(Ministry.abbreviation == "AenM")).first()
    assert aenm is not None
    case = case_in_state(users, "omvangswijziging", "ingediend")
    db.session.execute(update(Case).where(Case.id == case.id).values(ministry_id=aenm.id))
    loader.load_reference()  # hands the case over to the successor
    db.session.expire_all()
    assert case.ministry_id == aenm.id
    assert case.holder_ministry_id == current_ministry("JenV").id
    act(users["adviseur"], case, "intake_accepteren")
    assert len(deliveries_of(jenv)) == 1
    assert deliveries_of(ocw) == []
