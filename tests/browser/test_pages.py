"""Every distinct page checked with axe-core (WCAG 2.1 A and AA, zero violations), per role
where the page differs; a full-page screenshot of each main page; and reflow at 320 CSS px
(400% zoom) for the main pages."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.installation import demo
from tests.browser.support import (
    ZOOMED,
    LiveServer,
    assert_reflows,
    audit,
    log_in,
    screenshot,
    type_login,
)
from tests.conftest import PASSWORD, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


def demo_title(title: str) -> str:
    return f"[DEMO] {title}"


def open_demo_case(page: Page, title: str) -> None:
    """From the case list, open a demo case by its title."""
    page.goto("/zaken")
    row = page.get_by_role("row").filter(has_text=demo_title(title))
    row.get_by_role("link").first.click()
    page.get_by_role("heading", name=re.compile(re.escape(demo_title(title))), level=1).wait_for()


def open_action(page: Page, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).click()
    page.get_by_role("heading", name=label, level=1).wait_for()


def test_public_pages(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    page.get_by_role("heading", name="Inloggen", level=1).wait_for()
    audit(page, "login")
    screenshot(page, "login")
    page.get_by_role("button", name="Inloggen").click()
    assert "E-mailadres: Dit veld is verplicht." in page.get_by_role("alert").inner_text()
    audit(page, "login with field errors")
    page.get_by_label("E-mailadres").fill(demo.demo_email("ministerie"))
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    assert "Onbekende combinatie" in page.get_by_role("alert").inner_text()
    audit(page, "login with a wrong password")

    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheid").click()
    page.get_by_role("heading", name="Toegankelijkheidsverklaring", level=1).wait_for()
    text = page.get_by_role("main").inner_text()
    assert "voldoet gedeeltelijk" in text and "24 november 2026" in text
    assert "axe-core" in text and "toetsenbord" in text
    assert page.get_by_role("link", name="toegankelijkheid@example.org").is_visible()
    audit(page, "toegankelijkheidsverklaring")
    screenshot(page, "toegankelijkheidsverklaring")

    response = page.goto("/bestaat-niet")
    assert response is not None and response.status == 404
    audit(page, "404 without login")


@pytest.mark.parametrize("role", ["ministerie", "adviseur", "coordinator", "secretariaat"])
def test_work_pages_per_role(new_page: NewPage, role: str) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, role)
    page.get_by_role("heading", name="Mijn werk", level=1).wait_for()
    audit(page, f"dashboard ({role})")
    screenshot(page, f"dashboard-{role}")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken").click()
    page.get_by_role("heading", name=re.compile("^Zaken"), level=1).wait_for()
    audit(page, f"case list ({role})")
    screenshot(page, f"case-list-{role}")
    page.get_by_label("Status").select_option(label="Ingediend")
    page.get_by_role("button", name=re.compile("^(Zoeken|Filteren)$")).click()
    page.wait_for_url(re.compile(r"status=ingediend"))
    audit(page, f"case list filtered ({role})")

    page.get_by_role("link", name=re.compile(r"^Meldingen \(")).click()
    page.get_by_role("heading", name="Meldingen", level=1).wait_for()
    audit(page, f"notifications ({role})")
    page.get_by_role("link", name="bekijk uw e-mail").click()
    page.get_by_role("heading", name="E-mail aan u", level=1).wait_for()
    audit(page, f"mail ({role})")
    messages = page.get_by_role("table").get_by_role("link")
    if messages.count():
        messages.first.click()
        page.get_by_role("heading", name="Bericht", level=2).wait_for()
        audit(page, f"mail message ({role})")


def test_case_pages_in_other_states(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "coordinator")
    for title, name in (
        ("Groei IND Zwolle (termijn verlopen)", "overdue deadline"),
        ("Incassocentrum (aanvulling)", "clock stopped"),
        ("Incassocentrum (escalatie)", "on the ministerraad agenda"),
        ("VtW Limburg (ter goedkeuring)", "masterplan waiting for approval"),
        ("Spreidingsgesprek COA (opvolging)", "zbo talk with follow-ups"),
        ("IND-verhuizing (overeenstemming)", "closed after agreement"),
    ):
        open_demo_case(page, title)
        assert page.locator("figure.diagram svg[role=img]").count() == 1
        audit(page, f"case page: {name}")
    open_demo_case(page, "Groei IND Zwolle (termijn verlopen)")
    assert page.get_by_text("Verlopen").first.is_visible()
    screenshot(page, "case-overdue")


def test_other_action_forms(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "coordinator")
    open_demo_case(page, "Groei IND naar Groningen")
    for label in ("Adviseur toewijzen", "Buiten behandeling stellen", "Aanvulling vragen"):
        open_action(page, label)
        audit(page, f"action form: {label}")
        page.get_by_role("link", name="Annuleren").click()
    open_demo_case(page, "VtW Limburg (ter goedkeuring)")
    open_action(page, "Terugsturen met opmerkingen")
    audit(page, "action form: return")

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "ministerie")
    open_demo_case(page, "Incassocentrum (aanvulling)")
    for label in ("Aanvulling leveren", "Zaak intrekken"):
        open_action(page, label)
        audit(page, f"action form: {label}")
        page.get_by_role("link", name="Annuleren").click()
    open_demo_case(page, "Groei IND Den Haag")
    page.get_by_role("link", name="Gegevens wijzigen").click()
    audit(page, "edit form")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe zaak").click()
    audit(page, "new case: choose the type")
    page.get_by_role("link", name="Masterplan", exact=False).first.click()
    audit(page, "filing form: masterplan (check box)")

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "adviseur")
    open_demo_case(page, "Uitbreiding IND-loket")
    open_action(page, "Conceptadvies opstellen")
    page.get_by_role("heading", name="Effect op de spreiding", level=2).wait_for()
    page.get_by_role("heading", name="Passende regio's", level=2).wait_for()
    audit(page, "advice form with impact and fitting regions")
    page.get_by_role("button", name=re.compile("^Neem redenering over in tekst")).first.click()
    assert page.get_by_label("Tekst").input_value().strip()
    audit(page, "advice form with the reasoning taken over")
    open_demo_case(page, "Spreidingsgesprek COA (opvolging)")
    for label in ("Vervolgactie afspreken", "Vervolgactie gereed melden"):
        open_action(page, label)
        audit(page, f"action form: {label}")
        page.get_by_role("link", name="Annuleren").click()


def test_error_pages(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "adviseur")
    # 409: the same form open in two tabs; the second save finds the case changed.
    open_demo_case(page, "Uitbreiding IND-loket")
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    for tab in (page, other_tab):
        open_action(tab, "Conceptadvies opstellen")
        tab.get_by_label("Tekst").fill("Advies vanuit een tabblad.")
        tab.get_by_label("Geadviseerde provincie").select_option(label="Drenthe")
        tab.get_by_label("Geadviseerde plaats").fill("Assen")
    other_tab.get_by_role("button", name="Conceptadvies opstellen").click()
    other_tab.get_by_text("is uitgevoerd").wait_for()
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Conceptadvies opstellen").click()
    assert posted.value.status == 409
    # The form comes back with the input kept, on the fresh version, and says why.
    page.get_by_text("Iemand anders heeft deze zaak gewijzigd").wait_for()
    assert page.get_by_label("Tekst").input_value() == "Advies vanuit een tabblad."
    audit(page, "409 conflict")
    other_tab.close()

    response = page.goto("/zaken/999999")
    assert response is not None and response.status == 404
    audit(page, "404")

    page.get_by_role("button", name="Uitloggen").click()
    log_in(page, "secretariaat")
    response = page.goto("/zaken/nieuw")
    assert response is not None and response.status == 403
    audit(page, "403")


def test_administration(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "beheerder")
    page.get_by_role("heading", name="Gebruikers", level=1).wait_for()
    audit(page, "admin: users")
    screenshot(page, "admin-users")
    page.get_by_role("button", name="Gebruiker toevoegen").click()
    page.get_by_role("alert").wait_for()
    audit(page, "admin: users with errors")
    page.get_by_role("link", name="Referentiegegevens").click()
    page.get_by_role("heading", name="Referentiegegevens", level=1).wait_for()
    audit(page, "admin: reference data")


ZOOM_PAGES = {
    "ministerie": ["/", "/zaken", "/zaken/nieuw", "/zaken/nieuw/omvangswijziging", "/meldingen"],
    "coordinator": ["/", "/zaken", "/ministerraad", "/meldingen/email"],
    "beheerder": ["/beheer/gebruikers", "/beheer/referentiegegevens"],
}


@pytest.mark.parametrize("role", list(ZOOM_PAGES))
def test_reflow_at_400_percent_zoom(new_page: NewPage, role: str) -> None:
    page = new_page(viewport=ZOOMED)
    page.goto("/toegankelijkheid")
    assert_reflows(page, "toegankelijkheidsverklaring")
    page.goto("/")
    assert_reflows(page, "login")
    log_in(page, role)
    for path in ZOOM_PAGES[role]:
        page.goto(path)
        assert_reflows(page, path)
        slug = path.strip("/").replace("/", "-") or "dashboard"
        screenshot(page, f"zoom-{role}-{slug}")
    if role == "coordinator":
        open_demo_case(page, "Incassocentrum (escalatie)")
        assert_reflows(page, "case page")
        screenshot(page, "zoom-coordinator-case")


def _choose_figures(page: Page, row: str) -> None:
    """Pick a one-row figures CSV in the import form, as a person picks a file."""
    text = f"provincie;sector;peildatum;fte;bron\n{row}\n"
    page.get_by_label("Bestand").set_input_files(
        {"name": "cijfers.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )


def _regions(page: Page) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Regionaal netwerk"
    ).click()
    page.get_by_role("main").get_by_role("link", name="Regio's").click()


def test_insight_regions_and_documents(new_page: NewPage) -> None:
    """The pages reached from the menu items Spreiding and Regionaal netwerk (Regio's), and
    document upload."""
    page = new_page()
    page.goto("/")
    log_in(page, "coordinator")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Spreiding").click()
    audit(page, "spreiding: dashboard")
    screenshot(page, "spreiding")
    page.get_by_role("link", name="Gesplitste wijzigingen bekijken").click()
    audit(page, "spreiding: split changes")

    _regions(page)
    audit(page, "regions: list")
    page.get_by_role("main").get_by_role("table").get_by_role("link").first.click()
    audit(page, "regions: profile")
    page.get_by_role("link", name="Ontwikkelprofiel wijzigen").click()
    audit(page, "regions: profile edit form")
    _regions(page)
    page.get_by_role("link", name="Nieuw ontwikkelprofiel").click()
    audit(page, "regions: new profile form")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("alert").wait_for()
    audit(page, "regions: new profile form with errors")

    _regions(page)
    page.get_by_role("link", name="Rijkswerkgelegenheid per provincie").click()
    audit(page, "regions: employment figures")
    page.get_by_role("link", name=re.compile("^Cijfers importeren")).click()
    audit(page, "regions: figures import form")
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("alert").wait_for()
    audit(page, "regions: figures import form with errors")
    _choose_figures(page, "Atlantis;Ministeries;2025-01-01;-5;x")
    page.get_by_role("button", name="Controleren").click()
    page.get_by_text("Atlantis").first.wait_for()
    audit(page, "regions: import preview with row errors")
    page.goto("/cijfers/import")
    _choose_figures(page, "Drenthe;Ministeries;2025-01-01;500;x")
    page.get_by_role("button", name="Controleren").click()
    page.get_by_role("button", name="Import bevestigen").wait_for()
    audit(page, "regions: import preview without errors")

    open_demo_case(page, "Groei IND Den Haag")
    upload = page.get_by_role("button", name="Document toevoegen")
    if upload.count():
        upload.click()
        page.get_by_role("alert").wait_for()
        audit(page, "document upload with errors")


def test_reports_and_preferences(new_page: NewPage) -> None:
    """The annual overview (with its decided-cases table) and the preferences form."""
    page = new_page()
    page.goto("/")
    log_in(page, "coordinator")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Jaaroverzicht").click()
    page.get_by_role("heading", name=re.compile("^Jaaroverzicht"), level=1).wait_for()
    assert page.get_by_role("table").count() >= 2  # ongoing and decided cases
    audit(page, "annual overview")
    screenshot(page, "annual-overview")
    page.get_by_role("link", name="Totaal").first.click()  # the drill-down of a summary
    page.get_by_role("heading", name=re.compile("^Lopende zaken op"), level=1).wait_for()
    audit(page, "annual overview drill-down")
    page.get_by_role("link", name=re.compile("^Terug naar het jaaroverzicht")).click()
    page.get_by_role("heading", name=re.compile("^Jaaroverzicht"), level=1).wait_for()
    page.get_by_role("link", name="Language").click()
    page.get_by_role("heading", name="Voorkeuren", level=1).wait_for()
    audit(page, "preferences")


@pytest.fixture
def english_adviser(live_server: LiveServer) -> str:
    """A BZK adviser who chose English (a user of its own: the demo users stay Dutch for the
    other tests sharing the live server)."""
    email = "adviser-en@test.nl"
    with live_server.app.app_context():
        if db.session.scalar(select(User).where(User.email == email)) is None:
            make_user("adviseur", email=email).locale = "en"
            db.session.commit()
    return email


def test_pages_in_english(new_page: NewPage, english_adviser: str) -> None:
    page = new_page()
    page.goto("/inloggen")
    type_login(page, english_adviser, PASSWORD)
    page.get_by_role("heading", name="My work", level=1).wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    audit(page, "dashboard (English)")
    screenshot(page, "dashboard-english")
    nav = page.get_by_role("navigation", name="Main menu")
    nav.get_by_role("link", name="Cases").click()
    audit(page, "case list (English)")
    page.get_by_role("row").filter(has_text="Groei IND Den Haag").get_by_role("link").first.click()
    page.get_by_role("heading", name="Effect on the distribution").wait_for()
    audit(page, "case page with impact (English)")
    nav.get_by_role("link", name="Distribution").click()
    audit(page, "distribution dashboard (English)")
    nav.get_by_role("link", name="Annual overview").click()
    audit(page, "annual overview (English)")
    page.get_by_role("link", name="Taal").click()
    page.get_by_role("heading", name="Preferences", level=1).wait_for()
    assert page.get_by_role("link", name="Taal").get_attribute("lang") == "nl"
    audit(page, "preferences (English)")
