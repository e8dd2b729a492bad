"""The two-step login as a person meets it: a new coordinator enrols (QR code or key, code
from the app, recovery codes), logs in again with a code, and a run of wrong passwords ends
at the Dutch "Te veel pogingen" page; every one of these pages passes axe."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyotp
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import User
from caseflow.services.accounts import two_factor
from tests.browser.support import LiveServer, app_code, audit, screenshot
from tests.conftest import PASSWORD, make_user

if TYPE_CHECKING:
    from playwright.sync_api import Page

NewPage = Callable[..., "Page"]
EMAIL = "nieuwe.coordinator@test.nl"


def _new_coordinator(live_server: LiveServer) -> None:
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        two_factor.reset(user or make_user("coordinator", email=EMAIL))


def _type_password(page: Page, password: str) -> None:
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def test_a_new_coordinator_enrols_then_logs_in_with_a_code(
    new_page: NewPage, live_server: LiveServer
) -> None:
    _new_coordinator(live_server)
    page = new_page()
    page.goto("/inloggen")
    _type_password(page, PASSWORD)
    page.get_by_role("heading", name="Tweestapsverificatie instellen", level=1).wait_for()
    assert page.get_by_role("img", name=re.compile("QR-code")).is_visible()
    audit(page, "2FA enrolment")
    screenshot(page, "two-factor-enrolment")
    secret = page.locator(".totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit de app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bevestigen").click()
    page.get_by_role("heading", name="Uw herstelcodes", level=1).wait_for()
    assert len(page.locator(".recovery-codes code").all_inner_texts()) == 10
    audit(page, "recovery codes")
    page.get_by_role("link", name="Ik heb de codes bewaard, verder").click()
    page.get_by_role("button", name="Uitloggen").click()

    page.get_by_role("heading", name="Inloggen", level=1).wait_for()
    _type_password(page, PASSWORD)
    page.get_by_role("heading", name="Inloggen: code", level=1).wait_for()
    audit(page, "code step")
    page.get_by_label("Code").fill(app_code(EMAIL))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("button", name="Uitloggen").wait_for()


def test_wrong_passwords_end_at_a_dutch_wait_page(
    new_page: NewPage, live_server: LiveServer
) -> None:
    _new_coordinator(live_server)
    page = new_page()
    page.goto("/inloggen")
    for _ in range(5):
        _type_password(page, "niet-het-goede-wachtwoord")
        page.get_by_role("alert").wait_for()
    _type_password(page, PASSWORD)
    page.get_by_role("heading", name="Te veel pogingen", level=1).wait_for()
    assert "Te veel mislukte pogingen" in page.get_by_role("alert").inner_text()
    audit(page, "throttled login")
