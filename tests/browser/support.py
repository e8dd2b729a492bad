"""What the browser tests share: the live server, the page watch, axe-core, the reflow
check, screenshots, and logging in and out as a person does (typing and clicking)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyotp
from flask import Flask
from sqlalchemy import select

from caseflow.services.installation import demo

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page, Request, Response, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# 400% zoom of a 1280 × 1024 screen: WCAG 1.4.10 reflow.
ZOOMED: ViewportSize = {"width": 320, "height": 256}


@dataclass(frozen=True)
class LiveServer:
    origin: str
    app: Flask


@dataclass
class Watch:
    """Collects what must not happen on any page: console errors, failed requests, error
    responses for page resources, and requests to another origin than the live server."""

    origin: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # A 4xx/5xx page (403, 404, 409, 422 forms) is logged as "Failed to load resource"
        # for the document itself: expected there; subresources are checked in _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} ({message.location})")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.origin + "/"):
            self.problems.append(f"request to another origin: {request.url}")

    def _failed(self, request: Request) -> None:
        # ERR_ABORTED: the page navigated on before a font or icon had loaded; not a fault.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            self.problems.append(f"resource error {response.status}: {response.url}")

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def audit(page: Page, name: str) -> None:
    """axe-core on the page as it is now (WCAG 2.1 A and AA), plus the page frame every
    page must have: one h1, the landmarks, the skip link and the footer link."""
    page.wait_for_load_state()
    page.evaluate(AXE_SOURCE)  # add_script_tag would be blocked by the CSP
    violations: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }""",
        AXE_TAGS,
    )
    assert not violations, f"axe on {name} ({page.url}):\n" + json.dumps(
        violations, indent=2, ensure_ascii=False
    )
    frame = page.evaluate(
        """() => ({
            h1: document.querySelectorAll('h1').length,
            banner: document.querySelectorAll('body header.utrecht-page-header').length,
            main: document.querySelectorAll('main').length,
            footer: document.querySelectorAll('footer').length,
            skip: document.querySelector('a.nl-skip-link')?.getAttribute('href'),
            statement: !!document.querySelector('footer a[href="/toegankelijkheid"]'),
            styled: getComputedStyle(document.body).fontFamily,
        })"""
    )
    assert frame["h1"] == 1, f"{name}: {frame['h1']} h1 elements"
    assert (frame["banner"], frame["main"], frame["footer"]) == (1, 1, 1), (name, frame)
    assert frame["skip"] == "#inhoud" and frame["statement"], (name, frame)
    assert "Fira Sans" in frame["styled"], f"{name}: unstyled ({frame['styled']})"


def assert_reflows(page: Page, name: str) -> None:
    """At 320 CSS px the page itself never scrolls sideways (data tables may, inside
    their .table-wrapper)."""
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]"
    )
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-wrapper'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                || (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0
                    && getComputedStyle(e).overflowX === 'visible'))
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)"""
    )
    assert size[0] <= size[1] + 1, f"{name} ({page.url}) scrolls sideways at 320 px: {size} {wide}"
    assert size[2] <= size[1] + 1, f"{name} ({page.url}) body wider than 320 px: {size}"


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Page, key: str) -> None:
    """Log in as a demo user from wherever the page is, typing like a person."""
    if "/inloggen" not in page.url:
        page.goto("/inloggen")
    type_login(page, demo.demo_email(key), demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Uitloggen").wait_for()


def type_login(page: Page, email: str, password: str) -> None:
    """The login form, then for a user with two-factor login the code from the app."""
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.locator("#code, form[action$='/uitloggen']").first.wait_for()
    if page.locator("#code").count():
        page.locator("#code").fill(app_code(email))
        page.get_by_role("button", name="Inloggen").click()
        page.locator("form[action$='/uitloggen']").wait_for()


# The live server's application, for reading a user's authenticator secret.
LIVE_APPS: list[Flask] = []


def enrol_two_factor(app: Flask) -> None:
    """The demo users whose role requires it have set up their app with the test secret
    (a person trying `make run` enrols at the first login instead)."""
    from caseflow.extensions import db
    from caseflow.models import User
    from caseflow.services.accounts import two_factor
    from tests.conftest import enrol

    with app.app_context():
        for user in db.session.scalars(select(User)):
            if two_factor.required_for(user) and not two_factor.enrolled(user):
                enrol(user)
        db.session.commit()
    LIVE_APPS[:] = [app]


def app_code(email: str) -> str:
    """The code the authenticator app shows now; the replay rule (each 30-second window
    once) is reset first, as logging in again within a window is what the tests do."""
    from caseflow.extensions import db
    from caseflow.models import User

    with LIVE_APPS[0].app_context():
        user = db.session.scalars(select(User).where(User.email == email)).one()
        user.totp_last_step = None
        db.session.commit()
        assert user.totp_secret
        return str(pyotp.TOTP(user.totp_secret).at(time.time()))


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", name="Inloggen", level=1).wait_for()


def switch_to(page: Page, key: str) -> None:
    log_out(page)
    log_in(page, key)


def reference_on(page: Page) -> str:
    """The case reference as the case page shows it in its heading."""
    heading = page.get_by_role("heading", level=1).inner_text()
    found = re.match(r"([A-Z]{2}-\d{4}-\d{4})", heading)
    assert found, heading
    return found.group(1)


def open_case(page: Page, reference: str) -> None:
    """Find a case from the main menu: Zaken, then its reference in the list."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken").click()
    page.get_by_role("link", name=reference, exact=True).click()
    page.get_by_role("heading", name=re.compile(re.escape(reference)), level=1).wait_for()


def status_of(page: Page) -> str:
    return page.locator(".case-meta .utrecht-badge-status").inner_text()
