"""The annual overview over the API: the screen's summary for BZK and the secretariat, 403
for a ministry's token, bad query arguments a 422 (never a date past 2100)."""

from __future__ import annotations

from flask.testing import FlaskClient

from caseflow.models import User
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state

Users = dict[str, User]
URL = "/api/v1/rapportage/jaaroverzicht"


def test_the_summary_counts_the_ongoing_cases(client: FlaskClient, users: Users) -> None:
    # Two size changes with BZK (+150 each, JenV) and one concept (not yet with BZK).
    for state in ("ingediend", "in_behandeling", "concept"):
        case_in_state(users, "omvangswijziging", state)
    for role in ("adviseur", "secretariaat"):
        answer = client.get(URL, headers=bearer(token_for(users[role])))
        assert answer.status_code == 200, answer.get_data(as_text=True)
        data = answer.get_json()
        assert (data["ongoing"]["count"], data["ongoing"]["fte"]) == (2, 300)
        per_state = next(b for b in data["ongoing"]["breakdowns"] if b["dimension"] == "status")
        assert sorted((c["key"], c["count"]) for c in per_state["cells"]) == [
            ("in_behandeling", 1),
            ("ingediend", 1),
        ]
        assert data["basis"] == "standplaats" and data["decided"]["count"] == 0


def test_a_ministry_token_and_bad_arguments(client: FlaskClient, users: Users) -> None:
    answer = client.get(URL, headers=bearer(token_for(users["ministerie"])))
    assert answer.status_code == 403 and answer.mimetype == "application/problem+json"
    adviser = bearer(token_for(users["adviseur"]))
    for query in ("jaar=1999", "jaar=99999999999", "peildatum=9999-12-31", "telling=x", "jaar=nan"):
        assert client.get(f"{URL}?{query}", headers=adviser).status_code == 422, query
    assert (
        client.get(
            f"{URL}?jaar=2026&peildatum=2026-06-30&telling=tewerkstelling", headers=adviser
        ).status_code
        == 200
    )
