"""What a ministry system reads beside the case itself, on the API's blueprint: a case's
advice versions and letters, deadlines and documents (with upload), the user's own
notifications, region profiles, employment figures and the ministerraad meetings. Each
answer holds what the screens show the same user (``services.cases.case_record``,
``services.api_records``)."""

from __future__ import annotations

from typing import Any

from flask import Response, send_file
from flask.typing import ResponseReturnValue

from caseflow.api import schemas
from caseflow.api.auth import actor
from caseflow.api.cases import CASE_KEY, bp, problems_documented
from caseflow.domain import filetypes
from caseflow.domain.bounds import INT_MAX
from caseflow.services import api_records
from caseflow.services.cases import case_record

PDF = "application/pdf"
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
