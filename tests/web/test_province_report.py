"""The province report on screen and as CSV, XLSX and tagged PDF; who may open it; the
unknown province and bad years; the links from /spreiding and the region page."""

from __future__ import annotations

import csv
import io

import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from caseflow.models import User
from caseflow.services.insight import regions
from tests.conftest import login
from tests.pdf_checks import pdf_ua_findings
from tests.services.test_letters import pdf_text
from tests.services.test_province_report import NEW, THIS_YEAR, make_cases, make_figures

Users = dict[str, User]
URL = "/provincies/groningen/rapport"


@pytest.fixture
def filled(users: Users) -> dict[str, str]:
    make_figures()
    return make_cases(users)


def test_report_page(client: FlaskClient, users: Users, filled: dict[str, str]) -> None:
    login(client, users["adviseur"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count("<h1") == 1
    assert f"Provinciaal rapport Groningen {THIS_YEAR}" in html
    for heading in ("Rijkswerkgelegenheid in Groningen", "Zaken over Groningen", "Signalen"):
        assert heading in html
    assert "4.500" in html and "90.000" in html and "+500" in html and "+12,5%" in html
    assert "Illustratief:" in html  # one of this year's figures is a demo figure
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert NEW in html and "Overeenstemming" in html
    assert f"rapport.pdf?jaar={THIS_YEAR}" in html and f"rapport.xlsx?jaar={THIS_YEAR}" in html
    assert client.get("/provincies/PV20/rapport").status_code == 200
    assert client.get(f"{URL}?jaar={THIS_YEAR - 1}").status_code == 200


def test_downloads(client: FlaskClient, users: Users, filled: dict[str, str]) -> None:
    login(client, users["secretariaat"])
    response = client.get(f"{URL}.csv?jaar={THIS_YEAR}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [NEW, "Ingediend", "2", "150"] in rows
    assert filled["elsewhere"] not in text

    response = client.get(f"{URL}.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.get_data()))
    response.close()
    assert book.sheetnames == ["Werkgelegenheid", "Zaken", "Gesprekken en signalen", "Kantoren"]
    trend = [r for r in book["Werkgelegenheid"].iter_rows(values_only=True) if r[1] == 4500]
    assert trend and trend[0][2:4] == (90000, 0.05)

    response = client.get(f"{URL}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf_ua_findings(pdf) == []
    text = pdf_text(pdf)
    for heading in (
        f"Provinciaal rapport Groningen {THIS_YEAR}",
        "Rijkswerkgelegenheid in Groningen",
        "Zaken over Groningen",
        f"Gesprekken in {THIS_YEAR}",
        "Signalen",
        "Kantoren en rijksontmoetingspleinen in Groningen",
        "Masterplan Groningen",
    ):
        assert heading in text, heading
    assert client.get(f"{URL}.doc").status_code == 404


@pytest.mark.parametrize("role", ["ministerie", "beheerder"])
def test_not_for_ministries_or_the_administrator(
    client: FlaskClient, users: Users, role: str
) -> None:
    login(client, users[role])
    for suffix in ("", ".csv", ".xlsx", ".pdf"):
        assert client.get(f"{URL}{suffix}").status_code == 403


def test_unknown_province_and_bad_years(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    assert client.get("/provincies/atlantis/rapport").status_code == 404
    assert client.get("/provincies/atlantis/rapport.pdf").status_code == 404
    for year in ("99999", "nan", "%00", "-1", "20 25", "２０２５", "1e3"):
        for suffix in ("", ".csv"):
            status = client.get(f"{URL}{suffix}?jaar={year}").status_code
            assert status in (400, 404), (year, status)
    response = client.get(f"{URL}?jaar=99999")
    assert "Kies een jaar van vier cijfers" in response.get_data(as_text=True)
    assert client.get(f"{URL}?jaar=").status_code == 200  # empty: the default year
    for year in ("1901", "2199"):  # the bounds of a year: a report without figures or cases
        assert client.get(f"{URL}?jaar={year}").status_code == 200
        response = client.get(f"{URL}.xlsx?jaar={year}")
        assert response.status_code == 200
        response.close()


def test_links_from_spreading_and_region_page(client: FlaskClient, users: Users) -> None:
    make_figures()
    profile = regions.create_profile(
        users["adviseur"],
        regions.ProfileData("Noord", ["Groningen", "Fryslân"], [], ["Kennis"], [], []),
    )
    login(client, users["adviseur"])
    html = client.get("/spreiding").get_data(as_text=True)
    assert 'href="/provincies/groningen/rapport"' in html
    html = client.get(f"/regio/{profile.id}").get_data(as_text=True)
    assert 'href="/provincies/groningen/rapport"' in html
    assert 'href="/provincies/fryslan/rapport"' in html
    login(client, users["ministerie"])  # may see /spreiding, not the report: no link
    assert "/provincies/groningen/rapport" not in client.get("/spreiding").get_data(as_text=True)


def test_in_english_with_a_dutch_pdf(
    client: FlaskClient, english: Users, filled: dict[str, str]
) -> None:
    login(client, english["coordinator"])
    html = client.get(URL).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert f"Province report Groningen {THIS_YEAR}" in html
    assert "Central-government jobs in Groningen" in html and "4,500" in html
    assert "Provinciaal rapport" not in html
    text = pdf_text(client.get(f"{URL}.pdf").get_data())  # an official document: Dutch
    assert f"Provinciaal rapport Groningen {THIS_YEAR}" in text
    assert "Rijkswerkgelegenheid in Groningen" in text


def test_next_years_report_says_its_figures_are_the_latest(
    client: FlaskClient, users: Users, filled: dict[str, str]
) -> None:
    login(client, users["secretariaat"])
    html = client.get(f"{URL}?jaar={THIS_YEAR + 1}").get_data(as_text=True)
    assert f"Provinciaal rapport Groningen {THIS_YEAR + 1}" in html and "4.500" in html
    assert f"die met peildatum in {THIS_YEAR + 1} zijn er nog niet" in html
    assert "zijn er nog niet" not in client.get(URL).get_data(as_text=True)


def test_the_talks_of_the_year_show_with_their_functions(
    client: FlaskClient, users: Users, filled: dict[str, str]
) -> None:
    # On screen (English too) and in the PDF: the functions spoken with, by their labels.
    from datetime import timedelta

    from caseflow.domain.clock import local_today
    from caseflow.services.network import talks
    from caseflow.services.network.talks import TalkData
    from tests.factories import province_id

    talks.record_talk(
        users["adviseur"],
        TalkData(
            max(local_today().replace(month=1, day=1), local_today() - timedelta(days=1)),
            "bestuurders",
            province_id("Groningen"),
            functions=["commissaris_van_de_koning"],
        ),
    )
    login(client, users["adviseur"])
    assert "Commissaris van de Koning" in client.get(URL).get_data(as_text=True)
    assert "Commissaris van de Koning" in pdf_text(client.get(f"{URL}.pdf").data)
