"""What a ministry system reads beside the case, each as need-to-know as the screens: the
advice versions and their letters (a ministry: issued only, never a draft or the
coordinator's comments), deadlines, documents (a ministry: its own and the shared ones),
the user's own notifications (keyset cursor), region profiles, employment figures and the
ministerraad meetings (BZK and the secretariat only)."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from caseflow.extensions import db
from caseflow.models import AdviceLetter, Deadline, Document, Notification, User
from caseflow.services.accounts import api_tokens
from caseflow.services.insight import figures, regions
from tests import need_to_know as nk
from tests import sample_files
from tests.api.helpers import bearer, token_for
from tests.factories import case_in_state

Users = dict[str, User]


def test_a_ministry_reads_issued_advice_only(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    pending, issued = case_file.under_approval, case_file.issued
    jenv = bearer(token_for(users["ministerie"]))
    adviser = bearer(token_for(users["adviseur"]))
    secretariat = bearer(token_for(users["secretariaat"]))
    ocw = bearer(token_for(users["ministerie_ocw"]))
    bzk = client.get(f"/api/v1/zaken/{issued.id}/adviezen", headers=adviser)
    assert bzk.status_code == 200
    got = [(a["number"], a["status"], a["has_letter"]) for a in bzk.get_json()["advice"]]
    assert got == [(2, "uitgebracht", True), (1, "teruggestuurd", False)]  # newest first
    assert nk.REJECTED in bzk.get_data(as_text=True)  # BZK reads its drafts
    for headers in (jenv, secretariat):
        for case in (pending, issued):
            response = client.get(f"/api/v1/zaken/{case.reference}/adviezen", headers=headers)
            assert response.status_code == 200
            text = response.get_data(as_text=True)
            assert not [s for s in nk.BZK_ONLY if s in text], case.title
        shown = client.get(f"/api/v1/zaken/{issued.id}/adviezen", headers=headers).get_json()
        assert [(a["number"], a["text"], a["has_letter"]) for a in shown["advice"]] == [
            (2, nk.ISSUED, True)
        ]
        shown = client.get(f"/api/v1/zaken/{pending.id}/adviezen", headers=headers).get_json()
        assert shown["advice"] == []
    assert client.get(f"/api/v1/zaken/{issued.id}/adviezen", headers=ocw).status_code == 404


def test_the_stored_letter_of_an_issued_version(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    issued, pending = case_file.issued, case_file.under_approval
    jenv = bearer(token_for(users["ministerie"]))
    letter = client.get(f"/api/v1/zaken/{issued.id}/adviezen/2.pdf", headers=jenv)
    assert letter.status_code == 200
    assert letter.mimetype == "application/pdf"
    stored = db.session.scalars(select(AdviceLetter)).one()
    assert letter.data == stored.pdf
    by_reference = client.get(f"/api/v1/zaken/{issued.reference}/adviezen/2.pdf", headers=jenv)
    assert by_reference.data == stored.pdf
    # The rejected draft has no letter, the pending case no issued version; another
    # ministry does not know the case exists.
    for url, headers in (
        (f"/api/v1/zaken/{issued.id}/adviezen/1.pdf", jenv),
        (f"/api/v1/zaken/{issued.id}/adviezen/1.pdf", bearer(token_for(users["adviseur"]))),
        (f"/api/v1/zaken/{pending.id}/adviezen/1.pdf", jenv),
        (f"/api/v1/zaken/{issued.id}/adviezen/2.pdf", bearer(token_for(users["ministerie_ocw"]))),
    ):
        refused = client.get(url, headers=headers)
        assert refused.status_code == 404, url
        assert refused.mimetype == "application/problem+json"


def test_the_deadlines_as_the_case_page_shows_them(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging")
    writer = bearer(token_for(users["ministerie"], api_tokens.READ_WRITE))
    etag = client.get(f"/api/v1/zaken/{case.id}", headers=writer).headers["ETag"]
    submitted = client.post(
        f"/api/v1/zaken/{case.id}/acties/indienen", json={}, headers={**writer, "If-Match": etag}
    )
    assert submitted.status_code == 200
    rows = list(db.session.scalars(select(Deadline).where(Deadline.case_id == case.id)))
    assert rows  # submitting starts the intake term
    for role in ("ministerie", "coordinator"):
        found = client.get(
            f"/api/v1/zaken/{case.id}/termijnen", headers=bearer(token_for(users[role]))
        )
        assert found.status_code == 200
        deadlines = found.get_json()["deadlines"]
        assert [
            (d["id"], d["label"], d["due_on"], d["working_days"], d["standing"]) for d in deadlines
        ] == [(r.id, r.label, r.due_on.isoformat(), r.working_days, "lopend") for r in rows]
    other = client.get(
        f"/api/v1/zaken/{case.id}/termijnen", headers=bearer(token_for(users["ministerie_ocw"]))
    )
    assert other.status_code == 404


def test_documents_follow_need_to_know(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    case_file = nk.build(app, users, tmp_path / "documenten")
    pending = case_file.under_approval
    jenv = bearer(token_for(users["ministerie"]))
    adviser = bearer(token_for(users["adviseur"]))
    url = f"/api/v1/zaken/{pending.id}/documenten"
    listed = client.get(url, headers=jenv)
    assert listed.status_code == 200
    assert [d["filename"] for d in listed.get_json()["documents"]] == [
        nk.OWN_DOCUMENT,
        nk.SHARED_DOCUMENT,
    ]
    assert nk.INTERNAL_DOCUMENT not in listed.get_data(as_text=True)
    everything = client.get(url, headers=adviser).get_json()["documents"]
    assert [d["filename"] for d in everything] == [
        nk.OWN_DOCUMENT,
        nk.SHARED_DOCUMENT,
        nk.INTERNAL_DOCUMENT,
    ]
    shared = client.get(f"{url}/{case_file.shared.id}", headers=jenv)
    assert shared.status_code == 200
    assert shared.data == sample_files.pdf()
    assert shared.mimetype == "application/pdf"
    shared.close()
    assert client.get(f"{url}/{case_file.internal.id}", headers=jenv).status_code == 404
    internal = client.get(f"{url}/{case_file.internal.id}", headers=adviser)
    assert internal.status_code == 200
    internal.close()
    ocw = bearer(token_for(users["ministerie_ocw"]))
    assert client.get(url, headers=ocw).status_code == 404
    assert client.get(f"{url}/{case_file.shared.id}", headers=ocw).status_code == 404
    # A document of another case is not found under this one.
    issued = case_file.issued
    moved = client.get(
        f"/api/v1/zaken/{issued.id}/documenten/{case_file.shared.id}", headers=adviser
    )
    assert moved.status_code == 404


def test_notifications_are_the_users_own_a_page_at_a_time(
    client: FlaskClient, users: Users
) -> None:
    case = case_in_state(users, "omvangswijziging")
    for i in range(5):
        for role in ("ministerie", "ministerie_ocw"):
            db.session.add(
                Notification(
                    key=f"test:{role}:{i}",
                    user_id=users[role].id,
                    case_id=case.id if i % 2 else None,
                    text=f"Melding {i} voor {role}",
                )
            )
    db.session.commit()
    mine = list(
        db.session.scalars(
            select(Notification.id)
            .where(Notification.user_id == users["ministerie"].id)
            .order_by(Notification.id.desc())
        )
    )
    assert len(mine) == 5
    jenv = bearer(token_for(users["ministerie"]))
    seen: list[int] = []
    pages, cursor = 0, None
    for _ in range(10):
        query = "?aantal=2" + (f"&na={cursor}" if cursor else "")
        page = client.get(f"/api/v1/meldingen{query}", headers=jenv)
        assert page.status_code == 200
        body = page.get_json()
        pages += 1
        seen += [n["id"] for n in body["notifications"]]
        assert "ministerie_ocw" not in page.get_data(as_text=True)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert (seen, pages) == (mine, 3)
    first = client.get("/api/v1/meldingen?aantal=1", headers=jenv).get_json()["notifications"]
    assert first == [
        {
            "id": mine[0],
            "text": "Melding 4 voor ministerie",
            "created_at": first[0]["created_at"],
            "read_at": None,
            "case_id": None,
            "case_reference": None,
        }
    ]
    second = client.get(f"/api/v1/meldingen?aantal=1&na={mine[0]}", headers=jenv).get_json()
    assert second["notifications"][0]["case_reference"] == case.reference
    assert client.get("/api/v1/meldingen?na=0", headers=jenv).status_code == 422


def test_region_profiles_and_figures_are_read_by_every_case_role(
    client: FlaskClient, users: Users
) -> None:
    made = regions.load_demo_profiles()
    figures.load_known_figures()
    assert made > 0
    for role in ("ministerie", "adviseur", "secretariaat"):
        headers = bearer(token_for(users[role]))
        profiles = client.get("/api/v1/regios", headers=headers)
        assert profiles.status_code == 200
        names = [p["name"] for p in profiles.get_json()["regions"]]
        assert len(names) == made and names == sorted(names)
        found = client.get("/api/v1/cijfers", headers=headers)
        assert found.status_code == 200
        rows = [f for p in found.get_json()["peildata"] for f in p["figures"]]
        assert len(rows) == 8  # the known figures (services/test_figures.py)
        drenthe = [f for f in rows if f["sector"] == "Totaal"]
        assert [(f["province"], f["fte"], f["illustrative"]) for f in drenthe] == [
            ("Drenthe", 7944, False)
        ]
    writer = bearer(token_for(users["adviseur"], api_tokens.READ_WRITE))
    assert client.post("/api/v1/regios", headers=writer).status_code == 405


def test_meetings_are_cabinet_material(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "geagendeerd")
    for role in ("secretariaat", "coordinator", "adviseur"):
        found = client.get("/api/v1/vergaderingen", headers=bearer(token_for(users[role])))
        assert found.status_code == 200, role
        meetings = found.get_json()["meetings"]
        assert [m["agenda"][0]["case_reference"] for m in meetings] == [case.reference]
    refused = client.get("/api/v1/vergaderingen", headers=bearer(token_for(users["ministerie"])))
    assert refused.status_code == 403
    assert case.reference not in refused.get_data(as_text=True)


def _upload(
    client: FlaskClient, headers: dict[str, str], key: object, name: str, data: bytes, **form: str
) -> TestResponse:
    body = {"bestand": (io.BytesIO(data), name), "soort": "motivering", **form}
    return client.post(
        f"/api/v1/zaken/{key}/documenten",
        data=body,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_documents_are_uploaded_with_the_screens_checks(
    app: Flask, client: FlaskClient, users: Users, tmp_path: Path
) -> None:
    app.config["DOCUMENTS_PATH"] = str(tmp_path / "documenten")
    case = case_in_state(users, "omvangswijziging")
    jenv = bearer(token_for(users["ministerie"], api_tokens.READ_WRITE))
    made = _upload(client, jenv, case.reference, "onderbouwing.pdf", sample_files.pdf())
    assert made.status_code == 201, made.get_data(as_text=True)
    document = made.get_json()
    assert (document["filename"], document["kind"], document["shared_with_ministry"]) == (
        "onderbouwing.pdf",
        "motivering",
        True,  # a ministry's own upload
    )
    fetched = client.get(made.headers["Location"], headers=jenv)
    assert fetched.data == sample_files.pdf()
    fetched.close()
    # BZK's upload is its own unless it shares it; the ministry does not see it.
    handled = case_in_state(users, "omvangswijziging", "in_behandeling")
    adviser = bearer(token_for(users["adviseur"], api_tokens.READ_WRITE))
    internal = _upload(client, adviser, handled.id, "intern.pdf", sample_files.pdf())
    assert internal.status_code == 201
    assert internal.get_json()["shared_with_ministry"] is False
    shared = _upload(client, adviser, handled.id, "gedeeld.pdf", sample_files.pdf(), delen="true")
    assert shared.get_json()["shared_with_ministry"] is True
    seen = client.get(f"/api/v1/zaken/{handled.id}/documenten", headers=jenv).get_json()
    assert [d["filename"] for d in seen["documents"]] == ["gedeeld.pdf"]
    # The screen's refusals: the content is no PDF, no kind, another ministry, a read token.
    fake = _upload(client, jenv, case.id, "nep.pdf", b"dit is geen pdf")
    assert fake.status_code == 422
    assert "bestand" in fake.get_json()["errors"]
    kindless = _upload(client, jenv, case.id, "a.pdf", sample_files.pdf(), soort="")
    assert kindless.status_code == 422
    assert "soort" in kindless.get_json()["errors"]
    no_file = client.post(
        f"/api/v1/zaken/{case.id}/documenten",
        data={"soort": "motivering"},
        headers=jenv,
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422
    assert "bestand" in no_file.get_json()["errors"]
    ocw = bearer(token_for(users["ministerie_ocw"], api_tokens.READ_WRITE))
    assert _upload(client, ocw, case.id, "a.pdf", sample_files.pdf()).status_code == 404
    read_only = bearer(token_for(users["ministerie"]))
    assert _upload(client, read_only, case.id, "a.pdf", sample_files.pdf()).status_code == 403
    secretariat = bearer(token_for(users["secretariaat"], api_tokens.READ_WRITE))
    assert _upload(client, secretariat, case.id, "a.pdf", sample_files.pdf()).status_code == 403
    closed = case_in_state(users, "omvangswijziging", "afgerond")
    late = _upload(client, jenv, closed.id, "a.pdf", sample_files.pdf())
    assert late.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Document)) == 3
