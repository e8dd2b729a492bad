"""BZK shares one of its documents with the ministry of the case (need-to-know: until then
only BZK and the secretariat see it). Sharing cannot be undone: what the ministry has seen,
it has seen; the act is recorded in the case's audit trail."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Document, User
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.unit_of_work import transaction


def share(user: User, case_id: int, document_id: int) -> Document:
    with transaction():
        case = access.get_case(user, case_id, for_update=True)  # serialises the audit chain
        permissions.require(user, "document.share", case)
        document = db.session.scalars(
            select(Document).where(Document.id == document_id, Document.case_id == case.id)
        ).first()
        if document is None:
            raise NotFound(permissions.NO_DOCUMENT)
        if not document.shared_with_ministry:
            document.shared_with_ministry = True
            trail.record(
                case,
                user,
                "document",
                action="document_delen",
                from_state=case.state,
                to_state=case.state,
                data={"document": document.id, "naam": document.filename},
            )
    return document
