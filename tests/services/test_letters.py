"""The advice letter: an issued version renders as a tagged PDF with the letterhead,
reference, case summary, spreading check, advice text and impact; cached on disk; only
for issued versions of cases the user may see."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from pypdf import PdfReader

from caseflow.domain.errors import NotFound
from caseflow.models import User
from caseflow.services import letters
from tests.factories import case_in_state
from tests.services.test_insight import add_figures

Users = dict[str, User]


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def letters_dir(app: Flask, tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    app.config["LETTERS_PATH"] = str(folder)
    return folder


def test_issued_advice_letter(users: Users, letters_dir: Path) -> None:
    add_figures()
    case = case_in_state(users, "omvangswijziging", "advies_uitgebracht")
    name, pdf = letters.letter_pdf(users["ministerie"], case.id, 1)
    assert name == f"{case.reference}-advies-1.pdf"
    assert pdf.startswith(b"%PDF")
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
    [cached] = letters_dir.iterdir()
    assert cached.name.startswith(f"{case.id}-1-") and cached.read_bytes() == pdf
    cached.write_bytes(b"%PDF cached")  # the second request is served from the cache
    assert letters.letter_pdf(users["coordinator"], case.id, 1)[1] == b"%PDF cached"


def test_no_letter_for_draft_or_other_ministry(users: Users, letters_dir: Path) -> None:
    draft = case_in_state(users, "omvangswijziging", "ter_goedkeuring")
    with pytest.raises(NotFound):
        letters.letter_pdf(users["coordinator"], draft.id, 1)
    issued = case_in_state(users, "omvangswijziging", "advies_uitgebracht")
    with pytest.raises(NotFound):
        letters.letter_pdf(users["ministerie_ocw"], issued.id, 1)
    with pytest.raises(NotFound):
        letters.letter_pdf(users["coordinator"], issued.id, 2)
    assert not letters_dir.exists()


def test_proposal_letter(users: Users, letters_dir: Path) -> None:
    """A new service gets a proposal ("voorstel"), not an advice."""
    case = case_in_state(users, "nieuwe_dienst", "advies_uitgebracht")
    name, pdf = letters.letter_pdf(users["adviseur"], case.id, 1)
    assert name == f"{case.reference}-voorstel-1.pdf"
    text = pdf_text(pdf)
    assert "Voorstel over de locatie" in text and case.reference in text
