"""The two screenshots in the README (docs/screenshots/), refreshed on request only:
``CASEFLOW_README_SCREENSHOTS=1 pytest tests/browser/test_readme_screenshots.py``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from tests.browser.support import ROOT, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

README_SHOTS = ROOT / "docs" / "screenshots"
# 1280 CSS px wide; the height keeps each file well under 300 KB.
VIEWPORT: ViewportSize = {"width": 1280, "height": 860}


@pytest.mark.skipif(
    os.environ.get("CASEFLOW_README_SCREENSHOTS") != "1",
    reason="set CASEFLOW_README_SCREENSHOTS=1 to refresh docs/screenshots",
)
def test_readme_screenshots(new_page: Callable[..., Page]) -> None:
    README_SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(viewport=VIEWPORT)
    page.goto("/")
    log_in(page, "coordinator")
    page.goto("/")  # without the welcome message
    page.screenshot(path=str(README_SHOTS / "dashboard.png"))
    page.goto("/zaken")
    row = page.get_by_role("row").filter(has_text="[DEMO] Groei IND Zwolle (termijn verlopen)")
    row.get_by_role("link").first.click()
    page.get_by_role("heading", name=re.compile("termijn verlopen"), level=1).wait_for()
    page.screenshot(path=str(README_SHOTS / "case.png"))
    for name in ("dashboard.png", "case.png"):
        assert (README_SHOTS / name).stat().st_size < 300_000, name
