"""The leidraad over HTTP: the advice form's checklist (refused with a message beside the
line when incomplete, a redraft starting from the previous weighing), the weighing on the
case page (internal while a draft), and the administrator's screen for the considerations."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.models import User
from caseflow.services.reference import leidraad
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.web.helpers import act, page_of, version_on, weighing_as_shown

Users = dict[str, User]
ACTION = "concept_opslaan"


def _advice(**lines: str) -> dict[str, str]:
    return {
        "tekst": "BZK adviseert Zwolle.",
        "provincie_id": str(province_id("Overijssel")),
        "plaats": "Zwolle",
        **lines,
    }


def test_the_advice_form_asks_every_active_consideration(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    assert "Afweging volgens de leidraad" in page
    for consideration in leidraad.active_considerations():
        assert f"Oordeel: {consideration.label}" in page
    assert 'name="weging-6-code"' in page and 'name="weging-7-code"' not in page


def test_a_judgement_without_motivation_is_refused_beside_its_line(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    lines = weighing_as_shown(page) | {"weging-1-oordeel": "negatief"}
    del lines["weging-6-code"]  # a line left out of the post comes back, unjudged
    response = client.post(
        f"/zaken/{case.id}/acties/{ACTION}",
        data={"version": version_on(page), **_advice(), **lines},
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Motiveer dit oordeel." in body
    assert "Kies een oordeel of &#39;niet van toepassing&#39;." in body
    assert 'name="weging-6-code"' in body  # all seven lines again


def test_a_saved_weighing_shows_on_the_case_and_starts_the_redraft(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    judged = {"weging-1-oordeel": "negatief", "weging-1-motivering": "Scan: beperkt aanbod."}
    act(client, case.id, ACTION, **_advice(), **judged)
    detail = page_of(client, f"/zaken/{case.id}")
    assert "Afweging volgens de leidraad, versie 1" in detail
    assert "Scan: beperkt aanbod." in detail
    again = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    assert weighing_as_shown(again)["weging-1-oordeel"] == "negatief"
    assert weighing_as_shown(again)["weging-1-motivering"] == "Scan: beperkt aanbod."
    assert page != again
    # The ministry does not see BZK's draft, nor its weighing.
    client.get("/uitloggen")
    login(client, users["ministerie"])
    assert "Scan: beperkt aanbod." not in page_of(client, f"/zaken/{case.id}")


def test_the_administrator_keeps_the_considerations(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    page = page_of(client, "/beheer/leidraad")
    assert "Regionale arbeidsmarkt" in page
    response = client.post(
        "/beheer/leidraad", data={"code": "nabijheid", "label": "Nabijheid", "guidance": ""}
    )
    assert response.status_code == 302
    refused = client.post("/beheer/leidraad", data={"code": "nabijheid", "label": "Dubbel"})
    assert refused.status_code == 422 and "Deze code bestaat al." in refused.get_data(True)
    added = next(c for c in leidraad.active_considerations() if c.code == "nabijheid")
    edit = client.post(f"/beheer/leidraad/{added.id}", data={"label": "Nabijheid partners"})
    assert edit.status_code == 302
    assert client.post(f"/beheer/leidraad/{added.id}/omhoog").status_code == 302
    assert client.post(f"/beheer/leidraad/{added.id}/deactiveren").status_code == 302
    assert client.post(f"/beheer/leidraad/{added.id}/weg").status_code == 404
    assert client.post("/beheer/leidraad/999999/omlaag").status_code == 404
    assert "nabijheid" not in [c.code for c in leidraad.active_considerations()]
    assert "Nabijheid partners" in page_of(client, "/beheer/leidraad")


def test_only_the_administrator_reaches_the_leidraad_screen(
    client: FlaskClient, users: Users
) -> None:
    for role in ("adviseur", "coordinator", "ministerie", "secretariaat"):
        login(client, users[role])
        assert client.get("/beheer/leidraad").status_code in (403, 404), role
        assert client.post("/beheer/leidraad/1/deactiveren").status_code in (403, 404), role
        client.get("/uitloggen")
    assert len(leidraad.active_considerations()) == 7
