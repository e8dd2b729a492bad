"""Only /api/ speaks JSON: its errors are application/problem+json with a Dutch title; the
rest of the application keeps its HTML error pages. A session cookie does not open the API."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from caseflow.models import User
from caseflow.services.accounts import api_tokens
from tests.api.helpers import bearer, token_for
from tests.conftest import csrf_protected, login

Users = dict[str, User]
PROBLEM = "application/problem+json"


def _problem(response: object, status: int, title: str) -> dict[str, object]:
    assert getattr(response, "status_code") == status  # noqa: B009
    assert getattr(response, "mimetype") == PROBLEM  # noqa: B009
    body = getattr(response, "get_json")(force=True)  # noqa: B009
    assert set(body) >= {"type", "title", "status", "detail"}
    assert body["status"] == status
    assert body["title"] == title
    assert body["type"] == "about:blank"
    return dict(body)


def test_no_token_is_a_401_problem(client: FlaskClient, users: Users) -> None:
    response = client.get("/api/v1/zaken")
    body = _problem(response, 401, "Niet ingelogd")
    assert "Bearer" in str(body["detail"])
    assert response.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_a_wrong_token_is_a_401_problem(client: FlaskClient, users: Users) -> None:
    token = token_for(users["adviseur"])
    response = client.get("/api/v1/zaken", headers=bearer(token[:-2] + "zz"))
    _problem(response, 401, "Niet ingelogd")
    response = client.get("/api/v1/zaken", headers={"Authorization": f"Basic {token}"})
    _problem(response, 401, "Niet ingelogd")


def test_an_unknown_api_path_is_a_404_problem(client: FlaskClient) -> None:
    _problem(client.get("/api/v1/bestaat-niet"), 404, "Niet gevonden")
    _problem(client.get("/api/v2/zaken"), 404, "Niet gevonden")


def test_an_unknown_case_is_a_404_problem(client: FlaskClient, users: Users) -> None:
    headers = bearer(token_for(users["adviseur"]))
    _problem(client.get("/api/v1/zaken/999999", headers=headers), 404, "Niet gevonden")
    _problem(client.get("/api/v1/zaken/XX-0000-9999", headers=headers), 404, "Niet gevonden")


def test_a_wrong_method_is_a_405_problem(client: FlaskClient, users: Users) -> None:
    response = client.delete("/api/v1/zaken", headers=bearer(token_for(users["adviseur"])))
    _problem(response, 405, "Methode niet toegestaan")
    assert "GET" in response.headers["Allow"]


def test_invalid_parameters_are_a_422_problem_per_field(client: FlaskClient, users: Users) -> None:
    headers = bearer(token_for(users["adviseur"]))
    response = client.get("/api/v1/zaken?aantal=1000&ministerie=abc", headers=headers)
    body = _problem(response, 422, "Ongeldige invoer")
    errors = body["errors"]
    assert isinstance(errors, dict)
    assert "aantal" in str(errors) and "ministerie" in str(errors)


def test_a_role_without_case_access_is_a_403_problem(client: FlaskClient, users: Users) -> None:
    # The administrator has no token to make; one made by hand is still refused by the table.
    from caseflow.services import permissions

    rule = permissions.TABLE["api_token.manage"]
    permissions.TABLE["api_token.manage"] = permissions.Rule(permissions.EVERYONE)
    try:
        token = token_for(users["beheerder"])
    finally:
        permissions.TABLE["api_token.manage"] = rule
    _problem(client.get("/api/v1/zaken", headers=bearer(token)), 403, "Geen toestemming")


def test_the_rest_keeps_its_html_error_pages(client: FlaskClient, users: Users) -> None:
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    login(client, users["ministerie"])
    response = client.get("/zaken/999999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_a_session_cookie_does_not_open_the_api(client: FlaskClient, users: Users) -> None:
    login(client, users["adviseur"])
    assert client.get("/zaken").status_code == 200  # the session works for the screens
    _problem(client.get("/api/v1/zaken"), 401, "Niet ingelogd")
    assert "Set-Cookie" not in client.get("/api/v1/zaken").headers


def test_csrf_does_not_apply_to_the_api(app: Flask, users: Users) -> None:
    """A post without a CSRF token meets the API's own answers as problems, never the CSRF
    page, with or without a session; the API blueprint is exempt, as its session is none."""
    from caseflow.extensions import csrf

    token = token_for(users["adviseur"])
    writer = token_for(users["adviseur"], api_tokens.READ_WRITE)
    with csrf_protected(app) as protected:
        client = protected.test_client()
        login(client, users["adviseur"])
        _problem(client.post("/api/v1/zaken"), 401, "Niet ingelogd")
        response = client.post("/api/v1/zaken", headers=bearer(token))
        _problem(response, 403, "Geen toestemming")
        response = client.post("/api/v1/zaken", json={}, headers=bearer(writer))
        _problem(response, 422, "Ongeldige invoer")
        _problem(
            client.put("/api/v1/zaken", headers=bearer(writer)), 405, "Methode niet toegestaan"
        )
    assert protected.blueprints["api"] in csrf._exempt_blueprints


def test_an_unexpected_error_is_a_500_problem(
    app: Flask, client: FlaskClient, users: Users, monkeypatch: object
) -> None:
    from caseflow.services.cases import case_record

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kapot")

    setattr_ = getattr(monkeypatch, "setattr")  # noqa: B009
    setattr_(case_record, "case_list_page", broken)
    response = client.get("/api/v1/zaken", headers=bearer(token_for(users["adviseur"])))
    body = _problem(response, 500, "Er ging iets mis")
    assert "kapot" not in str(body)


def test_the_rate_limit_per_token_is_a_429_problem(app: Flask, users: Users) -> None:
    first, second = token_for(users["adviseur"]), token_for(users["coordinator"])
    with csrf_protected(app, WTF_CSRF_ENABLED=False, API_RATE_LIMITS=["2 per 1 minute"]) as limited:
        client = limited.test_client()
        for _ in range(2):
            assert client.get("/api/v1/zaken", headers=bearer(first)).status_code == 200
        response = client.get("/api/v1/zaken", headers=bearer(first))
        _problem(response, 429, "Te veel verzoeken")
        assert int(response.headers["Retry-After"]) >= 1
        # Another token has its own count.
        assert client.get("/api/v1/zaken", headers=bearer(second)).status_code == 200


def test_every_api_status_has_a_dutch_title(app: Flask) -> None:
    from werkzeug.exceptions import PreconditionFailed, PreconditionRequired

    from caseflow.api.problems import problem, problem_for
    from caseflow.domain.errors import Conflict

    expected = {
        401: "Niet ingelogd",
        403: "Geen toestemming",
        404: "Niet gevonden",
        405: "Methode niet toegestaan",
        409: "Conflict",
        412: "Voorwaarde niet vervuld",
        422: "Ongeldige invoer",
        428: "Voorwaarde vereist",
        429: "Te veel verzoeken",
        500: "Er ging iets mis",
    }
    with app.test_request_context("/api/v1/zaken"):
        for status, title in expected.items():
            body = problem(status).get_json(force=True)
            assert (body["status"], body["title"]) == (status, title)
            assert body["detail"] or status in (403, 409), status
        stale = problem_for(PreconditionFailed()).get_json(force=True)
        assert stale["title"] == "Voorwaarde niet vervuld"
        assert problem_for(PreconditionRequired()).status_code == 428
        conflict = problem_for(Conflict("De zaak is gewijzigd.")).get_json(force=True)
        assert (conflict["status"], conflict["detail"]) == (409, "De zaak is gewijzigd.")


def test_werkzeugs_english_descriptions_stay_out(app: Flask) -> None:
    from werkzeug.exceptions import BadRequest

    from caseflow.api.problems import problem_for

    with app.test_request_context("/api/v1/zaken"):
        body = problem_for(BadRequest()).get_json(force=True)
        assert body["detail"] == "Dit verzoek kan niet worden verwerkt."
        body = problem_for(BadRequest("Het adres bevat ongeldige tekens.")).get_json(force=True)
        assert body["detail"] == "Het adres bevat ongeldige tekens."
