"""The API-token screen in a browser, reached from the page header: the list, the form and
the token shown once pass the accessibility audit, also at 320 px, and revoking works."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.browser.support import assert_reflows, audit, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


def test_making_and_revoking_a_token(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "ministerie")
    page.get_by_role("banner").get_by_role("link", name="API-tokens").click()
    page.get_by_role("heading", name="API-tokens", level=1).wait_for()
    audit(page, "API tokens: list and form")
    page.get_by_label("Naam").fill("Browsertoets")
    page.get_by_role("button", name="Token maken").click()
    token = page.get_by_label("Uw nieuwe token")
    token.wait_for()
    assert token.input_value().startswith("cf_")
    audit(page, "API tokens: the new token shown once")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_reflows(page, "API tokens at 320 px")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Intrekken: Browsertoets").click()
    page.get_by_role("heading", name="API-tokens", level=1).wait_for()
    row = page.get_by_role("row", name="Browsertoets")
    assert "ingetrokken" in row.inner_text()
