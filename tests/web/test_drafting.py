"""Drafting the advice over HTTP: a redraft starts from the latest version and shows the
comments it was sent back with; the insert buttons (a region's reasoning, the spreading
check) keep what was typed without JavaScript; BZK sees what changed between versions, a
ministry never does."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services.insight import regions
from tests.conftest import login
from tests.factories import case_in_state, province_id
from tests.web.helpers import act, page_of, version_on, weighing_as_shown

Users = dict[str, User]
ACTION = "concept_opslaan"


def _textarea(page: str) -> str:
    found = re.search(r'<textarea[^>]*name="tekst"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, "no text field"
    return html.unescape(found.group(1)).lstrip("\r\n").replace("\r\n", "\n")


def _selected(page: str, field: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{field}"[^>]*>(.*?)</select>', page, re.S)
    assert select_html
    chosen = re.findall(r"<option([^>]*)>", select_html.group(1))
    values = [re.search(r'value="([^"]*)"', o) for o in chosen if "selected" in o]
    return values[0].group(1) if values and values[0] else ""


def _input_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def _returned_case(client: FlaskClient, users: Users) -> Case:
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    login(client, users["coordinator"])
    act(client, case.id, "terugsturen", opmerkingen="Onderbouw waarom Heerlen & niet Assen.")
    login(client, users["adviseur"])
    return case


def _versions(case: Case) -> int:
    return db.session.scalar(select(func.count()).where(Advice.case_id == case.id)) or 0


def test_redraft_starts_from_the_latest_version_and_shows_the_comments(
    client: FlaskClient, users: Users
) -> None:
    case = _returned_case(client, users)
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    assert _textarea(page) == "BZK adviseert vestiging in Heerlen."
    assert _input_value(page, "plaats") == "Heerlen"
    assert _selected(page, "provincie_id") == str(province_id("Limburg"))
    assert "Versie 1 is teruggestuurd met opmerkingen" in page
    assert "Onderbouw waarom Heerlen &amp; niet Assen." in page


def test_a_first_draft_starts_empty_without_comments(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    assert _textarea(page) == ""
    assert "teruggestuurd met opmerkingen" not in page


def _insert(client: FlaskClient, case: Case, key: str, typed: str, **extra: str) -> str:
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    data = {"version": version_on(page), "tekst": typed, "plaats": "", "provincie_id": ""}
    response = client.post(
        f"/zaken/{case.id}/acties/{ACTION}", data=data | {"invoegen": key} | extra
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return response.get_data(as_text=True)


def test_inserting_the_check_without_javascript_keeps_the_typed_text(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = _insert(client, case, "spreidingstoets", "Mijn eigen eerste alinea.\n")
    text = _textarea(page)
    assert text.startswith("Mijn eigen eerste alinea.\n\nSpreidingstoets:"), text
    assert _versions(case) == 0  # an insertion saves nothing
    assert 'class="utrecht-form-field__error' not in page  # and reports no missing fields
    # The form as re-rendered saves the combined text.
    data = {"version": version_on(page), "tekst": text, "plaats": "Assen"}
    data |= weighing_as_shown(page)
    response = client.post(
        f"/zaken/{case.id}/acties/{ACTION}",
        data=data | {"provincie_id": str(province_id("Drenthe"))},
    )
    assert response.status_code == 302
    advice = db.session.scalars(select(Advice).where(Advice.case_id == case.id)).one()
    assert advice.text.startswith("Mijn eigen eerste alinea.\n\nSpreidingstoets:")


def test_inserting_a_region_keeps_the_typed_text_and_suggests_its_province(
    client: FlaskClient, users: Users
) -> None:
    regions.load_demo_profiles()
    zwolle = regions.create_profile(
        users["adviseur"],
        regions.ProfileData(
            "Regio Zwolle", ["Overijssel"], [], ["Logistiek"], ["migratie"], ["asiel"]
        ),
    )
    case = case_in_state(users, "omvangswijziging", "in_behandeling", motivation="Asiel.")
    login(client, users["adviseur"])
    form = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    # On the advice form the region's button submits the form (no link that reloads it).
    button = re.search(rf'<button[^>]*value="regio-{zwolle.id}"[^>]*>', form)
    assert button and 'form="action-form"' in button.group(0)
    assert "Passende regio: Regio Zwolle." in html.unescape(button.group(0))
    assert 'src="/static/js/advice-insert.js"' in form and "<script>" not in form
    page = _insert(client, case, f"regio-{zwolle.id}", "Getypt, niet weggooien.")
    assert _textarea(page).startswith("Getypt, niet weggooien.\n\nPassende regio: Regio Zwolle.")
    assert _selected(page, "provincie_id") == str(province_id("Overijssel"))
    # A province the adviser chose stays chosen.
    limburg = str(province_id("Limburg"))
    page = _insert(client, case, f"regio-{zwolle.id}", "x", provincie_id=limburg)
    assert _selected(page, "provincie_id") == limburg


def test_an_unknown_insertion_is_404(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    login(client, users["adviseur"])
    page = page_of(client, f"/zaken/{case.id}/acties/{ACTION}")
    for key in ("regio-999999", "regio-x", "iets", "regio-" + "9" * 30):
        data = {"version": version_on(page), "tekst": "t", "invoegen": key}
        response = client.post(f"/zaken/{case.id}/acties/{ACTION}", data=data)
        assert response.status_code == 404, key
    assert _versions(case) == 0


def test_the_version_diff_is_for_bzk_only(client: FlaskClient, users: Users) -> None:
    case = _returned_case(client, users)
    act(
        client,
        case.id,
        ACTION,
        tekst="BZK adviseert vestiging in Assen.",
        provincie_id=province_id("Drenthe"),
        plaats="Assen",
    )
    act(client, case.id, "ter_goedkeuring_voorleggen")
    page = page_of(client, f"/zaken/{case.id}")
    diff = page.split('class="advice-diff"')[1].split("</details>")[0]
    assert "Wijzigingen ten opzichte van versie 1" in diff
    assert (
        "Verwijderd: </span>" in diff and "<del>BZK adviseert vestiging in Heerlen.</del>" in diff
    )
    assert "Toegevoegd: </span>" in diff and "<ins>BZK adviseert vestiging in Assen.</ins>" in diff
    assert "<ins>Geadviseerde locatie: Assen (Drenthe)</ins>" in diff
    login(client, users["coordinator"])
    act(client, case.id, "uitbrengen")
    assert 'class="advice-diff"' in page_of(client, f"/zaken/{case.id}")
    login(client, users["ministerie"])
    shown = page_of(client, f"/zaken/{case.id}")
    assert "BZK adviseert vestiging in Assen." in shown  # the issued version
    assert 'class="advice-diff"' not in shown and "Heerlen." not in shown
    assert client.get(f"/zaken/{case.id}/acties/{ACTION}").status_code in (403, 404, 409)
