"""Mijn downloads through HTTP: the annual overview's button posts a job (CSRF), the page
lists the user's own jobs with their status, the task builds the file and its owner alone
downloads it; the old XLSX address explains where the file went."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from caseflow import tasks
from caseflow.domain.clock import local_today
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state

Users = dict[str, User]


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    app.config["EXPORTS_PATH"] = str(tmp_path / "exports")
    return tmp_path / "exports"


def _form() -> dict[str, str]:
    today = local_today()
    return {"jaar": str(today.year), "peildatum": today.isoformat(), "telling": "standplaats"}


def test_ask_build_and_download(client: FlaskClient, users: Users, folder: Path) -> None:
    agreed = case_in_state(users, "omvangswijziging", "afgerond").reference
    login(client, users["coordinator"])
    page = client.get("/rapportage/jaaroverzicht").get_data(as_text=True)
    assert 'action="/rapportage/jaaroverzicht/excel"' in page and "Excel-bestand maken" in page
    assert "jaaroverzicht.xlsx" not in page

    response = client.post("/rapportage/jaaroverzicht/excel", data=_form())
    assert response.status_code == 302 and response.headers["Location"].endswith("/downloads")
    page = client.get("/downloads").get_data(as_text=True)
    assert page.count("<h1") == 1 and "Mijn downloads" in page
    assert '<th scope="col"' in page and '<th scope="row"' in page
    assert "Wachtend" in page and 'role="status"' in page and "ververs deze pagina" in page
    assert "Het Excel-bestand wordt gemaakt." in page  # the flash after the post
    assert not re.search(r'href="/downloads/\d+"', page)

    assert tasks.build_exports() == {"exports": 1}
    page = client.get("/downloads").get_data(as_text=True)
    assert "Klaar" in page and "ververs deze pagina" not in page
    link = re.search(r'href="(/downloads/\d+)"', page)
    assert link is not None
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"jaaroverzicht-{local_today().year}" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    book = load_workbook(io.BytesIO(response.get_data()))
    response.close()
    assert [r[1] for r in book["Besloten zaken"].iter_rows(min_row=3, values_only=True)] == [agreed]
    # The user was told, in the inbox.
    assert "staat klaar" in client.get("/meldingen").get_data(as_text=True)

    # Nobody else: another user of the same role, or a ministry, gets a 404.
    for other in ("adviseur", "secretariaat", "ministerie", "beheerder"):
        login(client, users[other])
        assert client.get(link.group(1)).status_code == 404, other
        assert client.get("/downloads").status_code == 200
        assert link.group(1) not in client.get("/downloads").get_data(as_text=True)


def test_who_may_ask(client: FlaskClient, users: Users, folder: Path) -> None:
    for role in ("ministerie", "beheerder"):
        login(client, users[role])
        assert client.post("/rapportage/jaaroverzicht/excel", data=_form()).status_code == 403
    login(client, users["secretariaat"])
    bad = {"jaar": "99999", "peildatum": "2026-02-30", "telling": "x"}
    response = client.post("/rapportage/jaaroverzicht/excel", data=bad)
    assert response.status_code == 302 and "/downloads" not in response.headers["Location"]
    assert client.get("/downloads").get_data(as_text=True).count('<th scope="row"') == 0
    # Asking twice for the same file makes one job.
    client.post("/rapportage/jaaroverzicht/excel", data=_form())
    response = client.post("/rapportage/jaaroverzicht/excel", data=_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "wordt al gemaakt" in page and page.count('<th scope="row"') == 1


def test_the_old_xlsx_address_leads_to_the_button(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    response = client.get("/rapportage/jaaroverzicht.xlsx?jaar=2025&telling=tewerkstelling")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/rapportage/jaaroverzicht?jaar=2025")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "op de achtergrond gemaakt" in page and "Excel-bestand maken" in page


def test_the_post_needs_the_csrf_token(csrf_app: Flask, users: Users) -> None:
    client = csrf_app.test_client()
    login(client, users["coordinator"])
    assert client.post("/rapportage/jaaroverzicht/excel", data=_form()).status_code == 400
    page = client.get("/rapportage/jaaroverzicht").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/rapportage/jaaroverzicht/excel", data={**_form(), "csrf_token": token.group(1)}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/downloads")
