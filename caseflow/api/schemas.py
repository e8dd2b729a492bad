"""Marshmallow schemas of the API: the query parameters it reads and the records it returns
(``services.cases.case_record``). Field names follow the records; values are as the user is
shown them (the state, the advice versions the user may read)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from caseflow.domain.bounds import INT_MAX
from caseflow.services import vocabulary
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_sort import MAX_CURSOR_LENGTH, SORT_COLUMNS

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
_ID = validate.Range(min=1, max=INT_MAX)
# Control characters are refused at the door (``web.input_guard``, for every path): 400.
TEXT_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
_TEXT = validate.Regexp(TEXT_PATTERN, error="Geen stuurtekens, zoals een nul-byte.")


class UtcDateTime(fields.DateTime):
    """A moment as RFC 3339 with its offset: the database keeps UTC without one."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ProblemSchema(ma.Schema):
    """An error (RFC 9457, ``application/problem+json``)."""

    type = fields.String(metadata={"description": "Altijd about:blank"})
    title = fields.String(metadata={"description": "Korte Nederlandse titel van de fout"})
    status = fields.Integer(metadata={"description": "De HTTP-status"})
    detail = fields.String(metadata={"description": "Uitleg in het Nederlands"})
    errors = fields.Dict(metadata={"description": "Per veld wat er mis is (ongeldige invoer)"})


class CaseListArgs(ma.Schema):
    """The filters of the case list screen (the same parameter names), a sort and a cursor."""

    class Meta:
        unknown = ma.EXCLUDE

    q = fields.String(load_default="", validate=[validate.Length(max=200), _TEXT])
    type = fields.String(load_default="", validate=validate.OneOf(["", *vocabulary.CASE_TYPES]))
    status = fields.String(load_default="", validate=[validate.Length(max=30), _TEXT])
    ministerie = fields.Integer(load_default=None, validate=_ID)
    provincie = fields.Integer(load_default=None, validate=_ID)
    behandelaar = fields.Integer(load_default=None, validate=_ID)
    wacht = fields.String(load_default="", validate=validate.OneOf(["", "mij"]))
    verlopen = fields.Boolean(load_default=False)
    wachtrij = fields.String(load_default="", validate=validate.OneOf(["", *queries.QUEUES]))
    openbaarheid = fields.String(load_default="", validate=[validate.Length(max=20), _TEXT])
    sort = fields.String(load_default="", validate=validate.OneOf(["", *SORT_COLUMNS]))
    dir = fields.String(load_default="", validate=validate.OneOf(["", "asc", "desc"]))
    na = fields.String(
        load_default=None,
        validate=[validate.Length(max=MAX_CURSOR_LENGTH), _TEXT],
        metadata={"description": "Cursor: `volgende_cursor` van de vorige pagina"},
    )
    aantal = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )


class AdviceSchema(ma.Schema):
    number = fields.Integer()
    status = fields.String()
    advised_province = fields.String(allow_none=True)
    advised_place = fields.String()
    issued_at = UtcDateTime(allow_none=True)
    text = fields.String()


class CaseSchema(ma.Schema):
    id = fields.Integer()
    reference = fields.String()
    case_type = fields.String()
    workflow_version = fields.Integer()
    state = fields.String(metadata={"description": "De status zoals de gebruiker haar ziet"})
    title = fields.String()
    ministry = fields.String()
    organisation = fields.String(allow_none=True)
    unit_name = fields.String()
    fte_current = fields.Integer(allow_none=True)
    fte_change = fields.Integer(allow_none=True)
    current_province = fields.String(allow_none=True)
    current_place = fields.String()
    proposed_province = fields.String(allow_none=True)
    proposed_place = fields.String()
    next_due_on = fields.Date(allow_none=True)
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    closed_at = UtcDateTime(allow_none=True)
    version = fields.Integer()


class CaseDetailSchema(CaseSchema):
    motivation = fields.String()
    advice = fields.List(fields.Nested(AdviceSchema))


class CasePageSchema(ma.Schema):
    cases = fields.List(fields.Nested(CaseSchema))
    next_cursor = fields.String(
        allow_none=True, metadata={"description": "Geef mee als `na` voor de volgende pagina"}
    )


class ActionSchema(ma.Schema):
    name = fields.String()
    label = fields.String()
    available = fields.Boolean()
    reason = fields.String(allow_none=True, metadata={"description": "Waarom het nu niet kan"})
    input_fields = fields.List(fields.String())


class CaseActionsSchema(ma.Schema):
    id = fields.Integer()
    version = fields.Integer()
    actions = fields.List(fields.Nested(ActionSchema))
