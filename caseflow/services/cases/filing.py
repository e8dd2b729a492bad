"""What a ministry files per case type: the fields, which are required, and their checks."""

from __future__ import annotations

from typing import Any, TypeVar

from caseflow.domain import search as domain_search
from caseflow.domain.errors import ValidationFailed
from caseflow.domain.impact import CHANGE_KINDS, ChangeFacts, default_kind, kind_problems
from caseflow.extensions import db
from caseflow.models import Case, Masterplan, Ministry, Organisation, Province, User
from caseflow.services.cases.access import holder_of
from caseflow.services.cases.numbering import next_reference
from workflows.base import WorkflowDefinition

_Row = TypeVar("_Row", Organisation, Province)

# Editable case fields and their Dutch labels (used in messages and the audit trail).
FIELD_LABELS: dict[str, str] = {
    "title": "Titel",
    "organisation_id": "Organisatie",
    "unit_name": "Naam dienst of organisatieonderdeel",
    "fte_current": "Huidige omvang (fte)",
    "fte_change": "Wijziging (fte)",
    "current_province_id": "Huidige provincie",
    "current_place": "Huidige vestigingsplaats",
    "proposed_province_id": "Voorgestelde provincie",
    "proposed_place": "Voorgestelde vestigingsplaats",
    "change_kind": "Soort wijziging",
    "fte_moved": "Te verplaatsen fte",
    "second_province_id": "Tweede provincie",
    "second_place": "Tweede vestigingsplaats",
    "second_fte": "Fte op de tweede locatie",
    "motivation": "Motivering",
    "labour_market_scan": "Uitkomst arbeidsmarktscan",
    "labour_market_note": "Toelichting arbeidsmarktscan",
    "masterplan_id": "Masterplan",
    "change_request": "Verzoek tot Wijziging (VtW)",
    "talk_date": "Datum gesprek",
    "minister": "Minister of bewindspersoon",
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "omvangswijziging": (
        "title",
        "organisation_id",
        "change_kind",
        "fte_current",
        "fte_change",
        "current_province_id",
        "current_place",
        "motivation",
        "labour_market_scan",
    ),
    "nieuwe_dienst": (
        "title",
        "unit_name",
        "fte_change",
        "proposed_province_id",
        "proposed_place",
        "motivation",
        "labour_market_scan",
    ),
    "masterplan": (
        "title",
        "masterplan_id",
        "proposed_province_id",
        "proposed_place",
        "motivation",
    ),
    "zbo_gesprek": ("title", "organisation_id", "talk_date"),
}

LABOUR_MARKET_OUTCOMES: dict[str, str] = {
    "voldoende": "Voldoende gekwalificeerd personeel beschikbaar",
    "beperkt": "Beperkt beschikbaar",
    "onvoldoende": "Onvoldoende beschikbaar",
    "niet_uitgevoerd": "Niet uitgevoerd",
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
    """Labels of the required fields that are still empty."""
    return [
        FIELD_LABELS[name] for name in REQUIRED[case.case_type] if getattr(case, name) in (None, "")
    ]


def apply_fields(case: Case, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Validate and copy filing fields; returns {field: [old, new]} of what changed."""
    errors = _check_references(case, data)
    if errors:
        raise ValidationFailed("Controleer de gemarkeerde velden.", errors)
    changes: dict[str, list[Any]] = {}
    for name in FIELD_LABELS:
        if name not in data:
            continue
        new = _normalised(name, data[name])
        old = getattr(case, name)
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
            setattr(case, name, new)
    _check_kind(case)
    with db.session.no_autoflush:  # looking up names must not flush half an edit
        case.search_text = search_text(case)
    return changes


def _check_kind(case: Case) -> None:
    """The fte must fit the stated kind (growth positive, no more moved than there are, the
    second location at most the whole change); the caller's transaction undoes the edit."""
    if not case.change_kind or case.case_type == "zbo_gesprek":
        return
    facts = ChangeFacts(
        case.change_kind,
        case.fte_current,
        case.fte_change,
        fte_moved=case.fte_moved,
        second_fte=case.second_fte,
    )
    if problems := kind_problems(facts):
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
    errors: dict[str, str] = {}
    org_id = data.get("organisation_id")
    if org_id is not None:
        org = db.session.get(Organisation, org_id)
        # The ministry holding the case now: an organisation of JenV for a case filed under
        # Asiel en Migratie, which JenV took over.
        if org is None or holder_of(org.ministry_id) != case.holder_ministry_id:
            errors["organisation_id"] = "Kies een organisatie van het eigen ministerie."
        elif case.case_type == "zbo_gesprek" and not (org.is_zbo and org.confirmed):
            errors["organisation_id"] = "Een zbo-gesprek gaat over een bevestigde zbo."
    for name in ("current_province_id", "proposed_province_id", "second_province_id"):
        if data.get(name) is not None and db.session.get(Province, data[name]) is None:
            errors[name] = "Onbekende provincie."
    if (
        data.get("masterplan_id") is not None
        and db.session.get(Masterplan, data["masterplan_id"]) is None
    ):
        errors["masterplan_id"] = "Onbekend masterplan."
    for name in ("fte_current", "fte_moved", "second_fte"):
        if data.get(name) is not None and data[name] < 0:
            errors[name] = "Het aantal fte kan niet negatief zijn."
    if data.get("change_kind") not in (None, "", *CHANGE_KINDS):
        errors["change_kind"] = "Kies een soort wijziging uit de lijst."
    if data.get("labour_market_scan") not in (None, "", *LABOUR_MARKET_OUTCOMES):
        errors["labour_market_scan"] = "Kies een uitkomst uit de lijst."
    return errors


# Free-text fields are stored as "" when empty, never NULL, so "missing" has one meaning.
TEXT_FIELDS = frozenset(
    {
        "title",
        "unit_name",
        "current_place",
        "proposed_place",
        "motivation",
        "labour_market_scan",
        "labour_market_note",
        "minister",
        "change_kind",
        "second_place",
    }
)


def _normalised(name: str, value: Any) -> Any:
    if name in TEXT_FIELDS:
        return (value or "").strip()
    if name == "change_request":
        return bool(value)
    return value


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
