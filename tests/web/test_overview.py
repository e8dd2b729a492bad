"""The annual overview page and its downloads, and the advice letter as a download."""

from __future__ import annotations

import csv
import io
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state, issued_case
from tests.pdf_checks import pdf_ua_findings
from tests.services.test_letters import pdf_text

Users = dict[str, User]


def _drill(section: str, **args: str) -> str:
    today = local_today()
    extra = "".join(f"&{name}={value}" for name, value in args.items())
    dates = f"jaar={today.year}&peildatum={today.isoformat()}"
    return f"/rapportage/jaaroverzicht/{section}?{dates}{extra}"


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
    # A summary, not the cases: counts and fte per ministry, type, state and province.
    assert "Lopende zaken per ministerie op" in html and "Besloten zaken per uitkomst in" in html
    assert "Lopende zaken per status op" in html and "Lopende zaken per provincie op" in html
    assert cases["busy"] not in html and cases["ocw"] not in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "Overeenstemming" in html
    assert "huidige status" in html  # peildatum today: the current state, and it says so
    assert "jaaroverzicht.pdf?" in html and "jaaroverzicht.csv?" in html
    assert 'action="/rapportage/jaaroverzicht/excel"' in html  # the XLSX: an export job
    links = set(re.findall(r'href="(/rapportage/jaaroverzicht/[^"]+)"', html))
    assert any("status=in_behandeling" in link for link in links)
    assert any("uitkomst=overeenstemming" in link for link in links)
    for link in links:  # every cell opens its drill-down
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    assert client.get("/rapportage/jaaroverzicht?jaar=abc&peildatum=x").status_code == 200
    assert client.get("/rapportage/jaaroverzicht.doc").status_code == 404


def test_drill_down_pages(client: FlaskClient, users: Users, cases: dict[str, str]) -> None:
    more = {case_in_state(users, "nieuwe_dienst", "ingediend").reference for _ in range(51)}
    login(client, users["adviseur"])
    first = client.get(_drill("lopend", status="ingediend"))
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert html.count("<h1") == 1 and '<th scope="row"' in html
    assert "Voorgestelde locatie" in html and "Ingediend" in html
    shown = set(re.findall(r"ND-\d{4}-\d{4}", html))
    assert len(shown) == 50
    [after] = re.findall(r'href="([^"]*na=\d+[^"]*)" rel="next"', html)
    second = client.get(after.replace("&amp;", "&")).get_data(as_text=True)
    rest = set(re.findall(r"ND-\d{4}-\d{4}", second))
    assert shown | rest == more | {cases["ocw"]} and not shown & rest
    assert 'rel="next"' not in second
    decided = client.get(_drill("besloten", uitkomst="overeenstemming")).get_data(as_text=True)
    assert cases["agreed"] in decided and "Afgesproken locatie" in decided
    assert cases["busy"] not in decided


@pytest.mark.parametrize(
    "query",
    [
        "ministerie=%00",
        "ministerie=99999999999",
        "ministerie=nan",
        "provincie=-1",
        "type=onbekend",
        "status=overeenstemming_x",
        "na=99999999999",
        "na=nan",
        "jaar=99999999999&peildatum=nan",
    ],
)
def test_bad_drill_down_args_are_never_a_server_error(
    client: FlaskClient, users: Users, query: str
) -> None:
    login(client, users["coordinator"])
    for section in ("lopend", "besloten"):
        status = client.get(f"/rapportage/jaaroverzicht/{section}?{query}").status_code
        assert status in (200, 400, 404), (section, query, status)
    assert client.get("/rapportage/jaaroverzicht/elders").status_code == 404


def test_the_page_reads_in_a_fixed_number_of_statements(
    client: FlaskClient, users: Users, cases: dict[str, str]
) -> None:
    login(client, users["coordinator"])
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    def count() -> int:
        statements.clear()
        assert client.get(_url()).status_code == 200
        return len(statements)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        few = count()
        case_in_state(users, "omvangswijziging", "in_behandeling")
        case_in_state(users, "nieuwe_dienst", "ingediend", owner=users["ministerie_ocw"])
        case_in_state(users, "omvangswijziging", "afgerond")
        assert count() == few  # twice the cases: not one statement more
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize("role", ["ministerie", "beheerder"])
def test_overview_forbidden(client: FlaskClient, users: Users, role: str) -> None:
    login(client, users[role])
    assert client.get(_url()).status_code == 403
    assert client.get(_url(".csv")).status_code == 403
    assert client.get(_url(".pdf")).status_code == 403
    assert client.get(_drill("lopend")).status_code == 403


def test_overview_downloads(client: FlaskClient, users: Users, cases: dict[str, str]) -> None:
    login(client, users["secretariaat"])
    response = client.get(_url(".csv"))
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert ["OCW", cases["ocw"]] in [r[:2] for r in rows]
    assert ["Samenvatting"] in rows

    # The XLSX is built by a task (tests/web/test_exports.py); its old address explains.
    assert client.get(_url(".xlsx")).status_code == 302

    response = client.get(_url(".pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = response.get_data()
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    # The summary and the effect per province (the full lists are in CSV and XLSX).
    for expected in ("Lopende zaken per ministerie op", "JenV", "OCW", "Per provincie"):
        assert expected in text, expected
    assert cases["busy"] not in text
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
