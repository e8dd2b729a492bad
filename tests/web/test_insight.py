"""The /spreiding dashboard, the split-change list and the impact on the case page."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.models import User
from tests.conftest import login
from tests.factories import case_in_state
from tests.services.test_insight import add_figures, relocation, split_pair


def test_dashboard_without_figures(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    page = client.get("/spreiding")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "nog geen cijfers" in html
    assert html.count("<h1") == 1
    assert 'href="/spreiding"' in html  # nav link


def test_dashboard_with_figures_labels_illustrative(
    client: FlaskClient, users: dict[str, User]
) -> None:
    add_figures()
    login(client, users["coordinator"])
    html = client.get("/spreiding?peildatum=2025-01-01").get_data(as_text=True)
    assert 'role="img"' in html and "style=" not in html
    assert html.count('class="province-map__province"') == 12
    assert "Zuid-Holland: 6.000 fte, 60,0% van het landelijk totaal (klasse &gt; 20%)" in html
    assert "Illustratief:" in html and '<td class="utrecht-table__cell">illustratief</td>' in html
    assert "CC-BY-4.0" in html and "@svg-maps/netherlands" in html
    assert "90,0%" in html  # Randstad share
    assert '<th scope="row" class="utrecht-table__header-cell">Rechtspraak</th>' in html
    assert "Jaarbrief rijkswerkgelegenheid 2025" in html
    assert "Gesplitste wijzigingen bekijken" in html
    assert client.get("/spreiding?peildatum=onzin&sector=x&jaar=abc").status_code == 200


def test_administrator_has_no_dashboard(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["beheerder"])
    assert client.get("/spreiding").status_code == 403
    assert client.get("/spreiding/gesplitste-wijzigingen").status_code == 403


def test_case_page_shows_impact(client: FlaskClient, users: dict[str, User]) -> None:
    add_figures()
    case = relocation(users)
    login(client, users["ministerie"])
    html = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Effect op de spreiding" in html
    assert "6.000" in html and "5.600" in html and "1.500" in html
    assert "55,4%" in html and "14,9%" in html  # ZH and DR after
    assert "85,1%" in html  # Randstad after
    assert "(illustratief)" in html


def test_split_changes_on_case_and_in_coordinator_list(
    client: FlaskClient, users: dict[str, User]
) -> None:
    first, second = split_pair(users)
    login(client, users["ministerie"])
    html = client.get(f"/zaken/{first.id}").get_data(as_text=True)
    assert "Mogelijk opgeknipte wijziging" in html
    assert f'href="/zaken/{second.id}"' in html
    assert client.get("/spreiding/gesplitste-wijzigingen").status_code == 403
    login(client, users["coordinator"])
    listing = client.get("/spreiding/gesplitste-wijzigingen").get_data(as_text=True)
    assert first.reference in listing and second.reference in listing
    assert "groei van 120 fte" in listing
    login(client, users["adviseur"])
    assert client.get("/spreiding/gesplitste-wijzigingen").status_code == 200


def test_a_split_change_of_many_cases_names_ten_and_counts_the_rest(
    client: FlaskClient, users: dict[str, User]
) -> None:
    made = [
        case_in_state(users, "omvangswijziging", title=f"Groei {n}", fte_change=10)
        for n in range(13)
    ]
    login(client, users["ministerie"])
    html = client.get(f"/zaken/{made[0].id}").get_data(as_text=True)
    assert "13 wijzigingen voor" in html and "groei van 130 fte" in html
    named = [c for c in made[1:] if f'href="/zaken/{c.id}"' in html]
    assert len(named) == 10  # of the twelve others
    assert "en nog 2 andere zaken" in html


def test_ocw_user_sees_no_jenv_effect(client: FlaskClient, users: dict[str, User]) -> None:
    add_figures()
    relocation(users, "afgerond")
    login(client, users["ministerie_ocw"])
    html = client.get("/spreiding").get_data(as_text=True)
    assert "Er zijn geen besloten zaken" in html
    login(client, users["ministerie"])
    html = client.get("/spreiding").get_data(as_text=True)
    assert "Gezamenlijk effect van de besloten zaken" in html
