"""Filing a case with its kind of change: the form asks for it (with fte per location and a
possible second province), filing is not complete without it, and an unknown kind is refused
with a Dutch message."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.domain.impact import CHANGE_KINDS
from caseflow.models import User
from tests.conftest import login
from tests.factories import province_id
from tests.web.helpers import _plain, file_case, filing, option_values


def test_the_filing_form_asks_for_the_kind_and_a_second_location(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    page = client.get("/zaken/nieuw/omvangswijziging").get_data(as_text=True)
    assert option_values(page, "change_kind") == list(CHANGE_KINDS)
    for name in ("fte_moved", "second_province_id", "second_place", "second_fte"):
        assert f'name="{name}"' in page, name
    new_service = client.get("/zaken/nieuw/nieuwe_dienst").get_data(as_text=True)
    assert 'name="change_kind"' not in new_service  # always a new establishment
    assert 'name="second_province_id"' in new_service


def test_a_case_without_a_kind_cannot_be_submitted(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", change_kind="")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Nog in te vullen: Soort wijziging." in page
    assert client.get(f"/zaken/{case.id}/acties/indienen").status_code == 403


def test_a_relocation_split_over_two_provinces_is_stored_and_shown(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case = file_case(
        client,
        "omvangswijziging",
        change_kind="verplaatsing_deel",
        fte_change=0,
        fte_moved=300,
        proposed_province_id=province_id("Groningen"),
        proposed_place="Groningen",
        second_province_id=province_id("Zeeland"),
        second_place="Middelburg",
        second_fte=100,
    )
    assert (case.change_kind, case.fte_moved, case.second_fte) == ("verplaatsing_deel", 300, 100)
    assert case.second_province_id == province_id("Zeeland")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Verplaatsing van een deel van de dienst" in page
    assert "Middelburg (Zeeland), 100 fte" in page
    # The spreading check reads the moved fte across the border: 300 ≥ 50 must be reported.
    assert "Verplaatsing van 300 fte van Zuid-Holland naar Groningen" in page


def test_new_service_is_a_new_establishment(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    assert file_case(client, "nieuwe_dienst").change_kind == "nieuwe_vestiging"


def test_unknown_kind_or_negative_fte_is_refused_in_dutch(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    refused = (
        ("change_kind", "verhuizen", "Ongeldige keuze."),
        ("fte_moved", "-5", "Vul een getal in van 0 tot en met 200.000."),
        ("second_fte", "x", "Vul een geheel getal in."),
    )
    for field, value, message in refused:
        data = {**filing("omvangswijziging"), field: value, "version": "0"}
        response = client.post("/zaken/nieuw/omvangswijziging", data=_plain(data))
        assert response.status_code == 422, field
        html = response.get_data(as_text=True)
        assert f'id="{field}-error">{message}</p>' in html, field


def test_fte_that_contradict_the_kind_are_refused(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    refused = (
        ({"change_kind": "groei", "fte_change": "-150"}, "fte_change", "Bij groei of een"),
        ({"change_kind": "krimp", "fte_change": "150"}, "fte_change", "Bij krimp is"),
        (
            {"change_kind": "verplaatsing_deel", "fte_current": "400", "fte_moved": "500"},
            "fte_moved",
            "Er kunnen niet meer fte verhuizen dan de huidige omvang.",
        ),
        (
            {"second_province_id": province_id("Zeeland"), "second_fte": "200"},
            "second_fte",
            "Op de tweede locatie kunnen hooguit 140 fte landen (de hele wijziging).",
        ),
    )
    for extra, field, message in refused:
        data = {**filing("omvangswijziging"), **extra, "version": "0"}
        response = client.post("/zaken/nieuw/omvangswijziging", data=_plain(data))
        assert response.status_code == 422, extra
        assert f'id="{field}-error">{message}' in response.get_data(as_text=True), extra


def test_optional_fte_boxes_left_empty_do_not_block_filing(
    client: FlaskClient, users: dict[str, User]
) -> None:
    # As a browser posts the form: every box, the unused ones empty.
    login(client, users["ministerie"])
    empty = {"fte_moved": "", "second_province_id": "", "second_place": "", "second_fte": ""}
    data = {**_plain(filing("omvangswijziging")), **empty, "version": "0"}
    response = client.post("/zaken/nieuw/omvangswijziging", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    data = {**data, "fte_current": "", "title": "Zonder omvang"}
    response = client.post("/zaken/nieuw/omvangswijziging", data=data)
    assert response.status_code == 302  # saved as a concept; submitting asks for it
