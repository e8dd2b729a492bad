"""The public accessibility statement and the stylesheet choice every page makes."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow import frontend
from caseflow.models import User
from tests.conftest import login


def test_statement_is_public_and_linked_from_every_page(
    client: FlaskClient, users: dict[str, User]
) -> None:
    page = client.get("/toegankelijkheid")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Toegankelijkheidsverklaring" in body and "voldoet gedeeltelijk" in body
    assert "24 november 2026" in body and "ACCESSIBILITY_CONTACT" in body
    assert len(re.findall(r"<h1[ >]", body)) == 1
    for url in ("/inloggen", "/bestaat-niet"):
        assert 'href="/toegankelijkheid"' in client.get(url).get_data(as_text=True), url
    login(client, users["adviseur"])
    assert 'href="/toegankelijkheid"' in client.get("/").get_data(as_text=True)


def test_statement_names_the_configured_contact(app: Flask, client: FlaskClient) -> None:
    app.config["ACCESSIBILITY_CONTACT"] = "digitoegankelijk@bzk.example"
    body = client.get("/toegankelijkheid").get_data(as_text=True)
    assert '<a href="mailto:digitoegankelijk@bzk.example">' in body
    assert "ACCESSIBILITY_CONTACT" not in body


@pytest.mark.parametrize("installed", [True, False])
def test_tokens_when_installed_else_the_open_theme(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    monkeypatch.setattr(frontend, "tokens_installed", lambda: installed)
    body = client.get("/inloggen").get_data(as_text=True)
    sheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', body)
    theme = "tokens/index.css" if installed else "css/theme-open.css"
    assert sheets == ["vendor/components-css/index.css", theme, "css/app.css"]
    assert '<body class="rhc-theme utrecht-document' in body


def test_no_inline_style_or_script_anywhere(client: FlaskClient, users: dict[str, User]) -> None:
    """The CSP forbids them; a style= attribute would silently not apply."""
    login(client, users["coordinator"])
    for url in ("/", "/zaken", "/toegankelijkheid", "/ministerraad", "/meldingen"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert " style=" not in body and "<style" not in body and "<script" not in body, url
        assert "style-src 'self'" in response.headers["Content-Security-Policy"]
