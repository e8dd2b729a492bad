"""Documents through the service: storage by content type, nothing left behind on a
rejection, who may upload and download, and the audit trail."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Document, User
from caseflow.services.audit import trail
from caseflow.services.cases import documents
from tests import sample_files
from tests.factories import case_in_state, organisation_id

Users = dict[str, User]


@pytest.fixture
def store(app: Flask, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "documenten"
    app.config["DOCUMENTS_PATH"] = str(folder)
    yield folder


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def document_count() -> int:
    return db.session.scalar(select(func.count(Document.id))) or 0


def document_events(case: Case) -> list[CaseEvent]:
    return [e for e in trail.timeline(case.id) if e.kind == "document"]


def put(user: User, case: Case, name: str, data: bytes, kind: str = "motivering") -> Document:
    return documents.upload(user, case.id, kind, name, io.BytesIO(data))


@pytest.mark.parametrize("code", ["pdf", "docx", "xlsx", "odt"])
def test_upload_stores_the_file_under_a_random_key_with_its_detected_type(
    users: Users, store: Path, code: str
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    version = case.version
    data = sample_files.VALID[code]()
    document = put(users["ministerie"], case, f"Motivering groei.{code}", data)
    assert document.filename == f"Motivering groei.{code}"
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.media_type.startswith("application/")
    assert "Motivering" not in document.storage_key and len(document.storage_key) == 32
    path = store / document.storage_key[:2] / document.storage_key
    assert path.read_bytes() == data
    assert stored_files(store) == [path]  # no temporary file left
    db.session.refresh(case)
    assert case.version == version + 1  # the upload changed the case


def test_media_types_come_from_the_content(users: Users, store: Path) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    user = users["adviseur"]
    assert put(user, case, "a.pdf", sample_files.pdf()).media_type == "application/pdf"
    assert put(user, case, "b.odt", sample_files.odt()).media_type == (
        "application/vnd.oasis.opendocument.text"
    )
    assert put(user, case, "c.xlsx", sample_files.xlsx()).media_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00programma", "niet toegestaan"),
        ("pagina.pdf", b"<html>nep</html>", "geen geldig PDF-"),
        ("motivering.pdf", sample_files.docx(), "eindigt op .pdf"),
        ("leeg.pdf", b"", "Het bestand is leeg."),
        ("archief.docx", sample_files.package(("a.txt", b"x")), "geen geldig"),
    ],
)
def test_a_rejected_file_leaves_nothing_behind(
    users: Users, store: Path, name: str, data: bytes, message: str
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    version, events = case.version, len(trail.timeline(case.id))
    with pytest.raises(ValidationFailed) as caught:
        put(users["ministerie"], case, name, data)
    assert message in caught.value.message
    assert caught.value.fields == {"bestand": caught.value.message}
    assert document_count() == 0
    assert stored_files(store) == []
    db.session.refresh(case)
    assert case.version == version and len(trail.timeline(case.id)) == events


def test_a_file_over_the_configured_size_is_refused(app: Flask, users: Users, store: Path) -> None:
    app.config["MAX_UPLOAD_MB"] = 1
    case = case_in_state(users, "omvangswijziging", "ingediend")
    big = sample_files.pdf() + b"0" * (1024 * 1024)
    with pytest.raises(ValidationFailed, match="maximaal 1 MB"):
        put(users["ministerie"], case, "groot.pdf", big)
    assert document_count() == 0 and stored_files(store) == []
    exact = sample_files.pdf(size=1024 * 1024)
    assert put(users["ministerie"], case, "precies.pdf", exact).size == 1024 * 1024


def test_an_unknown_kind_is_refused(users: Users, store: Path) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    with pytest.raises(ValidationFailed) as caught:
        put(users["ministerie"], case, "a.pdf", sample_files.pdf(), kind="geheim")
    assert "soort" in caught.value.fields
    assert stored_files(store) == []


def test_a_failing_commit_removes_the_moved_file(
    users: Users, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")

    def broken_commit() -> None:
        raise RuntimeError("database weg")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        put(users["ministerie"], case, "a.pdf", sample_files.pdf())
    monkeypatch.undo()
    assert stored_files(store) == []
    assert document_count() == 0


def test_who_may_upload(users: Users, store: Path) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    for role in ("ministerie", "adviseur", "coordinator"):
        put(users[role], case, f"{role}.pdf", sample_files.pdf())
    for role in ("ministerie_ocw", "beheerder"):  # they cannot see the case at all
        with pytest.raises(NotFound):
            put(users[role], case, "x.pdf", sample_files.pdf())
    with pytest.raises(NotAllowed):  # not before an escalation
        put(users["secretariaat"], case, "x.pdf", sample_files.pdf())
    assert document_count() == 3
    assert len(stored_files(store)) == 3


@pytest.mark.parametrize("state", ["geen_overeenstemming", "geagendeerd", "besloten"])
def test_the_secretariat_may_upload_on_an_escalated_case(
    users: Users, store: Path, state: str
) -> None:
    case = case_in_state(users, "omvangswijziging", state)
    assert put(users["secretariaat"], case, "agenda.pdf", sample_files.pdf()).id


@pytest.mark.parametrize("state", ["afgerond", "ingetrokken", "buiten_behandeling"])
def test_no_uploads_on_a_closed_case(users: Users, store: Path, state: str) -> None:
    case = case_in_state(users, "omvangswijziging", state)
    with pytest.raises(Conflict, match="De zaak is afgesloten"):
        put(users["adviseur"], case, "laat.pdf", sample_files.pdf())
    assert stored_files(store) == []


def test_upload_and_download_are_in_the_audit_trail(users: Users, store: Path) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    document = put(users["ministerie"], case, "Scan.xlsx", sample_files.xlsx(), "arbeidsmarktscan")
    found = documents.download(users["adviseur"], case.id, document.id)
    assert found.path.read_bytes() == sample_files.xlsx()
    assert found.filename == "Scan.xlsx"
    uploaded, downloaded = document_events(case)
    assert (uploaded.action, uploaded.actor_id) == ("document_toevoegen", users["ministerie"].id)
    assert (downloaded.action, downloaded.actor_id) == ("document_downloaden", users["adviseur"].id)
    expected = {
        "document": document.id,
        "naam": "Scan.xlsx",
        "soort": "arbeidsmarktscan",
        "grootte": document.size,
        "sha256": document.sha256,
    }
    assert uploaded.data == expected and downloaded.data == expected
    assert uploaded.from_state == uploaded.to_state == "ingediend"
    assert trail.verify_chain(case.id)


def test_download_only_for_who_may_see_the_case(users: Users, store: Path) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    other = case_in_state(
        users,
        "omvangswijziging",
        "ingediend",
        owner=users["ministerie_ocw"],
        organisation_id=organisation_id("DUO"),
    )
    document = put(users["ministerie"], case, "a.pdf", sample_files.pdf())
    for role in ("ministerie", "adviseur", "coordinator", "secretariaat"):
        assert documents.download(users[role], case.id, document.id).media_type == (
            "application/pdf"
        )
    for role in ("ministerie_ocw", "beheerder"):
        with pytest.raises(NotFound):
            documents.download(users[role], case.id, document.id)
    with pytest.raises(NotFound):  # a document is only reachable through its own case
        documents.download(users["ministerie_ocw"], other.id, document.id)
    assert len(document_events(case)) == 5  # one upload, four downloads


def test_a_missing_file_is_not_found_and_not_logged_as_downloaded(
    users: Users, store: Path
) -> None:
    case = case_in_state(users, "omvangswijziging", "ingediend")
    document = put(users["ministerie"], case, "a.pdf", sample_files.pdf())
    documents.storage_path(document.storage_key).unlink()
    with pytest.raises(NotFound, match="niet gevonden"):
        documents.download(users["adviseur"], case.id, document.id)
    assert len(document_events(case)) == 1


def test_documents_are_stored_in_the_instance_folder_by_default(app: Flask) -> None:
    app.config["DOCUMENTS_PATH"] = ""
    root = documents.storage_root()
    assert root == Path(app.instance_path) / "documents"
    assert "static" not in root.parts
