"""Woo decisions at closing: per case (in the close form, or on the page of a closed case)
and per document (on the page of a closed case). Only the BZK coordinator decides; every
decision is an event in the case's audit trail. The export lists what may be published:
closed cases and documents decided openbaar or deels openbaar, with the ground."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import select

import workflows
from caseflow.domain import publication as woo
from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Document, User
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.unit_of_work import transaction

NOT_CLOSED = "Over openbaarmaking wordt besloten als de zaak is afgesloten."
CLOSE_FORM = "afronding"  # the close action's form carries the case's decision


def decides_at_closing(case: Case, action_name: str) -> bool:
    definition = workflows.definition(case.case_type, case.workflow_version)
    found = definition.action(action_name)
    return found is not None and found.form == CLOSE_FORM


def apply_case_decision(case: Case, decision: str, ground: str) -> dict[str, str]:
    """Set the case's decision (checked); the details for the audit event."""
    errors = woo.check(decision, ground)
    if errors:
        raise ValidationFailed("Het besluit over openbaarmaking is niet volledig.", errors)
    case.publication, case.publication_ground = decision, ground
    case.publication_decided_at = utcnow()
    return {"openbaarheid": woo.label(decision), "weigeringsgrond": woo.ground_label(ground)}


def forget_case_decision(case: Case) -> None:
    """A reopened case is decided again when it closes again."""
    case.publication, case.publication_ground, case.publication_decided_at = "", "", None


def _closed_case(user: User, case_id: int, version: int) -> Case:
    permissions.require(user, "publication.decide")
    case = access.get_case(user, case_id, for_update=True)
    if case.closed_at is None:
        raise Conflict(NOT_CLOSED)
    if version != case.version:
        raise Conflict(
            "De zaak is intussen door iemand anders gewijzigd. Bekijk de actuele gegevens "
            "en probeer het opnieuw."
        )
    return case


def decide_case(user: User, case_id: int, version: int, decision: str, ground: str) -> Case:
    with transaction():
        case = _closed_case(user, case_id, version)
        details = apply_case_decision(case, decision, ground)
        case.updated_at = utcnow()
        _record(case, user, details)
    return case


def decide_document(
    user: User, case_id: int, version: int, document_id: int, decision: str, ground: str
) -> Document:
    with transaction():
        case = _closed_case(user, case_id, version)
        document = db.session.get(Document, document_id)
        if document is None or document.case_id != case.id:
            raise NotFound("Dit document bestaat niet of u heeft er geen toegang toe.")
        errors = woo.check(decision, ground)
        if errors:
            raise ValidationFailed("Het besluit over openbaarmaking is niet volledig.", errors)
        document.publication, document.publication_ground = decision, ground
        case.updated_at = utcnow()  # bumps the version: a stale form gets a 409
        _record(
            case,
            user,
            {
                "document": document.id,
                "bestand": document.filename,
                "openbaarheid": woo.label(decision),
                "weigeringsgrond": woo.ground_label(ground),
            },
        )
    return document


def _record(case: Case, user: User, details: Mapping[str, object]) -> None:
    trail.record(
        case,
        user,
        "openbaarheid",
        action="openbaarheid",
        from_state=case.state,
        to_state=case.state,
        data=dict(details),
    )


@dataclass(frozen=True)
class PublishableRow:
    reference: str
    title: str
    item: str  # "zaak" or the document's name
    decision: str
    ground: str
    closed_on: str


def publishable(user: User) -> Iterator[PublishableRow]:
    """Closed cases decided openbaar or deels openbaar, and of those the documents decided
    so; a document of a case that is not public is left out whatever its own decision."""
    permissions.require(user, "publication.export")
    query = (
        select(Case)
        .where(
            access.visible_to(user),
            Case.closed_at.is_not(None),
            Case.publication.in_(sorted(woo.PUBLISHABLE)),
        )
        .order_by(Case.reference)
    )
    for case in db.session.scalars(query):
        closed = case.closed_at.date().isoformat() if case.closed_at else ""
        yield PublishableRow(
            case.reference,
            case.title,
            "zaak",
            woo.label(case.publication),
            woo.ground_label(case.publication_ground),
            closed,
        )
        documents = db.session.scalars(
            select(Document)
            .where(
                Document.case_id == case.id,
                Document.publication.in_(sorted(woo.PUBLISHABLE)),
            )
            .order_by(Document.id)
        )
        for document in documents:
            yield PublishableRow(
                case.reference,
                case.title,
                document.filename,
                woo.label(document.publication),
                woo.ground_label(document.publication_ground),
                closed,
            )
