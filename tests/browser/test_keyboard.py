"""Keyboard only: the skip link is the first Tab stop and moves focus to the main content,
and a ministry files a case with Tab, typing and Enter alone, with visible focus on every
field in the order of the form."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.browser.support import log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        id: el.id, tag: el.tagName, text: (el.innerText || '').trim(),
        value: el.tagName === 'SELECT' ? el.selectedOptions[0].text : el.value,
        inMain: !!el.closest('main'),
        ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        top: el.getBoundingClientRect().top,
    };
}"""

# The filing form of a size change, in the order of the page: (field id, keys typed, shown).
FILING = [
    ("title", "Groei IND (toetsenbord)", "Groei IND (toetsenbord)"),
    ("organisation_id", "Immig", "Immigratie- en Naturalisatiedienst (IND)"),
    ("new_organisation", "", ""),  # only for an organisation not in the list
    ("change_kind", "Gro", "Groei op een locatie"),
    ("fte_current", "2400", "2400"),
    ("fte_change", "130", "130"),
    ("fte_moved", "", ""),  # only when part of the service relocates
    ("current_province_id", "Zuid", "Zuid-Holland"),
    ("current_place", "Den Haag", "Den Haag"),
    ("proposed_province_id", "Gron", "Groningen"),
    ("proposed_place", "Groningen", "Groningen"),
    ("second_province_id", "", None),  # only when the fte are split over two provinces
    ("second_place", "", ""),
    ("second_fte", "", ""),
    ("work_province_id", "", None),  # only when part of the fte mostly works elsewhere
    ("work_place", "", ""),
    ("work_fte", "", ""),
    ("motivation", "Groei van de asielketen; ruimte in Groningen.", None),
    ("labour_market_scan", "Vol", "Voldoende gekwalificeerd personeel beschikbaar"),
    ("labour_market_note", "Scan van oktober 2026.", None),
    ("labour_market_source", "UWV Groningen", "UWV Groningen"),
    # A complete date: its day, month and year parts take the typing in turn.
    ("labour_market_date", "01102026", None),
    ("labour_market_hybrid", " ", None),  # Space ticks the box
    ("labour_market_students", "", None),
    ("labour_market_other_measure", "", ""),
]

DATE_FIELDS = frozenset({"labour_market_date"})


def focused(page: Page) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(FOCUSED)
    return result


def tab_to(page: Page, text: str, limit: int = 40) -> None:
    """Press Tab until the element with this text has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page)["text"] == text:
            return
    raise AssertionError(f"no Tab stop '{text}' within {limit} presses")


def test_skip_link_is_the_first_tab_stop(new_page: Callable[..., Page]) -> None:
    page = new_page()
    for step, path in (("login page", "/inloggen"), ("dashboard", "/")):
        page.goto(path)
        page.keyboard.press("Tab")
        first = focused(page)
        assert first["text"] == "Ga direct naar de inhoud", (step, first)
        assert first["ring"] and first["top"] >= 0, f"{step}: skip link not visible on focus"
        page.keyboard.press("Enter")
        assert focused(page)["id"] == "inhoud", step
        page.keyboard.press("Tab")
        assert focused(page)["inMain"], f"{step}: Tab after the skip link left the main content"
        if step == "login page":
            log_in(page, "ministerie")


def test_filing_a_case_with_the_keyboard_alone(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto("/")
    log_in(page, "ministerie")
    tab_to(page, "Nieuwe zaak")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Nieuwe zaak", level=1).wait_for()
    tab_to(page, "Wijziging in omvang van een dienst")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile("^Nieuwe zaak: Wijziging"), level=1).wait_for()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    previous = ""
    for field_id, keys, shown in FILING:
        page.keyboard.press("Tab")
        # A date input holds Tab stops of its own (its parts, the picker): Tab on past them.
        for _ in range(4):
            if previous not in DATE_FIELDS or focused(page)["id"] != previous:
                break
            page.keyboard.press("Tab")
        previous = field_id
        now = focused(page)
        assert now["id"] == field_id, f"expected focus on {field_id}, got {now}"
        assert now["ring"], f"no visible focus on {field_id}"
        page.keyboard.type(keys)
        if shown is not None:
            assert focused(page)["value"] == shown, field_id
    page.keyboard.press("Tab")
    button = focused(page)
    assert (button["tag"], button["text"], button["ring"]) == ("BUTTON", "Opslaan", True)
    page.keyboard.press("Enter")

    page.get_by_text(re.compile(r"Zaak OW-\d{4}-\d{4} is aangemaakt\.")).wait_for()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.endswith("Groei IND (toetsenbord)")
    details = page.get_by_role("region", name="Gegevens").inner_text()
    for expected in ("Immigratie- en Naturalisatiedienst", "2.400 fte", "+130 fte"):
        assert expected in details
    assert "Groningen (Groningen)" in details and "Den Haag (Zuid-Holland)" in details
