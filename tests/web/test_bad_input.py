"""The malformed requests that gave HTTP 500 on the landed code, each now a clear Dutch
answer: NUL bytes and control characters in text fields and searches, integers beyond 2³¹
in fte fields, ids and filters, the date 9999-12-31, and ``nan`` where a number comes in."""

from __future__ import annotations

import base64
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from caseflow.extensions import db
from caseflow.models import Case, User
from caseflow.models.deadline import Deadline
from tests.conftest import login
from tests.factories import act, case_in_state
from tests.web.helpers import file_case, filing

CONTROL_MESSAGE = "ongeldige tekens"
BIG = ("2147483648", str(10**20), "-2147483649")


def _cases() -> int:
    return db.session.scalar(select(func.count(Case.id))) or 0


def _filing(case_type: str = "omvangswijziging", **changes: str) -> dict[str, str]:
    return {**{k: str(v) for k, v in filing(case_type).items()}, "version": "0", **changes}


@pytest.mark.parametrize("q", ["a\x00b", "\x00", "IND\x1b[31m", "zoek\x7f", "regel\nregel"])
def test_control_characters_in_a_search_are_refused(
    client: FlaskClient, users: dict[str, User], q: str
) -> None:
    login(client, users["adviseur"])
    for url in ("/zaken", "/zaken/export.csv", "/zaken/export.xlsx"):
        response = client.get(url, query_string={"q": q})
        assert response.status_code == 400, url
    assert CONTROL_MESSAGE in client.get("/zaken", query_string={"q": q}).get_data(as_text=True)
    # A NUL in the name of a parameter, or in the path, is refused the same way.
    assert client.get("/zaken", query_string={"a\x00": "1"}).status_code == 400
    assert client.get("/zaken/nieuw/omvang%00swijziging").status_code == 400


def test_nul_in_a_text_field_is_refused_and_nothing_is_stored(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    before = _cases()
    for changes in ({"title": "Groei\x00IND"}, {"motivation": "x\x00"}, {"\x00": "1"}):
        response = client.post("/zaken/nieuw/omvangswijziging", data=_filing(**changes))
        assert response.status_code == 400, changes
        page = response.get_data(as_text=True)
        assert CONTROL_MESSAGE in page and "er is niets opgeslagen" in page
    assert _cases() == before
    # A control character other than tab, CR and LF is refused in a multi-line text too.
    response = client.post("/zaken/nieuw/omvangswijziging", data=_filing(motivation="a\x0bb"))
    assert response.status_code == 400
    assert _cases() == before


def test_tab_and_line_breaks_in_a_multiline_text_are_kept(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["ministerie"])
    case = file_case(client, "omvangswijziging", motivation="Eerste regel\r\nTweede\tregel")
    assert "Tweede\tregel" in (case.motivation or "")


@pytest.mark.parametrize("field", ["fte_change", "fte_current"])
@pytest.mark.parametrize("value", [*BIG, "250000"])
def test_fte_beyond_bounds_is_a_dutch_422(
    client: FlaskClient, users: dict[str, User], field: str, value: str
) -> None:
    login(client, users["ministerie"])
    before = _cases()
    response = client.post("/zaken/nieuw/omvangswijziging", data=_filing(**{field: value}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een getal in van" in page and "200.000" in page
    assert _cases() == before


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e3", "12,5", "9" * 5000])
def test_fte_that_is_not_a_whole_number_is_a_dutch_422(
    client: FlaskClient, users: dict[str, User], value: str
) -> None:
    login(client, users["ministerie"])
    before = _cases()
    response = client.post("/zaken/nieuw/omvangswijziging", data=_filing(fte_change=value))
    assert response.status_code == 422
    assert "Vul een geheel getal in." in response.get_data(as_text=True)
    assert _cases() == before


def test_fte_within_bounds_is_stored(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["ministerie"])
    case = file_case(
        client, "omvangswijziging", change_kind="krimp", fte_change="-200000", fte_current="200000"
    )
    assert (case.fte_change, case.fte_current) == (-200_000, 200_000)


@pytest.mark.parametrize("value", [*BIG[:2], "99999999999999999999999999"])
def test_ids_beyond_the_database_are_a_404(
    client: FlaskClient, users: dict[str, User], value: str
) -> None:
    login(client, users["adviseur"])
    for url in (
        f"/zaken/{value}",
        f"/zaken/{value}/bewerken",
        f"/zaken/{value}/acties/intake_accepteren",
        f"/zaken/1/termijnen/{value}/verlengen",
        f"/zaken/{value}/documenten/1",
        f"/zaken/1/advies/{value}.pdf",
        f"/regio/{value}",
        f"/regio/{value}/bewerken",
        f"/meldingen/email/{value}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/meldingen/{value}/gelezen").status_code == 404


@pytest.mark.parametrize("value", [*BIG, "nan", "inf", "-1", "0", "1.5", "٣"])
def test_filters_beyond_the_database_filter_nothing(
    client: FlaskClient, users: dict[str, User], value: str
) -> None:
    login(client, users["adviseur"])
    case_in_state(users, "omvangswijziging", "ingediend")
    for name in ("ministerie", "provincie", "behandelaar", "na"):
        response = client.get("/zaken", query_string={name: value})
        assert response.status_code == 200, name
    for url in ("/meldingen", "/meldingen/email"):
        assert client.get(url, query_string={"voor": value}).status_code == 200
    for name in ("jaar", "peildatum"):
        assert client.get("/spreiding", query_string={name: value}).status_code == 200
        response = client.get("/rapportage/jaaroverzicht", query_string={name: value})
        assert response.status_code == 200


def test_a_page_cursor_with_an_id_beyond_the_database_is_ignored(
    client: FlaskClient, users: dict[str, User]
) -> None:
    login(client, users["adviseur"])
    case_in_state(users, "omvangswijziging", "ingediend")
    raw = json.dumps(["titel", "asc", "Groei", 10**20]).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response = client.get("/zaken", query_string={"sort": "titel", "dir": "asc", "na": cursor})
    assert response.status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"])
def test_dates_beyond_the_calendar_are_a_dutch_422(
    client: FlaskClient, users: dict[str, User], day: str
) -> None:
    message = "Vul een datum in tussen 1900-01-01 en 2199-12-31."
    login(client, users["adviseur"])
    before = _cases()
    response = client.post("/zaken/nieuw/zbo_gesprek", data=_filing("zbo_gesprek", talk_date=day))
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _cases() == before
    case = act(users["ministerie"], case_in_state(users, "omvangswijziging"), "indienen")
    deadline = db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)).first()
    assert deadline is not None
    login(client, users["coordinator"])
    response = client.post(
        f"/zaken/{case.id}/termijnen/{deadline.id}/verlengen",
        data={"version": str(case.version), "new_due": day, "reason": "Drukte."},
    )
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    due = deadline.due_on
    db.session.expire_all()
    assert db.session.get(Deadline, deadline.id).due_on == due  # type: ignore[union-attr]
    for url in ("/spreiding", "/rapportage/jaaroverzicht"):
        assert client.get(url, query_string={"peildatum": day}).status_code == 200


def test_a_date_that_is_no_date_is_a_dutch_422(client: FlaskClient, users: dict[str, User]) -> None:
    login(client, users["adviseur"])
    for day in ("10000-01-01", "2026-02-30", "morgen", "nan"):
        response = client.post(
            "/zaken/nieuw/zbo_gesprek", data=_filing("zbo_gesprek", talk_date=day)
        )
        assert response.status_code == 422, day
        assert "Vul een geldige datum in." in response.get_data(as_text=True)
