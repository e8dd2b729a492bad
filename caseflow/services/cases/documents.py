"""Documents on a case: upload (type checked by structure: ``domain.filetypes``), list
and download.

Who may upload: whoever may see the case and is the owning ministry, a BZK adviser or
coordinator; the secretariat too once a case is escalated. Never on a closed case. Who may
download: whoever may see the case. Every upload and download goes into the audit trail;
an upload also changes the case (``updated_at`` and thereby its optimistic-lock version).

A rejected file leaves nothing behind: the bytes go to a temporary file next to their final
place, are checked there, and are moved into place (``os.replace``) only once the database
row is flushed; any error removes whatever was written.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from caseflow.domain import filetypes
from caseflow.domain.clock import utcnow
from caseflow.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from caseflow.extensions import db
from caseflow.models import Case, Document, User
from caseflow.models.document import KINDS
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import access
from caseflow.services.cases.lifecycle import definition_of
from caseflow.services.file_limits import document_zip_limits
from caseflow.services.unit_of_work import transaction

FILE_FIELD, KIND_FIELD = "bestand", "soort"
CHUNK = 1024 * 1024
DOCUMENT_NOT_FOUND = "Dit document bestaat niet of u heeft er geen toegang toe."
CLOSED = "De zaak is afgesloten; er kunnen geen documenten meer worden toegevoegd."
_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Staged:
    """A checked upload waiting in its temporary file."""

    key: str
    filename: str
    file_type: filetypes.FileType
    size: int
    sha256: str


@dataclass(frozen=True)
class Download:
    path: Path
    filename: str
    media_type: str


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def upload_refusal(user: User, case: Case) -> str | None:
    """Why ``user`` may not upload to ``case`` (which they can see); None if they may."""
    if case.state in definition_of(case).final_states:
        return CLOSED
    if permissions.can(user, "document.upload", case):
        return None
    return permissions.TABLE["document.upload"].message


def upload_target(user: User, case_id: int) -> Case:
    """The case if ``user`` may upload to it now; else NotFound, NotAllowed or Conflict."""
    case = access.get_case(user, case_id)
    _require_upload(user, case)
    return case


def documents_of(case: Case) -> list[Document]:
    """The documents of a case (which the caller may see), newest first."""
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.case_id == case.id)
            .options(joinedload(Document.uploaded_by))
            .order_by(Document.id.desc())
        )
    )


def upload(
    user: User, case_id: int, kind: str, filename: str, stream: BinaryIO, *, shared: bool = False
) -> Document:
    """Store an uploaded file on a case; ValidationFailed (Dutch) stores nothing. ``shared``:
    BZK shares it with the ministry at once (a ministry's own upload always is)."""
    upload_target(user, case_id)  # refuse before writing anything
    if kind not in KINDS:
        raise ValidationFailed("Kies het soort document.", {KIND_FIELD: "Kies een soort."})
    key = secrets.token_hex(16)
    final = storage_path(key)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".upload-", dir=final.parent)
    temp, placed = Path(temp_name), False
    try:
        with os.fdopen(handle, "w+b") as temp_file:
            staged = _stage(key, filename, stream, temp_file)
        with transaction():
            case = access.get_case(user, case_id, for_update=True)
            _require_upload(user, case)
            document = _add(user, case, kind, staged)
            # Who cannot choose to share (a ministry) uploads its own, always shared, file.
            mine = not permissions.can(user, "document.share")
            document.shared_with_ministry = shared or mine
            os.replace(temp, final)
            placed = True
        return document
    except BaseException:
        temp.unlink(missing_ok=True)
        if placed:  # the commit failed after the move
            final.unlink(missing_ok=True)
        raise


def download(user: User, case_id: int, document_id: int) -> Download:
    """The file to send; the download is recorded in the audit trail first."""
    with transaction():
        case = access.get_case(user, case_id, for_update=True)  # serialises the audit chain
        document = db.session.scalars(
            select(Document).where(Document.id == document_id, Document.case_id == case.id)
        ).first()
        if document is None:
            raise NotFound(DOCUMENT_NOT_FOUND)
        permissions.require(user, "document.view", document)
        path = storage_path(document.storage_key)
        if not path.is_file():
            current_app.logger.error("Documentbestand ontbreekt: %s", document.storage_key)
            raise NotFound("Het bestand van dit document is niet gevonden.")
        trail.record(
            case,
            user,
            "document",
            action="document_downloaden",
            from_state=case.state,
            to_state=case.state,
            data=_audit_data(document),
        )
        return Download(path, document.filename, document.media_type)


def storage_root() -> Path:
    configured = str(current_app.config.get("DOCUMENTS_PATH") or "")
    return Path(configured) if configured else Path(current_app.instance_path) / "documents"


def storage_path(key: str) -> Path:
    if not _KEY.fullmatch(key):  # never build a path from anything but our own keys
        raise NotFound(DOCUMENT_NOT_FOUND)
    return storage_root() / key[:2] / key


def _require_upload(user: User, case: Case) -> None:
    refusal = upload_refusal(user, case)
    if refusal == CLOSED:
        raise Conflict(refusal)
    if refusal is not None:
        raise NotAllowed(refusal)


def _stage(key: str, filename: str, stream: BinaryIO, temp_file: BinaryIO) -> Staged:
    """Copy at most the allowed size into the temporary file, then check its content."""
    limit, size, digest = max_bytes(), 0, hashlib.sha256()
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            message = (
                f"Het bestand is te groot. Een document mag maximaal "
                f"{current_app.config['MAX_UPLOAD_MB']} MB zijn."
            )
            raise ValidationFailed(message, {FILE_FIELD: message})
        digest.update(chunk)
        temp_file.write(chunk)
    temp_file.flush()
    try:
        file_type = filetypes.check(filename, temp_file, size, document_zip_limits())
    except ValidationFailed as exc:  # put the message on the file field of the form
        raise ValidationFailed(exc.message, {FILE_FIELD: exc.message}) from exc
    name = filetypes.display_name(filename, file_type)
    return Staged(key, name, file_type, size, digest.hexdigest())


def _add(user: User, case: Case, kind: str, staged: Staged) -> Document:
    document = Document(
        case_id=case.id,
        kind=kind,
        filename=staged.filename,
        media_type=staged.file_type.media_type,
        size=staged.size,
        sha256=staged.sha256,
        storage_key=staged.key,
        uploaded_by_id=user.id,
        uploaded_at=utcnow(),
    )
    db.session.add(document)
    case.updated_at = utcnow()
    db.session.flush()  # the row (and the case's new version) exist before the file moves
    trail.record(
        case,
        user,
        "document",
        action="document_toevoegen",
        from_state=case.state,
        to_state=case.state,
        data=_audit_data(document),
    )
    return document


def _audit_data(document: Document) -> dict[str, Any]:
    return {
        "document": document.id,
        "naam": document.filename,
        "soort": document.kind,
        "grootte": document.size,
        "sha256": document.sha256,
    }
