"""Marshmallow schemas of the API: the query parameters it reads and the records it returns
(``services.cases.case_record``). Field names follow the records; values are as the user is
shown them (the state, the advice versions the user may read)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from caseflow.domain.bounds import (
    DATE_MAX,
    DATE_MIN,
    FTE_MAX,
    INT_MAX,
    has_control_characters,
    within_dates,
)
from caseflow.services import vocabulary
from caseflow.services.caselists import queries
from caseflow.services.caselists.case_sort import MAX_CURSOR_LENGTH, SORT_COLUMNS
from caseflow.services.cases import case_fields, case_writes

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


# --- Writes (PATCH and POST with If-Match) -------------------------------------------------

# Longest free text the API takes where the form sets no length (a letter, a decision).
LONG_TEXT = 20_000
# The lengths the action forms allow (web/forms.py), as the columns hold them.
INPUT_LENGTHS = {"plaats": 80, "onderraad": 80, "eigenaar": 120, "reden_code": 40}
_MULTILINE_INPUTS = frozenset(
    {"opmerking", "vraag", "aanvulling", "reden", "tekst", "opmerkingen", "bezwaren"}
    | {"besluit", "verslag", "omschrijving", "motivering"}
)


def _no_control(*, multiline: bool) -> Callable[[str], None]:
    def check(value: str) -> None:
        if has_control_characters(value, multiline=multiline):
            raise ma.ValidationError("Geen stuurtekens, zoals een nul-byte.")

    return check


def _within_dates(value: date) -> None:
    if not within_dates(value):
        raise ma.ValidationError(
            f"Vul een datum in tussen {DATE_MIN.isoformat()} en {DATE_MAX.isoformat()}."
        )


def _text_field(length: int, *, multiline: bool, **metadata: Any) -> fields.Field[Any]:
    return fields.String(
        allow_none=True,
        validate=[
            validate.Length(max=length, error="Maximaal {max} tekens."),
            _no_control(multiline=multiline),
        ],
        metadata=metadata,
    )


def _whole(low: int, high: int, **metadata: Any) -> fields.Field[Any]:
    return fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.Range(
            min=low, max=high, error="Vul een geheel getal in van {min} tot en met {max}."
        ),
        metadata=metadata,
    )


def _date_field(**metadata: Any) -> fields.Field[Any]:
    return fields.Date(allow_none=True, validate=_within_dates, metadata=metadata)


def _filing_field(item: case_fields.Field) -> fields.Field[Any]:
    """A filing field as the filing form takes it (web/filing_form.py)."""
    about = {"description": item.label}
    if item.kind == case_fields.CHOICE:
        entries, _refusal = case_fields.OPTION_LISTS[item.options]
        return fields.String(
            allow_none=True, validate=validate.OneOf(["", *entries]), metadata=about
        )
    if item.kind in (case_fields.TEXT, case_fields.LONGTEXT):
        multiline = item.kind == case_fields.LONGTEXT
        return _text_field(item.max_length or LONG_TEXT, multiline=multiline, **about)
    if item.kind == case_fields.FTE:
        return _whole(0, FTE_MAX, **about)
    if item.kind == case_fields.SIGNED_FTE:
        return _whole(-FTE_MAX, FTE_MAX, **about)
    if item.kind == case_fields.DATE:
        return _date_field(**about)
    if item.kind == case_fields.BOOLEAN:
        return fields.Boolean(allow_none=True, metadata=about)
    return _whole(1, INT_MAX, **about)  # a province, organisation or masterplan by id


def _filing_fields() -> dict[str, fields.Field[Any]]:
    made: dict[str, fields.Field[Any]] = {
        name: _filing_field(item) for name, item in case_writes.filing_fields().items()
    }
    made["new_organisation"] = _text_field(
        160,
        multiline=False,
        description="Een organisatie die niet in de lijst staat (BZK bevestigt haar)",
    )
    return made


def _input_field(name: str, kind: str) -> fields.Field[Any]:
    if kind == case_writes.NUMBER:
        return _whole(1, INT_MAX)
    if kind == case_writes.DATE:
        return _date_field()
    if kind == case_writes.WEIGHING:
        return fields.List(fields.Nested(WeighingSchema), allow_none=True, validate=_few)
    multiline = name in _MULTILINE_INPUTS
    return _text_field(INPUT_LENGTHS.get(name, LONG_TEXT), multiline=multiline)


_few = validate.Length(max=100, error="Maximaal {max} regels.")


class WeighingSchema(ma.Schema):
    """One consideration of the leidraad in an advice (``concept_opslaan``)."""

    code = _text_field(40, multiline=False)
    oordeel = _text_field(20, multiline=False)
    motivering = _text_field(LONG_TEXT, multiline=True)


CaseUpdateSchema = ma.Schema.from_dict(_filing_fields(), name="CaseUpdate")
CaseUpdateSchema.__doc__ = (
    "De velden die het zaaktype van de zaak kent (zoals het invulformulier); alleen de "
    "meegegeven velden veranderen."
)
CaseCreateSchema = ma.Schema.from_dict(
    {
        "case_type": fields.String(
            required=True,
            validate=validate.OneOf(vocabulary.CASE_TYPES),
            metadata={"description": "Het zaaktype"},
        ),
        "ministry_id": _whole(1, INT_MAX, description="Alleen BZK: voor welk ministerie"),
        **_filing_fields(),
    },
    name="CaseCreate",
)
CaseCreateSchema.__doc__ = "Een nieuwe zaak: het zaaktype en de velden die het kent."
ActionInputSchema = ma.Schema.from_dict(
    {name: _input_field(name, kind) for name, kind in case_writes.input_fields().items()},
    name="ActionInput",
)
ActionInputSchema.__doc__ = (
    "De invoer van de actie: alleen de velden die zij kent (zie GET .../acties, input_fields)."
)


# --- What a ministry system reads beside the case -------------------------------------------


class AdviceVersionSchema(AdviceSchema):
    has_letter = fields.Boolean(
        metadata={"description": "De brief is op te halen: GET .../adviezen/{nummer}.pdf"}
    )


class CaseAdviceSchema(ma.Schema):
    id = fields.Integer()
    version = fields.Integer()
    advice = fields.List(fields.Nested(AdviceVersionSchema))


class DeadlineSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    label = fields.String()
    responsible_role = fields.String()
    started_on = fields.Date()
    working_days = fields.Integer()
    due_on = fields.Date()
    standing = fields.String(
        metadata={"description": "lopend, gepauzeerd, gehaald, niet_gehaald of vervallen"}
    )
    days_left = fields.Integer(
        metadata={"description": "Werkdagen over (negatief: verlopen); 0 als zij niet loopt"}
    )
    completed_on = fields.Date(allow_none=True)


class CaseDeadlinesSchema(ma.Schema):
    id = fields.Integer()
    version = fields.Integer()
    deadlines = fields.List(fields.Nested(DeadlineSchema))


class DocumentSchema(ma.Schema):
    id = fields.Integer()
    kind = fields.String()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = UtcDateTime()
    shared_with_ministry = fields.Boolean()


class CaseDocumentsSchema(ma.Schema):
    id = fields.Integer()
    version = fields.Integer()
    documents = fields.List(fields.Nested(DocumentSchema))


class DocumentUploadSchema(ma.Schema):
    """A new document (multipart/form-data): the file, its kind and, for BZK, whether the
    ministry sees it at once (a ministry's own upload always is)."""

    bestand = Upload(
        required=True,
        metadata={"description": "Het bestand: PDF, Word (DOCX), Excel (XLSX) of ODT"},
    )
    soort = fields.String(required=True, validate=validate.OneOf(list(vocabulary.DOCUMENT_KINDS)))
    delen = fields.Boolean(
        load_default=False,
        metadata={"description": "Alleen BZK: direct delen met het ministerie"},
    )


class PageArgs(ma.Schema):
    """A keyset page: ``na`` is ``next_cursor`` of the previous page."""

    class Meta:
        unknown = ma.EXCLUDE

    na = fields.Integer(load_default=None, validate=_ID)
    aantal = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )


class NotificationSchema(ma.Schema):
    id = fields.Integer()
    text = fields.String()
    created_at = UtcDateTime()
    read_at = UtcDateTime(allow_none=True)
    case_id = fields.Integer(allow_none=True)
    case_reference = fields.String(allow_none=True)


class NotificationPageSchema(ma.Schema):
    notifications = fields.List(fields.Nested(NotificationSchema))
    next_cursor = fields.Integer(
        allow_none=True, metadata={"description": "Geef mee als `na` voor de volgende pagina"}
    )


class RegionProfileSchema(ma.Schema):
    id = fields.Integer()
    name = fields.String()
    provinces = fields.List(fields.String())
    municipalities = fields.List(fields.String())
    core_qualities = fields.List(fields.String())
    themes = fields.List(fields.String())
    sectors = fields.List(fields.String())
    labour_market_note = fields.String()
    contacts = fields.String()
    received_on = fields.Date(allow_none=True)
    source_document = fields.String()
    updated_at = UtcDateTime()


class RegionProfilesSchema(ma.Schema):
    regions = fields.List(fields.Nested(RegionProfileSchema))


class FigureSchema(ma.Schema):
    province = fields.String()
    sector = fields.String()
    fte = fields.Float()
    illustrative = fields.Boolean(metadata={"description": "Een illustratief (demo)cijfer"})
    source = fields.String()


class PeildatumSchema(ma.Schema):
    peildatum = fields.Date()
    reference = fields.Boolean(
        metadata={"description": "De peildatum waarmee alle berekeningen rekenen"}
    )
    national_fte = fields.Float(allow_none=True)
    figures = fields.List(fields.Nested(FigureSchema))


class FiguresSchema(ma.Schema):
    peildata = fields.List(fields.Nested(PeildatumSchema))


class AgendaItemSchema(ma.Schema):
    case_id = fields.Integer()
    case_reference = fields.String()
    case_title = fields.String()
    ministry = fields.String()
    onderraad = fields.String()
    decision_text = fields.String()
    decided_on = fields.Date(allow_none=True)
    decided_place = fields.String()


class MeetingSchema(ma.Schema):
    id = fields.Integer()
    held_on = fields.Date()
    note = fields.String()
    agenda = fields.List(fields.Nested(AgendaItemSchema))


class MeetingsSchema(ma.Schema):
    meetings = fields.List(fields.Nested(MeetingSchema))


# --- the annual overview (the summary the screen shows; lists come as the screen's CSV) ------


class AnnualOverviewArgs(ma.Schema):
    jaar = fields.Integer(
        load_default=None, validate=validate.Range(min=2000, max=2100), allow_none=True
    )
    peildatum = fields.Date(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=date(2000, 1, 1), max=date(2100, 12, 31)),
    )
    telling = fields.String(
        load_default="standplaats",
        validate=validate.OneOf(["standplaats", "tewerkstelling"]),
        metadata={
            "description": "Fte van de zaken per standplaats of per plaats van tewerkstelling"
        },
    )


class OverviewCellSchema(ma.Schema):
    key = fields.String(metadata={"description": "De waarde om op te filteren"})
    label = fields.String()
    count = fields.Integer()
    fte = fields.Integer(metadata={"description": "De som van de fte-wijzigingen"})


class OverviewBreakdownSchema(ma.Schema):
    dimension = fields.String()
    title = fields.String()
    cells = fields.List(fields.Nested(OverviewCellSchema))


class OverviewSectionSchema(ma.Schema):
    section = fields.String()
    count = fields.Integer()
    fte = fields.Integer()
    breakdowns = fields.List(fields.Nested(OverviewBreakdownSchema))


class OverviewEffectSchema(ma.Schema):
    province = fields.String()
    ongoing = fields.Float()
    decided = fields.Float()


class AnnualOverviewSchema(ma.Schema):
    year = fields.Integer()
    peildatum = fields.Date()
    state_from_audit = fields.Boolean(
        metadata={"description": "De status op de peildatum komt uit het logboek van de zaak"}
    )
    basis = fields.String()
    ongoing = fields.Nested(OverviewSectionSchema)
    decided = fields.Nested(OverviewSectionSchema)
    effect = fields.List(fields.Nested(OverviewEffectSchema))


class FigureUploadSchema(ma.Schema):
    """A figures file (multipart/form-data) as the screen's import takes it: CSV or XLSX with
    the columns provincie, sector, peildatum, fte (and optionally bron)."""

    bestand = Upload(required=True, metadata={"description": "CSV of XLSX met de cijfers"})
    bevestigen = fields.Boolean(
        load_default=False,
        metadata={"description": "Onwaar: alleen controleren; waar: importeren als één batch"},
    )


class FigureImportSchema(ma.Schema):
    imported = fields.Boolean()
    rows = fields.Integer()
    batch_id = fields.Integer(allow_none=True)
