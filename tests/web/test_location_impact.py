"""The effect of a case at the ministry's proposal, BZK's advised location and the agreed or
decided location, side by side: on the case page, beside the advice form and in the issued
letter. Hand-computed on twelve small province totals.

Figures (peildatum 1-1-2025, fte): Zuid-Holland 1.000, Noord-Holland 600, Utrecht 400,
Groningen 200, the eight other provinces 100 each: total 3.000; Randstad 2.000 / 3.000 =
66,7%. The case: growth of 160 fte in Utrecht; the 420 in Den Haag stay.
- proposal: Utrecht 400 -> 560 (560 / 3.160 = 17,7%); Randstad 2.160 / 3.160 = 68,4%.
- BZK advises Groningen: 200 -> 360 (11,4%); Utrecht stays 400 (12,7%); Randstad 63,3%.
- agreed in Zwolle: Overijssel 100 -> 260 (8,2%); Randstad 2.000 / 3.160 = 63,3%.
Zuid-Holland is touched by none of them: it has no row.
"""

from __future__ import annotations

import re
from datetime import date

from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Advice, AdviceLetter, Case, User
from caseflow.models.region import EmploymentFigure
from tests.conftest import login
from tests.factories import act, case_in_state, province_id
from tests.pdf_layout import summary, text_outside
from tests.services.test_letters import pdf_text

FIGURES = {
    "Zuid-Holland": 1000,
    "Noord-Holland": 600,
    "Utrecht": 400,
    "Groningen": 200,
    "Fryslân": 100,
    "Drenthe": 100,
    "Overijssel": 100,
    "Flevoland": 100,
    "Gelderland": 100,
    "Zeeland": 100,
    "Noord-Brabant": 100,
    "Limburg": 100,
}


def add_figures() -> None:
    for name, fte in FIGURES.items():
        db.session.add(
            EmploymentFigure(
                province_id=province_id(name),
                sector="Totaal",
                peildatum=date(2025, 1, 1),
                fte=fte,
                source="Handberekening",
                illustrative=False,
            )
        )
    db.session.commit()


def growth_in_utrecht(users: dict[str, User], state: str, **extra: object) -> Case:
    return case_in_state(
        users,
        "omvangswijziging",
        state,
        title="Groei van 160 fte in Utrecht",
        change_kind="groei",
        fte_current=420,
        fte_change=160,
        current_province_id=province_id("Zuid-Holland"),
        current_place="Den Haag",
        proposed_province_id=province_id("Utrecht"),
        proposed_place="Utrecht",
        **extra,
    )


def advise(case: Case, province: str, place: str) -> None:
    advice = db.session.query(Advice).filter_by(case_id=case.id).one()
    advice.advised_province_id, advice.advised_place = province_id(province), place
    db.session.commit()


def table(html: str) -> str:
    found = re.search(r'<table class="utrecht-table location-impact">.*?</table>', html, re.S)
    assert found, html[:3000]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def test_case_page_shows_proposal_advice_and_decision_side_by_side(
    client: FlaskClient, users: dict[str, User]
) -> None:
    add_figures()
    case = growth_in_utrecht(users, "in_behandeling", with_draft=True)
    advise(case, "Groningen", "Groningen")
    login(client, users["adviseur"])
    html = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Groei op een locatie" in html
    text = table(html)
    assert "Voorstel ministerie: Utrecht (Utrecht)" in text
    assert "Advies BZK: Groningen (Groningen)" in text
    assert "Overeenstemming of besluit: nog niet bekend" in text
    assert "Groningen 200 (6,7%) 200 (6,3%) 360 (11,4%) –" in text
    assert "Utrecht 400 (13,3%) 560 (17,7%) 400 (12,7%) –" in text
    assert "Aandeel Randstad 66,7% 68,4% 63,3% –" in text
    assert "Zuid-Holland" not in text  # the 420 in Den Haag stay: no relocation booked
    # Beside the advice form the adviser drafts with the same comparison in view.
    form = client.get(f"/zaken/{case.id}/acties/concept_opslaan").get_data(as_text=True)
    assert "Advies BZK: Groningen (Groningen)" in table(form)


def test_ministry_does_not_see_the_location_of_a_draft(
    client: FlaskClient, users: dict[str, User]
) -> None:
    add_figures()
    case = growth_in_utrecht(users, "ter_goedkeuring")
    advise(case, "Groningen", "Groningen")
    login(client, users["ministerie"])
    text = table(client.get(f"/zaken/{case.id}").get_data(as_text=True))
    assert "Advies BZK: nog niet bekend" in text
    assert "360" not in text and "Groningen" not in text


def test_agreement_in_zwolle_books_growth_in_overijssel_only(
    client: FlaskClient, users: dict[str, User]
) -> None:
    add_figures()
    case = growth_in_utrecht(users, "overeenstemming")
    case.agreed_province_id, case.agreed_place = province_id("Overijssel"), "Zwolle"
    db.session.commit()
    login(client, users["coordinator"])
    text = table(client.get(f"/zaken/{case.id}").get_data(as_text=True))
    assert "Overeenstemming: Zwolle (Overijssel)" in text
    assert "Advies BZK: Heerlen (Limburg)" in text  # the issued version of the factory
    assert "Overijssel 100 (3,3%) 100 (3,2%) 100 (3,2%) 260 (8,2%)" in text
    assert "Zuid-Holland" not in text


def test_letter_names_the_advised_location_beside_the_proposal(
    client: FlaskClient, users: dict[str, User]
) -> None:
    add_figures()
    case = growth_in_utrecht(users, "ter_goedkeuring")  # draft: Heerlen (Limburg)
    act(users["coordinator"], case, "uitbrengen")
    login(client, users["ministerie"])
    response = client.get(f"/zaken/{case.id}/advies/1.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    effect = text[text.index("Effect op de spreiding") :]
    assert "Soort wijziging: groei op een locatie." in effect
    assert (
        "Het voorstel van het ministerie (Utrecht (Utrecht)) en de locatie die BZK adviseert "
        "(Heerlen (Limburg)) naast elkaar" in effect
    )
    # Limburg 100 -> 260 under the advice only; Utrecht 560 under the proposal only.
    # Proposal and advice only: the outcome is not known when the advice is written.
    assert "Limburg 100 (3,3%) 100 (3,2%) 260 (8,2%) Utrecht" in effect
    assert "560 (17,7%) 400 (12,7%) Aandeel" in effect
    assert "Aandeel Randstad 66,7% 68,4% 63,3% Uitgebracht" in effect
    assert "Overeenstemming" not in effect
    assert "Zuid-Holland" not in effect


def test_the_side_by_side_letter_fits_portrait_a4(users: dict[str, User]) -> None:
    # Long place names in every column header of the comparison must break, not overflow.
    add_figures()
    long_place = "Rijksvastgoedbedrijfsvestigingsherhuisvestingsprogrammaonderdeel"
    case = growth_in_utrecht(users, "ter_goedkeuring", second_province_id=province_id("Zeeland"))
    case.proposed_place, case.second_place, case.second_fte = long_place, long_place, 60
    case.fte_current = case.fte_change = 999_999
    db.session.commit()
    advise(case, "Groningen", long_place)
    act(users["coordinator"], case, "uitbrengen")
    pdf = db.session.scalars(
        select(AdviceLetter.pdf).join(Advice).where(Advice.case_id == case.id)
    ).one()
    assert "Aandeel Randstad" in pdf_text(pdf)
    strays = text_outside(pdf)
    assert strays == [], summary(strays)


def test_shrinkage_advised_in_the_randstad(client: FlaskClient, users: dict[str, User]) -> None:
    # −100 in Groningen (GR 200 -> 100; total 2.900); BZK advises the shrinkage in Den Haag
    # (ZH 1.000 -> 900). Randstad: 66,7% before, 2.000 / 2.900 = 69,0% under the proposal,
    # 1.900 / 2.900 = 65,5% under the advice.
    add_figures()
    case = case_in_state(
        users,
        "omvangswijziging",
        "in_behandeling",
        with_draft=True,
        title="Krimp in Groningen",
        change_kind="krimp",
        fte_current=300,
        fte_change=-100,
        current_province_id=province_id("Groningen"),
        current_place="Groningen",
        proposed_province_id=None,
        proposed_place="",
    )
    advise(case, "Zuid-Holland", "Den Haag")
    login(client, users["coordinator"])
    text = table(client.get(f"/zaken/{case.id}").get_data(as_text=True))
    assert "Voorstel ministerie: Groningen (Groningen)" in text
    assert "Advies BZK: Den Haag (Zuid-Holland)" in text
    assert "Groningen 200 (6,7%) 100 (3,4%) 200 (6,9%) –" in text
    assert "Zuid-Holland 1.000 (33,3%) 1.000 (34,5%) 900 (31,0%) –" in text
    assert "Aandeel Randstad 66,7% 69,0% 65,5% –" in text


def test_the_letter_labels_standplaats_and_names_the_place_of_work(
    client: FlaskClient, users: dict[str, User]
) -> None:
    # 160 fte in Utrecht of which 60 expected to work mostly in Groningen: per standplaats the
    # table books all 160 in Utrecht; per place of work Utrecht +100, Groningen +60.
    add_figures()
    case = growth_in_utrecht(
        users,
        "ter_goedkeuring",
        work_province_id=province_id("Groningen"),
        work_place="Groningen",
        work_fte=60,
    )
    act(users["coordinator"], case, "uitbrengen")
    login(client, users["ministerie"])
    text = pdf_text(client.get(f"/zaken/{case.id}/advies/1.pdf").data)
    assert "Plaats van tewerkstelling Groningen (Groningen): 60 fte werken hier vooral" in text
    assert "(fte per standplaats)" in text
    effect = text[text.index("Per plaats van tewerkstelling telt het voorstel") :]
    assert "Utrecht +100 fte" in effect and "Groningen +60 fte" in effect
