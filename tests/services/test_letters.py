"""The advice letter: issuing a version renders a tagged PDF with the letterhead, reference,
case summary, spreading check, advice text and impact, stored with the version in the same
transaction; only for issued versions of cases the user may see; always Dutch."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import Advice, AdviceLetter, User
from caseflow.services import letters
from tests.factories import act, case_in_state, issued_case
from tests.pdf_checks import pdf_ua_findings
from tests.services.test_insight import add_figures

Users = dict[str, User]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _stored(case_id: int) -> list[AdviceLetter]:
    query = select(AdviceLetter).join(Advice).where(Advice.case_id == case_id)
    return list(db.session.scalars(query))


def test_issuing_stores_the_letter(users: Users) -> None:
    add_figures()
    case = issued_case(users)
    [stored] = _stored(case.id)
    name, pdf = letters.letter_pdf(users["ministerie"], case.id, 1)
    assert name == f"{case.reference}-advies-1.pdf"
    assert pdf == stored.pdf and pdf.startswith(b"%PDF")
    assert stored.sha256 == hashlib.sha256(pdf).hexdigest()
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.title == f"Advies {case.reference} versie 1: {case.title}"
    text = pdf_text(pdf)
    for expected in (
        letters.LETTERHEAD,
        case.reference,
        "Justitie en Veiligheid (JenV)",
        "BZK adviseert vestiging in Heerlen.",
        "Spreidingstoets",
        "Aandeel Randstad",  # the impact table
        "Coordinator BZK",
    ):
        assert expected in text, (expected, text[:600])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root  # tagged
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # PDF/UA identification
    assert pdf_ua_findings(pdf) == []


def test_the_pdf_ua_checks_can_fail(app: Flask) -> None:
    """The same letter HTML rendered as a plain PDF fails the checks that matter."""
    from weasyprint import HTML

    html = "<html><head><title>T</title></head><body><h2>Kop</h2><table><tr><td>1</td></tr></table>"
    findings = pdf_ua_findings(HTML(string=html).write_pdf())
    for expected in ("06-001", "07-001", "01-002", "11-006", "01-001"):
        assert any(expected in finding for finding in findings), (expected, findings)
    tagged = HTML(string=html.replace("<html>", '<html lang="nl">')).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    assert sorted(pdf_ua_findings(tagged)) == [
        "a table without header cells (15-005)",
        "the first heading is not H1: [2] (14-002)",
    ]


def test_the_letter_keeps_the_figures_of_its_issue_day(users: Users) -> None:
    """Figures imported after issuing do not change what was issued."""
    case = issued_case(users)
    before = letters.letter_pdf(users["coordinator"], case.id, 1)[1]
    assert "Aandeel Randstad" not in pdf_text(before)  # no figures yet: no impact table
    add_figures()
    assert letters.letter_pdf(users["coordinator"], case.id, 1)[1] == before


def test_the_letter_is_dutch_for_an_english_user(users: Users) -> None:
    coordinator = users["coordinator"]
    coordinator.locale = "en"
    db.session.commit()
    case = issued_case(users)
    text = pdf_text(letters.letter_pdf(coordinator, case.id, 1)[1])
    assert "Spreidingstoets" in text and "Wijziging in omvang van een dienst" in text


def test_a_failed_issue_stores_no_letter(users: Users) -> None:
    """The drafter may not issue (four eyes): the transaction rolls back, letter included."""
    case = case_in_state(users, "omvangswijziging", "ter_goedkeuring", drafter=users["coordinator"])
    with pytest.raises(NotAllowed):
        act(users["coordinator"], case, "uitbrengen")
    db.session.rollback()
    assert _stored(case.id) == []


def test_no_letter_for_draft_or_other_ministry(users: Users) -> None:
    draft = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    with pytest.raises(NotFound):
        letters.letter_pdf(users["coordinator"], draft.id, 1)
    issued = issued_case(users)
    with pytest.raises(NotFound):
        letters.letter_pdf(users["ministerie_ocw"], issued.id, 1)
    with pytest.raises(NotFound):
        letters.letter_pdf(users["coordinator"], issued.id, 2)


def test_proposal_letter(users: Users) -> None:
    """A new service gets a proposal ("voorstel"), not an advice."""
    case = issued_case(users, "nieuwe_dienst")
    name, pdf = letters.letter_pdf(users["adviseur"], case.id, 1)
    assert name == f"{case.reference}-voorstel-1.pdf"
    text = pdf_text(pdf)
    assert "Voorstel over de locatie" in text and case.reference in text
