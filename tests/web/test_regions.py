"""Spreading insight over HTTP: the profile register (who may read and change it), the
"Passende regio's" section with the draft link and prefill, and the figures import."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.region import EmploymentFigure, RegionProfile
from caseflow.services.insight import figures, regions
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.services.test_insight import add_figures
from tests.web.helpers import option_values

Users = dict[str, User]
PROFILE = {
    "name": "Regio Zwolle",
    "provinces": ["Overijssel", "Flevoland"],
    "municipalities": "Zwolle\nKampen",
    "core_qualities": "Logistiek knooppunt\nOnderwijs",
    "themes": "migratie",
    "sectors": "asiel",
    "labour_market_note": "",
    "contacts": "",
    "received_on": "2024-05-08",
    "source_document": "Ontwikkelprofiel Regio Zwolle 2024",
}


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def test_adviser_creates_and_edits_profile(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert client.get("/regio/nieuw").status_code == 200
    response = client.post("/regio/nieuw", data=PROFILE)
    assert response.status_code == 302
    profile = db.session.scalars(select(RegionProfile)).one()
    assert profile.provinces == ["Overijssel", "Flevoland"]
    assert profile.municipalities == ["Zwolle", "Kampen"]
    page = client.get(f"/regio/{profile.id}/bewerken").get_data(as_text=True)
    assert "Logistiek knooppunt\nOnderwijs" in page
    edited = client.post(f"/regio/{profile.id}/bewerken", data=PROFILE | {"themes": "water"})
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(RegionProfile, profile.id).themes == ["water"]  # type: ignore[union-attr]


def test_invalid_profile_shows_linked_dutch_errors(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    response = client.post("/regio/nieuw", data=PROFILE | {"name": "", "core_qualities": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'href="#name"' in page and "Dit veld is verplicht." in page
    assert 'href="#core_qualities"' in page
    assert db.session.scalar(select(func.count()).select_from(RegionProfile)) == 0


def test_ministry_may_read_but_not_create(client: FlaskClient, users: Users) -> None:
    profile = regions.create_profile(
        users["adviseur"], regions.ProfileData("Twente", ["Overijssel"], [], ["Techniek"], [], [])
    )
    login(client, users["ministerie"])
    assert client.get("/regio/nieuw").status_code == 403
    assert client.post("/regio/nieuw", data=PROFILE).status_code == 403
    assert client.post(f"/regio/{profile.id}/bewerken", data=PROFILE).status_code == 403
    assert "Twente" in client.get("/regio").get_data(as_text=True)
    page = client.get(f"/regio/{profile.id}").get_data(as_text=True)
    assert "Techniek" in page and "Ontwikkelprofiel wijzigen" not in page


def test_beheerder_can_read(client: FlaskClient, users: Users) -> None:
    regions.load_demo_profiles()
    login(client, users["beheerder"])
    page = client.get("/regio").get_data(as_text=True)
    assert "[DEMO] Twente" in page and "Nieuw ontwikkelprofiel" not in page
    assert client.get("/regio/nieuw").status_code == 403


def test_matching_section_link_and_prefill(client: FlaskClient, users: Users) -> None:
    regions.load_demo_profiles()
    mine = regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            "Regio Zwolle", ["Overijssel"], [], ["Logistiek"], ["migratie"], ["asiel"]
        ),
    )
    case = case_in_state(
        users, "omvangswijziging", "in_behandeling", motivation="Meer asiel-zaken."
    )
    login(client, users["adviseur"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    section = page.split('id="passende-regios"')[1].split("</section>")[0]
    assert "Regio Zwolle</a> – score 3,5" in section
    assert "noemt de sector asiel, die aansluit bij deze dienst." in section
    assert section.count("Neem redenering over in concept") == 5
    link = f"/zaken/{case.id}/acties/concept_opslaan?regio={mine.id}"
    assert link in section
    form = client.get(link).get_data(as_text=True)
    assert "Passende regio: Regio Zwolle." in form
    selected = re.search(
        r'<option[^>]*selected[^>]*value="(\d+)"|<option[^>]*value="(\d+)"[^>]*selected', form
    )
    assert selected and province_id("Overijssel") in {int(g) for g in selected.groups() if g}
    assert str(province_id("Overijssel")) in option_values(form, "provincie_id")
    # The advice form itself shows the fitting regions (and, with figures, the impact).
    assert 'id="passende-regios"' in form and "Regio Zwolle</a> – score 3,5" in form


def test_the_advice_form_shows_the_impact(client: FlaskClient, users: Users) -> None:
    add_figures()
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    form = client.get(f"/zaken/{case.id}/acties/concept_opslaan").get_data(as_text=True)
    assert 'id="effect-spreiding"' in form and "Aandeel Randstad" in form
    other = client.get(f"/zaken/{case.id}/acties/aanvulling_vragen")
    assert other.status_code == 200
    assert b'id="effect-spreiding"' not in other.data and b'id="passende-regios"' not in other.data


def test_matching_section_readable_without_link(client: FlaskClient, users: Users) -> None:
    regions.load_demo_profiles()
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["ministerie"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Passende regio&#39;s" in page or "Passende regio's" in page
    assert "[DEMO] Zuid-Limburg" in page
    assert "Neem redenering over in concept" not in page


def _upload(client: FlaskClient, name: str, data: bytes) -> str:
    response = client.post(
        "/cijfers/import",
        data={"bestand": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )
    return response.get_data(as_text=True) + f"\nSTATUS {response.status_code}"


def test_import_preview_then_confirm(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert client.get("/cijfers/import").status_code == 200
    data = b"provincie;sector;peildatum;fte\nFriesland;DJI;2024-01-01;250\n"
    page = _upload(client, "cijfers.csv", data)
    assert "STATUS 200" in page and "Import bevestigen" in page
    assert db.session.scalar(select(func.count()).select_from(EmploymentFigure)) == 0
    token = re.search(r'name="token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="token"', page
    )
    assert token
    done = client.post("/cijfers/import/bevestigen", data={"token": token.group(1)})
    assert done.status_code == 302
    figure = db.session.scalars(select(EmploymentFigure)).one()
    assert (figure.province.name, figure.fte) == ("Fryslân", 250)
    listing = client.get("/cijfers").get_data(as_text=True)
    assert "Fryslân" in listing and "officieel of geïmporteerd" in listing


def test_import_with_errors_is_422_and_imports_nothing(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    data = b"provincie;sector;peildatum;fte\nAtlantis;DJI;2024-01-01;-1\n"
    page = _upload(client, "cijfers.csv", data)
    assert "STATUS 422" in page
    assert "Onbekende provincie: &#39;Atlantis&#39;." in page
    assert "Fte mag niet negatief zijn." in page
    assert 'href="#regel-2"' in page and "Import bevestigen" not in page
    assert client.post("/cijfers/import/bevestigen", data={"token": "x" * 20}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(EmploymentFigure)) == 0


def test_import_forbidden_for_ministry_and_list_labels_illustrative(
    client: FlaskClient, users: Users
) -> None:
    figures.load_known_figures()
    figures.generate_demo_figures()
    login(client, users["ministerie"])
    assert client.get("/cijfers/import").status_code == 403
    page = client.get("/cijfers").get_data(as_text=True)
    assert "illustratief</span>" in page and "Cijfers importeren" not in page
    assert "Kamerstuk 31 490 nr. 347" in page
