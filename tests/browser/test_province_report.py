"""The province report in a browser, reached from the province's row on /spreiding: the page
passes the accessibility audit for the coordinator and the secretariat, and its PDF link
answers with a PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import audit, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


@pytest.mark.parametrize("role", ["coordinator", "secretariaat"])
def test_province_report_page(new_page: NewPage, role: str) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, role)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    nav.get_by_role("link", name="Spreiding").click()
    page.get_by_role("main").get_by_role("link", name="Groningen", exact=True).click()
    heading = page.get_by_role("heading", name=re.compile("^Provinciaal rapport Groningen"))
    heading.wait_for()
    assert page.get_by_role("heading", level=1).count() == 1
    audit(page, f"province report: Groningen ({role})")
    link = page.get_by_role("link", name="Download als PDF")
    response = page.request.get(link.get_attribute("href") or "")
    assert response.ok and response.headers["content-type"] == "application/pdf"
