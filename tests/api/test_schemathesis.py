"""schemathesis over the OpenAPI document: every operation, with a token of every case role,
answers within its documented statuses, media types and schemas, and never a 5xx.

The schema is loaded inside the test from the test's own application (schemathesis' lazy
pytest fixture does not run under this pytest), and each operation's cases are drawn with
Hypothesis directly."""

from __future__ import annotations

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.models import User
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
ROLES = ("ministerie", "ministerie_ocw", "adviseur", "coordinator", "secretariaat")


def test_every_operation_as_every_role(app: Flask, users: dict[str, User]) -> None:
    case_in_state(users, "omvangswijziging")
    case_in_state(users, "omvangswijziging", "in_behandeling")
    tokens = [token_for(users[role], scope) for role in ROLES for scope in api_tokens.SCOPES]
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
        "GET /api/v1/meldingen",
        "GET /api/v1/regios",
        "GET /api/v1/cijfers",
        "GET /api/v1/vergaderingen",
    }
    for operation in operations:

        @settings(
            max_examples=50,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        @given(case=operation.as_strategy(), token=st.sampled_from(tokens))
        def call(case: schemathesis.Case, token: str) -> None:
            case.call_and_validate(headers=bearer(token))

        call()
