"""The system-connection screen in a browser, reached from the administrator's navigation:
the list and form and the secret shown once pass the accessibility audit, also at 320 px,
and revoking works."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.browser.support import assert_reflows, audit, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


def test_making_and_revoking_a_system_connection(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "beheerder")
    page.get_by_role("navigation").get_by_role("link", name="Systeemkoppelingen").click()
    page.get_by_role("heading", name="Systeemkoppelingen", level=1).wait_for()
    audit(page, "System connections: list and form")
    page.get_by_label("Naam").fill("Browsertoets DMS")
    page.get_by_label("Ministerie").select_option(index=1)
    page.get_by_role("button", name="Koppeling maken").click()
    secret = page.get_by_label("client_secret")
    secret.wait_for()
    assert len(secret.input_value()) > 30
    assert page.get_by_label("client_id").input_value().startswith("cfc_")
    audit(page, "System connections: the new secret shown once")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_reflows(page, "System connections at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Intrekken: Browsertoets DMS").click()
    page.get_by_role("heading", name="Systeemkoppelingen", level=1).wait_for()
    row = page.get_by_role("row", name="Browsertoets DMS")
    assert "ingetrokken" in row.inner_text()
