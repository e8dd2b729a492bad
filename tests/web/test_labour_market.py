"""The labour-market scan as data, by clicking: a ministry files a case with the scan's source,
date and measures; BZK imports regional indicators (bad rows refused with their line); the
indicator list, the case page's labour-market panel, the spreading check and the matched
regions show it. Every role reads the list; only BZK imports."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.models import User
from caseflow.services.insight import regions
from tests.conftest import login
from tests.factories import province_id
from tests.web.helpers import file_case

Users = dict[str, User]
HEADER = "provincie;regio;indicator;waarde;peildatum;bron\n"
OVERIJSSEL = (
    HEADER
    + "Overijssel;;spanning;1,2;2026-01-01;UWV spanningsindicator jan 2026\n"
    + "Overijssel;Regio Zwolle;studenten;41000;2025-10-01;DUO\n"
)


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def upload(client: FlaskClient, body: str) -> tuple[int, str]:
    response = client.post(
        "/arbeidsmarkt/import",
        data={"bestand": (io.BytesIO(body.encode()), "arbeidsmarkt.csv")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def import_file(client: FlaskClient, body: str) -> str:
    status, preview = upload(client, body)
    assert status == 200, preview
    token = re.search(r'name="token"[^>]*value="([^"]+)"', preview) or re.search(
        r'value="([^"]+)"[^>]*name="token"', preview
    )
    assert token, preview
    done = client.post(
        "/arbeidsmarkt/import/bevestigen", data={"token": token.group(1)}, follow_redirects=True
    )
    assert done.status_code == 200
    return done.get_data(as_text=True)


def test_adviser_imports_and_the_list_shows_sources(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    empty = client.get("/arbeidsmarkt").get_data(as_text=True)
    assert "Er zijn nog geen arbeidsmarktindicatoren geïmporteerd." in empty
    assert "/arbeidsmarkt/import" in empty
    page = import_file(client, OVERIJSSEL)
    assert "2 indicatoren zijn geïmporteerd." in page
    assert "UWV spanningsindicator jan 2026" in page and "DUO" in page
    assert "Regio Zwolle" in page and "41.000" in page and "1,2" in page
    assert "Indicatie arbeidsmarkt:</strong> beperkt" in page
    assert page.count("<h1") == 1


def test_bad_rows_are_422_with_their_line_and_nothing_is_imported(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["coordinator"])
    status, page = upload(client, OVERIJSSEL + "Atlantis;;spanning;x;2026-01-01;\n")
    assert status == 422
    assert "Het bestand bevat fouten; er is niets geïmporteerd" in page
    assert "Regel 4: Onbekende provincie: &#39;Atlantis&#39;." in page
    assert 'name="token"' not in page
    assert "Er zijn nog geen" in client.get("/arbeidsmarkt").get_data(as_text=True)


def test_an_empty_upload_is_refused_on_the_form(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    response = client.post("/arbeidsmarkt/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kies een bestand." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["ministerie", "secretariaat", "beheerder"])
def test_others_read_the_list_but_do_not_import(
    client: FlaskClient, users: Users, role: str
) -> None:
    login(client, users[role])
    page = client.get("/arbeidsmarkt")
    assert page.status_code == 200
    assert "/arbeidsmarkt/import" not in page.get_data(as_text=True)
    assert client.get("/arbeidsmarkt/import").status_code == 403
    assert (
        client.post("/arbeidsmarkt/import/bevestigen", data={"token": "x" * 20}).status_code == 403
    )


def test_english_list(client: FlaskClient, english: Users) -> None:
    login(client, english["adviseur"])
    page = client.get("/arbeidsmarkt").get_data(as_text=True)
    assert "Labour market per province" in page


def test_case_with_scan_data_is_flagged_in_check_panel_and_matching(
    client: FlaskClient, users: Users
) -> None:
    regions.create_profile(
        users["adviseur"],
        regions.ProfileData("Regio Zwolle", ["Overijssel"], [], ["Dienstverlening"], [], []),
    )
    login(client, users["adviseur"])
    import_file(client, OVERIJSSEL)
    login(client, users["ministerie"])
    case = file_case(
        client,
        "omvangswijziging",
        proposed_province_id=province_id("Overijssel"),
        proposed_place="Zwolle",
        labour_market_scan="onvoldoende",
        labour_market_source="UWV regio Zwolle",
        labour_market_date="2026-02-01",
        labour_market_hybrid="y",
        labour_market_students="y",
    )
    assert case.labour_market_source == "UWV regio Zwolle"
    assert case.labour_market_date == date(2026, 2, 1)
    assert case.labour_market_hybrid and case.labour_market_students
    assert not case.labour_market_other_measure
    login(client, users["adviseur"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Arbeidsmarkt onvoldoende" in page
    assert "Bron arbeidsmarktscan" in page and "UWV regio Zwolle" in page
    assert (
        "Vastgelegde maatregelen: in eerste instantie hybride werken en werven onder studenten "
        "in de regio." in page
    )
    assert "Arbeidsmarkt in de provincies van deze zaak" in page
    assert "UWV spanningsindicator jan 2026" in page
    assert "Let op, arbeidsmarkt:" in page
    assert "Arbeidsmarkt beperkt in Overijssel volgens de spanningsindicator" in page
    assert "De arbeidsmarktscan van deze zaak voor Overijssel is &#39;onvoldoende&#39;." in page


def test_an_empty_scan_date_as_a_browser_posts_it_is_no_date(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", labour_market_date="", labour_market_source="")
    assert case.labour_market_date is None and case.labour_market_source == ""
