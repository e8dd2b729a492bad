"""Spreading insight and reporting in English: the /spreiding dashboard, the split-change
list, the impact block on a case page, the region profiles, the employment figures and their
import, and the annual overview. Text produced by the domain (matching reasons, impact notes,
map titles) and by the services (import row errors) stays Dutch."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from caseflow.models import User
from caseflow.services.insight import figures, regions
from tests.conftest import login
from tests.factories import case_in_state
from tests.services.test_insight import add_figures, relocation, split_pair
from tests.web.helpers import page_of

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _imports(app: Flask, tmp_path: Path) -> None:
    app.config["FIGURE_IMPORTS_PATH"] = str(tmp_path / "imports")


def _in_english(client: FlaskClient, user: User) -> None:
    login(client, user)
    assert client.post("/voorkeuren", data={"locale": "en"}).status_code == 302


def _page(client: FlaskClient, url: str) -> str:
    html = page_of(client, url)
    assert '<html lang="en">' in html
    return html


def test_dashboard_in_english(client: FlaskClient, users: Users) -> None:
    add_figures()
    relocation(users, "afgerond")
    _in_english(client, users["coordinator"])
    html = _page(client, "/spreiding?peildatum=2025-01-01")
    for english in (
        "Distribution of central government employment",
        "View split changes",
        "Reference date",
        "All sectors",
        "Show figures",
        "Per province on 1 January 2025",
        "<strong>Illustrative:</strong>",
        "Central government employment per province (FTE, place of work), partly illustrative",
        "Status of figure",
        '<td class="utrecht-table__cell">illustrative</td>',
        '<td class="utrecht-table__cell">official</td>',
        "Randstad share over the years",
        "Breakdown by sector on 1 January 2025",
        "Effect of cases decided in",
        "1 case with agreement or a decision of the council of ministers (ministerraad)",
        "Combined effect of the cases decided in",
        "(illustrative)</caption>",
        "Sources",
    ):
        assert english in html, english
    # Numbers in English notation; the map's own titles (domain text) stay Dutch.
    assert '<td class="utrecht-table__cell">6,000</td>' in html and "90.0%" in html
    assert "60,0% van het landelijk totaal" in html
    for dutch in ("Toon cijfers", "Alle sectoren", "Status cijfer", "Bronnen", ">illustratief<"):
        assert dutch not in html, dutch


def test_dashboard_without_figures_in_english(client: FlaskClient, users: Users) -> None:
    _in_english(client, users["ministerie"])
    html = _page(client, "/spreiding")
    assert "There are no figures on central government employment per province yet." in html
    assert "nog geen cijfers" not in html and "View split changes" not in html


def test_split_changes_and_case_impact_in_english(client: FlaskClient, users: Users) -> None:
    add_figures()
    moved = relocation(users)
    first, second = split_pair(users)
    _in_english(client, users["ministerie"])
    html = _page(client, f"/zaken/{moved.id}")
    for english in (
        "Effect on the distribution",
        "<strong>Illustrative:</strong> the calculation uses figures marked as illustrative",
        "Calculated with the figures of reference date 1 January 2025",
        "proposal, advice and agreement or decision side by side, reference date",
        "Agreement or decision",
        "Randstad share",
        "5,600 (55.4%)",
        "Suitable regions",
    ):
        assert english in html, english
    assert "Effect op de spreiding" not in html and "Aandeel vóór" not in html

    html = _page(client, f"/zaken/{first.id}")
    assert "<strong>Possibly split-up change:</strong> 2 changes for" in html
    assert "add up between" in html and "to growth of 120 FTE. Assess them as one change." in html
    assert f'href="/zaken/{second.id}"' in html and "(+60 FTE, " in html
    # Every province has a figure on the complete reference date, which is named.
    assert "(no figures)" not in html
    assert "Calculated with the figures of reference date 1 January 2025" in html
    assert "Mogelijk opgeknipte wijziging" not in html

    _in_english(client, users["coordinator"])
    html = _page(client, "/spreiding/gesplitste-wijzigingen")
    for english in ("Split changes", "Signals of split-up changes", "growth of 120 FTE"):
        assert english in html, english
    assert " inclusive</td>" in html and first.reference in html
    assert "Gesplitste wijzigingen" not in html and "groei van" not in html


def test_region_profiles_in_english(client: FlaskClient, users: Users) -> None:
    regions.load_demo_profiles()
    profile = regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            "Regio Zwolle", ["Overijssel"], [], ["Logistiek"], ["migratie"], ["asiel"]
        ),
    )
    case = case_in_state(
        users, "omvangswijziging", "in_behandeling", motivation="Meer asiel-zaken."
    )
    _in_english(client, users["adviseur"])
    html = _page(client, "/regio")
    for english in (
        "Development profiles of regions",
        "New development profile",
        "Central government employment per province",
        "are illustrative examples, not real profiles.",
        "Development profiles (5)",
        '<th scope="col">Themes</th>',
    ):
        assert english in html, english
    assert "Ontwikkelprofielen van regio" not in html and "Nieuw ontwikkelprofiel" not in html

    html = _page(client, f"/regio/{profile.id}")
    for english in ("Core qualities", "Municipalities", "Last changed", "Edit development profile"):
        assert english in html, english
    assert "Kernkwaliteiten" not in html and "Laatst gewijzigd" not in html
    demo = next(p for p in regions.list_profiles(users["adviseur"]) if p.name.startswith("[DEMO]"))
    assert "<strong>Illustrative example:</strong>" in _page(client, f"/regio/{demo.id}")

    # The case page: English frame and link, Dutch reasons (domain text) and English score.
    html = _page(client, f"/zaken/{case.id}")
    section = html.split('id="passende-regios"')[1].split("</section>")[0]
    assert "Suitable regions" in section and "The adviser weighs the result." in section
    assert ">development profiles</a>:" in section
    assert "Regio Zwolle</a> – score 3.5" in section
    assert "noemt de sector asiel, die aansluit bij deze dienst." in section
    assert "Copy reasoning into the draft" in section and "Neem redenering" not in section

    html = _page(client, f"/regio/{profile.id}/bewerken")
    assert "Name of the region" in html and "One per line." in html and "Cancel" in html
    response = client.post("/regio/nieuw", data={"name": "Twente"})
    assert response.status_code == 422
    assert "Choose at least one province." in response.get_data(as_text=True)
    saved = client.post(
        f"/regio/{profile.id}/bewerken",
        data={"name": "Regio Zwolle", "provinces": ["Overijssel"], "core_qualities": "Logistiek"},
        follow_redirects=True,
    )
    assert "Development profile &#39;Regio Zwolle&#39; has been saved." in saved.get_data(
        as_text=True
    )


def test_figures_and_import_in_english(client: FlaskClient, users: Users) -> None:
    figures.load_known_figures()
    figures.generate_demo_figures()
    _in_english(client, users["adviseur"])
    html = _page(client, "/cijfers")
    for english in (
        "Central government employment per province",
        'Rows labelled "illustrative" are generated demo figures',
        "Import figures (CSV or XLSX)",
        "Reference date",
        "<strong>Note:</strong>",
        "rows are illustrative.",
        '<span class="demo-badge">illustrative</span>',
        "National total:",
    ):
        assert english in html, english
    assert "Let op:" not in html and "Cijfers importeren" not in html

    html = _page(client, "/cijfers/import")
    assert "Step 1 of 2: choose the file." in html and "File (CSV or XLSX)" in html
    assert ">Check</button>" in html and "Stap 1 van 2" not in html
    response = client.post("/cijfers/import", data={})
    assert response.status_code == 422 and "Choose a file." in response.get_data(as_text=True)

    bad = b"provincie;sector;peildatum;fte\nAtlantis;DJI;2024-01-01;-1\n"
    response = client.post(
        "/cijfers/import",
        data={"bestand": (io.BytesIO(bad), "cijfers.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The file contains errors; nothing has been imported" in html
    assert "Row 2: Onbekende provincie: &#39;Atlantis&#39;." in html  # service text stays Dutch
    assert "upload it again</a>." in html and "<strong>Error:</strong>" in html

    good = b"provincie;sector;peildatum;fte\nFriesland;DJI;2024-01-01;250\n"
    response = client.post(
        "/cijfers/import",
        data={"bestand": (io.BytesIO(good), "cijfers.csv")},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Step 2 of 2: check the 1 row and confirm the import." in html
    assert "Confirm import" in html and "Import bevestigen" not in html
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert token
    done = client.post(
        "/cijfers/import/bevestigen", data={"token": token.group(1)}, follow_redirects=True
    )
    assert "1 figure has been imported." in done.get_data(as_text=True)


def test_annual_overview_in_english(client: FlaskClient, users: Users) -> None:
    busy = case_in_state(users, "omvangswijziging", "in_behandeling")
    agreed = case_in_state(users, "omvangswijziging", "afgerond")
    _in_english(client, users["coordinator"])
    html = _page(client, "/rapportage/jaaroverzicht")
    for english in (
        "for the House of Representatives (Tweede Kamer)",
        "Show overview",
        "Download as PDF (in Dutch)",
        "Ongoing cases on",
        "Ongoing cases per ministry on",
        "Number of cases",
        "FTE change",
        "Total",
        "Decided cases per outcome in",
        "Agreement",
        "The status is the current status of the case",
    ):
        assert english in html, english
    drill_down = _page(client, "/rapportage/jaaroverzicht/lopend")
    assert busy.reference in drill_down and "Proposed location" in drill_down
    decided = _page(client, "/rapportage/jaaroverzicht/besloten")
    assert agreed.reference in decided and "Agreed location" in decided
    for dutch in ("Jaaroverzicht", "Lopende zaken", "Besloten zaken", "Toon overzicht"):
        assert dutch not in html, dutch
    past = _page(client, "/rapportage/jaaroverzicht?jaar=2024&peildatum=2024-06-01")
    assert "derived from the case log" in past and "No cases were decided in 2024." in past
