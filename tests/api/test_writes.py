"""Writes over the API with optimistic locking: POST /zaken files a draft (201, Location,
ETag); PATCH /zaken/<key> and POST /zaken/<key>/acties/<actie> require If-Match with the
case's ETag (428 without, 412 when stale and nothing written, 409 when the state does not
allow it, 422 with Dutch messages per field, 403 for a read token or a role that may not),
through the same use cases and need-to-know as the screens."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import AgendaItem, Case, CaseEvent, User
from caseflow.services.accounts import api_tokens
from caseflow.services.cases import effects
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state, filing_data, organisation_id, province_id

Users = dict[str, User]


def writer(user: User) -> dict[str, str]:
    return bearer(token_for(user, api_tokens.READ_WRITE))


def tagged(headers: dict[str, str], etag: str) -> dict[str, str]:
    return {**headers, "If-Match": etag}


def etag_of(client: FlaskClient, headers: dict[str, str], key: object) -> str:
    response = client.get(f"/api/v1/zaken/{key}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return str(response.headers["ETag"])


def json_body(data: dict[str, Any]) -> dict[str, Any]:
    """Filing data as JSON sends it (dates as ISO text)."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def fresh(case_id: int) -> Case:
    db.session.expire_all()
    found = db.session.get(Case, case_id)
    assert found is not None
    return found


def test_a_ministry_files_a_draft(client: FlaskClient, users: Users) -> None:
    ministry = writer(users["ministerie"])
    body = {"case_type": "omvangswijziging", **json_body(filing_data("omvangswijziging"))}
    response = client.post("/api/v1/zaken", json=body, headers=ministry)
    assert response.status_code == 201, response.get_data(as_text=True)
    made = response.get_json()
    assert made["state"] == "concept"
    assert made["title"] == "Groei IND-kantoor Zwolle"
    assert made["ministry"] == "JenV"
    assert response.headers["Location"].endswith(f"/api/v1/zaken/{made['id']}")
    assert response.headers["ETag"] == f'"{made["id"]}-{made["version"]}"'
    # The Location and the ETag are those a GET gives.
    assert etag_of(client, ministry, made["id"]) == response.headers["ETag"]
    assert fresh(made["id"]).fte_change == 150


def test_filing_is_refused_as_the_screen_refuses_it(client: FlaskClient, users: Users) -> None:
    body = {"case_type": "omvangswijziging", **json_body(filing_data("omvangswijziging"))}
    read_only = bearer(token_for(users["ministerie"]))
    assert client.post("/api/v1/zaken", json=body, headers=read_only).status_code == 403
    # An adviser files no size change (only a zbo talk).
    refused = client.post("/api/v1/zaken", json=body, headers=writer(users["adviseur"]))
    assert refused.status_code == 403
    assert refused.mimetype == "application/problem+json"
    ministry = writer(users["ministerie"])
    # A field of another case type is refused, not written into that type's column.
    other = client.post("/api/v1/zaken", json=body | {"talk_date": "2027-01-04"}, headers=ministry)
    assert other.status_code == 422
    assert other.get_json()["errors"] == {"talk_date": "Dit veld hoort niet bij dit zaaktype."}
    # Values the form refuses: a negative fte, an unknown province, a title of 201 characters.
    for field, value in (
        ("fte_current", -1),
        ("fte_current", "veel"),
        ("current_province_id", 999_999),
        ("title", "x" * 201),
        ("title", "a\x00b"),
    ):
        bad = client.post("/api/v1/zaken", json=body | {field: value}, headers=ministry)
        assert bad.status_code == 422, (field, value, bad.get_data(as_text=True))
        assert field in str(bad.get_json()["errors"]), (field, value)
    assert db.session.scalars(select(Case)).all() == []


def test_an_edit_needs_the_current_etag(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    ministry = writer(users["ministerie"])
    url = f"/api/v1/zaken/{case.id}"
    missing = client.patch(url, json={"title": "Zonder versie"}, headers=ministry)
    assert missing.status_code == 428
    assert missing.mimetype == "application/problem+json"
    assert "If-Match" in missing.get_json()["detail"]
    star = client.patch(url, json={"title": "Elke versie"}, headers=tagged(ministry, "*"))
    assert star.status_code == 428
    assert fresh(case.id).title == "Groei IND-kantoor Zwolle"


def test_two_clients_with_the_same_etag_the_second_gets_412(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging")
    first, second = writer(users["ministerie"]), writer(users["ministerie"])
    url = f"/api/v1/zaken/{case.reference}"
    etag = etag_of(client, first, case.id)
    assert etag_of(client, second, case.id) == etag
    saved = client.patch(
        url, json={"title": "Eerste", "fte_change": 90}, headers=tagged(first, etag)
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["title"] == "Eerste"
    assert saved.headers["ETag"] != etag
    assert saved.headers["ETag"] == etag_of(client, first, case.id)
    late = client.patch(url, json={"title": "Tweede"}, headers=tagged(second, etag))
    assert late.status_code == 412
    assert late.mimetype == "application/problem+json"
    assert late.get_json()["title"] == "Voorwaarde niet vervuld"
    kept = fresh(case.id)
    assert (kept.title, kept.fte_change) == ("Eerste", 90)
    edits = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "wijziging")
    ).all()
    assert len(edits) == 1
    # With the new ETag the second client may write.
    again = client.patch(
        url, json={"title": "Tweede"}, headers=tagged(second, saved.headers["ETag"])
    )
    assert again.status_code == 200
    assert fresh(case.id).title == "Tweede"


def test_a_change_between_the_check_and_the_lock_is_412(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer gets in after the ETag was compared: the use case's own version check
    under the row lock refuses it, with the same 412."""
    from caseflow.services.cases import case_writes, lifecycle

    case = case_in_state(users, "omvangswijziging")
    ministry = writer(users["ministerie"])
    etag = etag_of(client, ministry, case.id)
    real = lifecycle.update_case

    def overtaken(user: User, case_id: int, version: int, data: dict[str, Any]) -> Case:
        real(users["ministerie"], case_id, version, {"title": "Tussendoor"})
        return real(user, case_id, version, data)

    monkeypatch.setattr(case_writes.lifecycle, "update_case", overtaken)
    late = client.patch(
        f"/api/v1/zaken/{case.id}", json={"title": "Te laat"}, headers=tagged(ministry, etag)
    )
    assert late.status_code == 412
    assert fresh(case.id).title == "Tussendoor"


def test_an_edit_is_refused_where_the_screen_refuses_it(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    ministry = writer(users["ministerie"])
    etag = etag_of(client, ministry, case.id)
    url = f"/api/v1/zaken/{case.id}"
    read_only = tagged(bearer(token_for(users["ministerie"])), etag)
    assert client.patch(url, json={"title": "Nee"}, headers=read_only).status_code == 403
    ocw = tagged(writer(users["ministerie_ocw"]), etag)
    other = client.patch(url, json={"title": "Van OCW"}, headers=ocw)
    assert other.status_code == 404
    assert "Groei" not in other.get_data(as_text=True)
    bad = client.patch(url, json={"fte_change": 10**9}, headers=tagged(ministry, etag))
    assert bad.status_code == 422
    assert "fte_change" in bad.get_json()["errors"]["json"]
    kind = client.patch(url, json={"change_kind": "krimp"}, headers=tagged(ministry, etag))
    assert kind.status_code == 422  # shrinkage with +150 fte: the service's own check
    assert "fte_change" in kind.get_json()["errors"]
    handled = case_in_state(users, "omvangswijziging", "in_behandeling")
    handled_etag = etag_of(client, ministry, handled.id)
    late = client.patch(
        f"/api/v1/zaken/{handled.id}",
        json={"title": "Na indienen"},
        headers=tagged(ministry, handled_etag),
    )
    assert late.status_code == 409
    assert fresh(case.id).title == fresh(handled.id).title == "Groei IND-kantoor Zwolle"


def test_a_ministry_submits_its_draft_by_action(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    ministry = writer(users["ministerie"])
    etag = etag_of(client, ministry, case.id)
    url = f"/api/v1/zaken/{case.id}/acties/indienen"
    assert client.post(url, json={}, headers=ministry).status_code == 428
    done = client.post(url, json={"opmerking": "Graag advies."}, headers=tagged(ministry, etag))
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["state"] == "ingediend"
    assert done.headers["ETag"] == etag_of(client, ministry, case.id) != etag
    # The same ETag again: stale (412), before the state is even looked at.
    again = client.post(url, json={}, headers=tagged(ministry, etag))
    assert again.status_code == 412
    # With the new ETag: the state no longer allows submitting (409).
    conflict = client.post(url, json={}, headers=tagged(ministry, done.headers["ETag"]))
    assert conflict.status_code == 409
    assert conflict.mimetype == "application/problem+json"
    assert fresh(case.id).state == "ingediend"


def test_a_ministry_cannot_act_on_another_ministry_or_as_bzk(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling", assignee=users["adviseur"])
    jenv = writer(users["ministerie"])
    etag = etag_of(client, jenv, case.id)
    advice = {"tekst": "Advies", "provincie_id": province_id("Limburg"), "plaats": "Heerlen"}
    bzk_action = client.post(
        f"/api/v1/zaken/{case.id}/acties/concept_opslaan", json=advice, headers=tagged(jenv, etag)
    )
    assert bzk_action.status_code == 403
    ocw = tagged(writer(users["ministerie_ocw"]), etag)
    for name in ("intrekken", "concept_opslaan"):
        other = client.post(
            f"/api/v1/zaken/{case.id}/acties/{name}", json={"reden": "x"}, headers=ocw
        )
        assert other.status_code == 404, name
    unknown = client.post(
        f"/api/v1/zaken/{case.id}/acties/bestaat_niet", json={}, headers=tagged(jenv, etag)
    )
    assert unknown.status_code == 404
    # A secretariat token may act at all (it records decisions), but not this action here.
    secretariat = tagged(writer(users["secretariaat"]), etag)
    refused = client.post(
        f"/api/v1/zaken/{case.id}/acties/intrekken", json={"reden": "x"}, headers=secretariat
    )
    assert refused.status_code == 403
    assert fresh(case.id).state == "in_behandeling"
    assert db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "transitie")).all() == []


def test_an_action_with_bad_input_is_422_in_dutch(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "in_behandeling", assignee=users["adviseur"])
    adviser = writer(users["adviseur"])
    etag = etag_of(client, adviser, case.id)
    url = f"/api/v1/zaken/{case.id}/acties/concept_opslaan"
    empty = client.post(
        url, json={"tekst": "  ", "plaats": "Heerlen"}, headers=tagged(adviser, etag)
    )
    assert empty.status_code == 422
    assert empty.get_json()["errors"] == {"tekst": "Vul de tekst in."}
    wrong = client.post(url, json={"besluit": "Nee"}, headers=tagged(adviser, etag))
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == {"besluit": "Deze actie kent dit veld niet."}
    typed = client.post(url, json={"provincie_id": "Limburg"}, headers=tagged(adviser, etag))
    assert typed.status_code == 422
    assert "provincie_id" in typed.get_json()["errors"]["json"]
    unknown = client.post(url, json={"onbekend": 1}, headers=tagged(adviser, etag))
    assert unknown.status_code == 422
    advice = {
        "tekst": "Advies: Heerlen.",
        "provincie_id": province_id("Limburg"),
        "plaats": "Heerlen",
    }
    saved = client.post(url, json=advice, headers=tagged(adviser, etag))
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert [a["text"] for a in saved.get_json()["advice"]] == ["Advies: Heerlen."]


def test_the_secretariat_records_a_decision_over_json(
    client: FlaskClient, users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_in_state(users, "omvangswijziging", "geagendeerd")
    item = db.session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)).one()
    held_on = item.meeting.held_on
    monkeypatch.setattr(effects, "local_today", lambda: held_on)  # the meeting is held
    secretariat = writer(users["secretariaat"])
    etag = etag_of(client, secretariat, case.id)
    url = f"/api/v1/zaken/{case.reference}/acties/besluit_vastleggen"
    decision = {
        "besluit": "De ministerraad kiest Heerlen.",
        "provincie_id": province_id("Limburg"),
        "plaats": "Heerlen",
        "besloten_op": held_on.isoformat(),
    }
    early = client.post(
        url, json=decision | {"besloten_op": "2000-01-01"}, headers=tagged(secretariat, etag)
    )
    assert early.status_code == 422
    assert "besloten_op" in early.get_json()["errors"]
    done = client.post(url, json=decision, headers=tagged(secretariat, etag))
    assert done.status_code == 200, done.get_data(as_text=True)
    assert done.get_json()["state"] == "besloten"
    db.session.refresh(item)
    assert (item.decision_text, item.decided_place, item.decided_on) == (
        "De ministerraad kiest Heerlen.",
        "Heerlen",
        held_on,
    )
    # The ministry reads the decided case, not the secretariat's ETag dance.
    ministry = bearer(token_for(users["ministerie"]))
    assert (
        client.get(f"/api/v1/zaken/{case.id}", headers=ministry).get_json()["state"] == "besloten"
    )


def test_bzk_files_a_zbo_talk_for_a_ministry(client: FlaskClient, users: Users) -> None:
    body = {"case_type": "zbo_gesprek", **json_body(filing_data("zbo_gesprek"))}
    made = client.post("/api/v1/zaken", json=body, headers=writer(users["adviseur"]))
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.get_json()["organisation"] is not None
    assert fresh(made.get_json()["id"]).organisation_id == organisation_id("COA")
