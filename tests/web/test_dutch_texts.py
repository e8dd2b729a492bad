"""Dutch throughout: the texts the reference data and figures bring into the interface are
Dutch, numbers are formatted the Dutch way, and the ministry is named once."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from caseflow.models import User
from caseflow.services.insight import figures
from tests.conftest import login
from tests.web.helpers import file_case, page_of

DATA = Path(__file__).resolve().parents[2] / "caseflow" / "data"
# Free-text columns of the reference data that reach the screens.
TEXT_COLUMNS = {
    "ministries.csv": ("note",),
    "organisations.csv": ("source",),
    "employment_national.csv": ("note", "source"),
    "employment_province_known.csv": ("source",),
}
ENGLISH = re.compile(
    r"\b(the|was|of|into|from|again|seat|not|verified|includes|named|renamed|folded|growth|"
    r"press|letter|report|citing|annual|also|news|executes)\b",
    re.IGNORECASE,
)
Users = dict[str, User]


@pytest.mark.parametrize("name", sorted(TEXT_COLUMNS))
def test_the_reference_data_speaks_dutch(name: str) -> None:
    with (DATA / name).open(encoding="utf-8") as handle:
        texts = [row[c] for row in csv.DictReader(handle) for c in TEXT_COLUMNS[name] if row[c]]
    assert texts, name
    assert [t for t in texts if ENGLISH.search(t)] == []


def test_the_ministry_dashboard_names_the_ministry_once(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    page = page_of(client, "/")
    assert "Ministerie van Ministerie" not in page
    assert "namens het Ministerie van Justitie en Veiligheid nu een actie kunt uitvoeren" in page


def test_the_ministry_dashboard_in_english(client: FlaskClient, english: Users) -> None:
    login(client, english["ministerie"])
    page = page_of(client, "/")
    assert "Ministerie van Ministerie" not in page
    assert "on behalf of the Ministerie van Justitie en Veiligheid" in page


def test_reference_data_page_shows_dutch_notes(client: FlaskClient, users: Users) -> None:
    login(client, users["beheerder"])
    page = page_of(client, "/beheer/referentiegegevens")
    assert "opgegaan in JenV" in page and "vestiging niet geverifieerd" in page
    for english in ("folded into", "seat not verified", "seed letter", "renamed"):
        assert english not in page


def test_national_figures_in_dutch_with_dutch_numbers(client: FlaskClient, users: Users) -> None:
    figures.load_known_figures()
    login(client, users["adviseur"])
    page = page_of(client, "/cijfers")
    assert "Landelijk totaal: 353.797 fte (bron: Kamerstuk 31 490 nr. 347)" in page
    assert "74% van de groei met 17.527 fte in 2023 lag in de Randstad" in page
    assert "was in the Randstad" not in page and "regional press" not in page
    assert ">3.248<" in page  # Limburg, Ministeries, 2023


def test_figures_in_english_use_english_numbers(client: FlaskClient, english: Users) -> None:
    figures.load_known_figures()
    login(client, english["adviseur"])
    page = page_of(client, "/cijfers")
    assert "National total: 353,797 FTE" in page and ">3,248<" in page


def test_a_yes_no_field_in_the_timeline_reads_ja_nee(client: FlaskClient, users: Users) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "masterplan")
    page = page_of(client, f"/zaken/{case.id}")
    timeline = page.split('id="tijdlijn"')[1]
    assert "Verzoek tot Wijziging (VtW): nee → ja" in timeline
    assert "True" not in timeline and "False" not in timeline
