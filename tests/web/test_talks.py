"""The register of talks over HTTP, per role: recording a talk with a gedeputeerde of
Overijssel, changing it (a stale form is a 409 that keeps the input), follow-ups, the list
with its filters and reminders, and the yearly overview per province."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from caseflow.domain.clock import local_today
from caseflow.models import User
from caseflow.services.network import talks
from caseflow.services.network.talks import TalkData
from caseflow.services.reference.loader import current_ministry
from tests.conftest import login
from tests.factories import province_id
from tests.web.helpers import page_of, version_on

Users = dict[str, User]
YESTERDAY = local_today() - timedelta(days=1)


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "held_on": YESTERDAY.isoformat(),
        "kind": "bestuurders",
        "province_id": str(province_id("Overijssel")),
        "region": "",
        "ministry_id": "",
        "functions": ["gedeputeerde", "wethouder"],
        "participants": "Gedeputeerde economie\nWethouder Zwolle",
        "topics": "Verwachte groei van 150 fte bij een uitvoeringsdienst",
        "notes": "",
    }
    data.update(extra)
    return data


def _talk_id(location: str) -> int:
    found = re.search(r"/gesprekken/(\d+)$", location)
    assert found, location
    return int(found.group(1))


def test_an_adviser_records_a_talk_and_adds_a_follow_up(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert "Gesprek vastleggen" in page_of(client, "/gesprekken/nieuw")
    response = client.post("/gesprekken/nieuw", data=_form())
    assert response.status_code == 302
    talk_id = _talk_id(response.headers["Location"])
    page = page_of(client, f"/gesprekken/{talk_id}")
    assert "Overijssel" in page and "Gedeputeerde" in page and "150 fte" in page
    response = client.post(
        f"/gesprekken/{talk_id}/acties",
        data={
            "action": "Vrije kantoorruimte Zwolle nagaan",
            "owner": "BZK",
            "due_on": "2020-01-02",
        },
    )
    assert response.status_code == 302
    listing = page_of(client, "/gesprekken")
    assert "Openstaande acties" in listing and "Te laat" in listing
    follow_up = talks.get_talk(users["adviseur"], talk_id).follow_ups[0]
    done = client.post(f"/gesprekken/{talk_id}/acties/{follow_up.id}/afgerond")
    assert done.status_code == 302
    assert "Afgerond op" in page_of(client, f"/gesprekken/{talk_id}")
    assert "Openstaande acties" not in page_of(client, "/gesprekken")


def test_bad_input_is_a_422_with_the_errors_summarised(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    response = client.post("/gesprekken/nieuw", data=_form(province_id="", functions=[]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page and "Kies minstens één functie" in page
    response = client.post("/gesprekken/nieuw", data=_form(kind="ministerie", province_id=""))
    assert response.status_code == 422
    assert "Kies het ministerie waarmee is gesproken" in response.get_data(as_text=True)


def test_a_stale_edit_is_a_409_that_keeps_the_input(client: FlaskClient, users: Users) -> None:
    talk_id = talks.record_talk(
        users["adviseur"],
        TalkData(YESTERDAY, "bestuurders", province_id("Groningen"), functions=["gedeputeerde"]),
    )
    login(client, users["adviseur"])
    shown = version_on(page_of(client, f"/gesprekken/{talk_id}/bewerken"))
    talks.change_talk(
        users["coordinator"],
        talk_id,
        int(shown),
        TalkData(YESTERDAY, "bestuurders", province_id("Groningen"), functions=["burgemeester"]),
    )
    mine = _form(version=shown, notes="Mijn aantekening")
    response = client.post(f"/gesprekken/{talk_id}/bewerken", data=mine)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Mijn aantekening" in page and "intussen door iemand anders gewijzigd" in page
    assert version_on(page) == str(int(shown) + 1)
    again = client.post(
        f"/gesprekken/{talk_id}/bewerken", data={**mine, "version": version_on(page)}
    )
    assert again.status_code == 302
    assert talks.get_talk(users["adviseur"], talk_id).notes == "Mijn aantekening"


@pytest.mark.parametrize("role", ["secretariaat", "ministerie"])
def test_readers_do_not_record(client: FlaskClient, users: Users, role: str) -> None:
    login(client, users[role])
    assert client.get("/gesprekken").status_code == 200
    assert client.get("/gesprekken/nieuw").status_code == 403
    assert client.post("/gesprekken/nieuw", data=_form()).status_code == 403


def test_a_ministry_reads_only_its_own_talks(client: FlaskClient, users: Users) -> None:
    regional = talks.record_talk(
        users["adviseur"],
        TalkData(YESTERDAY, "bestuurders", province_id("Overijssel"), functions=["gedeputeerde"]),
    )
    own = talks.record_talk(
        users["adviseur"],
        TalkData(
            YESTERDAY,
            "ministerie",
            ministry_id=current_ministry("JenV").id,
            functions=["directeur_generaal"],
            topics="Huisvestingsbehoefte",
        ),
    )
    login(client, users["ministerie"])
    listing = page_of(client, "/gesprekken")
    assert "Huisvestingsbehoefte" in listing and "Overijssel" not in listing.split("<tbody")[-1]
    assert client.get(f"/gesprekken/{own}").status_code == 200
    assert client.get(f"/gesprekken/{regional}").status_code == 404
    assert client.get("/gesprekken/jaaroverzicht").status_code == 403


def test_the_administrator_has_no_access(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    for url in ("/gesprekken", "/gesprekken/nieuw", "/gesprekken/jaaroverzicht"):
        assert client.get(url).status_code == 403, url


def test_the_list_filters_and_pages_safely(client: FlaskClient, users: Users) -> None:
    talks.record_talk(
        users["adviseur"],
        TalkData(YESTERDAY, "bestuurders", province_id("Zeeland"), functions=["burgemeester"]),
    )
    login(client, users["secretariaat"])
    zeeland = page_of(client, f"/gesprekken?provincie={province_id('Zeeland')}")
    assert "Burgemeester" in zeeland
    other = page_of(client, f"/gesprekken?provincie={province_id('Groningen')}")
    assert "Er zijn geen gesprekken" in other
    for query in ("jaar=99999", "pagina=-1", "pagina=99999999999999", "provincie=abc"):
        assert client.get(f"/gesprekken?{query}").status_code == 200, query


def test_the_yearly_overview_marks_the_gaps(client: FlaskClient, users: Users) -> None:
    talks.record_talk(
        users["adviseur"],
        TalkData(YESTERDAY, "bestuurders", province_id("Overijssel"), functions=["gedeputeerde"]),
    )
    login(client, users["secretariaat"])
    page = page_of(client, f"/gesprekken/jaaroverzicht?jaar={YESTERDAY.year}")
    assert page.count("<h1") == 1
    assert page.count("Ontbreekt") == 11 and page.count("Gehouden") == 1
    assert page.count('scope="row"') == 12


def test_the_pages_read_in_english(client: FlaskClient, english: Users) -> None:
    talk_id = talks.record_talk(
        english["adviseur"],
        TalkData(YESTERDAY, "bestuurders", province_id("Groningen"), functions=["gedeputeerde"]),
    )
    talks.add_follow_up(english["adviseur"], talk_id, "Nagaan", "BZK", YESTERDAY)
    login(client, english["adviseur"])
    listing = page_of(client, "/gesprekken")
    assert "Record a talk" in listing and "Open actions" in listing and "Overdue" in listing
    detail = page_of(client, f"/gesprekken/{talk_id}")
    assert "Member of the provincial executive" in detail and "Mark as done" in detail
    assert "Regional administrators" in page_of(client, f"/gesprekken/{talk_id}/bewerken")
    overview = page_of(client, "/gesprekken/jaaroverzicht")
    assert "Yearly talk with the provincial executive" in overview and "Missing" in overview
