"""The OpenAPI 3.1 document at /api/v1/openapi.json: public, valid, and naming every API
operation with its bearer security and its problem answers."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


def test_the_document_is_valid_openapi_3_1(client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on any violation of the OpenAPI 3.1 schema


def test_the_validator_would_catch_a_broken_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    spec["paths"]["/api/v1/zaken"]["get"]["responses"] = "geen"
    try:
        validate(spec)
    except OpenAPIValidationError:
        return
    raise AssertionError("a broken document passed the validator")


def test_every_api_route_is_documented_with_bearer_security(
    app: Flask, client: FlaskClient
) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "Persoonlijk API-token",
    }
    assert spec["security"] == [{"bearer": []}]
    routes = {
        re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert routes == {
        "/api/v1/zaken",
        "/api/v1/zaken/{key}",
        "/api/v1/zaken/{key}/acties",
        "/api/v1/zaken/{key}/acties/{action}",
        "/api/v1/zaken/{key}/adviezen",
        "/api/v1/zaken/{key}/adviezen/{number}.pdf",
        "/api/v1/zaken/{key}/termijnen",
        "/api/v1/zaken/{key}/documenten",
        "/api/v1/zaken/{key}/documenten/{document_id}",
        "/api/v1/meldingen",
        "/api/v1/regios",
        "/api/v1/cijfers",
        "/api/v1/vergaderingen",
        "/api/v1/rapportage/jaaroverzicht",
    }
    assert set(spec["paths"]) == routes
    problem = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail"} <= set(problem)
