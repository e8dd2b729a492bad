"""No 5xx from the API on any input: fuzzed query parameters and case keys, with a token of
each case role (tests/web/test_fuzz.py does the same for the screens, which reach the API
only without a token)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.models import User
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state

PARAMETERS = (
    "q", "type", "status", "ministerie", "provincie", "behandelaar", "wacht", "verlopen",
    "wachtrij", "openbaarheid", "sort", "dir", "na", "aantal",
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "2147483648", "1e309", "nan", "mij", "titel", "asc", "y"]),
    st.sampled_from(["W1siIiwiIl0", "eyJ4IjoxfQ", "9" * 2000, "\x00", "a\x00b", "%s", "../"]),
    st.text(max_size=30),
)


def test_the_case_list_never_fails(app: Flask, client: FlaskClient, users: dict[str, User]) -> None:
    case_in_state(users, "omvangswijziging")
    case_in_state(users, "omvangswijziging", "in_behandeling")
    tokens = [
        token_for(users[r]) for r in ("ministerie", "adviseur", "coordinator", "secretariaat")
    ]

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        token=st.sampled_from(tokens),
        query=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=5),
        key=st.one_of(st.text(max_size=25), st.integers().map(str)),
    )
    def fuzz(token: str, query: dict[str, str], key: str) -> None:
        listed = client.get("/api/v1/zaken", query_string=query, headers=bearer(token))
        assert listed.status_code in (200, 400, 422), (query, listed.get_data(as_text=True))
        assert listed.mimetype in ("application/json", "application/problem+json")
        path = "/api/v1/zaken/" + key.replace("/", "").replace("?", "").replace("#", "")
        found = client.get(path, headers=bearer(token))
        assert found.status_code < 500, (key, found.get_data(as_text=True))

    fuzz()


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.sampled_from(["", "2026-02-30", "9999-12-31", "1899-12-31", "\x00", "x" * 300, "groei"]),
    st.text(max_size=30),
    st.lists(st.dictionaries(st.sampled_from(["code", "oordeel", "motivering"]), st.text())),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
WRITE_FIELDS = (
    "case_type", "title", "organisation_id", "fte_current", "fte_change", "change_kind",
    "current_province_id", "talk_date", "labour_market_hybrid", "new_organisation",
    "ministry_id", "tekst", "provincie_id", "plaats", "weging", "besluit", "besloten_op",
    "reden", "vergadering_id", "opmerking", "onbekend",
)  # fmt: skip
ACTIONS = ("indienen", "intrekken", "concept_opslaan", "besluit_vastleggen", "agenderen", "x")


def test_writes_never_fail(
    app: Flask, client: FlaskClient, users: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any JSON to the writes, with the case's current ETag: a 2xx or a 4xx problem."""
    from caseflow.api import auth
    from caseflow.extensions import db
    from caseflow.models import Case
    from caseflow.services.accounts import api_tokens

    concept = case_in_state(users, "omvangswijziging")
    handled = case_in_state(users, "omvangswijziging", "in_behandeling")
    tokens = [
        token_for(users[r], api_tokens.READ_WRITE)
        for r in ("ministerie", "adviseur", "coordinator", "secretariaat")
    ]
    monkeypatch.setattr(auth.throttling, "within_limits", lambda *args: None)  # no 429s

    def etag(case_id: int) -> str:
        db.session.expire_all()
        found = db.session.get(Case, case_id)
        assert found is not None
        return f'"{found.id}-{found.version}"'

    @settings(
        max_examples=150,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        token=st.sampled_from(tokens),
        body=st.dictionaries(st.sampled_from(WRITE_FIELDS), JSON_VALUES, max_size=6),
        case_id=st.sampled_from([concept.id, handled.id]),
        action=st.sampled_from(ACTIONS),
    )
    def fuzz(token: str, body: dict[str, object], case_id: int, action: str) -> None:
        headers = {**bearer(token), "If-Match": etag(case_id)}
        for response in (
            client.post("/api/v1/zaken", json=body, headers=bearer(token)),
            client.patch(f"/api/v1/zaken/{case_id}", json=body, headers=headers),
            client.post(f"/api/v1/zaken/{case_id}/acties/{action}", json=body, headers=headers),
        ):
            assert response.status_code < 500, (body, response.get_data(as_text=True))
            if response.status_code >= 400:
                assert response.mimetype == "application/problem+json"

    fuzz()
