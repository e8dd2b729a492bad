"""A case file full of BZK's internal work, for the need-to-know tests: one case under
approval after a send-back (two drafts, the coordinator's comments, an internal document,
a shared one and the ministry's own) and one whose advice was issued after a rejected draft.
Every secret is a unique marker, so a test can search any response for it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask

from caseflow.models import Case, Document, User
from caseflow.services.cases import documents, lifecycle
from tests import sample_files
from tests.factories import filing_data, province_id

DRAFT_ONE = "GEHEIMCONCEPTEEN"
DRAFT_TWO = "GEHEIMCONCEPTTWEE"
SUBMIT_NOTE = "GEHEIMVOORLEGNOTITIE"
SEND_BACK = "GEHEIMTERUGSTUUROPMERKING"
REJECTED = "GEHEIMAFGEWEZENCONCEPT"
REJECTED_COMMENT = "GEHEIMAFWIJZINGSREDEN"
ISSUED = "UITGEBRACHTADVIESTEKST"
INTERNAL_DOCUMENT = "intern-werkdocument.pdf"
SHARED_DOCUMENT = "gedeeld-document.pdf"
OWN_DOCUMENT = "eigen-motivering.pdf"
# What only BZK (adviser, coordinator) may read.
BZK_ONLY = (DRAFT_ONE, DRAFT_TWO, SUBMIT_NOTE, SEND_BACK, REJECTED, REJECTED_COMMENT)


@dataclass(frozen=True)
class CaseFile:
    under_approval: Case
    issued: Case
    internal: Document
    shared: Document
    own: Document


def act(user: User, case: Case, name: str, **data: Any) -> Case:
    return lifecycle.perform(user, case.id, name, case.version, data)


def _draft(text: str) -> dict[str, Any]:
    return {"tekst": text, "provincie_id": province_id("Drenthe"), "plaats": "Assen"}


def _filed(users: dict[str, User], title: str) -> Case:
    case = lifecycle.create_case(
        users["ministerie"], "omvangswijziging", filing_data("omvangswijziging") | {"title": title}
    )
    act(users["ministerie"], case, "indienen")
    return act(users["adviseur"], case, "intake_accepteren")


def _upload(user: User, case: Case, name: str, *, shared: bool = False) -> Document:
    pdf = io.BytesIO(sample_files.pdf())
    return documents.upload(user, case.id, "overig", name, pdf, shared=shared)


def build(app: Flask, users: dict[str, User], store: Path) -> CaseFile:
    app.config["DOCUMENTS_PATH"] = str(store)
    adviser, coordinator = users["adviseur"], users["coordinator"]
    pending = _filed(users, "Zaak onder goedkeuring")
    act(adviser, pending, "concept_opslaan", **_draft(DRAFT_ONE))
    act(adviser, pending, "ter_goedkeuring_voorleggen", opmerking=SUBMIT_NOTE)
    act(coordinator, pending, "terugsturen", opmerkingen=SEND_BACK)
    act(adviser, pending, "concept_opslaan", **_draft(DRAFT_TWO))
    act(adviser, pending, "ter_goedkeuring_voorleggen")
    internal = _upload(adviser, pending, INTERNAL_DOCUMENT)
    shared = _upload(adviser, pending, SHARED_DOCUMENT, shared=True)
    own = _upload(users["ministerie"], pending, OWN_DOCUMENT)
    issued = _filed(users, "Zaak met uitgebracht advies")
    act(adviser, issued, "concept_opslaan", **_draft(REJECTED))
    act(adviser, issued, "ter_goedkeuring_voorleggen")
    act(coordinator, issued, "terugsturen", opmerkingen=REJECTED_COMMENT)
    act(adviser, issued, "concept_opslaan", **_draft(ISSUED))
    act(adviser, issued, "ter_goedkeuring_voorleggen")
    act(coordinator, issued, "uitbrengen")
    return CaseFile(pending, issued, internal, shared, own)
