"""/api/v1/zaken: the cases the token's user may see, as on the case list and the case page."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Response, current_app
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from caseflow.api import schemas
from caseflow.api.auth import actor, authenticate
from caseflow.api.problems import MIMETYPE
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_search import normalise
from caseflow.services.cases import case_record

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
    niet), zoals de zaakpagina ze aanbiedt. Schrijven komt later, met If-Match."""
    found = case_record.case_actions(actor(), key)
    response = current_app.json.response(schemas.CaseActionsSchema().dump(found))
    response.headers["ETag"] = _etag(found.id, found.version)
    return response


def _etag(case_id: int, version: int) -> str:
    """The case version as an entity tag (a later If-Match compares it)."""
    return f'"{case_id}-{version}"'
