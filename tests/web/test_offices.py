"""The office register by clicking: every case role reads it, BZK adds, edits (a stale
form comes back with the input kept) and imports (preview, then confirm; bad rows named
by line), the administrator does not see it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Office, User
from caseflow.services.insight import regions
from caseflow.services.places import meeting_places, offices
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.web.helpers import version_on

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _shipped(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")
    meeting_places.load_meeting_places()
    db.session.commit()


def _zwolle() -> Office:
    return db.session.scalars(select(Office).where(Office.reference_key == "rop:Zwolle")).one()


@pytest.mark.parametrize("role", ["ministerie", "secretariaat", "adviseur", "coordinator"])
def test_case_roles_read_the_register(client: FlaskClient, users: Users, role: str) -> None:
    login(client, users[role])
    page = client.get("/kantoren").get_data(as_text=True)
    assert "Middelburg" in page and "Zwolle" in page
    assert ('href="/kantoren/import"' in page) == (role in ("adviseur", "coordinator"))
    filtered = client.get(f"/kantoren?provincie={province_id('Overijssel')}&ontmoetingsplein=1")
    text = filtered.get_data(as_text=True)
    assert "Zwolle" in text and "Middelburg" not in text
    detail = client.get(f"/kantoren/{_zwolle().id}").get_data(as_text=True)
    assert "aangekondigd (2026)" in detail
    if role not in ("adviseur", "coordinator"):
        assert client.get("/kantoren/nieuw").status_code == 403
        assert client.get("/kantoren/import").status_code == 403


def test_the_administrator_has_no_register(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    assert client.get("/kantoren").status_code == 403


def test_bad_filters_are_no_error(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    for query in ("provincie=abc", "provincie=99999999999", "ontmoetingsplein=ja"):
        assert client.get(f"/kantoren?{query}").status_code == 200
    assert client.get("/kantoren/999999").status_code == 404


def test_an_adviser_adds_and_edits_an_office(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    form = {
        "place": "Zwolle",
        "province_id": str(province_id("Overijssel")),
        "name": "Rijkskantoor Zwolle",
        "workplaces": "400",
        "occupied": "280",
        "source": "Rijksvastgoedbedrijf, 2026",
    }
    response = client.post("/kantoren/nieuw", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "120 werkplekken" in page
    office = db.session.scalars(select(Office).where(Office.name == "Rijkskantoor Zwolle")).one()
    edit = client.get(f"/kantoren/{office.id}/wijzigen").get_data(as_text=True)
    changed = {**form, "occupied": "300", "version": version_on(edit)}
    assert client.post(f"/kantoren/{office.id}/wijzigen", data=changed).status_code == 302
    db.session.refresh(office)
    assert office.occupied == 300


def test_form_errors_are_named(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    form = {
        "place": "Zwolle",
        "province_id": str(province_id("Overijssel")),
        "workplaces": "10",
        "occupied": "11",
        "meeting_place": "y",
        "meeting_status": "open",
        "opening_year": "2026",
        "opening_month": "2",
        "opening_day": "30",
        "source": "x",
    }
    response = client.post("/kantoren/nieuw", data=form)
    assert response.status_code == 422
    assert "Deze datum bestaat niet." in response.get_data(as_text=True)
    form["opening_day"] = ""
    response = client.post("/kantoren/nieuw", data=form)
    assert response.status_code == 422
    assert "Er kunnen niet meer werkplekken bezet zijn dan er zijn." in response.get_data(
        as_text=True
    )


def test_a_stale_edit_comes_back_with_the_input(client: FlaskClient, users: Users) -> None:
    zwolle = _zwolle()
    login(client, users["adviseur"])
    edit = client.get(f"/kantoren/{zwolle.id}/wijzigen").get_data(as_text=True)
    shown = version_on(edit)
    zwolle.note = "iemand anders"
    db.session.commit()
    form = {
        "place": "Zwolle",
        "province_id": str(zwolle.province_id),
        "meeting_place": "y",
        "meeting_status": "announced",
        "opening_year": "2026",
        "opening_month": "9",
        "source": zwolle.source,
        "note": "mijn invoer",
        "version": shown,
    }
    response = client.post(f"/kantoren/{zwolle.id}/wijzigen", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "mijn invoer" in page and version_on(page) != shown
    form["version"] = version_on(page)
    assert client.post(f"/kantoren/{zwolle.id}/wijzigen", data=form).status_code == 302
    db.session.refresh(zwolle)
    assert (zwolle.note, zwolle.opening_month) == ("mijn invoer", 9)


def _upload(client: FlaskClient, name: str, data: bytes) -> tuple[int, str]:
    response = client.post(
        "/kantoren/import",
        data={"bestand": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_import_is_previewed_then_confirmed(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    data = _xlsx(
        [
            ["plaats", "provincie", "naam", "werkplekken", "bezet", "bron"],
            ["Zwolle", "Overijssel", "Rijkskantoor Zwolle", 400, 280, "RVB 2026"],
        ]
    )
    status, page = _upload(client, "kantoren.xlsx", data)
    assert status == 200, page
    assert db.session.scalars(select(Office).where(Office.name != "")).first() is None
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = client.post("/kantoren/import/bevestigen", data={"token": token.group(1)})
    assert response.status_code == 302
    office = db.session.scalars(select(Office).where(Office.name == "Rijkskantoor Zwolle")).one()
    assert (office.workplaces, office.occupied, office.source) == (400, 280, "RVB 2026")


def test_a_bad_import_names_its_rows_and_writes_nothing(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    data = b"plaats;provincie;werkplekken;bron\nZwolle;Overijssel;400;RVB\nAssen;Atlantis;1;RVB\n"
    status, page = _upload(client, "kantoren.csv", data)
    assert status == 422
    assert "Regel 3: Onbekende provincie: &#39;Atlantis&#39;." in page
    assert "Import bevestigen" not in page
    status, page = _upload(client, "kantoren.txt", b"x")
    assert status == 422 and "Kies een CSV-bestand" in page
    bad_token = client.post("/kantoren/import/bevestigen", data={"token": "x" * 30})
    assert bad_token.status_code == 404


def test_the_register_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["adviseur"])
    page = client.get("/kantoren").get_data(as_text=True)
    assert "Government offices and meeting places" in page
    assert "announced (2026)" in page


def test_the_case_page_names_the_room_in_the_region(client: FlaskClient, users: Users) -> None:
    overijssel = province_id("Overijssel")
    regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            name="Regio Zwolle",
            provinces=["Overijssel"],
            municipalities=["Zwolle"],
            core_qualities=["Logistiek knooppunt"],
            themes=["migratie"],
            sectors=["asiel"],
        ),
    )
    offices.add_office(
        users["adviseur"],
        offices.OfficeInput(
            place="Zwolle", province_id=overijssel, source="RVB", workplaces=400, occupied=280
        ),
    )
    case = case_in_state(users, "omvangswijziging", motivation="Groei door migratie en asiel.")
    login(client, users["adviseur"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert (
        "Huisvesting: ruimte voor 120 werkplekken in Zwolle, rijksontmoetingsplein opent in 2026."
        in page
    )
