"""Fills choice fields of forms from the reference lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.services import permissions
from caseflow.services.cases import case_fields
from caseflow.services.cases.case_fields import WorkflowDefinition
from caseflow.services.meetings import schedule
from caseflow.services.reference import choice_lists
from caseflow.web.filing_form import case_form_class
from caseflow.web.forms import CaseForm, VersionedForm, options

if TYPE_CHECKING:
    from caseflow.models import Case, Organisation, User

EMPTY = ("", _l("Maak een keuze"))


def case_form(user: User, case_type: str, case: Case | None, formdata: Any = None) -> CaseForm:
    """The filing form of ``case_type`` (a new case) or of ``case`` on its own version."""
    definition = case_fields.filing_definition(case_type, case)
    form = case_form_class(definition)(formdata=formdata, obj=case)
    if not permissions.can(user, "ministry.choose") or case is not None:  # filer's or case's
        delattr(form, "ministry_id")
    _fill_case_choices(form, user, case, definition)
    if case is not None and not form.is_submitted():
        form.version.data = str(case.version)
    elif case is None and not form.is_submitted():
        form.version.data = "0"
    return form


def _fill_case_choices(
    form: CaseForm, user: User, case: Case | None, definition: WorkflowDefinition
) -> None:
    kinds = {item.kind for item in definition.fields}
    provinces = (
        [EMPTY, *((p.id, p.name) for p in choice_lists.provinces())]
        if case_fields.PROVINCE in kinds
        else []
    )
    for item in definition.fields:
        if item.kind == case_fields.PROVINCE:
            form[item.name].choices = provinces
        elif item.kind == case_fields.ORGANISATION:
            form[item.name].choices = organisation_choices(user, case, definition)
        elif item.kind == case_fields.MASTERPLAN:
            form[item.name].choices = options(
                [
                    EMPTY,
                    *((m.id, f"{m.name} ({m.period})") for m in choice_lists.masterplans()),
                ]
            )
    if "ministry_id" in form:
        form["ministry_id"].choices = options(
            [
                EMPTY,
                *((m.id, m.display_name) for m in choice_lists.ministries()),
            ]
        )


def _organisation_label(organisation: Organisation) -> str:
    label = organisation.name
    if organisation.abbreviation:
        label += f" ({organisation.abbreviation})"
    if not organisation.confirmed:
        label += " " + _("(nog niet bevestigd)")
    return label


def organisation_choices(user: User, case: Case | None, definition: WorkflowDefinition) -> Any:
    """The organisation options: those of the case's ministry; a zbo talk only confirmed
    zbo's. Where BZK files a zbo talk and chooses the ministry on the same form, the zbo's
    are grouped per holding ministry (the service checks the pair)."""
    zbo_only = definition.talk_track
    owner = case.ministry if case is not None else None
    found = choice_lists.organisations(user, owner, zbo_only=zbo_only)
    if owner is not None or not permissions.can(user, "ministry.choose") or not zbo_only:
        return options([EMPTY, *((o.id, _organisation_label(o)) for o in found)])
    groups: dict[str, list[tuple[int, str]]] = {}
    for organisation in found:
        groups.setdefault(organisation.ministry.display_name, []).append(
            (organisation.id, _organisation_label(organisation))
        )
    return {"": options([EMPTY])} | {name: options(pairs) for name, pairs in groups.items()}


def fill_action_choices(form: VersionedForm, case_id: int) -> None:
    """The options of the action form's choice fields (each list read only if asked)."""
    if "provincie_id" in form:
        form["provincie_id"].choices = [EMPTY, *((p.id, p.name) for p in choice_lists.provinces())]
    if "behandelaar_id" in form:
        form["behandelaar_id"].choices = options(
            [
                EMPTY,
                *((u.id, f"{u.name} ({_(u.role_label)})") for u in choice_lists.advisers()),
            ]
        )
    if "vergadering_id" in form:
        form["vergadering_id"].choices = options(
            [
                EMPTY,
                *((m.id, f"{m.held_on:%d-%m-%Y} {m.note}".strip()) for m in schedule.upcoming()),
            ]
        )
    if "actie_id" in form:
        form["actie_id"].choices = options(
            [
                EMPTY,
                *((f.id, f.description) for f in choice_lists.open_follow_ups(case_id)),
            ]
        )
