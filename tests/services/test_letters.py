"""The advice letter: issuing a version renders a tagged PDF with the letterhead, reference,
case summary, spreading check, advice text and impact, stored with the version in the same
transaction; only for issued versions of cases the user may see; always Dutch."""

from __future__ import annotations

import hashlib
import re
from io import BytesIO
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.domain.errors import NotAllowed, NotFound
from caseflow.extensions import db
from caseflow.models import Advice, AdviceLetter, Ministry, User
from caseflow.services.cases import letters
from caseflow.services.cases.access import holder_of
from tests.factories import act, case_in_state, issued_case, province_id
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


def _issue_with_text(users: Users, text: str) -> int:
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    act(
        users["adviseur"],
        case,
        "concept_opslaan",
        tekst=text,
        provincie_id=province_id("Drenthe"),
        plaats="Assen",
    )
    act(users["adviseur"], case, "ter_goedkeuring_voorleggen")
    act(users["coordinator"], case, "uitbrengen")
    return case.id


def _line_heights(pdf: bytes, starts: tuple[str, ...]) -> list[float]:
    """The baseline (y) of the first text fragment starting with each of ``starts``."""
    found: dict[str, float] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        for start in starts:
            if text.strip().startswith(start) and start not in found:
                found[start] = float(tm[5]) * float(cm[3]) + float(cm[5])

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert set(found) == set(starts), (found, starts)
    return [found[s] for s in starts]


def test_letter_addressed_signed_located_and_in_paragraphs(app: Flask, users: Users) -> None:
    app.config["BZK_MINISTER_NAME"] = "J.A. de Vries"
    text = "Eerste alinea, regel een.\r\nRegel twee van de eerste alinea.\r\n\r\nTweede alinea."
    case_id = _issue_with_text(users, text)
    _, pdf = letters.letter_pdf(users["ministerie"], case_id, 1)
    flat = pdf_text(pdf)
    for expected in (
        "Aan de Minister van Justitie en Veiligheid",
        "De Minister van Binnenlandse Zaken en Koninkrijksrelaties, J.A. de Vries",
        "adviseert als locatie Assen (Drenthe)",
    ):
        assert expected in flat, (expected, flat)
    first, second, third = _line_heights(pdf, ("Eerste alinea", "Regel twee", "Tweede alinea"))
    line_gap, paragraph_gap = first - second, second - third
    assert line_gap > 5  # the single line break is kept: its own line
    assert paragraph_gap > line_gap * 1.4  # the blank line: a new paragraph, with space


def test_the_letter_goes_to_the_minister_of_the_successor(users: Users) -> None:
    """A case filed under a folded ministry is addressed to the minister who holds it now."""
    folded = db.session.scalars(select(Ministry).where(Ministry.abbreviation == "AenM")).one()
    holder = db.session.get(Ministry, holder_of(folded.id))
    case = case_in_state(users, "omvangswijziging", "in_behandeling")
    case.ministry_id, case.holder_ministry_id = folded.id, holder_of(folded.id)
    db.session.flush()
    db.session.refresh(case)
    assert case.ministry.name == "Asiel en Migratie"
    assert holder is not None and holder.name == "Justitie en Veiligheid"
    assert letters.addressee(case) == "de Minister van Justitie en Veiligheid"


def test_paragraphs_of_the_advice_text() -> None:
    assert letters.paragraphs("a\r\nb\n \n\nc\n") == [["a", "b"], ["c"]]
    assert letters.paragraphs("  \n\n") == []
