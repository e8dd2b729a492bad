"""The annual overview page and its downloads, and the advice letter as a download."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from caseflow.domain.clock import local_today
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state, issued_case
from tests.pdf_checks import pdf_ua_findings
from tests.services.test_letters import pdf_text

Users = dict[str, User]


def _url(suffix: str = "") -> str:
    today = local_today()
    return f"/rapportage/jaaroverzicht{suffix}?jaar={today.year}&peildatum={today.isoformat()}"


@pytest.fixture
def cases(users: Users) -> dict[str, str]:
    return {
        "busy": case_in_state(users, "omvangswijziging", "in_behandeling").reference,
        "agreed": case_in_state(users, "omvangswijziging", "afgerond").reference,
        "ocw": case_in_state(
            users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"], title="DUO Noord"
        ).reference,
    }


def test_overview_page(client: FlaskClient, users: Users, cases: dict[str, str]) -> None:
    login(client, users["coordinator"])
    response = client.get(_url())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1") == 1
    assert "Lopende zaken van JenV op" in html and "Lopende zaken van OCW op" in html
    assert "Besloten zaken van JenV in" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert cases["busy"] in html and cases["ocw"] in html and "Overeenstemming" in html
    assert "huidige status" in html  # peildatum today: the current state, and it says so
    assert "jaaroverzicht.pdf?" in html and "jaaroverzicht.xlsx?" in html
    assert client.get("/rapportage/jaaroverzicht?jaar=abc&peildatum=x").status_code == 200
    assert client.get("/rapportage/jaaroverzicht.doc").status_code == 404


@pytest.mark.parametrize("role", ["ministerie", "beheerder"])
def test_overview_forbidden(client: FlaskClient, users: Users, role: str) -> None:
    login(client, users[role])
    assert client.get(_url()).status_code == 403
    assert client.get(_url(".csv")).status_code == 403
    assert client.get(_url(".pdf")).status_code == 403


def test_overview_downloads(client: FlaskClient, users: Users, cases: dict[str, str]) -> None:
    login(client, users["secretariaat"])
    response = client.get(_url(".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert ["OCW", cases["ocw"]] in [r[:2] for r in rows]

    response = client.get(_url(".xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()))
    response.close()
    assert [r[1] for r in book["Besloten zaken"].iter_rows(min_row=3, values_only=True)] == [
        cases["agreed"]
    ]

    response = client.get(_url(".pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for expected in (cases["busy"], cases["ocw"], "Lopende zaken van JenV", "OCW", "DUO Noord"):
        assert expected in text, expected
    assert pdf_ua_findings(pdf) == []


def test_advice_letter_download(client: FlaskClient, users: Users) -> None:
    issued = issued_case(users)
    draft = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    login(client, users["ministerie"])
    response = client.get(f"/zaken/{issued.id}/advies/1.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"{issued.reference}-advies-1.pdf" in response.headers["Content-Disposition"]
    text = pdf_text(response.get_data())
    assert issued.reference in text and "BZK adviseert vestiging in Heerlen." in text
    assert "Justitie en Veiligheid" in text
    assert client.get(f"/zaken/{draft.id}/advies/1.pdf").status_code == 404
    assert client.get(f"/zaken/{issued.id}/advies/2.pdf").status_code == 404
    login(client, users["ministerie_ocw"])
    assert client.get(f"/zaken/{issued.id}/advies/1.pdf").status_code == 404
