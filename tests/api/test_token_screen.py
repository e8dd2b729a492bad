"""The token screen under the account pages: make a token (shown once), see the own tokens
with scope, expiry and last use, revoke one; every post needs the CSRF token."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import ApiToken, User
from tests.api.helpers import bearer
from tests.conftest import csrf_protected, csrf_token, login

Users = dict[str, User]
PAGE = "/account/api-tokens"
TOKEN = re.compile(r"cf_[0-9a-f]{12}_[A-Za-z0-9_-]+")


def _form(page: str, **data: str) -> dict[str, str]:
    expires = (local_today() + timedelta(days=90)).isoformat()
    return {
        "csrf_token": csrf_token(page),
        "name": "Zaaksysteem JenV",
        "scope": "lezen",
        "expires_on": expires,
        **data,
    }


def test_a_token_is_shown_once_and_works(app: Flask, users: Users) -> None:
    with csrf_protected(app) as protected:
        client = protected.test_client()
        login(client, users["ministerie"])
        page = client.get(PAGE)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "U heeft nog geen API-tokens." in text
        made = client.post(PAGE, data=_form(text))
        assert made.status_code == 201
        shown = TOKEN.findall(made.get_data(as_text=True))
        assert len(shown) == 1
        secret = shown[0]
        again = client.get(PAGE).get_data(as_text=True)
        assert secret not in again
        assert TOKEN.search(again) is None
        assert "Zaaksysteem JenV" in again and "Lezen" in again and "nog niet" in again
        api = protected.test_client()
        assert api.get("/api/v1/zaken", headers=bearer(secret)).status_code == 200
        assert "nog niet" not in client.get(PAGE).get_data(as_text=True)  # last use shown


def test_a_post_without_the_csrf_token_makes_nothing(app: Flask, users: Users) -> None:
    with csrf_protected(app) as protected:
        client = protected.test_client()
        login(client, users["ministerie"])
        data = _form(client.get(PAGE).get_data(as_text=True))
        del data["csrf_token"]
        response = client.post(PAGE, data=data)
        assert response.status_code == 400
    db.session.rollback()  # read what the other application committed
    assert db.session.scalars(select(ApiToken)).first() is None


def test_revoking_a_token_on_screen(app: Flask, users: Users) -> None:
    with csrf_protected(app) as protected:
        client = protected.test_client()
        login(client, users["ministerie"])
        made = client.post(PAGE, data=_form(client.get(PAGE).get_data(as_text=True)))
        secret = TOKEN.findall(made.get_data(as_text=True))[0]
        db.session.rollback()  # read what the other application committed
        token_id = db.session.scalars(select(ApiToken.id)).one()
        url = f"{PAGE}/{token_id}/intrekken"
        assert client.post(url).status_code == 400  # no CSRF token: refused
        page = client.get(PAGE).get_data(as_text=True)
        response = client.post(url, data={"csrf_token": csrf_token(page)})
        assert response.status_code == 302
        page = client.get(PAGE).get_data(as_text=True)
        assert "ingetrokken" in page
        assert url not in page  # no revoke button for a revoked token
        api = protected.test_client()
        assert api.get("/api/v1/zaken", headers=bearer(secret)).status_code == 401


def test_another_users_token_cannot_be_revoked(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    client.post(
        PAGE,
        data={
            "name": "eigen",
            "scope": "lezen",
            "expires_on": (local_today() + timedelta(days=5)).isoformat(),
        },
    )
    token_id = db.session.scalars(select(ApiToken.id)).one()
    login(client, users["ministerie_ocw"])
    assert client.post(f"{PAGE}/{token_id}/intrekken").status_code == 404
    assert db.session.get(ApiToken, token_id).revoked_at is None  # type: ignore[union-attr]


def test_invalid_input_is_a_422_with_dutch_messages(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    too_late = (local_today() + timedelta(days=400)).isoformat()
    response = client.post(PAGE, data={"name": "x", "scope": "alles", "expires_on": too_late})
    assert response.status_code == 422
    response = client.post(PAGE, data={"name": "x", "scope": "lezen", "expires_on": too_late})
    assert response.status_code == 422
    assert "Een token geldt hoogstens een jaar." in response.get_data(as_text=True)
    response = client.post(PAGE, data={"name": "x", "scope": "lezen", "expires_on": "morgen"})
    assert response.status_code == 422
    assert db.session.scalars(select(ApiToken)).first() is None


def test_the_administrator_has_no_token_screen(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    assert client.get(PAGE).status_code == 403
