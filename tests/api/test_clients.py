"""API clients per ministry: the administrator makes one (secret shown once), its system
fetches an access token with the client-credentials grant, and that token reads exactly
what a user of its ministry reads (404 on another ministry's case, no BZK drafts), writes
only with the lezen-schrijven scope, and stops with a revoke; the technical user never logs
in on the screens."""

from __future__ import annotations

import base64
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.domain.clock import local_today, utcnow
from caseflow.domain.errors import NotAllowed
from caseflow.extensions import db
from caseflow.models import ApiClient, ApiToken, User
from caseflow.services.accounts import api_clients, api_tokens
from caseflow.services.accounts import users as accounts
from caseflow.services.reference.loader import current_ministry
from tests import need_to_know as nk
from tests.api.helpers import bearer
from tests.conftest import csrf_protected, csrf_token, login
from tests.factories import case_in_state, filing_data, organisation_id

Users = dict[str, User]
PAGE = "/beheer/systeemkoppelingen"
CLIENT_ID = re.compile(r"cfc_[0-9a-f]{24}")


def make_client(
    users: Users, ministry: str = "JenV", scope: str = api_tokens.READ, expires: date | None = None
) -> api_clients.NewClient:
    return api_clients.create(
        users["beheerder"], "Zaaksysteem", current_ministry(ministry).id, scope, expires
    )


def grant(client: FlaskClient, made: api_clients.NewClient, secret: str | None = None) -> Any:
    data = {
        "grant_type": "client_credentials",
        "client_id": made.client.client_id,
        "client_secret": made.secret if secret is None else secret,
    }
    return client.post("/api/v1/token", data=data)


def access(client: FlaskClient, made: api_clients.NewClient) -> dict[str, str]:
    response = grant(client, made)
    assert response.status_code == 200, response.get_data(as_text=True)
    return bearer(response.get_json()["access_token"])


def test_the_grant_answers_as_rfc_6749_says(client: FlaskClient, users: Users) -> None:
    made = make_client(users)
    response = grant(client, made)
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"access_token", "token_type", "expires_in", "scope"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "lezen"
    assert response.headers["Cache-Control"] == "no-store"
    # The same grant as JSON, and with the credentials as HTTP Basic.
    as_json = client.post(
        "/api/v1/token",
        json={
            "grant_type": "client_credentials",
            "client_id": made.client.client_id,
            "client_secret": made.secret,
        },
    )
    assert as_json.status_code == 200
    basic = base64.b64encode(f"{made.client.client_id}:{made.secret}".encode()).decode()
    as_basic = client.post(
        "/api/v1/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert as_basic.status_code == 200
    tokens = {body["access_token"], as_json.get_json()["access_token"]}
    tokens.add(as_basic.get_json()["access_token"])
    assert len(tokens) == 3
    # Only hashes are stored: neither the client's secret nor an access token.
    row = db.session.scalars(select(ApiClient)).one()
    assert made.secret not in row.secret_hash
    stored = " ".join(t.secret_hash for t in db.session.scalars(select(ApiToken)))
    assert not [t for t in tokens if t in stored]


def test_the_token_reads_only_its_ministrys_cases(client: FlaskClient, users: Users) -> None:
    jenv = case_in_state(users, "omvangswijziging", title="Zaak van JenV")
    ocw = case_in_state(
        users,
        "omvangswijziging",
        owner=users["ministerie_ocw"],
        title="Zaak van OCW",
        organisation_id=organisation_id("DUO"),
    )
    headers = access(client, make_client(users, "JenV"))
    listed = client.get("/api/v1/zaken", headers=headers)
    assert listed.status_code == 200
    assert [c["id"] for c in listed.get_json()["cases"]] == [jenv.id]
    assert client.get(f"/api/v1/zaken/{jenv.id}", headers=headers).status_code == 200
    refused = client.get(f"/api/v1/zaken/{ocw.id}", headers=headers)
    assert refused.status_code == 404
    assert "Zaak van OCW" not in refused.get_data(as_text=True)


def test_no_bzk_draft_reaches_a_client(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    jenv = access(client, make_client(users, "JenV"))
    ocw = access(client, make_client(users, "OCW"))
    for case in (case_file.under_approval, case_file.issued):
        response = client.get(f"/api/v1/zaken/{case.id}", headers=jenv)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        assert not [s for s in nk.BZK_ONLY if s in text], case.title
        assert "ter_goedkeuring" not in text
        assert client.get(f"/api/v1/zaken/{case.id}", headers=ocw).status_code == 404
    assert (
        client.get(f"/api/v1/zaken/{case_file.under_approval.id}", headers=jenv).get_json()[
            "advice"
        ]
        == []
    )


def test_a_read_only_client_cannot_write(client: FlaskClient, users: Users) -> None:
    body: dict[str, Any] = {"case_type": "omvangswijziging"}
    for key, value in filing_data("omvangswijziging").items():
        body[key] = value.isoformat() if isinstance(value, date) else value
    reader = access(client, make_client(users, scope=api_tokens.READ))
    refused = client.post("/api/v1/zaken", json=body, headers=reader)
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    writer = access(client, make_client(users, scope=api_tokens.READ_WRITE))
    made = client.post("/api/v1/zaken", json=body, headers=writer)
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.get_json()["ministry"] == "JenV"


def _invalid_client(response: Any) -> None:
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["error"] == "invalid_client"
    assert body["title"] == "Niet ingelogd"
    assert "access_token" not in body


def test_wrong_credentials_are_refused(client: FlaskClient, users: Users) -> None:
    made = make_client(users)
    _invalid_client(grant(client, made, secret=made.secret[:-1]))
    _invalid_client(grant(client, made, secret=""))
    other = make_client(users, "OCW")
    _invalid_client(grant(client, made, secret=other.secret))  # another client's secret
    unknown = client.post(
        "/api/v1/token",
        data={"grant_type": "client_credentials", "client_id": "cfc_0", "client_secret": "x"},
    )
    _invalid_client(unknown)
    wrong_type = client.post(
        "/api/v1/token",
        data={"grant_type": "password", "client_id": made.client.client_id, "client_secret": "x"},
    )
    assert wrong_type.status_code == 400
    assert wrong_type.get_json(force=True)["error"] == "unsupported_grant_type"
    assert db.session.scalars(select(ApiToken)).first() is None


def test_a_revoked_client_gets_no_token_and_its_tokens_stop(
    client: FlaskClient, users: Users
) -> None:
    made = make_client(users)
    headers = access(client, made)
    assert client.get("/api/v1/zaken", headers=headers).status_code == 200
    api_clients.revoke(users["beheerder"], made.client.id)
    assert client.get("/api/v1/zaken", headers=headers).status_code == 401
    _invalid_client(grant(client, made))


def test_an_expired_client_and_an_hour_old_token_are_refused(
    client: FlaskClient, users: Users
) -> None:
    made = make_client(users, expires=local_today() + timedelta(days=1))
    headers = access(client, made)
    token = db.session.scalars(select(ApiToken)).one()
    assert token.expires_at is not None
    assert timedelta(minutes=59) < token.expires_at - utcnow() <= timedelta(hours=1)
    token.expires_at = utcnow() - timedelta(seconds=1)
    token_id = token.id
    db.session.commit()
    assert client.get("/api/v1/zaken", headers=headers).status_code == 401
    grant(client, made)  # a new grant deletes the expired token
    db.session.expire_all()
    assert db.session.get(ApiToken, token_id) is None
    made.client.expires_on = local_today() - timedelta(days=1)
    db.session.commit()
    _invalid_client(grant(client, made))


def test_no_grant_once_the_technical_user_is_changed(client: FlaskClient, users: Users) -> None:
    made = make_client(users)
    system = made.client.user
    system.active = False
    db.session.commit()
    _invalid_client(grant(client, made))
    system.active = True
    system.role, system.ministry_id = "adviseur", None  # made a BZK user on the user screen
    db.session.commit()
    _invalid_client(grant(client, made))


def test_the_grant_counts_against_the_clients_rate_limit(app: Flask, users: Users) -> None:
    made = make_client(users)
    with csrf_protected(app, WTF_CSRF_ENABLED=False, API_RATE_LIMITS=["3 per 1 minute"]) as lim:
        client = lim.test_client()
        first = access(client, made)
        assert client.get("/api/v1/zaken", headers=first).status_code == 200
        second = access(client, made)  # a new token does not start a new count
        assert client.get("/api/v1/zaken", headers=second).status_code == 429
        assert grant(client, made).status_code == 429


def test_the_system_user_never_logs_in_on_the_screens(client: FlaskClient, users: Users) -> None:
    made = make_client(users)
    system = made.client.user
    assert system.role == "ministerie"
    assert system.ministry_id == current_ministry("JenV").id
    temporary = accounts.reset_password(users["beheerder"], system.id)
    response = client.post("/inloggen", data={"email": system.email, "password": temporary})
    assert response.status_code != 302
    assert client.get("/zaken").status_code in (302, 401)


def test_only_the_administrator_manages_clients(client: FlaskClient, users: Users) -> None:
    for role in ("ministerie", "coordinator"):
        try:
            api_clients.clients(users[role])
        except NotAllowed:
            pass
        else:
            raise AssertionError(role)
    login(client, users["coordinator"])
    assert client.get(PAGE).status_code == 403


def _form(page: str, **data: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_token(page),
        "name": "DMS JenV",
        "ministry_id": str(current_ministry("JenV").id),
        "scope": "lezen",
        "expires_on": "",
        **data,
    }


def test_the_screen_shows_the_secret_once_and_revokes(app: Flask, users: Users) -> None:
    with csrf_protected(app) as protected:
        client = protected.test_client()
        login(client, users["beheerder"])
        page = client.get(PAGE)
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Er zijn nog geen systeemkoppelingen." in text
        no_csrf = _form(text)
        del no_csrf["csrf_token"]
        assert client.post(PAGE, data=no_csrf).status_code == 400
        made = client.post(PAGE, data=_form(text))
        assert made.status_code == 201, made.get_data(as_text=True)
        shown = made.get_data(as_text=True)
        client_id = CLIENT_ID.search(shown)
        secret = re.search(r'id="new-client-secret"[^>]*value="([^"]+)"', shown)
        assert client_id is not None and secret is not None
        again = client.get(PAGE).get_data(as_text=True)
        assert secret.group(1) not in again
        assert client_id.group(0) in again and "DMS JenV" in again
        api = protected.test_client()
        data = {
            "grant_type": "client_credentials",
            "client_id": client_id.group(0),
            "client_secret": secret.group(1),
        }
        assert api.post("/api/v1/token", data=data).status_code == 200  # no CSRF on the API
        db.session.rollback()
        row = db.session.scalars(select(ApiClient)).one()
        revoke_url = f"{PAGE}/{row.id}/intrekken"
        assert client.post(revoke_url).status_code == 400  # without the CSRF token
        revoked = client.post(revoke_url, data={"csrf_token": csrf_token(again)})
        assert revoked.status_code == 302
        assert "ingetrokken" in client.get(PAGE).get_data(as_text=True)
        assert api.post("/api/v1/token", data=data).status_code == 401


def test_invalid_input_is_a_422_in_dutch(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = client.post(
        PAGE, data={"name": "", "ministry_id": "", "scope": "alles", "expires_on": yesterday}
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Dit veld is verplicht" in text or "verplicht" in text
    assert db.session.scalars(select(ApiClient)).first() is None
    response = client.post(
        PAGE,
        data={
            "name": "X",
            "ministry_id": str(current_ministry("JenV").id),
            "scope": "lezen",
            "expires_on": yesterday,
        },
    )
    assert response.status_code == 422
    assert "De vervaldatum moet na vandaag liggen." in response.get_data(as_text=True)
