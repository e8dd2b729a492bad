"""The API's reference page passes the accessibility audit, logged out and at 320 px."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.browser.support import ZOOMED, assert_reflows, audit

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]


def test_api_reference_page(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/api/v1/docs")
    page.get_by_role("heading", name="API-referentie: caseflow v1", level=1).wait_for()
    audit(page, "api reference")
    narrow = new_page(viewport=ZOOMED)
    narrow.goto("/api/v1/docs")
    assert_reflows(narrow, "api reference at 320 px")
