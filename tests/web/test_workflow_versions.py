"""Two versions of the size change side by side: new cases start on version 2 (with the
optional *vooroverleg*), a case that started on version 1 keeps version 1's actions to the
end, and the case page and its diagram name the version the case runs on."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, Notification, User
from caseflow.services.deadlines.tracking import open_deadlines
from tests.conftest import login
from tests.web.helpers import act, file_case, state_of


def _on_version_1(case: Case) -> Case:
    """A case as it was stored before version 2 existed."""
    case.workflow_version = 1
    db.session.commit()
    return state_of(case.id)


def test_a_new_size_change_starts_on_version_2(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    assert case.workflow_version == 2
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Versie 2" in page
    assert "Werkstroom Wijziging in omvang van een dienst, versie 2" in page
    assert 'data-state="vooroverleg"' in page
    assert "/acties/vooroverleg_aanvragen" in page
    # The other case types have one version.
    assert file_case(client, "nieuwe_dienst").workflow_version == 1


def test_a_version_1_case_keeps_version_1(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    case = _on_version_1(file_case(client, "omvangswijziging"))
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Versie 1" in page
    assert "Werkstroom Wijziging in omvang van een dienst, versie 1" in page
    assert 'data-state="vooroverleg"' not in page
    assert "/acties/vooroverleg_aanvragen" not in page
    assert client.get(f"/zaken/{case.id}/acties/vooroverleg_aanvragen").status_code == 404
    refused = client.post(f"/zaken/{case.id}/acties/vooroverleg_aanvragen", data={"version": "1"})
    assert refused.status_code == 404
    # Its own actions still run to the end of its first step.
    act(client, case.id, "indienen", opmerking="Graag advies.")
    filed = state_of(case.id)
    assert (filed.state, filed.workflow_version) == ("ingediend", 1)


def test_early_consultation_round_trip(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    act(client, case.id, "vooroverleg_aanvragen", opmerking="Kunnen we Assen bespreken?")
    assert state_of(case.id).state == "vooroverleg"
    # BZK hears of it and holds the term to answer it.
    told = db.session.scalars(
        select(Notification.user_id).where(Notification.case_id == case.id)
    ).all()
    assert users["adviseur"].id in told and users["coordinator"].id in told
    assert [d.kind for d in open_deadlines(case.id)] == ["vooroverleg"]
    # The ministry may still edit its draft during the consultation.
    edit = client.get(f"/zaken/{case.id}/bewerken")
    assert edit.status_code == 200
    login(client, users["adviseur"])
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Vooroverleg met BZK" in page
    act(client, case.id, "vooroverleg_afronden", opmerking="Assen past bij het profiel.")
    back = state_of(case.id)
    assert (back.state, back.workflow_version) == ("concept", 2)
    assert open_deadlines(case.id) == []
    login(client, users["ministerie"])
    act(client, case.id, "indienen", opmerking="Na het vooroverleg.")
    assert state_of(case.id).state == "ingediend"


def test_the_ministry_may_withdraw_during_the_consultation(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging")
    act(client, case.id, "vooroverleg_aanvragen")
    act(client, case.id, "intrekken", reden="Plan gaat niet door.")
    assert state_of(case.id).state == "ingetrokken"


def test_the_english_case_page_translates_the_new_labels(
    client: FlaskClient, english: dict[str, User]
) -> None:
    login(client, english["ministerie"])
    case = file_case(client, "omvangswijziging")
    act(client, case.id, "vooroverleg_aanvragen")
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Early consultation with BZK" in page
    assert "Version 2" in page
