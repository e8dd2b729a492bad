"""With the database away users get a Dutch 503 page with every security header and
Retry-After, not the server's bare English "Internal Server Error"; an unexpected error is a
Dutch 500 page with the same headers, even when the normal error page cannot be shown."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from caseflow import create_app
from caseflow.extensions import db
from caseflow.models import User
from tests.conftest import PASSWORD, login

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def _closed_port() -> int:
    """A loopback port nobody listens on (bound and released: free, so refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _unreachable_urls(tmp_path: Path) -> dict[str, str]:
    return {
        "postgresql": f"postgresql+psycopg://caseflow@127.0.0.1:{_closed_port()}/caseflow",
        "sqlite": f"sqlite:///{tmp_path / 'geen-map' / 'caseflow.sqlite3'}",
    }


@pytest.fixture(params=["postgresql", "sqlite"])
def dead_app(request: pytest.FixtureRequest, app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """An app with the test app's secret key whose database cannot be reached."""
    url = _unreachable_urls(tmp_path)[request.param]
    dead = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}}
            if request.param == "postgresql"
            else {},
        }
    )
    yield dead
    with dead.app_context():
        db.engine.dispose()


def _assert_unavailable(response: TestResponse) -> None:
    page = response.get_data(as_text=True)
    assert response.status_code == 503, page[:500]
    assert "Tijdelijk niet beschikbaar" in page and "database is niet bereikbaar" in page
    assert '<html lang="nl">' in page and "Internal Server Error" not in page
    assert response.headers["Retry-After"].isdigit()
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
    assert response.headers["Cache-Control"] == "no-store"


def test_logging_in_without_a_database_is_a_dutch_503(dead_app: Flask) -> None:
    client = dead_app.test_client()
    response = client.post("/inloggen", data={"email": "a@b.nl", "password": PASSWORD})
    _assert_unavailable(response)


def test_a_logged_in_user_gets_a_dutch_503_on_every_page(
    dead_app: Flask, client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    cookie = client.get_cookie("session")
    assert cookie is not None
    dead = dead_app.test_client()
    dead.set_cookie("session", cookie.value)
    for url in ("/", "/zaken", "/zaken/1", "/zaken?q=IND", "/spreiding", "/bestaat-niet"):
        _assert_unavailable(dead.get(url))
    _assert_unavailable(dead.post("/zaken/1/acties/intake_accepteren", data={"version": "1"}))


def test_an_unexpected_error_is_a_dutch_500_with_headers(app: Flask) -> None:
    @app.get("/test-fout")
    def broken() -> str:
        raise RuntimeError("kapot")

    response = app.test_client().get("/test-fout")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging aan onze kant iets mis" in page and "kapot" not in page
    for header in SECURITY_HEADERS:
        assert header in response.headers, header


def test_a_failing_error_page_falls_back_to_the_plain_one(app: Flask) -> None:
    @app.get("/test-fout")
    def broken() -> str:
        raise RuntimeError("kapot")

    def broken_layout() -> str:
        raise RuntimeError("ook de foutpagina is kapot")

    app.jinja_env.globals["current_locale"] = broken_layout  # base.html calls it
    response = app.test_client().get("/test-fout")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging aan onze kant iets mis" in page and "Internal Server Error" not in page
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
