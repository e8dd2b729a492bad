"""The administrator's webhook screens over HTTP: subscribe a system (its secret shown once),
deactivate it, read its delivery log a page at a time, send again; crafted input is a 400
or 422 in Dutch, never a 500; only the administrator gets in."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import User, WebhookDelivery, WebhookSubscription
from caseflow.services.messaging import webhooks
from caseflow.services.reference.loader import current_ministry
from tests.conftest import csrf_token, login
from tests.factories import act, case_in_state

Users = dict[str, User]
PAGE = "/beheer/webhooks"


def subscribed(users: Users, url: str = "https://bzk.example.nl/hooks") -> WebhookSubscription:
    return webhooks.create(users["beheerder"], "Dashboard BZK", url, None).subscription


def test_only_the_administrator_opens_the_screens(client: FlaskClient, users: Users) -> None:
    subscription = subscribed(users)
    for role in ("ministerie", "adviseur", "coordinator", "secretariaat"):
        login(client, users[role])
        assert client.get(PAGE).status_code == 403
        assert client.get(f"{PAGE}/{subscription.id}").status_code == 403
        assert client.post(f"{PAGE}/{subscription.id}/deactiveren").status_code == 403
    login(client, users["beheerder"])
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Dashboard BZK" in page.get_data(as_text=True)


def test_a_new_subscription_shows_its_secret_once(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    jenv = current_ministry("JenV")
    response = client.post(
        PAGE,
        data={
            "name": "DMS JenV",
            "url": "https://dms.jenv.example.nl/caseflow",
            "ministry_id": jenv.id,
        },
    )
    assert response.status_code == 201
    body = response.get_data(as_text=True)
    found = re.search(r'id="new-secret"[^>]*value="(whsec_[^"]+)"', body)
    assert found is not None
    secret = html.unescape(found.group(1))
    (subscription,) = db.session.scalars(select(WebhookSubscription))
    assert (subscription.name, subscription.ministry_id) == ("DMS JenV", jenv.id)
    assert webhooks.secret_of(subscription) == secret
    assert secret not in subscription.secret_encrypted
    again = client.get(PAGE).get_data(as_text=True)
    assert "DMS JenV" in again and secret not in again


def test_deactivating_stops_the_subscription(client: FlaskClient, users: Users) -> None:
    subscription = subscribed(users)
    login(client, users["beheerder"])
    response = client.post(f"{PAGE}/{subscription.id}/deactiveren")
    assert response.status_code == 302
    db.session.refresh(subscription)
    assert subscription.active is False
    page = client.get(PAGE).get_data(as_text=True)
    assert "gedeactiveerd" in page
    assert client.post(f"{PAGE}/999999/deactiveren").status_code == 404


def test_the_delivery_log_and_replay(client: FlaskClient, users: Users) -> None:
    subscription = subscribed(users)
    case = case_in_state(users, "omvangswijziging")
    act(users["ministerie"], case, "indienen")
    act(users["adviseur"], case, "intake_accepteren")
    first, second = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
    first.status, first.last_error, first.attempts = webhooks.FAILED, "HTTP 503: weg", 77
    db.session.commit()
    login(client, users["beheerder"])
    page = client.get(f"{PAGE}/{subscription.id}").get_data(as_text=True)
    assert page.index(second.event_id) < page.index(first.event_id)  # newest first
    assert "HTTP 503: weg" in page and "mislukt" in page and "wachtend" in page
    assert case.reference in page
    # Replay one: it waits again; a waiting one cannot be replayed (409).
    url = f"{PAGE}/{subscription.id}/afleveringen/{first.id}/opnieuw"
    assert client.post(url).status_code == 302
    db.session.refresh(first)
    assert (first.status, first.attempts) == ("wachtend", 0)
    assert client.post(url).status_code == 409
    assert client.post(f"{PAGE}/{subscription.id}/afleveringen/999999/opnieuw").status_code == 404
    # All failed ones at once.
    second.status = webhooks.FAILED
    db.session.commit()
    response = client.post(f"{PAGE}/{subscription.id}/opnieuw", follow_redirects=True)
    assert "Mislukte berichten die opnieuw worden verstuurd: 1." in response.get_data(as_text=True)
    db.session.refresh(second)
    assert second.status == "wachtend"


def test_the_log_pages_by_keyset(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(webhooks, "PAGE_SIZE", 1)
    subscription = subscribed(users)
    case = case_in_state(users, "omvangswijziging")
    act(users["ministerie"], case, "indienen")
    act(users["adviseur"], case, "intake_accepteren")
    first, second = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
    login(client, users["beheerder"])
    page = client.get(f"{PAGE}/{subscription.id}").get_data(as_text=True)
    assert second.event_id in page and first.event_id not in page
    assert f"voor={second.id}" in page
    older = client.get(f"{PAGE}/{subscription.id}?voor={second.id}").get_data(as_text=True)
    assert first.event_id in older and second.event_id not in older
    assert client.get(f"{PAGE}/{subscription.id}?voor=abc").status_code == 200


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"name": "X", "url": "http://dms.example.nl/"}, 422, "Het adres moet met https://"),
        ({"name": "X", "url": "ftp://dms.example.nl/"}, 422, "Het adres moet met https://"),
        ({"name": "X", "url": "https://[::1/"}, 422, "Dit is geen geldig adres."),
        ({"name": "X", "url": "https://a.nl/" + "a" * 5000}, 422, "niet langer zijn dan 500"),
        ({"name": "x" * 100_000, "url": "https://a.nl/"}, 422, "niet langer zijn dan 80"),
        ({"name": "", "url": ""}, 422, "Dit veld is verplicht."),
        ({"name": "X", "url": "https://a.nl/", "ministry_id": "abc"}, 422, ""),
        ({"name": "X", "url": "https://a.nl/", "ministry_id": "99999"}, 422, ""),
        ({"name": "X", "url": "https://a.nl/", "ministry_id": str(10**20)}, 422, ""),
        ({"name": "X\x00", "url": "https://a.nl/"}, 400, ""),
        ({"name": "X", "url": "https://a.nl/\x00"}, 400, ""),
    ],
)
def test_crafted_input_is_refused_never_a_500(
    client: FlaskClient, users: Users, data: dict[str, str], status: int, message: str
) -> None:
    login(client, users["beheerder"])
    response = client.post(PAGE, data=data)
    assert response.status_code == status
    assert html.unescape(message) in html.unescape(response.get_data(as_text=True))
    assert db.session.scalars(select(WebhookSubscription)).first() is None


def test_forms_need_the_csrf_token(csrf_app: Flask, users: Users) -> None:
    subscription = subscribed(users)
    client = csrf_app.test_client()
    login(client, users["beheerder"])
    data = {"name": "X", "url": "https://a.nl/"}
    assert client.post(PAGE, data=data).status_code == 400
    assert client.post(f"{PAGE}/{subscription.id}/deactiveren").status_code == 400
    token = csrf_token(client.get(PAGE).get_data(as_text=True))
    assert client.post(PAGE, data={**data, "csrf_token": token}).status_code == 201
