"""schemathesis over the OpenAPI document: every operation, with a token of every case role,
answers within its documented statuses, media types and schemas, and never a 5xx.

The schema is loaded inside the test from the test's own application (schemathesis' lazy
pytest fixture does not run under this pytest), and each operation's cases are drawn with
Hypothesis directly."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.api import auth
from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.services.accounts import api_tokens
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state

# A well-formed write may still be refused for what it says, not for its form: a stale ETag
# (412), a value the service refuses (422: an empty title, a province that does not exist).
WRITES_REFUSE = ["2xx", "401", "403", "404", "409", "412", "422", "429"]
CONFIG = {
    "operations": [
        {
            "include-method-regex": "^(POST|PATCH)$",
            "checks": {"positive_data_acceptance": {"expected-statuses": WRITES_REFUSE}},
        }
    ]
}
EXAMPLES = 8  # per operation and token: 80 per operation
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat")


def test_every_operation_as_every_role(
    app: Flask, users: dict[str, User], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.config["DOCUMENTS_PATH"] = str(tmp_path / "documenten")  # uploads that pass, if any
    made = [
        case_in_state(users, "omvangswijziging"),
        case_in_state(users, "omvangswijziging", "in_behandeling"),
        case_in_state(users, "omvangswijziging", "geagendeerd"),
    ]
    real_keys = [*(c.id for c in made), None]
    tokens = [token_for(users[role], scope) for role in ROLES for scope in api_tokens.SCOPES]
    # Every call reaches its operation: the rate limit has its own test (test_problems.py).
    monkeypatch.setattr(auth.throttling, "within_limits", lambda *args: None)
    config = schemathesis.config.SchemathesisConfig.from_dict(CONFIG)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{o.method.upper()} {o.path}" for o in operations} == {
        "GET /api/v1/zaken",
        "GET /api/v1/zaken/{key}",
        "GET /api/v1/zaken/{key}/acties",
        "POST /api/v1/zaken",
        "PATCH /api/v1/zaken/{key}",
        "POST /api/v1/zaken/{key}/acties/{action}",
        "GET /api/v1/zaken/{key}/adviezen",
        "GET /api/v1/zaken/{key}/adviezen/{number}.pdf",
        "GET /api/v1/zaken/{key}/termijnen",
        "GET /api/v1/zaken/{key}/documenten",
        "GET /api/v1/zaken/{key}/documenten/{document_id}",
        "POST /api/v1/zaken/{key}/documenten",
        "GET /api/v1/meldingen",
        "GET /api/v1/regios",
        "GET /api/v1/cijfers",
        "POST /api/v1/cijfers",
        "GET /api/v1/vergaderingen",
        "GET /api/v1/rapportage/jaaroverzicht",
    }
    # Every token in turn (a drawn token would mostly be the first), each with a few cases.
    for operation, token in itertools.product(operations, tokens):
        _run(operation, token, real_keys)


def _run(operation: Any, token: str, real_keys: list[int | None]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy(), real=st.sampled_from(real_keys))
    def call(case: schemathesis.Case, real: int | None) -> None:
        # A drawn key rarely names a case: mostly one that exists, at its current ETag, so
        # writes get past 404 and 412 to the use cases themselves.
        if real is not None and "key" in (case.path_parameters or {}):
            case.path_parameters["key"] = str(real)
            if "If-Match" in (case.headers or {}):
                case.headers["If-Match"] = _current_etag(real)
        case.call_and_validate(headers=bearer(token))

    call()


def _current_etag(case_id: int) -> str:
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case is not None
    return f'"{case.id}-{case.version}"'
