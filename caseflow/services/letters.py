"""PDF documents: the advice letter of an issued advice version, and accessible PDF
rendering (PDF/UA-1, Dutch, with a title) shared with the annual overview.

Storage of the letter: it is rendered on first request and the bytes are cached on disk
under ``LETTERS_PATH`` (default ``<instance>/letters``). An issued advice version is frozen
(``Advice`` is never changed once "uitgebracht"), so the cache cannot go stale; the file
name carries the case id, the version number and a digest of what identifies the issued
version (case reference, advice id, issue moment), so a recreated database that reuses ids
never serves another case's letter. The letter thus records the spreading check and the
impact (latest employment figures) as they were at the first download, which in practice
is right after issuing. Rendering on issue instead would put PDF rendering inside the
transition transaction; on demand keeps the workflow engine untouched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from sqlalchemy import select

import workflows
from caseflow.domain.errors import NotFound
from caseflow.domain.spreading import SpreadingCheck
from caseflow.extensions import db
from caseflow.models import Advice, Case, User
from caseflow.services import access, insight, spreading

ISSUED = "uitgebracht"
NO_LETTER = "Deze adviesversie bestaat niet of is nog niet uitgebracht."
LETTERHEAD = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
PDF_MIMETYPE = "application/pdf"


def render_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1; language and title come from ``<html lang>`` and ``<title>``."""
    from weasyprint import HTML  # imported lazily: loading pango takes a moment

    pdf: bytes = HTML(string=html, base_url=current_app.root_path).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return pdf


@dataclass(frozen=True)
class Letter:
    case: Case
    advice: Advice
    check: SpreadingCheck
    impact: insight.CaseImpact | None

    @property
    def kind(self) -> str:
        return self.kind_of(self.case)

    @staticmethod
    def kind_of(case: Case) -> str:
        """ "Advies" or "Voorstel": what the case's workflow says BZK issues."""
        product = workflows.definition(case.case_type, case.workflow_version).product
        return (product or "advies").capitalize()


def issued_advice(user: User, case_id: int, number: int) -> tuple[Case, Advice]:
    """The case (if the user may see it) and its issued version ``number``; else NotFound."""
    case = access.get_case(user, case_id)
    advice = db.session.scalars(
        select(Advice).where(
            Advice.case_id == case.id, Advice.number == number, Advice.status == ISSUED
        )
    ).first()
    if advice is None or advice.issued_at is None:
        raise NotFound(NO_LETTER)
    return case, advice


def letter_html(case: Case, advice: Advice) -> str:
    letter = Letter(case, advice, spreading.check_case(case), insight.case_impact(case))
    return render_template("letters/advice.html", letter=letter, letterhead=LETTERHEAD)


def letters_path() -> Path:
    configured = str(current_app.config.get("LETTERS_PATH") or "")
    return Path(configured) if configured else Path(current_app.instance_path) / "letters"


def cache_name(case: Case, advice: Advice) -> str:
    issued = advice.issued_at.isoformat() if advice.issued_at else ""
    key = f"{case.reference}|{advice.id}|{advice.number}|{issued}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{case.id}-{advice.number}-{digest}.pdf"


def letter_pdf(user: User, case_id: int, number: int) -> tuple[str, bytes]:
    """Download name and bytes of the letter; rendered once, then served from the cache."""
    case, advice = issued_advice(user, case_id, number)
    download = f"{case.reference}-{Letter.kind_of(case).lower()}-{number}.pdf"
    folder = letters_path()
    target = folder / cache_name(case, advice)
    if target.is_file():
        return download, target.read_bytes()
    pdf = render_pdf(letter_html(case, advice))
    folder.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename: a concurrent reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return download, pdf
