"""Ministry isolation, CSRF, optimistic locking, sessions and bad input over HTTP."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.models import User
from tests.conftest import PASSWORD, login
from tests.web.helpers import act, file_case, filing, state_of, version_on


@pytest.fixture
def jenv_case(client: FlaskClient, users: dict[str, User]) -> int:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", title="Geheim plan JenV")
    act(client, case.id, "indienen")
    return case.id


def test_other_ministry_gets_404_and_sees_nothing(
    client: FlaskClient, users: dict[str, User], jenv_case: int
) -> None:
    reference = state_of(jenv_case).reference
    login(client, users["ministerie_ocw"])
    for url in (
        f"/zaken/{jenv_case}",
        f"/zaken/{jenv_case}/bewerken",
        f"/zaken/{jenv_case}/acties/intrekken",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"/zaken/{jenv_case}/acties/intrekken", data={"version": "2", "reden": "weg ermee"}
    )
    assert response.status_code == 404
    assert state_of(jenv_case).state == "ingediend"
    for url in ("/", "/zaken", "/zaken?status=ingediend", "/zaken?wacht=mij"):
        page = client.get(url).get_data(as_text=True)
        assert reference not in page and "Geheim plan" not in page, url
    assert "0 zaken gevonden" in client.get("/zaken").get_data(as_text=True)
    # The owning ministry does see it.
    login(client, users["ministerie"])
    assert reference in client.get("/zaken").get_data(as_text=True)


def test_administrator_sees_no_case_content(
    client: FlaskClient, users: dict[str, User], jenv_case: int
) -> None:
    login(client, users["beheerder"])
    assert client.get(f"/zaken/{jenv_case}").status_code == 404
    assert client.get("/").status_code == 302
    assert client.get("/beheer/gebruikers").status_code == 200


def test_stale_form_is_a_conflict_and_overwrites_nothing(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    form_page = client.get(f"/zaken/{case.id}/bewerken").get_data(as_text=True)
    stale_version = version_on(form_page)
    # Meanwhile a colleague saves a change.
    fresh = client.get(f"/zaken/{case.id}/bewerken").get_data(as_text=True)
    data = {k: str(v) for k, v in filing("omvangswijziging").items()}
    response = client.post(
        f"/zaken/{case.id}/bewerken",
        data=data | {"version": version_on(fresh), "title": "Versie collega"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/zaken/{case.id}/bewerken", data=data | {"version": stale_version, "title": "Mijn versie"}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Iemand anders heeft deze zaak gewijzigd" in page
    assert 'value="Mijn versie"' in page  # kept, to be sent again on the fresh version
    assert state_of(case.id).title == "Versie collega"
    # The same holds for a workflow action submitted from an outdated page.
    response = client.post(f"/zaken/{case.id}/acties/indienen", data={"version": stale_version})
    assert response.status_code == 409
    assert state_of(case.id).state == "concept"


def test_forbidden_and_unknown_actions(
    client: FlaskClient, users: dict[str, User], jenv_case: int
) -> None:
    login(client, users["ministerie"])
    forbidden = client.get(f"/zaken/{jenv_case}/acties/intake_accepteren")
    assert forbidden.status_code == 403
    assert "Uw rol mag deze actie niet uitvoeren" in forbidden.get_data(as_text=True)
    assert client.get(f"/zaken/{jenv_case}/acties/bestaat_niet").status_code == 404
    assert client.get("/zaken/999999").status_code == 404
    assert client.get("/zaken/nieuw/onbekend_type").status_code == 404
    login(client, users["secretariaat"])
    assert client.get("/zaken/nieuw/omvangswijziging").status_code == 403


def test_invalid_input_rerenders_with_dutch_errors(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    response = client.post(
        "/zaken/nieuw/omvangswijziging", data={"version": "0", "title": "", "fte_current": "veel"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Dit veld is verplicht." in page and 'href="#title"' in page
    assert 'aria-invalid="true"' in page
    case = file_case(client, "omvangswijziging")
    response = client.post(
        f"/zaken/{case.id}/acties/intrekken", data={"version": str(case.version), "reden": ""}
    )
    assert response.status_code == 422
    assert state_of(case.id).state == "concept"
    # Another ministry's organisation is refused by the service, not only by the form.
    other = client.post(
        "/zaken/nieuw/omvangswijziging",
        data={
            **{k: str(v) for k, v in filing("omvangswijziging").items()},
            "version": "0",
            "organisation_id": "999",
        },
    )
    assert other.status_code == 422
    assert client.get("/zaken?ministerie=abc&provincie=x&na=y").status_code == 200


def test_anonymous_visitor_is_sent_to_login(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]
    assert client.get("/zaken/1").status_code == 302


def test_wrong_password_is_refused_in_dutch(client: FlaskClient, users: dict[str, User]) -> None:
    response = client.post("/inloggen", data={"email": users["adviseur"].email, "password": "fout"})
    assert response.status_code == 422
    assert "Onbekende combinatie" in response.get_data(as_text=True)


def test_copied_session_cookie_dies_at_logout(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    cookie = client.get_cookie("session")
    assert cookie is not None
    client.post("/uitloggen")
    thief = client.application.test_client()
    thief.set_cookie("session", cookie.value)
    response = thief.get("/zaken")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_pages_are_dutch_and_carry_a_strict_csp(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["coordinator"])
    for url in ("/", "/zaken", "/zaken/nieuw", "/ministerraad", "/zaken/424242"):
        response = client.get(url)
        assert '<html lang="nl">' in response.get_data(as_text=True), url
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert not re.search(r"<script|style=", response.get_data(as_text=True)), url


def test_csrf_token_is_required(csrf_app: Flask, users: dict[str, User]) -> None:
    email = users["adviseur"].email  # read in the test app's session, not the CSRF app's
    client = csrf_app.test_client()
    response = client.post("/inloggen", data={"email": email, "password": PASSWORD})
    assert response.status_code == 400
    assert "beveiligingscontrole" in response.get_data(as_text=True)
    login(client, users["adviseur"])  # with the token on every step
    # Logged in, a state-changing POST without a token is still refused.
    assert client.post("/ministerraad", data={"held_on": "2099-01-02"}).status_code == 400
