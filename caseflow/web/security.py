"""Security headers on every response: a strict CSP without inline script or style, and
HSTS when configured. Forwarded headers count only from the configured trusted proxies."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

# img-src data: is for the icons the NL Design System CSS draws as data: SVGs (select arrow,
# check mark); fonts and stylesheets come from our own static folder only.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def register(app: Flask) -> None:
    _trust_proxies(app)
    hsts_seconds = int(app.config["HSTS_SECONDS"])

    @app.after_request
    def headers(response: Response) -> Response:
        if hsts_seconds > 0:
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={hsts_seconds}; includeSubDomains"
            )
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if response.mimetype == "text/html":
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _trust_proxies(app: Flask) -> None:
    """X-Forwarded-For and -Proto from the TRUSTED_PROXIES nearest hops only: with none
    configured they are ignored, so a client cannot choose the address it is seen from.
    X-Forwarded-Host is never trusted (a proxy that does not set it would pass a client's)."""
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
