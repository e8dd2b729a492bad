"""The filing form of a case type, built from the fields its workflow definition declares.

One WTForms field factory per kind of field (``workflows.fields.KINDS``, read through
``services.cases.case_fields``); the form's fields follow the definition's order. Beside
the declared fields the form has two helpers that are no column of their own:
``ministry_id`` (BZK filing a case chooses the ministry, on ``CaseForm``) and
``new_organisation`` (right after an organisation field: a name to propose when the
organisation is not in the list).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length, Optional

from caseflow.domain.bounds import FTE_MAX
from caseflow.services.cases import case_fields as kinds
from caseflow.services.cases.case_fields import OPTION_LISTS, Field, WorkflowDefinition
from caseflow.web.forms import (
    REQUIRED,
    BoundedDateField,
    BoundedIntegerField,
    CaseForm,
    _coerce_id,
    options,
)

NEW_ORGANISATION = "new_organisation"


def _label(item: Field) -> Any:
    return _l(item.form_label or item.label)


def _described(item: Field) -> dict[str, Any]:
    return {"description": _l(item.description)} if item.description else {}


def _text(item: Field) -> UnboundField:
    first = DataRequired(REQUIRED) if item.required_to_save else Optional()
    length = [Length(max=item.max_length)] if item.max_length else []
    return StringField(_label(item), validators=[first, *length], **_described(item))


def _longtext(item: Field) -> UnboundField:
    return TextAreaField(_label(item), validators=[Optional()], **_described(item))


def _fte(minimum: int) -> Callable[[Field], UnboundField]:
    def build(item: Field) -> UnboundField:
        return BoundedIntegerField(
            _label(item),
            minimum=minimum,
            maximum=FTE_MAX,
            validators=[Optional()],
            **_described(item),
        )

    return build


def _reference(item: Field) -> UnboundField:
    """A row of a reference table by id; the choices are filled per request."""
    return SelectField(_label(item), coerce=_coerce_id, validators=[Optional()], **_described(item))


def _date(item: Field) -> UnboundField:
    return BoundedDateField(_label(item), validators=[Optional()], **_described(item))


def _boolean(item: Field) -> UnboundField:
    return BooleanField(_label(item), **_described(item))


def _choice(item: Field) -> UnboundField:
    entries, _refusal = OPTION_LISTS[item.options]
    return SelectField(
        _label(item),
        choices=options([("", _l(item.empty_option)), *entries.items()]),
        validators=[Optional()],
        **_described(item),
    )


FACTORIES: dict[str, Callable[[Field], UnboundField]] = {
    kinds.TEXT: _text,
    kinds.LONGTEXT: _longtext,
    kinds.FTE: _fte(0),
    kinds.SIGNED_FTE: _fte(-FTE_MAX),
    kinds.PROVINCE: _reference,
    kinds.ORGANISATION: _reference,
    kinds.MASTERPLAN: _reference,
    kinds.DATE: _date,
    kinds.BOOLEAN: _boolean,
    kinds.CHOICE: _choice,
}


def _new_organisation() -> UnboundField:
    return StringField(
        _l("Nieuwe organisatie"),
        validators=[Optional(), Length(max=160)],
        description=_l(
            "Staat de organisatie niet in de lijst? Vul haar naam in; BZK bevestigt haar."
        ),
    )


def _form_fields(definition: WorkflowDefinition) -> dict[str, UnboundField]:
    # Created in the definition's order: WTForms orders a form's fields by creation.
    created: dict[str, UnboundField] = {}
    for item in definition.fields:
        created[item.name] = FACTORIES[item.kind](item)
        if item.kind == kinds.ORGANISATION:
            created[NEW_ORGANISATION] = _new_organisation()
    return created


_BUILT: dict[tuple[str, int], tuple[WorkflowDefinition, type[CaseForm]]] = {}


def case_form_class(definition: WorkflowDefinition) -> type[CaseForm]:
    """``CaseForm`` with the fields of ``definition`` (built once per definition)."""
    key = (definition.code, definition.version)
    built = _BUILT.get(key)
    if built is None or built[0] is not definition:
        name = f"CaseForm_{definition.code}_v{definition.version}"
        built = (definition, type(name, (CaseForm,), _form_fields(definition)))
        _BUILT[key] = built
    return built[1]


# Every registered definition's form is built at import: a field that cannot become a form
# field fails start-up, not the first request for the form.
for _registered in kinds.registered_definitions():
    case_form_class(_registered)
