"""Reference data that can be kept up to date, through HTTP: the administrator's
organisation screens, a ministry filing for an unlisted organisation, BZK confirming or
merging it, zbo talks listing only confirmed zbo's of the holding ministry, and region
profiles taking every list one item per line."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Organisation, User
from caseflow.models.region import RegionProfile
from caseflow.services.reference.loader import current_ministry
from tests.conftest import login
from tests.factories import organisation_id
from tests.web.helpers import file_case, option_values
from tests.web.test_regions import PROFILE

Users = dict[str, User]
NEW = {
    "name": "Dienst Nieuwe Taken",
    "abbreviation": "DNT",
    "kind": "agentschap",
    "sector": "Ministeries",
    "limited_by_primary_process": "y",
}


def _named(name: str) -> Organisation | None:
    db.session.expire_all()
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).first()


def test_administrator_adds_and_edits_an_organisation(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    jenv = current_ministry("JenV").id
    assert client.get("/beheer/organisaties/nieuw").status_code == 200
    bad = client.post("/beheer/organisaties/nieuw", data=NEW | {"ministry_id": jenv, "sector": "x"})
    assert bad.status_code == 422
    response = client.post("/beheer/organisaties/nieuw", data=NEW | {"ministry_id": jenv})
    assert response.status_code == 302
    made = _named("Dienst Nieuwe Taken")
    assert made is not None and made.confirmed and made.limited_by_primary_process
    assert "Dienst Nieuwe Taken" in client.get("/beheer/referentiegegevens").get_data(as_text=True)
    edit = NEW | {"ministry_id": jenv, "kind": "zbo", "sector": "zbo's"}
    del edit["limited_by_primary_process"]
    assert client.post(f"/beheer/organisaties/{made.id}", data=edit).status_code == 302
    made = _named("Dienst Nieuwe Taken")
    assert made is not None and made.is_zbo and not made.limited_by_primary_process


def test_dji_is_listed_for_the_justice_ministry(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    page = client.get("/zaken/nieuw/omvangswijziging").get_data(as_text=True)
    assert str(organisation_id("DJI")) in option_values(page, "organisation_id")


def test_ministry_files_for_a_new_organisation_and_bzk_confirms(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    case = file_case(
        client, "omvangswijziging", organisation_id="", new_organisation="Justitiële Jeugdzorg"
    )
    proposal = _named("Justitiële Jeugdzorg")
    assert proposal is not None and not proposal.confirmed
    assert case.organisation_id == proposal.id
    assert proposal.ministry_id == current_ministry("JenV").id
    # The ministry may not confirm its own proposal.
    assert client.get("/organisaties/voorstellen").status_code == 403
    confirm = NEW | {"name": "Justitiële Jeugdzorg", "ministry_id": proposal.ministry_id}
    assert client.post(f"/organisaties/{proposal.id}/bevestigen", data=confirm).status_code == 403
    assert not _named("Justitiële Jeugdzorg").confirmed  # type: ignore[union-attr]

    assert "/organisaties/voorstellen" not in client.get("/zaken").get_data(as_text=True)
    login(client, users["adviseur"])
    assert "/organisaties/voorstellen" in client.get("/zaken").get_data(as_text=True)
    assert "Justitiële Jeugdzorg" in client.get("/organisaties/voorstellen").get_data(as_text=True)
    response = client.post(f"/organisaties/{proposal.id}/bevestigen", data=confirm)
    assert response.status_code == 302
    assert _named("Justitiële Jeugdzorg").confirmed  # type: ignore[union-attr]


def test_proposal_merged_into_an_existing_organisation(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", organisation_id="", new_organisation="De IND")
    proposal = _named("De IND")
    assert proposal is not None
    login(client, users["coordinator"])
    ind = organisation_id("IND")
    response = client.post(f"/organisaties/{proposal.id}/samenvoegen", data={"into_id": ind})
    assert response.status_code == 302
    assert _named("De IND") is None
    db.session.expire_all()
    assert db.session.get(type(case), case.id).organisation_id == ind  # type: ignore[union-attr]


def test_zbo_talk_lists_only_confirmed_zbos_of_the_holding_ministry(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["ministerie"])
    page = client.get("/zaken/nieuw/zbo_gesprek").get_data(as_text=True)
    listed = option_values(page, "organisation_id")
    assert str(organisation_id("COA")) in listed  # not IND (agency), not SVB (SZW)
    jenv = current_ministry("JenV").id
    for option in listed:  # on PostgreSQL, organisations other tests added stay
        organisation = db.session.get(Organisation, int(option))
        assert organisation is not None and organisation.is_zbo and organisation.confirmed
        assert organisation.ministry_id == jenv
    login(client, users["adviseur"])
    page = client.get("/zaken/nieuw/zbo_gesprek").get_data(as_text=True)
    listed = option_values(page, "organisation_id")
    assert str(organisation_id("SVB")) in listed and str(organisation_id("IND")) not in listed


def test_region_lists_take_one_item_per_line_and_keep_commas(
    client: FlaskClient, users: Users
) -> None:
    login(client, users["adviseur"])
    data = PROFILE | {"municipalities": "Zwolle\nDalfsen, kern Nieuwleusen"}
    assert client.post("/regio/nieuw", data=data).status_code == 302
    profile = db.session.scalars(select(RegionProfile)).one()
    assert profile.municipalities == ["Zwolle", "Dalfsen, kern Nieuwleusen"]
    page = client.get(f"/regio/{profile.id}/bewerken").get_data(as_text=True)
    assert "Zwolle\nDalfsen, kern Nieuwleusen" in page
