"""The webhook screens in a browser, reached from the administrator's navigation: the list
and form, the secret shown once and the (empty) delivery log pass the accessibility audit,
also at 320 px, and deactivating works."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.browser.support import assert_reflows, audit, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


def test_subscribing_a_system_and_reading_its_log(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "beheerder")
    page.get_by_role("navigation").get_by_role("link", name="Webhooks").click()
    page.get_by_role("heading", name="Webhooks", level=1).wait_for()
    audit(page, "Webhooks: list and form")
    page.get_by_label("Naam").fill("Browsertoets DMS")
    page.get_by_label("Adres (URL)").fill("https://dms.example.nl/caseflow")
    page.get_by_role("button", name="Aanmelden").click()
    secret = page.get_by_label("Geheim om berichten te controleren")
    secret.wait_for()
    assert secret.input_value().startswith("whsec_")
    audit(page, "Webhooks: the new secret shown once")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_reflows(page, "Webhooks at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Afleveringen: Browsertoets DMS").click()
    page.get_by_role("heading", name="Afleveringen aan Browsertoets DMS", level=1).wait_for()
    audit(page, "Webhooks: the delivery log")
    page.get_by_role("link", name="Terug naar de webhooks").click()
    page.get_by_role("button", name="Deactiveren: Browsertoets DMS").click()
    page.get_by_role("heading", name="Webhooks", level=1).wait_for()
    row = page.get_by_role("row", name="Browsertoets DMS")
    assert "gedeactiveerd" in row.inner_text()
