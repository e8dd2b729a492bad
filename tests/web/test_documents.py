"""Documents over HTTP: the section on the case page, uploading (with the Dutch errors),
downloading with safe headers, who gets a 404, the 413 page and CSRF."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from caseflow import create_app
from caseflow.extensions import db
from caseflow.models import CaseEvent, Document, User
from tests import sample_files
from tests.conftest import PASSWORD, csrf_protected, login
from tests.factories import case_in_state
from tests.web.helpers import file_case

Users = dict[str, User]


@pytest.fixture
def store(app: Flask, tmp_path: Path) -> Path:
    folder = tmp_path / "documenten"
    app.config["DOCUMENTS_PATH"] = str(folder)
    return folder


@pytest.fixture
def jenv_case(client: FlaskClient, users: Users, store: Path) -> int:
    login(client, users["ministerie"])
    return file_case(client, "omvangswijziging").id


def stored_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def upload(
    client: FlaskClient, case_id: int, name: str, data: bytes, kind: str = "motivering"
) -> TestResponse:
    return client.post(
        f"/zaken/{case_id}/documenten/nieuw",
        data={"soort": kind, "bestand": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def upload_large(client: FlaskClient, case_id: int, name: str, data: bytes) -> TestResponse:
    """A multipart body built by hand: the test client would spool a large one to a
    temporary file that it never closes."""
    boundary = "caseflow-test-grens"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="soort"\r\n\r\noverig\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return client.post(
        f"/zaken/{case_id}/documenten/nieuw",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def only_document() -> Document:
    return db.session.scalars(select(Document)).one()


def test_ministry_uploads_and_sees_the_document_on_the_case_page(
    client: FlaskClient, jenv_case: int, store: Path
) -> None:
    page = client.get(f"/zaken/{jenv_case}").get_data(as_text=True)
    assert 'id="documenten"' in page and "nog geen documenten" in page
    assert 'enctype="multipart/form-data"' in page
    assert (
        "Toegestaan: PDF, Word (DOCX), Excel (XLSX) en OpenDocument-tekst (ODT); maximaal 20 MB"
        in (page)
    )
    response = upload(client, jenv_case, "Motivering groei.pdf", sample_files.pdf())
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/zaken/{jenv_case}#documenten")
    page = client.get(f"/zaken/{jenv_case}").get_data(as_text=True)
    assert "Document Motivering groei.pdf is toegevoegd." in page
    table = page[page.index('id="documenten"') :]
    assert '<th scope="row">Motivering groei.pdf</th>' in table
    assert "<td>Motivering</td>" in table
    assert f"{len(sample_files.pdf())} bytes" in table
    assert "Ministerie JenV" in table
    assert f"/zaken/{jenv_case}/documenten/{only_document().id}" in table


@pytest.mark.parametrize("code", ["pdf", "docx", "xlsx", "odt"])
def test_download_sends_the_bytes_with_safe_headers(
    client: FlaskClient, users: Users, jenv_case: int, store: Path, code: str
) -> None:
    data = sample_files.VALID[code]()
    assert upload(
        client, jenv_case, f"Scan regio.{code}", data, "arbeidsmarktscan"
    ).status_code == (302)
    document = only_document()
    for who in ("ministerie", "adviseur"):  # the owning ministry and BZK
        login(client, users[who])
        with client.get(f"/zaken/{jenv_case}/documenten/{document.id}") as response:
            assert response.status_code == 200
            assert response.data == data
        assert response.mimetype == document.media_type
        disposition = response.headers["Content-Disposition"]
        assert disposition == f'attachment; filename="Scan regio.{code}"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"


def test_a_non_ascii_name_survives_as_a_safe_download_name(
    client: FlaskClient, jenv_case: int, store: Path
) -> None:
    response = upload(client, jenv_case, "Scan één\tregio: <1>.pdf", sample_files.pdf())
    assert response.status_code == 302
    document = only_document()
    assert document.filename == "Scan één regio 1.pdf"
    with client.get(f"/zaken/{jenv_case}/documenten/{document.id}") as response:
        disposition = response.headers["Content-Disposition"]
    assert disposition == (
        'attachment; filename="Scan een regio 1.pdf"; '
        "filename*=UTF-8''Scan%20%C3%A9%C3%A9n%20regio%201.pdf"
    )


def test_upload_and_download_are_in_the_audit_trail(
    client: FlaskClient, users: Users, jenv_case: int, store: Path
) -> None:
    upload(client, jenv_case, "concept.docx", sample_files.docx(), "concept")
    login(client, users["coordinator"])
    client.get(f"/zaken/{jenv_case}/documenten/{only_document().id}").close()
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == jenv_case, CaseEvent.kind == "document")
    ).all()
    assert [(e.action, e.actor_id) for e in events] == [
        ("document_toevoegen", users["ministerie"].id),
        ("document_downloaden", users["coordinator"].id),
    ]
    assert events[0].data["naam"] == "concept.docx" and events[0].data["soort"] == "concept"


def test_other_ministry_and_administrator_get_404(
    client: FlaskClient, users: Users, jenv_case: int, store: Path
) -> None:
    upload(client, jenv_case, "a.pdf", sample_files.pdf())
    document = only_document()
    for who in ("ministerie_ocw", "beheerder"):
        login(client, users[who])
        assert client.get(f"/zaken/{jenv_case}/documenten/{document.id}").status_code == 404
        assert client.get(f"/zaken/{jenv_case}/documenten/nieuw").status_code == 404
        assert upload(client, jenv_case, "b.pdf", sample_files.pdf()).status_code == 404
    login(client, users["ministerie"])
    assert client.get(f"/zaken/{jenv_case}/documenten/{document.id + 1}").status_code == 404
    assert len(stored_files(store)) == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.exe", b"MZ\x90\x00programma", "Dit bestandstype is niet toegestaan."),
        ("pagina.pdf", b"<html><script></script></html>", "is geen geldig PDF-, DOCX-"),
        ("motivering.pdf", sample_files.docx(), "maar de inhoud is een Word-document (DOCX)"),
        ("leeg.pdf", b"", "Het bestand is leeg."),
        ("archief.xlsx", sample_files.package(("a.txt", b"x")), "is geen geldig"),
    ],
)
def test_a_rejected_upload_explains_why_and_stores_nothing(
    client: FlaskClient, jenv_case: int, store: Path, name: str, data: bytes, message: str
) -> None:
    response = upload(client, jenv_case, name, data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Er ging iets mis" in page and 'href="#bestand"' in page  # summary links the field
    assert 'id="bestand-error"' in page and 'aria-invalid="true"' in page
    assert db.session.scalar(select(func.count(Document.id))) == 0
    assert stored_files(store) == []


def test_file_and_kind_are_required(client: FlaskClient, jenv_case: int, store: Path) -> None:
    response = client.post(
        f"/zaken/{jenv_case}/documenten/nieuw", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies een bestand om toe te voegen." in page and "Kies een soort." in page


def test_upload_page_and_who_sees_the_form(
    client: FlaskClient, users: Users, jenv_case: int, store: Path
) -> None:
    page = client.get(f"/zaken/{jenv_case}/documenten/nieuw")
    assert page.status_code == 200
    assert 'accept=".pdf,.docx,.xlsx,.odt' in page.get_data(as_text=True)
    login(client, users["secretariaat"])  # not an escalated case
    assert 'enctype="multipart/form-data"' not in client.get(f"/zaken/{jenv_case}").get_data(
        as_text=True
    )
    assert client.get(f"/zaken/{jenv_case}/documenten/nieuw").status_code == 403
    assert upload(client, jenv_case, "a.pdf", sample_files.pdf()).status_code == 403
    assert stored_files(store) == []


def test_secretariat_uploads_on_escalated_case_and_nobody_on_a_closed_one(
    client: FlaskClient, users: Users, store: Path
) -> None:
    escalated = case_in_state(users, "omvangswijziging", "geen_overeenstemming")
    closed = case_in_state(users, "omvangswijziging", "afgerond")
    login(client, users["secretariaat"])
    assert upload(client, escalated.id, "notitie.pdf", sample_files.pdf()).status_code == 302
    login(client, users["adviseur"])
    assert 'enctype="multipart/form-data"' not in client.get(f"/zaken/{closed.id}").get_data(
        as_text=True
    )
    assert "De zaak is afgesloten" in client.get(f"/zaken/{closed.id}").get_data(as_text=True)
    response = upload(client, closed.id, "laat.pdf", sample_files.pdf())
    assert response.status_code == 409
    assert "De zaak is afgesloten" in response.get_data(as_text=True)
    assert len(stored_files(store)) == 1


@pytest.fixture
def small_app(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The same database, with uploads limited to 1 MB."""
    limited = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "WTF_CSRF_ENABLED": False,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "MAX_UPLOAD_MB": 1,
        }
    )
    yield limited
    with limited.app_context():
        db.session.remove()
        db.engine.dispose()


def test_oversize_upload_gets_the_dutch_413_page(
    small_app: Flask, users: Users, jenv_case: int, tmp_path: Path
) -> None:
    client = small_app.test_client()
    login(client, users["ministerie"])
    huge = sample_files.pdf() + b"0" * (2 * 1024 * 1024)
    response = upload_large(client, jenv_case, "groot.pdf", huge)
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Bestand te groot" in page and "maximaal 1 MB" in page
    # Just over the limit but within the form allowance: refused by the check itself.
    response = upload_large(client, jenv_case, "iets-te-groot.pdf", huge[: 1024 * 1024 + 10])
    assert response.status_code == 422
    assert "Een document mag maximaal 1 MB zijn." in response.get_data(as_text=True)
    assert stored_files(tmp_path / "instance" / "documents") == []


@pytest.fixture
def csrf_app(app: Flask, store: Path) -> Iterator[Flask]:
    with csrf_protected(app, DOCUMENTS_PATH=str(store)) as protected:
        yield protected


def test_csrf_token_is_required_for_uploads(
    csrf_app: Flask, users: Users, jenv_case: int, store: Path
) -> None:
    email = users["ministerie"].email
    client = csrf_app.test_client()
    token = _token(client.get("/inloggen").get_data(as_text=True))
    login_data = {"email": email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/inloggen", data=login_data).status_code == 302
    response = upload(client, jenv_case, "a.pdf", sample_files.pdf())
    assert response.status_code == 400
    assert "beveiligingscontrole" in response.get_data(as_text=True)
    assert stored_files(store) == []
    token = _token(client.get(f"/zaken/{jenv_case}").get_data(as_text=True))
    response = client.post(
        f"/zaken/{jenv_case}/documenten/nieuw",
        data={
            "soort": "overig",
            "bestand": (io.BytesIO(sample_files.pdf()), "a.pdf"),
            "csrf_token": token,
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert len(stored_files(store)) == 1


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "advies.pdf",
            sample_files.pdf_lookalike(b"<html><body><script>alert(1)</script></body></html>"),
            "geen leesbaar PDF-document",
        ),
        (
            "advies.pdf",
            sample_files.pdf_lookalike(b"MZ\x90\x00\x03\x00" + bytes(range(256)) * 64),
            "geen leesbaar PDF-document",
        ),
        ("geheim.pdf", sample_files.encrypted_pdf("geheim"), "met een wachtwoord beveiligd"),
        ("bom.docx", sample_files.bomb_docx(200), "ongebruikelijk of beschadigd ZIP-pakket"),
        (
            "brief.docx",
            sample_files.package(
                ("[Content_Types].xml", b"geen xml"), ("word/document.xml", b"<w:document/>")
            ),
            "is geen geldig",
        ),
    ],
    ids=["html-as-pdf", "exe-as-pdf", "encrypted-pdf", "zip-bomb", "broken-docx"],
)
def test_uploads_are_checked_by_structure_and_refusals_store_nothing(
    client: FlaskClient, jenv_case: int, store: Path, name: str, data: bytes, message: str
) -> None:
    response = upload_large(client, jenv_case, name, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Document.id))) == 0
    assert stored_files(store) == []


def test_real_documents_of_every_type_are_still_accepted(
    client: FlaskClient, jenv_case: int, store: Path
) -> None:
    for code, make in sample_files.VALID.items():
        assert upload(client, jenv_case, f"stuk.{code}", make()).status_code == 302, code
    assert db.session.scalar(select(func.count(Document.id))) == len(sample_files.VALID)
