"""Finding cases: free-text search, filters that combine, sortable columns with accessible
headers, and keyset pagination that returns every case exactly once in any order."""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text, update

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.models.deadline import DONE, PAUSED, RUNNING
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_sort import Sort, decode_cursor, encode_cursor
from caseflow.services.caselists.queries import CaseFilter
from caseflow.services.cases import lifecycle
from caseflow.services.deadlines import tracking
from caseflow.services.reference.loader import current_ministry
from tests.conftest import login
from tests.factories import case_in_state, organisation_id, province_id

Users = dict[str, User]
SORTS = ("kenmerk", "titel", "status", "uiterste_datum", "gewijzigd")


def _ids_on(page: str) -> list[int]:
    """Case ids in the order the case table lists them."""
    body = page.split("<tbody", 1)[1]
    return [int(i) for i in re.findall(r'<td><a [^>]*?href="/zaken/(\d+)"', body)]


def _found(client: FlaskClient, query: str, **args: str) -> set[int]:
    response = client.get("/zaken", query_string={"q": query, **args})
    assert response.status_code == 200, query
    return set(_ids_on(response.get_data(as_text=True)))


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)))


@pytest.fixture
def searchable(users: Users) -> dict[str, Case]:
    return {
        "ind": case_in_state(
            users, "omvangswijziging", "ingediend", title="Groei beslismedewerkers"
        ),  # IND, current place Zwolle (Overijssel)
        "unit": case_in_state(
            users, "nieuwe_dienst", "ingediend", title="Nieuw meldpunt", unit_name="Steunpunt Oost"
        ),  # proposed Heerlen (Limburg)
        "plan": case_in_state(users, "masterplan", "in_behandeling", title="VtW kantoor Zuid"),
        "percent": case_in_state(
            users, "nieuwe_dienst", "concept", title="100% thuis_werken", proposed_place="Venlo"
        ),
        "ocw": case_in_state(
            users,
            "omvangswijziging",
            "ingediend",
            owner=users["ministerie_ocw"],
            organisation_id=organisation_id("DUO"),
            title="Groei studiefinanciering",
            current_place="Groningen",
            current_province_id=province_id("Groningen"),
        ),
    }


def test_search_by_reference_title_organisation_unit_and_place(
    client: FlaskClient, users: Users, searchable: dict[str, Case]
) -> None:
    ids = {name: case.id for name, case in searchable.items()}
    login(client, users["coordinator"])
    ind_reference = searchable["ind"].reference
    assert _found(client, ind_reference) == {ids["ind"]}  # exact reference: directly
    assert _found(client, f"  {ind_reference.lower()} ") == {ids["ind"]}
    assert _found(client, ind_reference[:7]) == {ids["ind"], ids["ocw"]}  # "OW-2026"
    assert _found(client, "BESLISMEDEWERKERS") == {ids["ind"]}  # title, any case
    assert _found(client, "naturalisatiedienst") == {ids["ind"]}  # organisation name
    assert _found(client, "ind") == {ids["ind"]}  # organisation abbreviation
    assert _found(client, "duo") == {ids["ocw"]}
    assert _found(client, "steunpunt") == {ids["unit"]}  # unit name
    assert _found(client, "zwolle") == {ids["ind"]}  # current place
    assert _found(client, "heerlen") == {ids["unit"]}  # proposed place
    assert _found(client, "maastricht") == {ids["plan"]}
    assert _found(client, "limburg") == {ids["unit"], ids["plan"], ids["percent"]}  # province
    assert _found(client, "groei zwolle") == {ids["ind"]}  # every word must match
    assert _found(client, "groei heerlen") == set()
    # LIKE wildcards are searched for literally.
    assert _found(client, "%") == {ids["percent"]}
    assert _found(client, "_") == {ids["percent"]}
    assert _found(client, "onbekend woord") == set()
    page = client.get("/zaken", query_string={"q": "zwolle"}).get_data(as_text=True)
    assert "1 zaak gevonden voor ‘zwolle’" in _text(page)
    assert 'value="zwolle"' in page and 'type="search"' in page


def test_search_keeps_ministries_apart(
    client: FlaskClient, users: Users, searchable: dict[str, Case]
) -> None:
    login(client, users["ministerie_ocw"])
    assert _found(client, searchable["ind"].reference) == set()
    assert _found(client, "groei") == {searchable["ocw"].id}
    assert _found(client, "naturalisatiedienst") == set()
    page = client.get("/zaken", query_string={"q": searchable["ind"].reference})
    assert "0 zaken gevonden" in page.get_data(as_text=True)
    login(client, users["ministerie"])
    assert _found(client, "groei") == {searchable["ind"].id}
    assert _found(client, searchable["ocw"].reference) == set()


def test_search_follows_an_edit(
    client: FlaskClient, users: Users, searchable: dict[str, Case]
) -> None:
    """The search text is rebuilt whenever the filing fields change."""
    case = searchable["percent"]
    login(client, users["coordinator"])
    assert _found(client, "Venlo") == {case.id}
    lifecycle.update_case(
        users["ministerie"], case.id, case.version, {"proposed_place": "Roermond"}
    )
    assert _found(client, "venlo") == set()
    assert _found(client, "ROERMOND") == {case.id}


def test_search_uses_the_trigram_index_on_postgresql(
    users: Users, searchable: dict[str, Case], postgres_only: None
) -> None:
    query = queries.filtered(users["coordinator"], CaseFilter(q="beslis zwolle"))
    sql = query.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # 5 rows: force the choice
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN {sql}")))
    db.session.rollback()
    assert "ix_cases_search_text_trgm" in plan, plan


def test_search_combines_with_filters(users: Users, searchable: dict[str, Case]) -> None:
    viewer = users["coordinator"]

    def listed(**fields: Any) -> set[int]:
        return {c.id for c in queries.page(viewer, CaseFilter(**fields), None, 100).cases}

    ids = {name: case.id for name, case in searchable.items()}
    assert listed(q="groei") == {ids["ind"], ids["ocw"]}
    assert listed(q="groei", ministry_id=current_ministry("OCW").id) == {ids["ocw"]}
    assert listed(q="groei", province_id=province_id("Overijssel")) == {ids["ind"]}
    assert listed(q="limburg", case_type="nieuwe_dienst") == {ids["unit"], ids["percent"]}
    assert listed(q="limburg", case_type="nieuwe_dienst", state="concept") == {ids["percent"]}
    assert listed(q="kantoor", assignee_id=users["adviseur"].id) == {ids["plan"]}
    # The adviser acts on submitted cases and on those he handles; the coordinator's own
    # queue holds neither (approving, closing).
    adviser = CaseFilter(q="limburg", queue="te_doen")
    assert {c.id for c in queries.page(users["adviseur"], adviser, None, 100).cases} == {
        ids["unit"],
        ids["plan"],
    }
    assert listed(q="limburg", queue="te_doen") == set()


# --- sorting and keyset pagination -------------------------------------------------------

TITLES = ("Alfa", "Bravo", "Charlie")
STATES = ("concept", "ingediend", "in_behandeling", "advies_uitgebracht", "ter_goedkeuring")
CHANGED = (
    datetime(2026, 3, 1, 9, 0),
    datetime(2026, 3, 1, 9, 0, 0, 123456),
    datetime(2026, 5, 2, 14, 30),
    datetime(2026, 11, 20, 8, 15),
)


def _deadline(case_id: int, due: date, status: str = RUNNING) -> Deadline:
    return Deadline(
        case_id=case_id,
        kind=f"test{due.toordinal()}{status}",
        label="Test",
        responsible_role="adviseur",
        started_on=due - timedelta(days=30),
        working_days=20,
        due_on=due,
        status=status,
    )


@pytest.fixture
def many(users: Users) -> list[Case]:
    """30 cases with tied titles, states, change times and due dates (and some without a
    deadline), so that every order needs its id tie-breaker."""
    today = local_today()
    dues = (today + timedelta(days=3), today + timedelta(days=10), today - timedelta(days=2))
    types = ("omvangswijziging", "nieuwe_dienst", "masterplan")
    made = []
    for i in range(30):
        case = case_in_state(users, types[i % 3], title=TITLES[i % 3 if i % 4 else 1])
        made.append(case)
        db.session.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(state=STATES[i % 5], updated_at=CHANGED[(i * 7) % 4])
        )
        if i % 3:
            db.session.add(_deadline(case.id, dues[i % 3]))
        if i % 6 == 1:
            db.session.add(_deadline(case.id, dues[2] - timedelta(days=5), DONE))  # ignored
        if i % 5 == 2:
            db.session.add(_deadline(case.id, dues[0], PAUSED))  # open: counts
    for case in made:  # the rows were added directly: let the service recompute the column
        tracking.refresh_next_due(case)
    db.session.commit()
    db.session.expire_all()
    return made


def _expected(cases: list[Case], sort: Sort) -> list[int]:
    nearest: dict[int, date] = {}
    for deadline in db.session.scalars(
        select(Deadline).where(Deadline.status.in_((RUNNING, PAUSED)))
    ):
        due = nearest.get(deadline.case_id)
        nearest[deadline.case_id] = min(due, deadline.due_on) if due else deadline.due_on
    last = date(1, 1, 1) if sort.descending else date(9999, 12, 31)
    keys = {
        "kenmerk": lambda c: c.reference,
        "titel": lambda c: c.title,
        "status": lambda c: c.state,
        "gewijzigd": lambda c: c.updated_at,
        "uiterste_datum": lambda c: nearest.get(c.id, last),
        "": lambda c: c.id,
    }
    key = keys[sort.column]
    ordered = sorted(cases, key=lambda c: (key(c), c.id), reverse=sort.descending)
    return [c.id for c in ordered]


def _walk(user: User, sort: Sort, size: int) -> list[int]:
    seen: list[int] = []
    cursor = None
    for _ in range(100):
        found = queries.sorted_page(user, CaseFilter(), sort, cursor, size)
        assert len(found.cases) <= size
        seen += [c.id for c in found.cases]
        if found.next_cursor is None:
            assert found.next_after is None
            return seen
        cursor = found.next_cursor
    raise AssertionError("pagination does not end")


@pytest.mark.parametrize("column", ["", *SORTS])
@pytest.mark.parametrize("descending", [False, True])
def test_every_order_pages_through_every_case_exactly_once(
    users: Users, many: list[Case], column: str, descending: bool
) -> None:
    sort = Sort(column, descending)
    expected = _expected(many, sort)
    assert len(set(expected)) == 30
    for size in (7, 30):
        assert _walk(users["coordinator"], sort, size) == expected, size
    # The sort really separates the groups (not only the id tie-breaker).
    whole = queries.sorted_page(users["coordinator"], CaseFilter(), sort, None, 100)
    assert [c.id for c in whole.cases] == expected


def test_ministry_user_pages_only_own_cases(users: Users, many: list[Case]) -> None:
    ocw = case_in_state(users, "masterplan", owner=users["ministerie_ocw"])
    for column in SORTS:
        seen = _walk(users["ministerie_ocw"], Sort(column, False), 1)
        assert seen == [ocw.id], column
    assert len(_walk(users["ministerie"], Sort("titel", True), 4)) == 30


def _walk_http(client: FlaskClient, url: str) -> list[int]:
    seen: list[int] = []
    for _ in range(100):
        page = client.get(url).get_data(as_text=True)
        seen += _ids_on(page)
        link = re.search(r'<a href="([^"]+)" rel="next">Volgende pagina</a>', page)
        if link is None:
            return seen
        url = html.unescape(link.group(1))
    raise AssertionError("pagination does not end")


def test_sorted_list_pages_over_http(
    app: Flask, client: FlaskClient, users: Users, many: list[Case]
) -> None:
    app.config["PAGE_SIZE"] = 7
    login(client, users["coordinator"])
    for column in SORTS:
        for direction in ("asc", "desc"):
            sort = Sort(column, direction == "desc")
            url = f"/zaken?sort={column}&dir={direction}"
            assert _walk_http(client, url) == _expected(many, sort), url
    # The filters and the order travel with the next-page link.
    titled = [c for c in many if c.title == "Bravo"]
    url = "/zaken?q=bravo&sort=gewijzigd&dir=asc"
    assert _walk_http(client, url) == _expected(titled, Sort("gewijzigd", False))


def test_sort_headers_are_accessible(client: FlaskClient, users: Users, many: list[Case]) -> None:
    login(client, users["coordinator"])
    page = client.get("/zaken?sort=titel&dir=asc&q=alfa&type=masterplan").get_data(as_text=True)
    sorted_headers = re.findall(r'<th scope="col" aria-sort="(\w+)">(.*?)</th>', page, re.S)
    assert len(sorted_headers) == 1
    direction, header = sorted_headers[0]
    assert direction == "ascending" and _text(header).startswith("Titel, sorteer aflopend")
    text = _text(page)
    assert "Kenmerk, sorteer oplopend" in text
    assert "Status, sorteer oplopend" in text
    assert "Uiterste datum, sorteer oplopend" in text
    assert "Gewijzigd, sorteer aflopend" in text  # most recent first when first chosen
    assert "Zaken, gesorteerd op titel, oplopend" in text  # the caption
    links = [html.unescape(u) for u in re.findall(r'<th scope="col"[^>]*><a href="([^"]+)"', page)]
    assert len(links) == 5
    for link in links:
        assert "q=alfa" in link and "type=masterplan" in link and "na=" not in link
    assert '<input type="hidden" name="sort" value="titel">' in page
    descending = client.get("/zaken?sort=gewijzigd").get_data(as_text=True)
    assert 'aria-sort="descending"' in descending
    assert "Gewijzigd, sorteer oplopend" in _text(descending)
    default = client.get("/zaken").get_data(as_text=True)
    assert "aria-sort" not in default and "Zaken, nieuwste eerst" in _text(default)


def _token(items: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(items).encode()).decode().rstrip("=")


def test_bad_sort_and_cursor_values_give_the_first_page(
    app: Flask, client: FlaskClient, users: Users, many: list[Case]
) -> None:
    app.config["PAGE_SIZE"] = 7
    login(client, users["coordinator"])
    first_by_title = _ids_on(client.get("/zaken?sort=titel&dir=asc").get_data(as_text=True))
    status_cursor = encode_cursor(Sort("status", False), "concept", many[0].id)
    for na in (
        "%%%",
        "x" * 5000,
        "bm90IGpzb24",
        _token({"a": 1}),
        _token(["titel", "asc", 5, 1]),
        _token(["titel", "asc", "Bravo", "1"]),
        _token(["titel", "asc", "Bravo", 1e300]),
        _token(["titel", "desc", "Bravo", 1]),  # made for the other direction
        status_cursor,  # made for another column
        "12",
    ):
        response = client.get("/zaken", query_string={"sort": "titel", "dir": "asc", "na": na})
        assert response.status_code == 200, na
        assert _ids_on(response.get_data(as_text=True)) == first_by_title, na
    for query in (
        "sort=drop%20table&dir=sideways",
        "sort=gewijzigd&na=" + _token(["gewijzigd", "desc", "gisteren", 3]),
        "sort=uiterste_datum&dir=asc&na=" + _token(["uiterste_datum", "asc", "2026-13-45", 3]),
        "na=99999999999999999999999999",
        "na=-5",
        "na=abc",
        "q=" + "x" * 500,
        "q=%25_%5C",
        "_scheme=https&_external=1&sort=titel",
        "wachtrij=alles&ministerie=abc&provincie=x&behandelaar=-1",
    ):
        assert client.get(f"/zaken?{query}").status_code == 200, query
        export = client.get(f"/zaken/export.csv?{query}")
        assert export.status_code == 200, query
        assert export.get_data().startswith(b"\xef\xbb\xbfKenmerk;")
        export.close()


def test_cursor_round_trip() -> None:
    when = datetime(2026, 11, 24, 12, 0, 0, 5)
    for sort, value in (
        (Sort("gewijzigd", True), when),
        (Sort("uiterste_datum", False), date(2026, 12, 1)),
        (Sort("uiterste_datum", True), None),  # among the cases without an open deadline
        (Sort("titel", False), "Groei | IND ☃"),
    ):
        assert decode_cursor(sort, encode_cursor(sort, value, 42)) == (value, 42)
    # Only a column whose rows may be empty has a null cursor value.
    assert decode_cursor(Sort("titel", False), encode_cursor(Sort("titel", False), None, 4)) is None
    assert encode_cursor(Sort(), None, 42) == "42"
    assert decode_cursor(Sort(), "42") == (None, 42)
    assert decode_cursor(Sort("titel", True), encode_cursor(Sort("titel", False), "a", 1)) is None
    assert decode_cursor(Sort("titel", True), None) is None
    assert Sort.parse("onbekend", "asc") == Sort()
    assert Sort.parse("gewijzigd", None) == Sort("gewijzigd", True)
    assert Sort.parse("titel", "oplopend") == Sort("titel", False)


def test_counts_stop_at_the_cap(
    app: Flask, client: FlaskClient, users: Users, searchable: dict[str, Case]
) -> None:
    """Beyond COUNT_CAP a list says "meer dan": counting never reads every match."""
    app.config["COUNT_CAP"] = 3
    login(client, users["coordinator"])
    assert queries.count(users["coordinator"], CaseFilter()) == 4  # 5 visible, stops at cap + 1
    page = _text(client.get("/zaken").get_data(as_text=True))
    assert "meer dan 3 zaken gevonden." in page
    assert "1 zaak gevonden voor ‘zwolle’" in _text(
        client.get("/zaken", query_string={"q": "zwolle"}).get_data(as_text=True)
    )
    login(client, users["adviseur"])  # the queue of the role that takes these cases
    dashboard = _text(client.get("/").get_data(as_text=True))
    assert "Te doen: meer dan 3 zaken" in dashboard and "Te doen (meer dan 3)" in dashboard
    app.config["COUNT_CAP"] = 10
    assert "5 zaken gevonden." in _text(client.get("/zaken").get_data(as_text=True))
    assert "Te doen: 4 zaken" in _text(client.get("/").get_data(as_text=True))
