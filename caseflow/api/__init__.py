"""The JSON API (/api/v1, issue #13): a second delivery layer beside ``caseflow.web``.

It calls the same services and asks the same permissions table as the screens, and imports
no models, engine or workflows at runtime (import contracts in pyproject.toml). Only /api/
speaks JSON: errors there are ``application/problem+json`` (``problems``); requests are
authenticated by a personal API token, never by the session (``auth``), so CSRF does not
apply. The OpenAPI 3.1 document is ``/api/v1/openapi.json``."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api

from caseflow.api import auth, problems, schemas
from caseflow.extensions import csrf

SECURITY_SCHEME = "bearer"


class CaseflowApi(Api):
    """flask-smorest without its own error handler: ``problems`` answers errors."""

    ERROR_SCHEMA = schemas.ProblemSchema

    def _register_error_handlers(self) -> None:
        pass


def register(app: Flask) -> None:
    """After the web layer: the API's errors are answered in front of the web's handlers."""
    from caseflow.api import (
        cases,
        overview,  # noqa: F401  (adds its route to cases.bp)
        resources,  # noqa: F401  (adds its routes to cases.bp)
    )

    options: dict[str, Any] = {
        "API_TITLE": "caseflow",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.1.0",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Zaken van de spreiding van rijksdiensten (BZK), voor de "
                "systemen van ministeries. Fouten zijn application/problem+json."
            },
            "security": [{SECURITY_SCHEME: []}],
        },
    }
    for key, value in options.items():
        app.config.setdefault(key, value)
    auth.init_app(app)
    api = CaseflowApi(app)
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token"},
    )
    csrf.exempt(cases.bp)
    api.register_blueprint(cases.bp)
    from caseflow.api import token  # the client-credentials grant of API clients

    csrf.exempt(token.bp)
    app.register_blueprint(token.bp)
    problems.register(app)
    from caseflow.api import reference  # the reference page: HTML, public, no script

    app.register_blueprint(reference.bp)
