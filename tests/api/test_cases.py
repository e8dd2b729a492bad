"""/api/v1/zaken as the screens show the cases: need-to-know per token (a ministry sees its
own cases only, never BZK's drafts), the screen's filters, a keyset cursor that walks every
case once, and an ETag from the case version."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from caseflow.extensions import db
from caseflow.models import Case, User
from tests import need_to_know as nk
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state, organisation_id

Users = dict[str, User]


def _all_pages(client: FlaskClient, token: str, query: str = "") -> list[dict[str, object]]:
    seen: list[dict[str, object]] = []
    url = f"/api/v1/zaken?aantal=2{query}"
    cursor = None
    for _ in range(50):
        response = client.get(url + (f"&na={cursor}" if cursor else ""), headers=bearer(token))
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        assert "total" not in body and "count" not in body  # no exact total
        seen += body["cases"]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("the cursor never ended")


def test_the_cursor_walks_every_case_once(client: FlaskClient, users: Users) -> None:
    made = [case_in_state(users, "omvangswijziging", title=f"Zaak {i}") for i in range(7)]
    token = token_for(users["coordinator"])
    for sort in ("", "&sort=titel&dir=asc", "&sort=gewijzigd", "&sort=uiterste_datum"):
        seen = _all_pages(client, token, sort)
        ids = [c["id"] for c in seen]
        assert sorted(ids) == sorted(c.id for c in made), sort
        assert len(ids) == len(set(ids)), sort
    newest_first = [c["id"] for c in _all_pages(client, token)]
    assert newest_first == sorted(newest_first, reverse=True)
    by_title = [c["title"] for c in _all_pages(client, token, "&sort=titel&dir=asc")]
    assert by_title == sorted(by_title)


def test_the_screens_filters_apply(client: FlaskClient, users: Users) -> None:
    open_case = case_in_state(users, "omvangswijziging", title="Open zaak Kwartelkoning")
    handled = case_in_state(users, "omvangswijziging", "in_behandeling", title="Andere")
    token = token_for(users["coordinator"])
    found = client.get("/api/v1/zaken?q=kwartelkoning", headers=bearer(token)).get_json()
    assert [c["id"] for c in found["cases"]] == [open_case.id]
    found = client.get("/api/v1/zaken?status=in_behandeling", headers=bearer(token)).get_json()
    assert [c["id"] for c in found["cases"]] == [handled.id]


def test_a_ministry_token_sees_only_its_ministry(client: FlaskClient, users: Users) -> None:
    jenv = case_in_state(users, "omvangswijziging", title="Zaak van JenV")
    ocw = case_in_state(
        users,
        "omvangswijziging",
        owner=users["ministerie_ocw"],
        title="Zaak van OCW",
        organisation_id=organisation_id("DUO"),
    )
    jenv_token = token_for(users["ministerie"])
    ocw_token = token_for(users["ministerie_ocw"])
    assert [c["id"] for c in _all_pages(client, jenv_token)] == [jenv.id]
    assert [c["id"] for c in _all_pages(client, ocw_token)] == [ocw.id]
    for key in (str(ocw.id), ocw.reference):
        response = client.get(f"/api/v1/zaken/{key}", headers=bearer(jenv_token))
        assert response.status_code == 404
        assert "Zaak van OCW" not in response.get_data(as_text=True)
    # Even asking with the other ministry's id as a filter finds nothing.
    found = client.get(
        f"/api/v1/zaken?ministerie={ocw.ministry_id}", headers=bearer(jenv_token)
    ).get_json()
    assert found["cases"] == []


def test_the_detail_by_id_or_reference_with_an_etag(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    token = token_for(users["ministerie"])
    by_id = client.get(f"/api/v1/zaken/{case.id}", headers=bearer(token))
    by_reference = client.get(f"/api/v1/zaken/{case.reference}", headers=bearer(token))
    assert by_id.status_code == by_reference.status_code == 200
    assert by_id.get_json() == by_reference.get_json()
    body = by_id.get_json()
    assert body["reference"] == case.reference
    assert body["version"] == case.version
    assert by_id.headers["ETag"] == f'"{case.id}-{case.version}"'
    assert by_id.mimetype == "application/json"
    assert by_id.headers["Cache-Control"] == "no-store"
    assert "Authorization" in by_id.headers["Vary"]
    case.title = "Nieuwe titel"
    db.session.commit()
    again = client.get(f"/api/v1/zaken/{case.id}", headers=bearer(token))
    assert again.get_json()["version"] == case.version
    assert again.headers["ETag"] != by_id.headers["ETag"]


def test_no_draft_or_internal_work_reaches_a_ministry(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    pending, issued = case_file.under_approval, case_file.issued
    adviser = bearer(token_for(users["adviseur"]))
    jenv = bearer(token_for(users["ministerie"]))
    ocw = bearer(token_for(users["ministerie_ocw"]))
    secretariat = bearer(token_for(users["secretariaat"]))
    bzk_text = client.get(f"/api/v1/zaken/{pending.id}", headers=adviser).get_data(as_text=True)
    assert nk.DRAFT_TWO in bzk_text  # BZK reads its drafts: the marker is there to be found
    for case in (pending, issued):
        text = client.get(f"/api/v1/zaken/{case.id}", headers=jenv).get_data(as_text=True)
        assert not [s for s in nk.BZK_ONLY if s in text], case.title
        assert "ter_goedkeuring" not in text
        sec_text = client.get(f"/api/v1/zaken/{case.id}", headers=secretariat).get_data(
            as_text=True
        )
        assert not [s for s in nk.BZK_ONLY if s in sec_text]
        assert client.get(f"/api/v1/zaken/{case.id}", headers=ocw).status_code == 404
    detail = client.get(f"/api/v1/zaken/{pending.id}", headers=jenv).get_json()
    assert detail["state"] == "in_behandeling"  # under approval is BZK-internal
    assert detail["advice"] == []
    detail = client.get(f"/api/v1/zaken/{issued.id}", headers=jenv).get_json()
    assert [a["text"] for a in detail["advice"]] == [nk.ISSUED]
    listed = client.get("/api/v1/zaken", headers=jenv).get_data(as_text=True)
    assert "ter_goedkeuring" not in listed


def test_the_list_costs_the_same_queries_for_two_or_twenty_cases(
    app: Flask, client: FlaskClient, users: Users
) -> None:
    from sqlalchemy import event

    token = token_for(users["coordinator"])
    counts, statements = [], []
    client.get("/api/v1/zaken", headers=bearer(token))  # the first use is written once

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    for total in (2, 20):
        while db.session.query(Case).count() < total:
            case_in_state(users, "omvangswijziging")
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            response = client.get("/api/v1/zaken?aantal=50", headers=bearer(token))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(response.get_json()["cases"]) == total
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_actions_are_those_the_case_page_offers(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling", assignee=users["adviseur"])
    adviser = client.get(
        f"/api/v1/zaken/{case.id}/acties", headers=bearer(token_for(users["adviseur"]))
    )
    assert adviser.status_code == 200
    assert adviser.headers["ETag"] == f'"{case.id}-{case.version}"'
    offered = {a["name"]: a for a in adviser.get_json()["actions"]}
    assert "concept_opslaan" in offered
    assert offered["concept_opslaan"]["available"] is True
    assert offered["concept_opslaan"]["input_fields"] == [
        "tekst",
        "provincie_id",
        "plaats",
        "weging",
    ]
    ministry = client.get(
        f"/api/v1/zaken/{case.reference}/acties", headers=bearer(token_for(users["ministerie"]))
    ).get_json()
    names = {a["name"] for a in ministry["actions"]}
    assert "intrekken" in names  # the ministry may withdraw its case
    assert not names & {"concept_opslaan", "ter_goedkeuring_voorleggen", "terugsturen"}
    other = client.get(
        f"/api/v1/zaken/{case.id}/acties", headers=bearer(token_for(users["ministerie_ocw"]))
    )
    assert other.status_code == 404
