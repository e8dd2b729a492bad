"""Standplaats and place of work on screen: the filing form asks where part of the fte will
mostly work (hybrid working), refuses an incomplete or too large place of work in Dutch, the
case page shows it, and the dashboard and the annual overview count the cases' fte per
standplaats (default) or per plaats van tewerkstelling, labelled.

Hand-computed: a growth of 150 fte in Zwolle (Overijssel), of which 60 are expected to work
mostly in Groningen: per standplaats Overijssel +150; per place of work Overijssel +90,
Groningen +60."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.models import User
from tests.conftest import login
from tests.factories import province_id
from tests.web.helpers import _plain, file_case, filing, page_of

Users = dict[str, User]

ZWOLLE = {
    "change_kind": "groei",
    "fte_current": 400,
    "fte_change": 150,
    "current_province_id": 0,  # set per test (province ids come from the database)
    "current_place": "Zwolle",
    "proposed_province_id": "",
    "proposed_place": "",
}


def zwolle_growth(**extra: object) -> dict[str, object]:
    return {
        **ZWOLLE,
        "current_province_id": province_id("Overijssel"),
        "work_province_id": province_id("Groningen"),
        "work_place": "Groningen",
        "work_fte": 60,
        **extra,
    }


def test_the_form_asks_for_the_place_of_work_with_its_help_text(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    for case_type in ("omvangswijziging", "nieuwe_dienst", "masterplan"):
        page = page_of(client, f"/zaken/nieuw/{case_type}")
        for name in ("work_province_id", "work_place", "work_fte"):
            assert f'name="{name}"' in page, (case_type, name)
    page = page_of(client, "/zaken/nieuw/omvangswijziging")
    assert "De jaarcijfers tellen per standplaats" in page
    assert "Provincie plaats van tewerkstelling (optioneel)" in page


def test_a_place_of_work_is_stored_and_shown_on_the_case_page(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", **zwolle_growth())
    assert (case.work_province_id, case.work_place, case.work_fte) == (
        province_id("Groningen"),
        "Groningen",
        60,
    )
    page = page_of(client, f"/zaken/{case.id}")
    assert "<dt>Plaats van tewerkstelling</dt>" in page
    assert (
        "Groningen (Groningen), 60 fte werken hier vooral in plaats van op de standplaats" in page
    )


def test_without_a_place_of_work_the_case_page_has_no_such_line(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    assert case.work_province_id is None and case.work_fte is None
    assert "Plaats van tewerkstelling</dt>" not in page_of(client, f"/zaken/{case.id}")


def test_an_incomplete_or_too_large_place_of_work_is_refused_in_dutch(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    refused = (
        (
            zwolle_growth(work_fte=""),
            "work_fte",
            "Vul in hoeveel fte vooral in deze provincie gaan werken.",
        ),
        (
            zwolle_growth(work_province_id=""),
            "work_province_id",
            "Kies de provincie waar deze fte vooral gaan werken.",
        ),
        (
            zwolle_growth(work_fte=151),
            "work_fte",
            "Hooguit 150 fte kunnen elders werken (de fte van de wijziging).",
        ),
        (zwolle_growth(work_fte=-1), "work_fte", "Vul een getal in van 0 tot en met 200.000."),
        (zwolle_growth(work_fte="veel"), "work_fte", "Vul een geheel getal in."),
        (zwolle_growth(work_province_id="999999"), "work_province_id", "Ongeldige keuze."),
    )
    for extra, field, message in refused:
        data = {**filing("omvangswijziging"), **extra, "version": "0"}
        response = client.post("/zaken/nieuw/omvangswijziging", data=_plain(data))
        assert response.status_code == 422, (field, extra)
        html = response.get_data(as_text=True)
        assert f'id="{field}-error">{message}' in html, (field, message)
