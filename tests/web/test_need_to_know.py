"""Need-to-know through HTTP: a ministry never reads BZK's drafts, rejected drafts, send-back
comments or internal documents (case page, timeline, letters, documents, exports, lists,
notifications and mail), and does read the issued advice. Each test also shows that the
secret is really there for BZK, so a passing test cannot be an empty page."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

import workflows
from caseflow.extensions import db
from caseflow.models import Document, MailMessage, Notification, User
from caseflow.services import permissions
from caseflow.services.cases import lifecycle
from caseflow.services.messaging import notifications
from tests import need_to_know as nk
from tests import sample_files
from tests.conftest import login
from tests.factories import filing_data

Users = dict[str, User]


@pytest.fixture
def case_file(app: Flask, users: Users, tmp_path: Path) -> nk.CaseFile:
    return nk.build(app, users, tmp_path / "documenten")


def _text(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def _status(client: FlaskClient, url: str) -> int:
    response = client.get(url)
    response.close()  # a download streams its file
    return response.status_code


def _absent(text: str, *secrets: str) -> list[str]:
    return [s for s in secrets if s in text]


def test_the_case_page_under_approval_hides_bzk_work_from_the_ministry(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    url = f"/zaken/{case_file.under_approval.id}"
    login(client, users["adviseur"])
    bzk_page = _text(client, url)
    assert _absent(bzk_page, *nk.BZK_ONLY[:4], nk.INTERNAL_DOCUMENT) == [
        *nk.BZK_ONLY[:4],
        nk.INTERNAL_DOCUMENT,
    ]
    assert "status-badge--ter_goedkeuring" in bzk_page
    login(client, users["ministerie"])
    page = _text(client, url)
    assert _absent(page, *nk.BZK_ONLY, nk.INTERNAL_DOCUMENT) == []
    # The state itself is internal: the ministry reads 'In behandeling'.
    assert "status-badge--ter_goedkeuring" not in page
    assert "status-badge--in_behandeling" in page
    timeline = page.split('id="tijdlijn"')[1]
    assert "Terugsturen met opmerkingen" not in timeline  # nor the internal steps
    assert "Ter goedkeuring voorleggen" not in timeline
    assert "Terugsturen met opmerkingen" in bzk_page.split('id="tijdlijn"')[1]
    assert nk.SHARED_DOCUMENT in page and nk.OWN_DOCUMENT in page


def test_the_ministry_gets_no_letter_and_no_internal_document(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    case_id = case_file.under_approval.id
    login(client, users["ministerie"])
    for number in (1, 2):
        assert _status(client, f"/zaken/{case_id}/advies/{number}.pdf") == 404
    assert _status(client, f"/zaken/{case_id}/documenten/{case_file.internal.id}") == 404
    for allowed in (case_file.shared, case_file.own):
        assert _status(client, f"/zaken/{case_id}/documenten/{allowed.id}") == 200
    login(client, users["coordinator"])
    assert _status(client, f"/zaken/{case_id}/documenten/{case_file.internal.id}") == 200


def test_exports_lists_and_counts_show_the_ministry_no_approval_state(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    reference = case_file.under_approval.reference
    login(client, users["ministerie"])
    csv_text = _text(client, "/zaken/export.csv")
    row = next(line for line in csv_text.splitlines() if line.startswith(reference))
    assert "In behandeling" in row and "Ter goedkeuring" not in csv_text
    response = client.get("/zaken/export.xlsx")
    workbook = load_workbook(io.BytesIO(response.get_data()))
    response.close()
    cells = {str(c.value) for sheet in workbook for r in sheet.iter_rows() for c in r}
    assert "Ter goedkeuring" not in cells and "In behandeling" in cells
    assert reference not in _text(client, "/zaken?status=ter_goedkeuring")
    assert reference in _text(client, "/zaken?status=in_behandeling")
    assert 'value="ter_goedkeuring"' not in _text(client, "/zaken")
    assert "status=ter_goedkeuring" not in _text(client, "/")
    login(client, users["coordinator"])
    assert reference in _text(client, "/zaken?status=ter_goedkeuring")
    assert "Ter goedkeuring" in _text(client, "/zaken/export.csv")


def test_the_ministry_reads_the_issued_advice_but_not_the_rejected_draft(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    case_id = case_file.issued.id
    login(client, users["ministerie"])
    page = _text(client, f"/zaken/{case_id}")
    assert nk.ISSUED in page
    assert _absent(page, nk.REJECTED, nk.REJECTED_COMMENT) == []
    letter = client.get(f"/zaken/{case_id}/advies/2.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"
    _text(client, f"/zaken/{case_id}/advies/1.pdf", 404)  # the rejected version
    login(client, users["coordinator"])
    page = _text(client, f"/zaken/{case_id}")
    assert nk.REJECTED in page and nk.REJECTED_COMMENT in page


def test_the_secretariat_sees_no_drafts_either(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    login(client, users["secretariaat"])
    for case in (case_file.under_approval, case_file.issued):
        assert _absent(_text(client, f"/zaken/{case.id}"), *nk.BZK_ONLY) == []


def test_notifications_and_mail_of_the_ministry_carry_no_bzk_work(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    ministry = users["ministerie"]
    login(client, ministry)
    pages = [_text(client, "/meldingen"), _text(client, "/meldingen/email")]
    messages = db.session.scalars(select(MailMessage).where(MailMessage.user_id == ministry.id))
    pages += [_text(client, f"/meldingen/email/{m.id}") for m in messages]
    assert len(pages) > 2  # the issued advice was announced to the ministry
    assert all(_absent(p, *nk.BZK_ONLY, "Ter goedkeuring") == [] for p in pages)


def test_a_message_about_a_case_under_approval_names_the_shown_state(
    users: Users, case_file: nk.CaseFile
) -> None:
    """Were the ministry ever addressed while a draft awaits the coordinator (here: a
    workflow in which withdrawing is a main action), it reads 'In behandeling'; and a user
    who may not see the case is never addressed."""
    case = case_file.under_approval
    definition = workflows.definition(case.case_type, case.workflow_version)
    variant = replace(
        definition,
        actions=tuple(
            replace(a, side=False) if a.name == "intrekken" else a for a in definition.actions
        ),
    )
    sent = notifications.case_moved(case, variant, users["adviseur"], event_id=999_999)
    assert sent == 2  # the ministry user and the coordinator
    texts = {
        n.user_id: n.text
        for n in db.session.scalars(
            select(Notification).where(Notification.key.like("event:999999%"))
        )
    }
    assert "'In behandeling'" in texts[users["ministerie"].id]
    assert "'Ter goedkeuring'" in texts[users["coordinator"].id]
    subject = db.session.scalars(
        select(MailMessage.subject).where(MailMessage.user_id == users["ministerie"].id)
    ).all()
    assert not any("Ter goedkeuring" in s for s in subject)
    assert notifications.notify([users["ministerie_ocw"]], case, "x", "t", "s") == 0


def test_bzk_shares_a_document_and_only_then_the_ministry_sees_it(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    case_id, document = case_file.under_approval.id, case_file.internal
    share_url = f"/zaken/{case_id}/documenten/{document.id}/delen"
    login(client, users["ministerie"])
    assert client.post(share_url).status_code == 403
    login(client, users["adviseur"])
    assert "Delen met het ministerie" in _text(client, f"/zaken/{case_id}")
    assert client.post(share_url).status_code == 302
    login(client, users["ministerie"])
    assert _status(client, f"/zaken/{case_id}/documenten/{document.id}") == 200
    page = _text(client, f"/zaken/{case_id}")
    assert f"document '{nk.INTERNAL_DOCUMENT}' gedeeld met het ministerie" in page
    assert "Delen met het ministerie" not in page  # a ministry has nothing to share


def test_the_upload_form_offers_sharing_to_bzk_only(
    client: FlaskClient, users: Users, case_file: nk.CaseFile
) -> None:
    case_id = case_file.under_approval.id
    login(client, users["ministerie"])
    assert 'name="delen"' not in _text(client, f"/zaken/{case_id}/documenten/nieuw")
    login(client, users["adviseur"])
    assert 'name="delen"' in _text(client, f"/zaken/{case_id}/documenten/nieuw")
    response = client.post(
        f"/zaken/{case_id}/documenten/nieuw",
        data={
            "soort": "overig",
            "delen": "y",
            "bestand": (io.BytesIO(sample_files.pdf()), "x.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    uploaded = db.session.scalars(select(Document).where(Document.filename == "x.pdf")).one()
    assert uploaded.shared_with_ministry
    assert case_file.own.shared_with_ministry and not case_file.internal.shared_with_ministry


def test_the_table_answers_for_every_role_and_object_kind(
    users: Users, case_file: nk.CaseFile
) -> None:
    ministry, ocw, adviser = users["ministerie"], users["ministerie_ocw"], users["adviseur"]
    case = case_file.under_approval
    assert permissions.can(ministry, "case.view", case)
    assert not permissions.can(ocw, "case.view", case)
    assert not permissions.can(users["beheerder"], "case.view", case)
    assert not permissions.can(ministry, "document.view", case_file.internal)
    assert permissions.can(ministry, "document.view", case_file.shared)
    assert permissions.can(adviser, "document.view", case_file.internal)
    assert not permissions.can(ministry, "review_comment.view", case)
    assert not permissions.can(None, "case.list")
    with pytest.raises(KeyError):
        permissions.can(adviser, "no.such.permission")


def test_bzk_reads_a_concept_without_acting_and_the_ministry_is_told(
    client: FlaskClient, users: Users
) -> None:
    """The README's decision: lists, counts, search and exports show BZK the concept too."""
    data = filing_data("omvangswijziging") | {"title": "Nog niet ingediend"}
    case = lifecycle.create_case(users["ministerie"], "omvangswijziging", data)
    login(client, users["ministerie"])
    assert "BZK kan dit concept al lezen" in _text(client, f"/zaken/{case.id}")
    login(client, users["adviseur"])
    page = _text(client, f"/zaken/{case.id}")
    assert "Nog niet ingediend" in page and "BZK kan dit concept" not in page
    assert "Er zijn voor u in deze status geen acties." in page
    assert case.reference in _text(client, "/zaken?q=ingediend&status=concept")
    assert case.reference in _text(client, "/zaken/export.csv?status=concept")
    assert "status=concept" in _text(client, "/")  # counted on the dashboard
    assert case.reference not in _text(client, "/zaken?wachtrij=te_doen")
