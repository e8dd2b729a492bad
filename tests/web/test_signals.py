"""Early signals over HTTP, per role: the list and a signal's page with its matches, need-to-know
(a ministry only its own, the administrator none) and turning a signal into a case."""

from __future__ import annotations

import re
from datetime import timedelta

from flask.testing import FlaskClient

from caseflow.domain.clock import local_today
from caseflow.models import User
from caseflow.services.network import signals, talks
from caseflow.services.network.signals import SignalData
from caseflow.services.network.talks import TalkData
from caseflow.services.reference.loader import current_ministry
from tests.conftest import login
from tests.factories import province_id
from tests.web.helpers import page_of

Users = dict[str, User]


def _signal(users: Users, ministry: str = "JenV") -> int:
    return signals.record_signal(
        users["adviseur"],
        SignalData(
            ministry_id=current_ministry(ministry).id,
            fte_change=150,
            horizon_year=2027,
            organisation="Uitvoeringsdienst",
            province_id=province_id("Overijssel"),
        ),
    )


def test_the_bzk_side_reads_the_list_and_a_signal(client: FlaskClient, users: Users) -> None:
    signal_id = _signal(users)
    login(client, users["secretariaat"])
    assert "Uitvoeringsdienst" in page_of(client, "/signalen")
    page = page_of(client, f"/signalen/{signal_id}")
    assert "+150" in page and "Overijssel" in page and "Passende regio" in page


def test_a_ministry_sees_only_its_own(client: FlaskClient, users: Users) -> None:
    own, other = _signal(users), _signal(users, "OCW")
    login(client, users["ministerie"])
    assert client.get(f"/signalen/{own}").status_code == 200
    assert client.get(f"/signalen/{other}").status_code == 404


def test_the_administrator_has_no_signals(client: FlaskClient, users: Users) -> None:
    signal_id = _signal(users)
    login(client, users["beheerder"])
    assert client.get("/signalen").status_code == 403
    assert client.get(f"/signalen/{signal_id}").status_code in (403, 404)


def test_a_ministry_converts_its_signal_into_a_case(client: FlaskClient, users: Users) -> None:
    signal_id = _signal(users)
    version = signals.get_signal(users["ministerie"], signal_id).version
    login(client, users["ministerie"])
    response = client.post(f"/signalen/{signal_id}/omzetten", data={"version": str(version)})
    assert response.status_code == 302
    case_id = signals.get_signal(users["adviseur"], signal_id).case_id
    assert case_id is not None and response.headers["Location"].endswith(f"/zaken/{case_id}")
    # The link both ways: the case page names the signal it came from, for the ministry and BZK,
    # and another ministry cannot follow it.
    for role in ("ministerie", "adviseur"):
        login(client, users[role])
        assert f'href="/signalen/{signal_id}"' in page_of(client, f"/zaken/{case_id}")
    login(client, users["secretariaat"])
    assert "Voortgekomen uit signaal" in page_of(client, f"/zaken/{case_id}")


def test_an_adviser_sets_a_concept_ready_for_the_ministry(
    client: FlaskClient, users: Users
) -> None:
    signal_id = _signal(users)
    login(client, users["adviseur"])
    page = page_of(client, f"/signalen/{signal_id}")
    assert "Concept-zaak klaarzetten voor het ministerie" in page
    for version in ("99", "x", ""):  # stale or crafted: nothing happens, the signal stays open
        response = client.post(f"/signalen/{signal_id}/omzetten", data={"version": version})
        assert response.status_code == 302
    assert signals.get_signal(users["adviseur"], signal_id).status == "open"
    version = signals.get_signal(users["adviseur"], signal_id).version
    response = client.post(f"/signalen/{signal_id}/omzetten", data={"version": str(version)})
    case_id = signals.get_signal(users["adviseur"], signal_id).case_id
    assert case_id is not None and response.headers["Location"].endswith(f"/zaken/{case_id}")
    assert "staat klaar voor het ministerie" in page_of(client, f"/zaken/{case_id}")
    # The ministry finds it among its cases, with who prepared it in the timeline.
    login(client, users["ministerie"])
    case_page = page_of(client, f"/zaken/{case_id}")
    assert "Klaargezet door BZK voor Ministerie van Justitie en Veiligheid" in case_page
    assert "Ingediend door" not in case_page  # a concept BZK made is not submitted by it
    assert f"Aangemaakt door</dt><dd>{users['adviseur'].name}" in case_page


def test_the_secretariat_converts_nothing(client: FlaskClient, users: Users) -> None:
    signal_id = _signal(users)
    version = signals.get_signal(users["secretariaat"], signal_id).version
    login(client, users["secretariaat"])
    assert "klaarzetten" not in page_of(client, f"/signalen/{signal_id}")
    client.post(f"/signalen/{signal_id}/omzetten", data={"version": str(version)})
    assert signals.get_signal(users["adviseur"], signal_id).status == "open"


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "ministry_id": str(current_ministry("JenV").id),
        "organisation": "Uitvoeringsdienst",
        "fte_change": "150",
        "horizon_year": "2027",
        "horizon_quarter": "",
        "province_id": str(province_id("Overijssel")),
        "region": "Zwolle",
        "talk_id": "",
        "description": "Verwachte groei",
    }
    data.update(extra)
    return data


def test_an_adviser_records_a_signal(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert "Signaal vastleggen" in page_of(client, "/signalen/nieuw")
    response = client.post("/signalen/nieuw", data=_form())
    assert response.status_code == 302
    (line,) = signals.list_signals(users["adviseur"])
    assert (line.fte_change, line.horizon, line.region) == (150, "2027", "Zwolle")


def test_a_ministry_records_for_itself_only(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    ocw = str(current_ministry("OCW").id)
    assert client.post("/signalen/nieuw", data=_form(ministry_id=ocw)).status_code == 422
    assert client.post("/signalen/nieuw", data=_form()).status_code == 302
    assert [s.ministry_id for s in signals.list_signals(users["ministerie"])] == [
        current_ministry("JenV").id
    ]


def test_bad_input_is_a_422(client: FlaskClient, users: Users) -> None:
    login(client, users["coordinator"])
    for bad in ({"fte_change": "0"}, {"fte_change": "1e9"}, {"horizon_year": "99999"}):
        response = client.post("/signalen/nieuw", data=_form(**bad))
        assert response.status_code == 422
        assert "Er ging iets mis" in response.get_data(as_text=True)


def test_a_source_talk_is_prefilled_and_must_be_visible(client: FlaskClient, users: Users) -> None:
    talk_id = talks.record_talk(
        users["adviseur"],
        TalkData(
            local_today() - timedelta(days=1),
            "bestuurders",
            province_id("Overijssel"),
            functions=["gedeputeerde"],
        ),
    )
    login(client, users["adviseur"])
    assert f"/signalen/nieuw?gesprek={talk_id}" in page_of(client, f"/gesprekken/{talk_id}")
    page = page_of(client, f"/signalen/nieuw?gesprek={talk_id}")
    assert f'<option selected value="{talk_id}">' in page or f'value="{talk_id}" selected' in page
    response = client.post("/signalen/nieuw", data=_form(talk_id=str(talk_id)))
    assert response.status_code == 302
    assert signals.list_signals(users["adviseur"])[0].talk_id == talk_id
    client.get("/uitloggen")
    login(client, users["ministerie"])  # regional talks are BZK's own
    assert client.get(f"/signalen/nieuw?gesprek={talk_id}").status_code == 404


def test_an_adviser_changes_a_signal_and_a_stale_form_keeps_the_input(
    client: FlaskClient, users: Users
) -> None:
    signal_id = _signal(users)
    page = signals.get_signal(users["adviseur"], signal_id)
    login(client, users["adviseur"])
    form = page_of(client, f"/signalen/{signal_id}/wijzigen")
    assert 'value="Uitvoeringsdienst"' in form and 'name="version"' in form
    changed = _form(fte_change="180", status="vervallen", version=str(page.version))
    assert client.post(f"/signalen/{signal_id}/wijzigen", data=changed).status_code == 302
    now = signals.get_signal(users["adviseur"], signal_id)
    assert (now.fte_change, now.status, now.version) == (180, "vervallen", page.version + 1)
    # The same form again, at the old version: 409, nothing overwritten, the input shown.
    stale = _form(fte_change="200", status="open", version=str(page.version))
    response = client.post(f"/signalen/{signal_id}/wijzigen", data=stale)
    assert response.status_code == 409 and 'value="200"' in response.get_data(as_text=True)
    assert signals.get_signal(users["adviseur"], signal_id).fte_change == 180


def test_changing_a_signal_refuses_bad_input_and_other_ministries(
    client: FlaskClient, users: Users
) -> None:
    own, other = _signal(users), _signal(users, "OCW")
    version = str(signals.get_signal(users["adviseur"], own).version)
    login(client, users["ministerie"])
    assert client.get(f"/signalen/{other}/wijzigen").status_code == 404
    for bad in ({"status": "omgezet"}, {"fte_change": "9" * 30}, {"version": "x"}):
        response = client.post(
            f"/signalen/{own}/wijzigen", data=_form(version=version, status="open") | bad
        )
        assert response.status_code in (409, 422)
    assert signals.get_signal(users["adviseur"], own).fte_change == 150
    login(client, users["secretariaat"])
    assert client.get(f"/signalen/{own}/wijzigen").status_code == 403


def test_a_talks_page_lists_its_signals_within_need_to_know(
    client: FlaskClient, users: Users
) -> None:
    talk_id = talks.record_talk(
        users["adviseur"],
        TalkData(
            held_on=local_today() - timedelta(days=2),
            kind="ministerie",
            ministry_id=current_ministry("JenV").id,
            functions=["directeur_generaal"],
        ),
    )
    for ministry, fte in (("JenV", 150), ("OCW", 120)):
        signals.record_signal(
            users["adviseur"],
            SignalData(
                ministry_id=current_ministry(ministry).id,
                fte_change=fte,
                horizon_year=2028,
                organisation=f"Dienst {ministry}",
                talk_id=talk_id,
            ),
        )
    login(client, users["adviseur"])
    page = page_of(client, f"/gesprekken/{talk_id}")
    assert "Dienst JenV: +150 fte (2028)" in page and "Dienst OCW: +120 fte (2028)" in page
    login(client, users["ministerie"])  # the talk was with JenV: its own signal only
    page = page_of(client, f"/gesprekken/{talk_id}")
    assert "Dienst JenV" in page and "Dienst OCW" not in page


def test_the_list_filters_by_ministry_and_status(client: FlaskClient, users: Users) -> None:
    jenv, ocw = _signal(users), _signal(users, "OCW")
    version = signals.get_signal(users["adviseur"], ocw).version
    signals.convert_signal(users["adviseur"], ocw, version)
    login(client, users["adviseur"])
    ocw_id = current_ministry("OCW").id
    page = page_of(client, f"/signalen?ministerie={ocw_id}")
    assert f'/signalen/{ocw}"' in page and f'/signalen/{jenv}"' not in page
    page = page_of(client, "/signalen?status=open")
    assert f'/signalen/{jenv}"' in page and f'/signalen/{ocw}"' not in page
    for crafted in ("?ministerie=99999999999999999999", "?status=nan", "?ministerie=-1"):
        assert client.get(f"/signalen{crafted}").status_code == 200
    assert client.get("/signalen?status=%00").status_code == 400  # the input guard


def test_ended_ministries_in_the_filter_name_their_end(client: FlaskClient, users: Users) -> None:
    # Two lines "Economische Zaken en Klimaat" (the 2024 one ended): one says until when.
    login(client, users["adviseur"])
    for page in ("/signalen", "/gesprekken"):
        options = re.findall(
            r"<option[^>]*>([^<]*Economische Zaken en Klimaat[^<]*)<", page_of(client, page)
        )
        assert len(options) == len(set(options)) >= 2, options
        assert any("(tot " in o for o in options)
