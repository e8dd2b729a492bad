"""The advice form with JavaScript: the insert buttons put the spreading check (or a region's
reasoning) into the text at the cursor, without reloading the page or losing what was
typed; the script is a static file the CSP allows (a blocked script is a console error)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case
from tests.browser.support import LiveServer, log_in

if TYPE_CHECKING:
    from playwright.sync_api import Page


def _case_in_progress(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        query = select(Case.id).where(
            Case.state == "in_behandeling", Case.case_type != "zbo_gesprek"
        )
        case_id = db.session.scalars(query.order_by(Case.id)).first()
    assert case_id is not None, "the demo has no case in progress"
    return case_id


def test_insert_at_the_cursor_keeps_the_typed_text(
    new_page: Callable[..., Page], live_server: LiveServer
) -> None:
    page = new_page()
    log_in(page, "adviseur")
    page.goto(f"/zaken/{_case_in_progress(live_server)}/acties/concept_opslaan")
    text = page.locator("textarea[name=tekst]")
    text.fill("Eerste regel.\nLaatste regel.")
    # The cursor after the first line, as an adviser would put it there.
    text.evaluate("el => { el.focus(); el.setSelectionRange(13, 13); }")
    page.evaluate("() => { window.stayed = true; }")
    page.get_by_role("button", name="Neem spreidingstoets over in tekst").click()
    value = text.input_value()
    assert value.startswith("Eerste regel.\n\nSpreidingstoets:"), value
    assert value.endswith("\nLaatste regel."), value
    assert page.evaluate("() => window.stayed === true")  # no reload, nothing submitted
    assert page.locator("#invoeg-status").inner_text() == "Tekst ingevoegd in het veld Tekst."
    # A region's reasoning goes at the new cursor (just after the check).
    regions = page.locator("button[name=invoegen][value^='regio-']")
    if regions.count():
        regions.first.click()
        after = text.input_value()
        assert "Passende regio: " in after and after.endswith("\nLaatste regel."), after
        assert after.index("Spreidingstoets:") < after.index("Passende regio: ")
