"""Closing as the Archiefwet and the Woo expect, through HTTP: the coordinator's decision
in the close form and per document on the closed case's page, the list filter, and the
export of what may be published (nothing else). A ministry decides nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Document, User
from tests.conftest import login
from tests.factories import case_in_state
from tests.sample_files import pdf
from tests.web.helpers import act, state_of, version_on
from tests.web.test_documents import upload

Users = dict[str, User]


@pytest.fixture(autouse=True)
def _documents(app: Flask, tmp_path: Path) -> None:
    app.config["DOCUMENTS_PATH"] = str(tmp_path / "documents")


def _closed(client: FlaskClient, users: Users, title: str, **decision: str) -> int:
    case = case_in_state(users, "omvangswijziging", "overeenstemming", title=title)
    login(client, users["ministerie"])
    assert upload(client, case.id, f"{title}.pdf", pdf()).status_code == 302
    login(client, users["coordinator"])
    act(client, case.id, "afronden", **decision)
    return case.id


def test_close_form_requires_a_decision_and_its_ground(client: FlaskClient, users: Users) -> None:
    case = case_in_state(users, "omvangswijziging", "overeenstemming")
    login(client, users["coordinator"])
    act(client, case.id, "afronden", expect=422, openbaarheid="")
    page = act(client, case.id, "afronden", expect=422, openbaarheid="niet_openbaar")
    assert "Kies de weigeringsgrond uit de Woo." in page
    act(client, case.id, "afronden", openbaarheid="niet_openbaar", weigeringsgrond="5.1.2.i")
    closed = state_of(case.id)
    assert (closed.state, closed.publication, closed.publication_ground) == (
        "afgerond",
        "niet_openbaar",
        "5.1.2.i",
    )
    assert closed.retain_until is not None
    page = client.get(f"/zaken/{case.id}").get_data(as_text=True)
    assert "Niet openbaar" in page and "goed functioneren van de Staat" in page


def test_export_lists_only_what_may_be_published(client: FlaskClient, users: Users) -> None:
    public = _closed(client, users, "Openbare zaak", openbaarheid="openbaar")
    partly = _closed(
        client,
        users,
        "Deels openbare zaak",
        openbaarheid="deels_openbaar",
        weigeringsgrond="5.1.2.e",
    )
    _closed(client, users, "Geheime zaak", openbaarheid="niet_openbaar", weigeringsgrond="5.1.1.b")
    # Per document on the page of the closed case: one public, one not.
    public_doc = db.session.scalars(select(Document).where(Document.case_id == public)).one()
    partly_doc = db.session.scalars(select(Document).where(Document.case_id == partly)).one()
    page = client.get(f"/zaken/{public}").get_data(as_text=True)
    version = version_on(page)
    response = client.post(
        f"/zaken/{public}/documenten/{public_doc.id}/openbaarheid",
        data={"version": version, "openbaarheid": "openbaar"},
    )
    assert response.status_code == 302
    page = client.get(f"/zaken/{partly}").get_data(as_text=True)
    response = client.post(
        f"/zaken/{partly}/documenten/{partly_doc.id}/openbaarheid",
        data={
            "version": version_on(page),
            "openbaarheid": "niet_openbaar",
            "weigeringsgrond": "5.2.1",
        },
    )
    assert response.status_code == 302

    assert "/openbaarmaking/export.csv" in client.get("/zaken").get_data(as_text=True)
    export = client.get("/openbaarmaking/export.csv").get_data(as_text=True)
    assert "Openbare zaak" in export and "Deels openbare zaak" in export
    assert "eerbiediging van de persoonlijke levenssfeer" in export
    assert "Openbare zaak.pdf" in export
    assert "Geheime zaak" not in export and "Deels openbare zaak.pdf" not in export

    listed = client.get("/zaken?openbaarheid=niet_openbaar").get_data(as_text=True)
    assert "Geheime zaak" in listed and "Openbare zaak" not in listed


def test_ministry_decides_nothing_and_exports_nothing(client: FlaskClient, users: Users) -> None:
    case_id = _closed(client, users, "Afgesloten zaak", openbaarheid="openbaar")
    document = db.session.scalars(select(Document).where(Document.case_id == case_id)).one()
    login(client, users["ministerie"])
    page = client.get(f"/zaken/{case_id}").get_data(as_text=True)
    assert "Openbaarmaking (Woo)" in page and "Besluit over de zaak vastleggen" not in page
    version = str(state_of(case_id).version)
    refused = client.post(
        f"/zaken/{case_id}/openbaarheid", data={"version": version, "openbaarheid": "niet_openbaar"}
    )
    assert refused.status_code == 403
    refused = client.post(
        f"/zaken/{case_id}/documenten/{document.id}/openbaarheid",
        data={"version": version, "openbaarheid": "openbaar"},
    )
    assert refused.status_code == 403
    assert "/openbaarmaking/export.csv" not in client.get("/zaken").get_data(as_text=True)
    assert client.get("/openbaarmaking/export.csv").status_code == 403
    assert state_of(case_id).publication == "openbaar"
