"""Whole case routes in the browser, only by clicking and typing as each person would,
switching logins between the ministry, BZK and the secretariat. Every page on the way
is checked with axe-core."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import update

from caseflow.domain.calendar import WorkingCalendar
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Meeting
from tests.browser.support import (
    LiveServer,
    audit,
    log_in,
    open_case,
    reference_on,
    screenshot,
    status_of,
    switch_to,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

Fill = Callable[["Page"], object]


def act(page: Page, label: str, fill: Fill | None = None, *, check: str = "") -> None:
    """On the case page: click the action, fill its form, submit. ``check`` names the
    action form for an axe audit (each kind of form once is enough)."""
    reference = reference_on(page)
    page.get_by_role("link", name=label, exact=True).click()
    page.get_by_role("heading", name=label, level=1).wait_for()
    if check:
        audit(page, check)
    if fill is not None:
        fill(page)
    page.get_by_role("button", name=label, exact=True).click()
    page.get_by_role("heading", name=re.compile(re.escape(reference)), level=1).wait_for()
    assert f"Actie '{label}' is uitgevoerd." in page.get_by_role("status").first.inner_text()


def _public(page: Page) -> None:
    """The close form's Woo decision: the case may be published."""
    page.get_by_label("Openbaarmaking").select_option("openbaar")


def file_new_case(page: Page, type_label: str, fields: Fill) -> str:
    """Nieuwe zaak, choose the type, first submit it empty (errors), then fill and save."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Nieuwe zaak").click()
    page.get_by_role("heading", name="Nieuwe zaak", level=1).wait_for()
    page.get_by_role("link", name=type_label).click()
    page.get_by_role("button", name="Opslaan").click()
    summary = page.get_by_role("alert")
    assert "Titel: Dit veld is verplicht." in summary.inner_text()
    audit(page, f"filing form with errors ({type_label})")
    summary.get_by_role("link", name=re.compile("^Titel")).click()
    assert page.evaluate("document.activeElement.id") == "title"
    fields(page)
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text(re.compile(r"Zaak [A-Z]{2}-\d{4}-\d{4} is aangemaakt\.")).wait_for()
    return reference_on(page)


def _new_service(page: Page) -> None:
    page.get_by_label("Titel").fill("Nieuw kenniscentrum incasso")
    page.get_by_label(re.compile("^Organisatie")).select_option(
        label="Centraal Justitieel Incassobureau (CJIB)"
    )
    page.get_by_label("Naam nieuwe dienst of organisatieonderdeel").fill("Kenniscentrum Incasso")
    page.get_by_label("Wijziging (fte)").fill("160")
    page.get_by_label("Voorgestelde provincie").select_option(label="Zuid-Holland")
    page.get_by_label("Voorgestelde vestigingsplaats").fill("Den Haag")
    page.get_by_label("Motivering").fill("Dicht bij de ketenpartners in Den Haag.")
    page.get_by_label("Uitkomst arbeidsmarktscan").select_option(
        label="Voldoende gekwalificeerd personeel beschikbaar"
    )


def _growth(page: Page) -> None:
    page.get_by_label("Titel").fill("Groei DT&V")
    page.get_by_label(re.compile("^Organisatie")).select_option(
        label="Dienst Terugkeer en Vertrek (DT&V)"
    )
    page.get_by_label("Soort wijziging").select_option(label="Groei op een locatie")
    page.get_by_label("Huidige omvang (fte)").fill("900")
    page.get_by_label("Wijziging (fte)").fill("120")
    page.get_by_label("Huidige provincie").select_option(label="Zuid-Holland")
    page.get_by_label("Huidige vestigingsplaats").fill("Den Haag")
    page.get_by_label("Voorgestelde provincie").select_option(label="Groningen")
    page.get_by_label("Voorgestelde vestigingsplaats").fill("Groningen")
    page.get_by_label("Motivering").fill("Groei van de terugkeertaak; ruimte in Groningen.")
    page.get_by_label("Uitkomst arbeidsmarktscan").select_option(label="Beperkt beschikbaar")


def _draft(province: str, place: str) -> Fill:
    def fill(page: Page) -> None:
        page.get_by_label("Tekst").fill(f"BZK stelt {place} voor: buiten de Randstad.")
        page.get_by_label("Geadviseerde provincie").select_option(label=province)
        page.get_by_label("Geadviseerde plaats").fill(place)
        _weigh(page, place)

    return fill


def _weigh(page: Page, place: str) -> None:
    """The leidraad checklist as an adviser fills it: the first consideration judged with a
    reason, the others marked not applicable (each needs a judgement)."""
    judgements = page.get_by_label(re.compile("^Oordeel: "))
    for i in range(judgements.count()):
        judgements.nth(i).select_option(label="Positief" if i == 0 else "Niet van toepassing")
    page.get_by_label(re.compile("^Motivering: ")).first.fill(f"{place} past bij het regioprofiel.")


def _draft_with_errors(page: Page) -> None:
    """Submit the draft form empty once: errors summarised on top and at each field."""
    page.get_by_role("button", name=re.compile("^Concept")).click()
    summary = page.get_by_role("alert")
    assert "Tekst: Dit veld is verplicht." in summary.inner_text()
    field = page.get_by_label("Tekst")
    assert field.get_attribute("aria-invalid") == "true"
    assert "tekst-error" in (field.get_attribute("aria-describedby") or "")
    audit(page, "action form with errors")


def test_escalation_route_of_a_new_service(
    new_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "ministerie")
    reference = file_new_case(page, "Nieuwe dienst of nieuw organisatieonderdeel", _new_service)
    assert status_of(page) == "Concept"
    audit(page, "case page: concept")
    act(page, "Indienen bij BZK", check="action form: comment")
    assert status_of(page) == "Ingediend"
    audit(page, "case page: ingediend, intake deadline running")

    switch_to(page, "adviseur")
    open_case(page, reference)
    act(page, "In behandeling nemen")
    page.get_by_role("link", name="Conceptvoorstel opstellen", exact=True).click()
    audit(page, "action form: advice draft")
    _draft_with_errors(page)
    _draft("Groningen", "Groningen")(page)
    page.get_by_role("button", name="Conceptvoorstel opstellen").click()
    page.get_by_role("heading", name=re.compile(re.escape(reference)), level=1).wait_for()
    audit(page, "case page: in behandeling with a draft and a spreading check")
    act(page, "Ter goedkeuring voorleggen")
    assert status_of(page) == "Ter goedkeuring"

    switch_to(page, "coordinator")
    open_case(page, reference)
    _look_at_extension_form(page)
    act(page, "Goedkeuren en voorstel uitbrengen")
    assert status_of(page) == "Voorstel uitgebracht"

    switch_to(page, "ministerie")
    open_case(page, reference)
    act(
        page,
        "Niet instemmen",
        lambda p: p.get_by_label("Redenen om niet in te stemmen").fill(
            "De dienst moet bij de ketenpartners in Den Haag blijven."
        ),
        check="action form: objection",
    )
    assert status_of(page) == "Geen overeenstemming"

    switch_to(page, "secretariaat")
    meeting_day = WorkingCalendar().next_working_day(local_today() + timedelta(days=45))
    _add_meeting(page, meeting_day.isoformat())
    page.get_by_role("link", name=reference, exact=True).first.click()
    act(
        page,
        "Agenderen voor ministerraad",
        lambda p: p.get_by_label("Vergadering ministerraad").select_option(
            label=f"{meeting_day:%d-%m-%Y} Extra vergadering"
        ),
        check="action form: agenda",
    )
    assert status_of(page) == "Geagendeerd voor ministerraad"
    audit(page, "case page: geagendeerd")
    _hold_meeting_today(live_server, meeting_day)
    page.reload()
    act(page, "Besluit ministerraad vastleggen", _decision, check="action form: decision")
    assert status_of(page) == "Besloten door ministerraad"

    switch_to(page, "coordinator")
    open_case(page, reference)
    act(page, "Zaak afronden", _public)
    assert status_of(page) == "Afgerond"
    audit(page, "case page: afgerond after a ministerraad decision")
    screenshot(page, "case-afgerond-ministerraad")


def _look_at_extension_form(page: Page) -> None:
    """The coordinator opens 'Termijn verlengen', tries an empty form, then cancels."""
    page.get_by_role("link", name=re.compile("^Termijn verlengen")).first.click()
    page.get_by_role("heading", name=re.compile("^Termijn verlengen"), level=1).wait_for()
    audit(page, "extension form")
    page.get_by_role("button", name="Termijn verlengen").click()
    page.get_by_role("alert").wait_for()
    audit(page, "extension form with errors")
    page.get_by_role("link", name="Annuleren").click()
    page.get_by_role("heading", name="Termijnen", level=2).wait_for()


def _add_meeting(page: Page, day: str) -> None:
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Ministerraad").click()
    page.get_by_role("heading", name="Escalaties naar de ministerraad", level=1).wait_for()
    audit(page, "ministerraad board")
    page.get_by_role("button", name="Vergadering toevoegen").click()
    page.get_by_role("alert").wait_for()
    audit(page, "ministerraad board with form errors")
    page.get_by_label("Datum vergadering").fill(day)
    page.get_by_label("Notitie (optioneel)").fill("Extra vergadering")
    page.get_by_role("button", name="Vergadering toevoegen").click()
    page.get_by_text("De vergadering is toegevoegd.").wait_for()


def _hold_meeting_today(live_server: LiveServer, day: date) -> None:
    """Time passes: the meeting has been held (yesterday; the demo holds one today), so its
    decision can be recorded, dated today."""
    with live_server.app.app_context():
        held_on = local_today() - timedelta(days=1)
        db.session.execute(update(Meeting).where(Meeting.held_on == day).values(held_on=held_on))
        db.session.commit()


def _decision(page: Page) -> None:
    page.get_by_label("Besluit van de ministerraad").fill("De dienst komt in Groningen.")
    page.get_by_label("Gekozen provincie").select_option(label="Groningen")
    page.get_by_label("Gekozen plaats").fill("Groningen")
    page.get_by_label("Datum besluit").fill(local_today().isoformat())


def test_agreement_route_of_a_size_change(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "ministerie")
    reference = file_new_case(page, "Wijziging in omvang van een dienst", _growth)
    act(page, "Indienen bij BZK")

    switch_to(page, "adviseur")
    open_case(page, reference)
    act(page, "In behandeling nemen")
    act(page, "Conceptadvies opstellen", _draft("Groningen", "Groningen"))
    act(page, "Ter goedkeuring voorleggen")

    switch_to(page, "coordinator")
    open_case(page, reference)
    act(page, "Goedkeuren en advies uitbrengen")

    switch_to(page, "ministerie")
    open_case(page, reference)
    audit(page, "case page: advies uitgebracht, reply deadline running")
    act(
        page,
        "Instemmen (overeenstemming)",
        _agreement,
        check="action form: agreement",
    )
    assert status_of(page) == "Overeenstemming"

    switch_to(page, "coordinator")
    open_case(page, reference)
    act(page, "Zaak afronden", _public)
    assert status_of(page) == "Afgerond"
    assert "Groningen (Groningen)" in page.get_by_role("region", name="Gegevens").inner_text()


def _agreement(page: Page) -> None:
    page.get_by_label("Overeengekomen provincie").select_option(label="Groningen")
    page.get_by_label("Overeengekomen plaats").fill("Groningen")
