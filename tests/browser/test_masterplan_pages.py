"""The masterplan pages in a browser, reached from the main menu: the index and one
masterplan's page pass the accessibility audit for a ministry and the coordinator."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import audit, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


@pytest.mark.parametrize("role", ["ministerie", "coordinator"])
def test_masterplan_pages(new_page: NewPage, role: str) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, role)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Regionaal netwerk").click()
    page.get_by_role("heading", name="Regionaal netwerk", level=1).wait_for()
    audit(page, f"regional network ({role})")
    page.get_by_role("main").get_by_role("link", name="Masterplannen").click()
    page.get_by_role("heading", name="Masterplannen rijkskantoorhuisvesting", level=1).wait_for()
    audit(page, f"masterplans: index ({role})")
    page.get_by_role("link", name="Masterplan Den Haag").click()
    page.get_by_role("heading", name="Masterplan Den Haag", level=1).wait_for()
    audit(page, f"masterplans: Den Haag ({role})")
