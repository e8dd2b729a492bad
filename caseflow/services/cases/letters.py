"""PDF documents: the advice letter of an issued advice version, and accessible PDF
rendering (PDF/UA-1, Dutch, with a title) shared with the annual overview.

The letter is rendered when the coordinator issues the version and stored in
``advice_letters`` in the transaction of the issue: it is part of what was issued, so it
records the spreading check and the impact (latest employment figures) as they stood that day,
however the figures change later. Rendering takes seconds, so it happens before the case row
is locked (``prepare_letter``), at the case version the coordinator's form carries; under the
lock that version is checked, so the letter rendered is the letter of what gets issued.
Letters are official documents and always Dutch, whatever the user's interface language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

import workflows
from caseflow.domain.clock import utcnow
from caseflow.domain.errors import NotFound
from caseflow.domain.spreading import SpreadingCheck
from caseflow.extensions import db
from caseflow.models import Advice, AdviceLetter, Case, Ministry, User
from caseflow.services import permissions
from caseflow.services.cases import access
from caseflow.services.cases.weighing import WeighedLine, lines_of
from caseflow.services.insight import spreading, spreading_check
from caseflow.services.insight.location_impact import LocationImpact, location_impact

ISSUED = "uitgebracht"
NO_LETTER = "Deze adviesversie bestaat niet of is nog niet uitgebracht."
LETTERHEAD = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
PDF_MIMETYPE = "application/pdf"
# Letters and reports for parliament are official documents: Dutch for every reader.
DOCUMENT_LOCALE = "nl"


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
    impact: spreading.CaseImpact | None
    addressee: str = ""  # "de Minister van Justitie en Veiligheid"
    signatory_title: str = ""
    signatory_name: str = ""
    # Proposal, BZK's advised location and any agreement side by side (impact section).
    location_impact: LocationImpact | None = None
    # When and by whom the version is issued: given, so the letter can be rendered before
    # the issue is written.
    issued_at: datetime | None = None
    approver_name: str = ""
    # The version's weighing along the leidraad (empty when it has none).
    weighing: tuple[WeighedLine, ...] = ()

    @property
    def paragraphs(self) -> list[list[str]]:
        return paragraphs(self.advice.text)

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
    permissions.require(user, "letter.view", advice)
    return case, advice


def paragraphs(text: str) -> list[list[str]]:
    """The adviser's text as paragraphs (split on blank lines), each a list of its lines:
    a single line break is kept as a break within the paragraph, not joined away."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = ([line.strip() for line in block.strip().split("\n")] for block in blocks)
    return [block for block in lines if any(block)]


def addressee(case: Case) -> str:
    """The minister responsible for the case: of the ministry that holds it now (after a
    ministry is folded, its successor), named as in the reference data."""
    holder = db.session.get(Ministry, case.holder_ministry_id) or case.ministry
    return f"de Minister van {holder.name}"


def letter_html(case: Case, advice: Advice, issued_at: datetime, approver_name: str) -> str:
    letter = Letter(
        case,
        advice,
        spreading_check.check_case(case),
        spreading.case_impact(case),
        addressee=addressee(case),
        signatory_title=current_app.config["BZK_MINISTER_TITLE"],
        signatory_name=current_app.config["BZK_MINISTER_NAME"],
        location_impact=location_impact(case, advice),
        issued_at=issued_at,
        approver_name=approver_name,
        weighing=tuple(lines_of(advice)),
    )
    return render_template("letters/advice.html", letter=letter, letterhead=LETTERHEAD)


@dataclass(frozen=True)
class PreparedLetter:
    """A letter rendered before the row lock: for which version, at which case version."""

    advice_id: int
    case_version: int
    issued_at: datetime
    pdf: bytes

    def fits(self, case: Case, advice: Advice) -> bool:
        return self.advice_id == advice.id and self.case_version == case.version


def prepare_letter(case: Case, advice: Advice, approver: User) -> PreparedLetter:
    """Render the letter ``approver`` would issue now for ``advice``, writing nothing."""
    issued_at = utcnow()
    with force_locale(DOCUMENT_LOCALE):
        pdf = render_pdf(letter_html(case, advice, issued_at, approver.name))
    return PreparedLetter(advice.id, case.version, issued_at, pdf)


def store_letter(
    case: Case, advice: Advice, prepared: PreparedLetter | None = None
) -> AdviceLetter:
    """Add the letter of ``advice``, which is being issued now, to the session (the caller's
    transaction commits it together with the issue): the one ``prepared`` before the lock
    when it is of this version at this case version, else rendered now."""
    if prepared is not None and prepared.fits(case, advice):
        pdf = prepared.pdf
    else:
        issued_at = advice.issued_at or utcnow()
        approver = advice.approved_by.name if advice.approved_by else ""
        with force_locale(DOCUMENT_LOCALE):
            pdf = render_pdf(letter_html(case, advice, issued_at, approver))
    letter = AdviceLetter(advice_id=advice.id, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest())
    db.session.add(letter)
    return letter


def letter_pdf(user: User, case_id: int, number: int) -> tuple[str, bytes]:
    """Download name and bytes of the letter stored when the version was issued."""
    case, advice = issued_advice(user, case_id, number)
    stored = db.session.get(AdviceLetter, advice.id)
    if stored is None:
        raise NotFound(NO_LETTER)
    return f"{case.reference}-{Letter.kind_of(case).lower()}-{number}.pdf", stored.pdf
