"""Browser tests: Debian's Chromium driven by Playwright against a live caseflow server.

The session starts the real application (CSRF on, as in production) on a migrated SQLite
file with reference data and the demo users and cases, served by werkzeug in a thread on
127.0.0.1 with a free port. Every page a test opens is watched: console errors, failed
requests, error responses for page resources and requests to anything but the live server
fail the test.

Without ``/usr/bin/chromium`` or the ``playwright`` package these tests skip, unless
``CASEFLOW_REQUIRE_BROWSER=1`` (CI sets it): then they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from caseflow import create_app
from caseflow.extensions import db
from caseflow.services.installation import demo
from caseflow.services.reference import loader
from tests.browser.support import CHROMIUM, LAUNCH_ARGS, LiveServer, Watch, enrol_two_factor

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from playwright.sync_api import Browser, Page, Playwright, ViewportSize

REQUIRE_BROWSER = os.environ.get("CASEFLOW_REQUIRE_BROWSER") == "1"
# The open theme is what a fresh clone (and CI) has; set this to 1 to test with the
# Rijksoverheid design tokens when they are installed (flask caseflow fetch-tokens).
USE_TOKENS = os.environ.get("CASEFLOW_BROWSER_TOKENS") == "1"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


class QuietHandler(WSGIRequestHandler):
    """No access log lines in the test output."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def buffered(app: Flask) -> WSGIApplication:
    """The app with each response read into memory and closed at once. The development
    server skips ``close()`` when the browser drops a connection (navigating on while a
    stylesheet is still loading), which leaves a static file open: a ResourceWarning."""

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"CASEFLOW_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp / 'caseflow.sqlite3'}",
            "INSTANCE_PATH": str(tmp / "instance"),
            "SECRET_KEY": "browser-test-secret",
            # The live server speaks plain HTTP, like `make run`.
            "SESSION_COOKIE_SECURE": False,
            "WTF_CSRF_ENABLED": True,
            "MAIL_DELIVERY": "locmem",
            "ACCESSIBILITY_CONTACT": "toegankelijkheid@example.org",
        }
    )
    with app.app_context():
        upgrade()
        loader.load_reference()
        demo.load_demo()
    enrol_two_factor(app)
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True, request_handler=QuietHandler)
    origin = f"http://127.0.0.1:{server.server_port}"
    app.config["BASE_URL"] = origin
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(origin, app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install playwright)")

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def theme(live_server: LiveServer) -> Iterator[str]:
    """Which theme the pages use: the open one unless CASEFLOW_BROWSER_TOKENS=1."""
    from caseflow import frontend

    if USE_TOKENS and not frontend.tokens_installed():
        pytest.skip("CASEFLOW_BROWSER_TOKENS=1 but the design tokens are not installed")
    patch = pytest.MonkeyPatch()
    if not USE_TOKENS:
        patch.setattr(frontend, "tokens_installed", lambda: False)
    yield "tokens" if USE_TOKENS else "open"
    patch.undo()


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, theme: str
) -> Iterator[Callable[..., Page]]:
    """Opens pages, each in its own browser context (its own login), watched for errors."""
    watch = Watch(live_server.origin)
    contexts: list[Any] = []

    def open_page(viewport: ViewportSize | None = None) -> Page:
        context = browser.new_context(
            base_url=live_server.origin, viewport=viewport or DESKTOP, locale="nl-NL"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        watch.attach(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    watch.assert_clean()
