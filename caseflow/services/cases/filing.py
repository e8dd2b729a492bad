"""What a ministry files per case type: the fields, which are required, and their checks."""

from __future__ import annotations

from typing import Any, TypeVar

import workflows
from caseflow.domain import search as domain_search
from caseflow.domain.errors import ValidationFailed
from caseflow.domain.impact import CHANGE_KINDS, ChangeFacts, default_kind, kind_problems
from caseflow.domain.place_of_work import place_of_work_problems
from caseflow.extensions import db
from caseflow.models import Case, Masterplan, Ministry, Organisation, Province, User
from caseflow.services.cases.access import holder_of
from caseflow.services.cases.numbering import next_reference
from workflows import fields
from workflows.base import WorkflowDefinition
from workflows.fields import Field

_Row = TypeVar("_Row", Organisation, Province)

# Every filing field's Dutch label by column, over all case types and versions (the audit
# trail and the timeline name a changed field by it; a column means the same in every type).
FIELD_LABELS: dict[str, str] = {
    f.name: f.label for d in workflows.REGISTRY.values() for f in d.fields
}

LABOUR_MARKET_OUTCOMES: dict[str, str] = {
    "voldoende": "Voldoende gekwalificeerd personeel beschikbaar",
    "beperkt": "Beperkt beschikbaar",
    "onvoldoende": "Onvoldoende beschikbaar",
    "niet_uitgevoerd": "Niet uitgevoerd",
}

# The entries of each option list a CHOICE field may name, and the refusal of another value.
OPTION_LISTS: dict[str, tuple[dict[str, str], str]] = {
    fields.CHANGE_KINDS: (CHANGE_KINDS, "Kies een soort wijziging uit de lijst."),
    fields.LABOUR_MARKET_OUTCOMES: (LABOUR_MARKET_OUTCOMES, "Kies een uitkomst uit de lijst."),
}


def new_case(
    user: User, definition: WorkflowDefinition, ministry: Ministry, *, demo: bool = False
) -> Case:
    """An unsaved-but-added case in the workflow's initial state (no commit)."""
    case = Case(
        reference=next_reference(definition.reference_prefix),
        case_type=definition.code,
        workflow_version=definition.version,
        state=definition.initial,
        title="",
        ministry=ministry,
        holder_ministry_id=holder_of(ministry.id),
        created_by_id=user.id,
        demo=demo,
    )
    if definition.code == "nieuwe_dienst":
        case.change_kind = default_kind(definition.code, None, None, None)
    db.session.add(case)
    return case


def missing_fields(case: Case) -> list[str]:
    """Labels of the required fields that are still empty, in form order."""
    return [
        f.label for f in _definition(case).required_fields if getattr(case, f.name) in (None, "")
    ]


def _definition(case: Case) -> WorkflowDefinition:
    return workflows.definition(case.case_type, case.workflow_version)


def _settable_fields(case: Case) -> list[Field]:
    """The case's own fields, then those other types declare: the forms offer only the
    type's own, but a service caller (demo data, imports) may set any filing column, as it
    always could. A column means the same in every type (``verify_fields``)."""
    own = _definition(case).fields
    found = {item.name: item for item in own}
    for definition in workflows.REGISTRY.values():
        for item in definition.fields:
            found.setdefault(item.name, item)
    return list(found.values())


def apply_fields(case: Case, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Validate and copy filing fields; returns {field: [old, new]} of what changed."""
    errors = _check_references(case, data)
    if errors:
        raise ValidationFailed("Controleer de gemarkeerde velden.", errors)
    changes: dict[str, list[Any]] = {}
    for item in _settable_fields(case):
        if item.name not in data:
            continue
        new = _normalised(item, data[item.name])
        old = getattr(case, item.name)
        if old != new:
            changes[item.name] = [_plain(old), _plain(new)]
            setattr(case, item.name, new)
    _check_kind(case)
    with db.session.no_autoflush:  # looking up names must not flush half an edit
        case.search_text = search_text(case)
    return changes


def _check_kind(case: Case) -> None:
    """The fte must fit the stated kind (growth positive, no more moved than there are, the
    second location and the place of work at most the whole change) and a place of work
    needs its province and its fte; the caller's transaction undoes the edit."""
    if not _definition(case).spreading_check:
        return
    facts = ChangeFacts(
        case.change_kind,
        case.fte_current,
        case.fte_change,
        fte_moved=case.fte_moved,
        second_fte=case.second_fte,
    )
    problems = kind_problems(facts) if case.change_kind else {}
    has_work = case.work_province_id is not None
    work = place_of_work_problems(has_work, case.work_fte, facts, bool(case.work_place))
    problems = {**work, **problems}
    if problems:
        raise ValidationFailed("Controleer de gemarkeerde velden.", problems)


def search_text(case: Case) -> str:
    """What free-text search matches (services.case_search): reference, title, organisation
    name and abbreviation, unit, places and provinces, in one column so that one trigram
    index serves every search on PostgreSQL."""
    organisation = _get(Organisation, case.organisation_id)
    current, proposed = (
        _get(Province, case.current_province_id),
        _get(Province, case.proposed_province_id),
    )
    return domain_search.search_text(
        (
            case.reference,
            case.title,
            organisation.name if organisation else None,
            organisation.abbreviation if organisation else None,
            case.unit_name,
            case.current_place,
            case.proposed_place,
            current.name if current else None,
            proposed.name if proposed else None,
        )
    )


def _get(model: type[_Row], key: int | None) -> _Row | None:
    return db.session.get(model, key) if key is not None else None


def _check_references(case: Case, data: dict[str, Any]) -> dict[str, str]:
    """What the case's fields refer to exists and fits, per kind of field."""
    definition = _definition(case)
    errors: dict[str, str] = {}
    for item in _settable_fields(case):
        value = data.get(item.name)
        if value in (None, ""):
            continue
        if problem := _reference_problem(case, definition, item, value):
            errors[item.name] = problem
    return errors


def _reference_problem(
    case: Case, definition: WorkflowDefinition, item: Field, value: Any
) -> str | None:
    if item.kind == fields.ORGANISATION:
        return _organisation_problem(case, definition, value)
    if item.kind == fields.PROVINCE and db.session.get(Province, value) is None:
        return "Onbekende provincie."
    if item.kind == fields.MASTERPLAN and db.session.get(Masterplan, value) is None:
        return "Onbekend masterplan."
    if item.kind == fields.FTE and value < 0:
        return "Het aantal fte kan niet negatief zijn."
    if item.kind == fields.CHOICE:
        entries, refusal = OPTION_LISTS[item.options]
        return None if value in tuple(entries) else refusal
    return None


def _organisation_problem(
    case: Case, definition: WorkflowDefinition, organisation_id: int
) -> str | None:
    org = db.session.get(Organisation, organisation_id)
    # The ministry holding the case now: an organisation of JenV for a case filed under
    # Asiel en Migratie, which JenV took over.
    if org is None or holder_of(org.ministry_id) != case.holder_ministry_id:
        return "Kies een organisatie van het eigen ministerie."
    if definition.talk_track and not (org.is_zbo and org.confirmed):
        return "Een zbo-gesprek gaat over een bevestigde zbo."
    return None


def _normalised(item: Field, value: Any) -> Any:
    # Free text is stored as "" when empty, never NULL, so "missing" has one meaning.
    if item.text:
        return (value or "").strip()
    if item.kind == fields.BOOLEAN:
        return bool(value)
    return value


def verify_fields() -> None:
    """Refuse to start with a definition whose field names no ``Case`` column, has an
    unknown kind or option list, or gives a column another kind than elsewhere."""
    columns = set(Case.__table__.columns.keys())
    kinds: dict[str, str] = {}
    problems: list[str] = []
    for definition in workflows.REGISTRY.values():
        for item in definition.fields:
            where = f"{definition.code} v{definition.version}"
            problems += [f"{where}: {p}" for p in item.problems()]
            if item.name not in columns:
                problems.append(f"{where}: {item.name} is no column of Case")
            if kinds.setdefault(item.name, item.kind) != item.kind:
                problems.append(f"{where}: {item.name} is a {kinds[item.name]} elsewhere")
    if problems:
        raise RuntimeError("Invalid case fields: " + "; ".join(problems))


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
