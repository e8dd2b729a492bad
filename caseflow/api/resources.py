"""What a ministry system reads beside the case itself, on the API's blueprint: a case's
advice versions and letters, deadlines and documents (with upload), the user's own
notifications, region profiles, employment figures and the ministerraad meetings. Each
answer holds what the screens show the same user (``services.cases.case_record``,
``services.api_records``)."""

from __future__ import annotations

from typing import Any, BinaryIO, cast

import marshmallow as ma
from flask import Response, json, request, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from caseflow.api import schemas
from caseflow.api.auth import actor
from caseflow.api.cases import CASE_KEY, bp, problems_documented
from caseflow.api.problems import MIMETYPE
from caseflow.domain import filetypes
from caseflow.domain.bounds import INT_MAX
from caseflow.domain.errors import ValidationFailed
from caseflow.services import api_records
from caseflow.services.cases import case_record

PDF = "application/pdf"
INVALID = "Controleer de gemarkeerde velden."
NUMBER = {
    "in": "path",
    "name": "number",
    "required": True,
    "description": "Het nummer van de adviesversie",
    "schema": {"type": "integer", "minimum": 1, "maximum": INT_MAX},
}
DOCUMENT_ID = {
    "in": "path",
    "name": "document_id",
    "required": True,
    "description": "Het id van het document",
    "schema": {"type": "integer", "minimum": 1, "maximum": INT_MAX},
}
LETTER = "De brief (PDF) zoals die bij het uitbrengen is opgeslagen"
BINARY = {"type": "string", "format": "binary"}


def _file_answer(description: str, media_types: list[str]) -> dict[str, Any]:
    return {
        "description": description,
        "content": {media: {"schema": BINARY} for media in media_types},
    }


@bp.get("/zaken/<string:key>/adviezen", parameters=[CASE_KEY])
@problems_documented
@bp.response(200, schemas.CaseAdviceSchema)
def case_advice(key: str) -> Any:
    """De adviesversies die de gebruiker mag lezen: een ministerie en het secretariaat alleen
    uitgebrachte, nooit concepten of de opmerkingen van de coördinator."""
    return case_record.case_advice(actor(), key)


@bp.get("/zaken/<string:key>/adviezen/<int(min=1, max=2147483647):number>.pdf",
        parameters=[CASE_KEY, NUMBER])  # fmt: skip
@problems_documented
@bp.response(200)
@bp.doc(responses={"200": _file_answer(LETTER, [PDF])})
def advice_letter(key: str, number: int) -> ResponseReturnValue:
    """De opgeslagen brief van een uitgebrachte adviesversie."""
    name, pdf = case_record.advice_letter(actor(), key, number)
    response = Response(pdf, mimetype=PDF)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/zaken/<string:key>/termijnen", parameters=[CASE_KEY])
@problems_documented
@bp.response(200, schemas.CaseDeadlinesSchema)
def case_deadlines(key: str) -> Any:
    """De termijnen van de zaak, oudste eerst, met hun stand in werkdagen."""
    return case_record.case_deadlines(actor(), key)


@bp.get("/zaken/<string:key>/documenten", parameters=[CASE_KEY])
@problems_documented
@bp.response(200, schemas.CaseDocumentsSchema)
def case_documents(key: str) -> Any:
    """De documenten die de gebruiker mag zien (een ministerie: de eigen en wat BZK deelde),
    nieuwste eerst."""
    return case_record.case_documents(actor(), key)


@bp.get("/zaken/<string:key>/documenten/<int(min=1, max=2147483647):document_id>",
        parameters=[CASE_KEY, DOCUMENT_ID])  # fmt: skip
@problems_documented
@bp.response(200)
@bp.doc(responses={"200": _file_answer("Het bestand", [t.media_type for t in filetypes.ALLOWED])})
def document_download(key: str, document_id: int) -> ResponseReturnValue:
    """Het bestand van één document; de download komt in de audittrail."""
    found = case_record.document_download(actor(), key, document_id)
    response = send_file(
        found.path,
        mimetype=found.media_type,
        as_attachment=True,
        download_name=found.filename,
        conditional=False,
        etag=False,
        max_age=None,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/zaken/<string:key>/documenten", parameters=[CASE_KEY])
@problems_documented
@bp.alt_response(409, schema=schemas.ProblemSchema, content_type=MIMETYPE, description="Conflict")
@bp.alt_response(
    413, schema=schemas.ProblemSchema, content_type=MIMETYPE, description="Content Too Large"
)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"multipart/form-data": {"schema": schemas.DocumentUploadSchema}},
    }
)
@bp.response(201, schemas.DocumentSchema, headers={"Location": {"schema": {"type": "string"}}})
def document_upload(key: str) -> ResponseReturnValue:
    """Een document bij de zaak, met dezelfde controles als het scherm (soort bestand,
    grootte, inhoud). 409 als de zaak is afgesloten."""
    posted = {**request.form.to_dict(), **request.files.to_dict()}
    try:
        data = schemas.DocumentUploadSchema().load(posted, unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        found = exc.messages if isinstance(exc.messages, dict) else {"bestand": exc.messages}
        raise ValidationFailed(INVALID, _messages(found)) from exc
    chosen = data["bestand"]
    if not isinstance(chosen, FileStorage):
        raise ValidationFailed(INVALID, {"bestand": "Stuur een bestand mee (multipart/form-data)."})
    made = case_record.document_upload(
        actor(),
        key,
        data["soort"],
        chosen.filename or "",
        cast(BinaryIO, chosen.stream),
        shared=data["delen"],
    )
    body = json.dumps(schemas.DocumentSchema().dump(made))
    response = Response(body, status=201, mimetype="application/json")
    response.headers["Location"] = url_for("api.document_download", key=key, document_id=made.id)
    return response


def _messages(found: dict[str, Any]) -> dict[str, str]:
    """marshmallow's messages per field as one Dutch line each."""
    return {
        field: " ".join(str(m) for m in messages) if isinstance(messages, list) else str(messages)
        for field, messages in found.items()
    }


@bp.get("/meldingen")
@problems_documented
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.NotificationPageSchema)
def notifications(na: int | None, aantal: int) -> Any:
    """De eigen meldingen, nieuwste eerst, met een cursor naar de volgende pagina."""
    return api_records.notifications(actor(), aantal, na)


@bp.get("/regios")
@problems_documented
@bp.response(200, schemas.RegionProfilesSchema)
def region_profiles() -> Any:
    """De ontwikkelprofielen van de regio's, op naam."""
    return {"regions": api_records.region_profiles(actor())}


@bp.get("/cijfers")
@problems_documented
@bp.response(200, schemas.FiguresSchema)
def employment_figures() -> Any:
    """De werkgelegenheidscijfers per peildatum (nieuwste eerst), per provincie en sector."""
    return {"peildata": api_records.employment_figures(actor())}


@bp.get("/vergaderingen")
@problems_documented
@bp.response(200, schemas.MeetingsSchema)
def meetings() -> Any:
    """De vergaderingen van de ministerraad (nieuwste eerst) met de geagendeerde zaken:
    alleen voor BZK en het secretariaat. Een besluit vastleggen is de actie
    besluit_vastleggen (POST /zaken/{key}/acties/besluit_vastleggen)."""
    return {"meetings": api_records.meetings(actor())}


@bp.post("/cijfers")
@problems_documented
@bp.alt_response(
    413, schema=schemas.ProblemSchema, content_type=MIMETYPE, description="Content Too Large"
)
@bp.doc(
    requestBody={
        "required": True,
        "content": {"multipart/form-data": {"schema": schemas.FigureUploadSchema}},
    }
)
@bp.response(200, schemas.FigureImportSchema)
def employment_figures_import() -> Any:
    """Werkgelegenheidscijfers importeren (BZK), met dezelfde controles als het scherm: zonder
    bevestigen alleen controleren, met bevestigen importeren als één batch (terug te draaien
    op het scherm). Een bestand met fouten importeert niets (422, per regel)."""
    posted = {**request.form.to_dict(), **request.files.to_dict()}
    try:
        data = schemas.FigureUploadSchema().load(posted, unknown=ma.EXCLUDE)
    except ma.ValidationError as exc:
        found = exc.messages if isinstance(exc.messages, dict) else {"bestand": exc.messages}
        raise ValidationFailed(INVALID, _messages(found)) from exc
    chosen = data["bestand"]
    if not isinstance(chosen, FileStorage):
        raise ValidationFailed(INVALID, {"bestand": "Stuur een bestand mee (multipart/form-data)."})
    return api_records.import_employment_figures(
        actor(), chosen.filename or "", chosen.read(), bool(data["bevestigen"])
    )
