"""A user changes their own password at /account/wachtwoord: the current password is
required, the new one follows the password rules, and every other session ends while this
one goes on."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.extensions import db
from caseflow.models import User
from tests.conftest import PASSWORD, login

NEW_PASSWORD = "fiets-langs-het-kanaal-in-mei"


def _change(client: FlaskClient, current: str, new: str, repeat: str | None = None) -> str:
    response = client.post(
        "/account/wachtwoord",
        data={"current_password": current, "new_password": new, "repeat_password": repeat or new},
    )
    return f"{response.status_code} {response.get_data(as_text=True)}"


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/zaken")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    return False


def _hash_of(user: User) -> str:
    db.session.expire_all()
    return db.session.get(User, user.id).password_hash  # type: ignore[union-attr]


def test_the_page_is_there_for_every_logged_in_user(
    client: FlaskClient, users: dict[str, User]
) -> None:
    for role in ("ministerie", "adviseur", "beheerder"):
        login(client, users[role])
        page = client.get("/account/wachtwoord")
        assert page.status_code == 200, role
        assert 'autocomplete="current-password"' in page.get_data(as_text=True)
    client.post("/uitloggen")
    assert client.get("/account/wachtwoord").status_code == 302


def test_a_wrong_current_password_is_refused(
    client: FlaskClient, users: dict[str, User], caplog: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("caseflow.security").disabled = False
    caplog.set_level(logging.INFO, logger="caseflow.security")
    user = users["ministerie"]
    login(client, user)
    before = _hash_of(user)
    answer = _change(client, "niet-mijn-wachtwoord", NEW_PASSWORD)
    assert answer.startswith("422")
    assert "Uw huidige wachtwoord klopt niet" in answer
    assert _hash_of(user) == before
    assert '"action": "password_change", "result": "failed"' in caplog.text


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        ("kort", "minstens 12 tekens"),
        ("passwordpassword", "te makkelijk te raden"),
        ("Welkom01Welkom01", "te makkelijk te raden"),
        ("ministerie-jenv@test.nl", "naam of e-mailadres"),
        (PASSWORD, "ander wachtwoord dan uw huidige"),
    ],
)
def test_a_weak_new_password_is_refused(
    client: FlaskClient, users: dict[str, User], new: str, reason: str
) -> None:
    user = users["ministerie"]
    login(client, user)
    before = _hash_of(user)
    answer = _change(client, PASSWORD, new)
    assert answer.startswith("422"), answer[:300]
    assert reason in answer
    assert _hash_of(user) == before


def test_the_repeat_must_match(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    answer = _change(client, PASSWORD, NEW_PASSWORD, repeat=NEW_PASSWORD + "x")
    assert answer.startswith("422")
    assert "niet gelijk" in answer


def test_a_change_ends_other_sessions_and_keeps_this_one(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    user = users["ministerie"]
    login(client, user)
    # Another session of this generation (a new login would already end this one).
    cookie = client.get_cookie("session")
    assert cookie is not None
    copied = app.test_client()
    copied.set_cookie("session", cookie.value)
    assert _logged_in(copied)
    answer = _change(client, PASSWORD, NEW_PASSWORD)
    assert answer.startswith("302"), answer[:500]
    assert _logged_in(client)
    assert not _logged_in(copied)  # the cookie from before the change
    stranger = app.test_client()
    login(stranger, user, password=NEW_PASSWORD)
    assert _logged_in(stranger)
