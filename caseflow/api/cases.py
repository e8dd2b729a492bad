"""/api/v1/zaken: the cases the token's user may see, as on the case list and the case page,
and the writes on them (file, edit, take an action) with If-Match on the case's ETag."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Response, current_app, json, request, url_for
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from werkzeug.exceptions import PreconditionRequired

from caseflow.api import schemas
from caseflow.api.auth import actor, authenticate
from caseflow.api.problems import MIMETYPE
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_search import normalise
from caseflow.services.cases import case_record, case_writes

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Zaken, gelezen met een persoonlijk API-token (Authorization: Bearer).",
)
bp.before_request(authenticate)


@bp.after_request
def not_cached(response: Response) -> Response:
    """What a token reads is its user's: no shared cache keeps it."""
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Authorization")
    return response


# Every operation may answer these, as application/problem+json (``api.problems``).
PROBLEMS = (400, 401, 403, 404, 422, 429, 500, 503)
# A case by its id or its reference (``OW-2026-0001``).
CASE_KEY = {
    "in": "path",
    "name": "key",
    "required": True,
    "description": "Het id of het kenmerk van de zaak",
    "schema": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": schemas.TEXT_PATTERN},
}
View = TypeVar("View", bound=Callable[..., Any])


def problems_documented(view: View) -> View:
    """Document the problem answers of an operation in the OpenAPI document."""
    for status in PROBLEMS:
        view = bp.alt_response(
            status,
            schema=schemas.ProblemSchema,
            content_type=MIMETYPE,
            description=HTTPStatus(status).phrase,
        )(view)
    return view


@bp.get("/zaken")
@problems_documented
@bp.arguments(schemas.CaseListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.CasePageSchema)
def case_list(**args: Any) -> dict[str, Any]:
    """Zaken, nieuwste eerst of gesorteerd; zonder totaal, met een cursor naar de volgende
    pagina. De filters zijn die van de zakenlijst."""
    user = actor()
    case_filter = queries.CaseFilter(
        case_type=args["type"],
        state=args["status"],
        ministry_id=args["ministerie"],
        province_id=args["provincie"],
        assignee_id=args["behandelaar"],
        waiting_for=user.role if args["wacht"] == "mij" else "",
        overdue=args["verlopen"],
        queue=args["wachtrij"],
        q=normalise(args["q"]),
        publication=args["openbaarheid"],
    )
    sort = queries.Sort.parse(args["sort"] or None, args["dir"] or None)
    found = case_record.case_list_page(user, case_filter, sort, args["na"], args["aantal"])
    return {"cases": found.cases, "next_cursor": found.next_cursor}


@bp.get("/zaken/<string:key>", parameters=[CASE_KEY])
@problems_documented
@bp.response(200, schemas.CaseDetailSchema, headers={"ETag": {"schema": {"type": "string"}}})
def case_detail(key: str) -> ResponseReturnValue:
    """Eén zaak, op id of kenmerk, met de adviesversies die de gebruiker mag lezen. De
    ETag is de versie van de zaak."""
    detail = case_record.case_detail(actor(), key)
    body = schemas.CaseDetailSchema().dump(detail)
    response = current_app.json.response(body)
    response.headers["ETag"] = _etag(detail.id, detail.version)
    return response


@bp.get("/zaken/<string:key>/acties", parameters=[CASE_KEY])
@problems_documented
@bp.response(200, schemas.CaseActionsSchema, headers={"ETag": {"schema": {"type": "string"}}})
def case_actions(key: str) -> ResponseReturnValue:
    """De acties die de gebruiker in de huidige status van de zaak kan nemen (of waarom
    niet), zoals de zaakpagina ze aanbiedt. Een actie nemen: POST /zaken/{key}/acties/{action}
    met deze ETag in If-Match."""
    found = case_record.case_actions(actor(), key)
    response = current_app.json.response(schemas.CaseActionsSchema().dump(found))
    response.headers["ETag"] = _etag(found.id, found.version)
    return response


def _etag(case_id: int, version: int) -> str:
    """The case version as an entity tag (If-Match on a write compares it)."""
    return case_writes.entity_tag(case_id, version)


# --- Writes: If-Match with the case's ETag, or nothing is written ----------------------------

# A write may also answer these: a stale ETag, a state that does not allow it, no If-Match.
WRITE_PROBLEMS = (409, 412, 428)
_CHAR = r"[^\u0000-\u001f\u007f-\u009f*]"
ENTITY_TAG = rf"^{_CHAR}*[^\s\u0000-\u001f\u007f-\u009f*]{_CHAR}*$"
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "De ETag van de zaak zoals u haar het laatst las (428 zonder, 412 als "
    "de zaak intussen is gewijzigd)",
    # An entity tag: not blank, no "*" (a write names the version it changes: 428 otherwise).
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": ENTITY_TAG},
}
ACTION_NAME = {
    "in": "path",
    "name": "action",
    "required": True,
    "description": "De naam van de actie (zie GET /zaken/{key}/acties)",
    "schema": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": schemas.TEXT_PATTERN},
}
# The API speaks Dutch to every system (``problems``), so this is no translated UI string.
NO_IF_MATCH = "Geef de ETag van de zaak mee in If-Match, zoals GET /zaken/{key} die geeft."
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


def write_problems_documented(view: View) -> View:
    for status in WRITE_PROBLEMS:
        view = bp.alt_response(
            status,
            schema=schemas.ProblemSchema,
            content_type=MIMETYPE,
            description=HTTPStatus(status).phrase,
        )(view)
    return problems_documented(view)


def _if_match() -> list[str]:
    """The entity tags of If-Match (the strong ones, quoted as ``entity_tag`` makes them);
    428 when the header is missing or says only ``*``: a write names the version it changes."""
    given = request.if_match
    if not request.headers.get("If-Match", "").strip() or given.star_tag:
        raise PreconditionRequired(NO_IF_MATCH)
    return [f'"{tag}"' for tag in given.as_set()]


def _written(case_id: int, status: int = 200) -> Response:
    """The case as it is now, with its new ETag."""
    detail = case_record.case_detail(actor(), str(case_id))
    body = json.dumps(schemas.CaseDetailSchema().dump(detail))
    response = current_app.response_class(body, status=status, mimetype="application/json")
    response.headers["ETag"] = _etag(detail.id, detail.version)
    return response


@bp.post("/zaken")
@write_problems_documented
@bp.arguments(schemas.CaseCreateSchema, location="json")
@bp.response(
    201,
    schemas.CaseDetailSchema,
    headers={**ETAG_HEADER, "Location": {"schema": {"type": "string"}}},
)
def case_create(data: dict[str, Any]) -> ResponseReturnValue:
    """Een nieuwe zaak (een concept waar het zaaktype daarmee begint), met de velden die het
    invulformulier van het zaaktype kent. Een ministerie dient in voor zichzelf."""
    fields = dict(data)
    case_type = fields.pop("case_type")
    case = case_writes.create_draft(actor(), case_type, fields)
    response = _written(case.id, 201)
    response.headers["Location"] = url_for("api.case_detail", key=case.id)
    return response


@bp.patch("/zaken/<string:key>", parameters=[CASE_KEY, IF_MATCH])
@write_problems_documented
@bp.arguments(schemas.CaseUpdateSchema, location="json")
@bp.response(200, schemas.CaseDetailSchema, headers=ETAG_HEADER)
def case_update(data: dict[str, Any], key: str) -> ResponseReturnValue:
    """De gegevens van een zaak in een status waarin die nog kunnen veranderen (een
    concept, of als BZK om aanvulling vroeg); alleen de meegegeven velden veranderen."""
    case = case_writes.update_draft(actor(), key, _if_match(), data)
    return _written(case.id)


@bp.post("/zaken/<string:key>/acties/<string:action>", parameters=[CASE_KEY, ACTION_NAME, IF_MATCH])
@write_problems_documented
@bp.arguments(schemas.ActionInputSchema, location="json")
@bp.response(200, schemas.CaseDetailSchema, headers=ETAG_HEADER)
def case_act(data: dict[str, Any], key: str, action: str) -> ResponseReturnValue:
    """Neem een actie op de zaak, met haar invoer (de velden uit input_fields van GET
    /zaken/{key}/acties). 409 als de status het niet toelaat, 403 als uw rol het niet mag."""
    case = case_writes.take_action(actor(), key, action, _if_match(), data)
    return _written(case.id)
