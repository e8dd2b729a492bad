"""Figures you can trust, through the pages: an incomplete import never becomes the reference
year, the preview warns, and a withdrawn import brings the previous numbers back.

Hand-computed base: a complete 2024 of "Totaal" rows, Zuid-Holland 3.000, Noord-Holland
2.000, Utrecht 1.000 and the nine other provinces 400 each: national total 9.600 fte,
Randstad 6.000 / 9.600 = 62,5%.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import User
from caseflow.models.region import EmploymentFigure, FigureBatch
from tests.conftest import login
from tests.factories import case_in_state, province_id

Users = dict[str, User]
BASE = {"Zuid-Holland": 3000, "Noord-Holland": 2000, "Utrecht": 1000}
OTHERS = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)
HEADER = "provincie;sector;peildatum;fte;bron\n"
# The file of the finding: two valid rows for 2025, 11.800 fte together.
PARTIAL_2025 = HEADER + (
    "Utrecht;Ministeries;2025-01-01;5000;Jaarbrief 2025 (deel)\n"
    "Zuid-Holland;Ministeries;2025-01-01;6800;Jaarbrief 2025 (deel)\n"
)


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def complete_2024() -> None:
    fte = BASE | dict.fromkeys(OTHERS, 400)
    for name, value in fte.items():
        db.session.add(
            EmploymentFigure(
                province_id=province_id(name),
                sector="Totaal",
                peildatum=date(2024, 1, 1),
                fte=value,
                source="Jaarbrief 2024",
            )
        )
    db.session.commit()


def complete_2025_file() -> str:
    """Every province 1.000 fte: total 12.000, Randstad 3.000 / 12.000 = 25,0%."""
    names = [*BASE, *OTHERS]
    return HEADER + "".join(f"{n};Totaal;2025-01-01;1000;Jaarbrief 2025\n" for n in names)


def upload(client: FlaskClient, body: str, name: str = "cijfers.csv") -> tuple[int, str]:
    response = client.post(
        "/cijfers/import",
        data={"bestand": (io.BytesIO(body.encode()), name)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def confirm(client: FlaskClient, preview: str) -> str:
    token = re.search(r'name="token"[^>]*value="([^"]+)"', preview) or re.search(
        r'value="([^"]+)"[^>]*name="token"', preview
    )
    assert token, preview
    done = client.post(
        "/cijfers/import/bevestigen", data={"token": token.group(1)}, follow_redirects=True
    )
    assert done.status_code == 200
    return done.get_data(as_text=True)


def import_file(client: FlaskClient, body: str, name: str = "cijfers.csv") -> str:
    status, preview = upload(client, body, name)
    assert status == 200, preview
    return confirm(client, preview)


def dashboard(client: FlaskClient) -> str:
    page = client.get("/spreiding")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_a_partial_year_never_becomes_the_reference(client: FlaskClient, users: Users) -> None:
    complete_2024()
    growth = case_in_state(
        users,
        "omvangswijziging",
        title="Groei in Utrecht",
        fte_change=55,
        current_province_id=province_id("Utrecht"),
        current_place="Utrecht",
    )
    login(client, users["adviseur"])
    before_case = client.get(f"/zaken/{growth.id}").get_data(as_text=True)
    assert "1.000" in before_case and "1.055" in before_case

    status, preview = upload(client, PARTIAL_2025)
    assert status == 200
    assert "Let op: na deze import is niet elke peildatum volledig." in preview
    assert "Peildatum 1 januari 2025: geen cijfers voor 10 van de provincies" in preview
    assert "De berekeningen gebruiken dan de cijfers peildatum 1 januari 2024." in preview
    done = confirm(client, preview)
    assert "Peildatum 1 januari 2025 is onvolledig" in done

    html = dashboard(client)
    assert "Per provincie op 1 januari 2024" in html
    assert "9.600" in html and "62,5%" in html  # unchanged
    assert "11.800" not in html and "2025: " not in html  # not in the trend either
    assert re.search(r"Randstad \([^)]*\): 62,5%", html)
    assert "Peildatum 1 januari 2025 is onvolledig: geen cijfers voor 10 van de provincies" in html
    assert "Berekeningen gebruiken de cijfers peildatum 1 januari 2024" in html
    assert 'value="2025-01-01"' not in html  # not offered as a peildatum
    # Asking for 2025 by address shows 2024 all the same.
    assert "Per provincie op 1 januari 2024" in client.get(
        "/spreiding?peildatum=2025-01-01"
    ).get_data(as_text=True)

    case_page = client.get(f"/zaken/{growth.id}").get_data(as_text=True)
    # Utrecht 1.000 -> 1.055 on 1 January 2024, as before; never "(geen cijfers) 0 -> 55".
    assert "1.000" in case_page and "1.055" in case_page
    assert "geen cijfers" not in case_page
    assert "Berekend met de cijfers peildatum 1 januari 2024" in case_page
    assert "Peildatum 1 januari 2025 is onvolledig en niet gebruikt." in case_page

    listing = client.get("/cijfers").get_data(as_text=True)
    assert "Onvolledig, niet gebruikt voor berekeningen:" in listing
    assert "alle berekeningen gebruiken de cijfers peildatum 1 januari 2024." in listing


def test_a_complete_import_and_its_withdrawal(client: FlaskClient, users: Users) -> None:
    complete_2024()
    login(client, users["adviseur"])
    assert "9.600" in dashboard(client)

    status, preview = upload(client, complete_2025_file(), "jaarbrief-2025.csv")
    assert status == 200 and "Let op" not in preview
    assert "Na deze import gebruiken de berekeningen de cijfers peildatum 1 januari 2025." in (
        preview
    )
    confirm(client, preview)
    html = dashboard(client)
    assert "Per provincie op 1 januari 2025" in html and "12.000" in html and "25,0%" in html

    batch = db.session.scalars(select(FigureBatch)).one()
    assert (batch.file_name, batch.row_count, batch.source) == (
        "jaarbrief-2025.csv",
        12,
        "Jaarbrief 2025",
    )
    assert batch.created_by_id == users["adviseur"].id and len(batch.file_sha256) == 64
    listing = client.get("/cijfers/imports").get_data(as_text=True)
    assert "jaarbrief-2025.csv" in listing and "van kracht" in listing
    detail = client.get(f"/cijfers/imports/{batch.id}").get_data(as_text=True)
    assert batch.file_sha256 in detail and "Import intrekken" in detail

    withdrawn = client.post(f"/cijfers/imports/{batch.id}/intrekken", follow_redirects=True)
    assert withdrawn.status_code == 200
    assert "is ingetrokken" in withdrawn.get_data(as_text=True)
    html = dashboard(client)
    assert "Per provincie op 1 januari 2024" in html and "9.600" in html and "62,5%" in html
    assert "12.000" not in html
    assert client.post(f"/cijfers/imports/{batch.id}/intrekken").status_code == 409


def test_withdrawing_an_overwrite_restores_the_figures(client: FlaskClient, users: Users) -> None:
    complete_2024()
    login(client, users["coordinator"])
    import_file(client, HEADER + "Zuid-Holland;Totaal;2024-01-01;3600;Herziening 2024\n")
    html = dashboard(client)
    assert "10.200" in html  # 9.600 - 3.000 + 3.600
    batch = db.session.scalars(select(FigureBatch)).one()
    detail = client.get(f"/cijfers/imports/{batch.id}").get_data(as_text=True)
    assert "Cijfers die deze import verving" in detail and "3.000" in detail

    assert client.post(f"/cijfers/imports/{batch.id}/intrekken").status_code == 302
    zh = db.session.scalars(
        select(EmploymentFigure).where(EmploymentFigure.province_id == province_id("Zuid-Holland"))
    ).one()
    assert (zh.fte, zh.source, zh.batch_id) == (3000, "Jaarbrief 2024", None)
    assert "9.600" in dashboard(client) and "62,5%" in dashboard(client)


@pytest.mark.parametrize("role", ["ministerie", "secretariaat"])
def test_only_bzk_imports_and_withdraws(client: FlaskClient, users: Users, role: str) -> None:
    complete_2024()
    login(client, users["adviseur"])
    import_file(client, complete_2025_file())
    batch = db.session.scalars(select(FigureBatch)).one()
    login(client, users[role])
    assert client.get("/cijfers/import").status_code == 403
    assert upload(client, complete_2025_file())[0] == 403
    assert client.post("/cijfers/import/bevestigen", data={"token": "x" * 20}).status_code == 403
    assert client.post(f"/cijfers/imports/{batch.id}/intrekken").status_code == 403
    assert db.session.get(FigureBatch, batch.id).withdrawn_at is None  # type: ignore[union-attr]
    detail = client.get(f"/cijfers/imports/{batch.id}")
    assert detail.status_code == 200 and b"Import intrekken" not in detail.data
    assert client.get("/cijfers/imports/999").status_code == 404
