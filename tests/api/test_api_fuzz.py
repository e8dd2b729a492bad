"""No 5xx from the API on any input: fuzzed query parameters and case keys, with a token of
each case role (tests/web/test_fuzz.py does the same for the screens, which reach the API
only without a token)."""

from __future__ import annotations

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
