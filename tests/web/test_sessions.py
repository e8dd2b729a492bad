"""Sessions the server can end: idle and absolute timeouts, a new generation at every login,
logout, deactivation and password change, a binding that no client header can move, and
the cookie and transport flags (ASVS V3)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow import create_app
from caseflow.config import DEFAULTS, load_config
from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.accounts import sessions
from caseflow.web.session_guard import session_identifier
from tests.conftest import PASSWORD, login

IDLE = DEFAULTS["SESSION_IDLE_MINUTES"] * 60
ABSOLUTE = DEFAULTS["SESSION_MAX_HOURS"] * 3600


@pytest.fixture
def security_events(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """The security log as the test sees it. Alembic's fileConfig (migrations/env.py, run by
    the template database) disables loggers that exist before it: switch this one back on."""
    logger = logging.getLogger("caseflow.security")
    logger.disabled = False
    caplog.set_level(logging.INFO, logger="caseflow.security")
    return caplog


def _shift(client: FlaskClient, key: str, seconds: float) -> None:
    """Make this session's ``key`` stamp ``seconds`` older, as if time had passed."""
    with client.session_transaction() as session:
        session[key] = session[key] - seconds


def _logged_in(client: FlaskClient) -> bool:
    response = client.get("/zaken")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    return False


def _thief_with_cookie_of(client: FlaskClient) -> FlaskClient:
    """A second browser holding a copy of ``client``'s session cookie."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = client.application.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


@contextmanager
def variant(app: Flask, **settings: Any) -> Iterator[Flask]:
    """The application on the same database with other settings."""
    other = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "WTF_CSRF_ENABLED": False,
            **settings,
        }
    )
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_session_idle_longer_than_the_limit_is_logged_out_in_dutch(
    client: FlaskClient, users: dict[str, User], security_events: pytest.LogCaptureFixture
) -> None:
    login(client, users["adviseur"])
    _shift(client, sessions.SEEN_AT, IDLE + 1)
    response = client.get("/zaken?status=ingediend")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "U bent uitgelogd omdat u een tijd niets heeft gedaan" in page
    assert not _logged_in(client)
    assert '"reason": "idle"' in security_events.text


def test_each_request_restarts_the_idle_clock(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    _shift(client, sessions.SEEN_AT, IDLE - 60)
    assert _logged_in(client)
    _shift(client, sessions.SEEN_AT, IDLE - 60)  # again almost idle, counted from the last
    assert _logged_in(client)


def test_a_session_older_than_the_absolute_limit_ends_however_busy(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    _shift(client, sessions.LOGIN_AT, ABSOLUTE - 60)
    assert _logged_in(client)
    _shift(client, sessions.LOGIN_AT, 61)
    response = client.get("/zaken")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Uw sessie was te lang geopend en is beëindigd" in page


def test_the_limits_are_settings(app: Flask, users: dict[str, User]) -> None:
    with variant(app, SESSION_IDLE_MINUTES=5, SESSION_MAX_HOURS=1) as short:
        client = short.test_client()
        login(client, users["adviseur"])
        _shift(client, sessions.SEEN_AT, 5 * 60 - 10)
        assert _logged_in(client)
        _shift(client, sessions.SEEN_AT, 5 * 60 + 10)
        assert not _logged_in(client)


def test_a_session_cookie_without_stamps_is_refused(
    client: FlaskClient, users: dict[str, User]
) -> None:
    """A cookie from before these rules (or with the stamps removed) does not live forever."""
    login(client, users["adviseur"])
    with client.session_transaction() as session:
        del session[sessions.LOGIN_AT]
        del session[sessions.SEEN_AT]
    assert not _logged_in(client)


def test_an_older_cookie_dies_when_the_user_logs_in_again(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    thief = _thief_with_cookie_of(client)
    assert _logged_in(thief)
    # The user logs in again in another browser (without logging out here).
    elsewhere = client.application.test_client()
    login(elsewhere, users["adviseur"])
    assert not _logged_in(thief)
    assert _logged_in(elsewhere)


def test_logout_ends_a_copied_cookie(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["coordinator"])
    thief = _thief_with_cookie_of(client)
    client.post("/uitloggen")
    assert not _logged_in(thief)


def test_a_deactivated_user_is_out_on_the_next_request(
    app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    assert _logged_in(client)
    admin = app.test_client()
    login(admin, users["beheerder"])
    response = admin.post(f"/beheer/gebruikers/{users['adviseur'].id}/deactiveren")
    assert response.status_code == 302
    assert not _logged_in(client)
    response = client.post(
        "/inloggen", data={"email": users["adviseur"].email, "password": PASSWORD}
    )
    assert response.status_code == 422


def test_an_inactive_user_is_refused_even_with_the_current_generation(
    client: FlaskClient, users: dict[str, User]
) -> None:
    """Set inactive outside the screens (database, command line): still out at once."""
    login(client, users["adviseur"])
    users["adviseur"].active = False
    db.session.commit()
    assert not _logged_in(client)


def test_a_spoofed_forwarded_for_is_ignored_and_does_not_move_the_binding(
    client: FlaskClient, users: dict[str, User]
) -> None:
    client.environ_base["REMOTE_ADDR"] = "10.1.1.1"
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    login(client, users["adviseur"])
    # The header changes at will: the binding does not follow it.
    client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
    assert _logged_in(client)
    # A thief elsewhere who claims the victim's forwarded address gets nothing.
    thief = _thief_with_cookie_of(client)
    thief.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    thief.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
    assert not _logged_in(thief)


def test_the_binding_reads_the_address_not_the_header(app: Flask) -> None:
    plain = {"REMOTE_ADDR": "10.1.1.1"}
    with app.test_request_context("/", environ_base=plain):
        honest = session_identifier()
    with app.test_request_context(
        "/", environ_base=plain, headers={"X-Forwarded-For": "203.0.113.7"}
    ):
        assert session_identifier() == honest
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "10.2.2.2"}):
        assert session_identifier() != honest


def test_forwarded_for_counts_only_from_a_configured_trusted_proxy(
    app: Flask, users: dict[str, User]
) -> None:
    """Behind one trusted proxy the address it reports is the client's: the binding
    follows it. Without TRUSTED_PROXIES the same header changes nothing."""
    for proxies, survives in ((1, False), (0, True)):
        with variant(app, TRUSTED_PROXIES=proxies) as behind:
            client = behind.test_client()
            client.environ_base["REMOTE_ADDR"] = "10.0.0.2"  # the proxy
            client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.7"
            db.session.expire_all()  # the other application changed the user's rows
            login(client, users["adviseur"])
            assert _logged_in(client)
            client.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.99"
            assert _logged_in(client) is survives, proxies


def test_cookie_flags_are_secure_by_default(client: FlaskClient, users: dict[str, User]) -> None:
    assert DEFAULTS["SESSION_COOKIE_SECURE"] is True
    assert client.application.config["SESSION_COOKIE_SECURE"] is True
    response = client.post(
        "/inloggen", data={"email": users["adviseur"].email, "password": PASSWORD}
    )
    cookie = next(
        header for header in response.headers.getlist("Set-Cookie") if header.startswith("session=")
    )
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    config = client.application.config
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_the_development_override_switches_secure_off(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASEFLOW_SESSION_COOKIE_SECURE", "0")
    assert load_config(tmp_path, {"SECRET_KEY": "x"})["SESSION_COOKIE_SECURE"] is False
    monkeypatch.delenv("CASEFLOW_SESSION_COOKIE_SECURE")
    assert load_config(tmp_path, {"SECRET_KEY": "x"})["SESSION_COOKIE_SECURE"] is True


def test_hsts_is_a_setting(app: Flask, client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/inloggen").headers
    with variant(app, HSTS_SECONDS=31536000) as strict:
        response = strict.test_client().get("/inloggen")
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains"
        )
