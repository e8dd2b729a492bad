"""Standplaats and place of work on screen: the filing form asks where part of the fte will
mostly work (hybrid working), refuses an incomplete or too large place of work in Dutch, the
case page shows it, and the dashboard and the annual overview count the cases' fte per
standplaats (default) or per plaats van tewerkstelling, labelled.

Hand-computed: a growth of 150 fte in Zwolle (Overijssel), of which 60 are expected to work
mostly in Groningen: per standplaats Overijssel +150; per place of work Overijssel +90,
Groningen +60."""

from __future__ import annotations

import csv
import io
import re

from flask.testing import FlaskClient

from caseflow.domain.clock import local_today
from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.services.test_insight import add_figures
from tests.services.test_place_of_work import zwolle
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
        (
            zwolle_growth(work_province_id="", work_fte=""),
            "work_province_id",
            "Kies de provincie waar deze fte vooral gaan werken.",
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


def _decided_zwolle(users: Users) -> None:
    add_figures()  # Overijssel and Groningen 0 fte; national total 10.000
    zwolle(users, "afgerond")


def test_the_dashboard_offers_both_counts_and_labels_them(
    client: FlaskClient, users: Users
) -> None:
    _decided_zwolle(users)
    login(client, users["coordinator"])
    default = page_of(client, "/spreiding")
    assert '<option value="standplaats" selected>per standplaats</option>' in default
    assert "Telling van de zaken: per standplaats." in default
    assert "Gezamenlijk effect van de besloten zaken in" in default
    assert ", per standplaats (cijfers vóór per standplaats)" in default
    assert "Rijkswerkgelegenheid per provincie (fte, standplaats)" in default
    assert _effect_rows(default) == {"Overijssel": ("0", "150")}

    per_work = page_of(client, "/spreiding?telling=tewerkstelling")
    assert (
        '<option value="tewerkstelling" selected>per plaats van tewerkstelling</option>' in per_work
    )
    assert "Telling van de zaken: per plaats van tewerkstelling." in per_work
    assert "De cijfers vóór zijn de officiële cijfers per standplaats." in per_work
    assert _effect_rows(per_work) == {"Groningen": ("0", "60"), "Overijssel": ("0", "90")}
    # The peildatum/sector form keeps the chosen count.
    assert '<input type="hidden" name="telling" value="tewerkstelling">' in per_work
    # Anything else is the default count, never an error.
    assert "Telling van de zaken: per standplaats." in page_of(client, "/spreiding?telling=<x>")


def _effect_rows(page: str) -> dict[str, tuple[str, str]]:
    """Province -> (fte before, fte after) of the dashboard's cumulative effect table."""
    start = page.index("Gezamenlijk effect van de besloten zaken")
    table = page[start : page.index("</table>", start)]
    cell = r'<td class="utrecht-table__cell">([^<]*)</td>\s*'
    rows = re.findall(
        r'<th scope="row" class="utrecht-table__header-cell">([^<(]+?)(?: \([^)]*\))?</th>\s*'
        + cell
        + cell,
        table,
    )
    return {name: (before, after) for name, before, after in rows if name != "Aandeel Randstad"}


def _overview_url(suffix: str = "", basis: str = "") -> str:
    today = local_today()
    telling = f"&telling={basis}" if basis else ""
    dates = f"jaar={today.year}&peildatum={today.isoformat()}"
    return f"/rapportage/jaaroverzicht{suffix}?{dates}{telling}"


def test_the_annual_overview_offers_both_counts_and_labels_them(
    client: FlaskClient, users: Users
) -> None:
    zwolle(users, "in_behandeling")
    login(client, users["adviseur"])
    default = page_of(client, _overview_url())
    assert "Effect van de zaken per provincie, per standplaats" in default
    assert "Lopende zaken, voorstel (fte per standplaats)" in default
    assert re.search(r">Overijssel</th>\s*<td[^>]*>\+150</td>\s*<td[^>]*>0</td>", default)
    assert "telling=standplaats" in default  # the downloads keep the count

    per_work = page_of(client, _overview_url(basis="tewerkstelling"))
    assert "Effect van de zaken per provincie, per plaats van tewerkstelling" in per_work
    assert "Lopende zaken, voorstel (fte per plaats van tewerkstelling)" in per_work
    assert re.search(r">Groningen</th>\s*<td[^>]*>\+60</td>", per_work)
    assert re.search(r">Overijssel</th>\s*<td[^>]*>\+90</td>", per_work)
    assert "jaaroverzicht.csv?jaar=" in per_work and "telling=tewerkstelling" in per_work

    response = client.get(_overview_url(".csv", "tewerkstelling"))
    assert response.status_code == 200
    assert "-tewerkstelling.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert ["Effect van de zaken per provincie, per plaats van tewerkstelling"] in rows
    assert ["Groningen", "60", "0"] in rows and ["Overijssel", "90", "0"] in rows
    with client.get(_overview_url(".csv", "<script>")) as unknown:  # closed, as a server does
        assert unknown.status_code == 200


def test_the_counts_in_english(client: FlaskClient, users: Users) -> None:
    _decided_zwolle(users)
    login(client, users["coordinator"])
    assert client.post("/voorkeuren", data={"locale": "en"}).status_code == 302
    dashboard = page_of(client, "/spreiding?telling=tewerkstelling")
    assert '<html lang="en">' in dashboard
    assert "Cases counted: by place of work." in dashboard
    assert "The figures before are the official figures by duty station." in dashboard
    assert (
        ">Count the cases&#39; fte</label>" in dashboard
        or ">Count the cases' fte</label>" in dashboard
    )
    overview = page_of(client, _overview_url(basis="tewerkstelling"))
    assert "Effect of the cases per province, by place of work" in overview
    assert "Decided cases, agreement or decision (fte by place of work)" in overview
    case = zwolle(users, "concept")
    page = page_of(client, f"/zaken/{case.id}")
    assert "<dt>Place of work</dt>" in page
    assert "60 fte work mostly here instead of at the duty station" in page
    login(client, users["ministerie"])  # the ministry edits its own draft
    assert client.post("/voorkeuren", data={"locale": "en"}).status_code == 302
    form = page_of(client, f"/zaken/{case.id}/bewerken")
    assert "Province of the place of work (optional)" in form


def test_the_case_page_adds_the_proposal_per_place_of_work(
    client: FlaskClient, users: Users
) -> None:
    add_figures()
    case = zwolle(users, "in_behandeling")
    login(client, users["ministerie"])
    page = page_of(client, f"/zaken/{case.id}")
    assert "De tabel telt de fte per standplaats, zoals de jaarbrief." in page
    assert (
        "Per plaats van tewerkstelling telt het voorstel: Groningen +60 fte, Overijssel +90 fte."
        in page
    )
    plain = case_in_state(users, "omvangswijziging", "in_behandeling")
    assert "Per plaats van tewerkstelling telt" not in page_of(client, f"/zaken/{plain.id}")
