"""The case timeline as a person reads it: names instead of ids, labels instead of codes and
dates the Dutch way. The audit events keep their raw values (they are hash-chained and never
change); only this read side translates them. Every kind of reference is looked up once for
the whole timeline (users, organisations, provinces, masterplans), never per event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.domain.impact import CHANGE_KINDS
from caseflow.services import permissions
from caseflow.services.cases import documents, lifecycle
from caseflow.services.cases.case_timeline import (
    CaseTimeline,
    Names,
    case_timeline,
    field_changes,
    refers_to_row,
)
from caseflow.services.cases.filing import FIELD_LABELS, LABOUR_MARKET_OUTCOMES
from caseflow.services.reporting import tabular
from caseflow.services.vocabulary import DOCUMENT_KINDS as KINDS
from caseflow.web.documents import file_size
from caseflow.web.filters import NONE, OUTCOMES, date_text, datetime_text, number_text, signed_fte

if TYPE_CHECKING:
    from caseflow.models import Case, CaseEvent, User
    from workflows.base import WorkflowDefinition

# Labels of the keys in the data of timeline events (audit.record ``data``). Unknown keys
# show as the key with spaces, capitalised.
EVENT_DATA_LABELS = {
    "aanvulling": _l("Aanvulling"),
    "actie": _l("Actie"),
    "behandelaar": _l("Behandelaar"),
    "besloten_op": _l("Besloten op"),
    "besluit": _l("Besluit"),
    "bezwaren": _l("Bezwaren"),
    "eigenaar": _l("Eigenaar"),
    "gekoppeld_aan": _l("Gekoppeld aan"),
    "gekoppelde_zaak": _l("Gekoppelde zaak"),
    "grootte": _l("Grootte"),
    "locatie": _l("Locatie"),
    "naam": _l("Naam"),
    "nieuwe_datum": _l("Nieuwe datum"),
    "onderraad": _l("Onderraad"),
    "opmerkingen": _l("Opmerkingen"),
    "reden": _l("Reden"),
    "sha256": _l("Sha256"),
    "soort": _l("Soort"),
    "status": _l("Status"),
    "toelichting": _l("Toelichting"),
    "uiterlijk": _l("Uiterlijk"),
    "uitkomst": _l("Uitkomst"),
    "vergadering": _l("Vergadering"),
    "verslag": _l("Verslag"),
    "versie": _l("Versie"),
    "vraag": _l("Vraag"),
}
# Data keys that hold a date (stored as ISO text) or a reference a reader has no use for.
DATE_KEYS = frozenset({"besloten_op", "nieuwe_datum", "uiterlijk", "vergadering"})
HIDDEN_KEYS = frozenset({"document", "velden"})  # the document id; the field changes
# An advice version's status as the advice panel names it.
ADVICE_STATUS = {
    "concept": _l("concept"),
    "ter_goedkeuring": _l("ter goedkeuring"),
    "teruggestuurd": _l("teruggestuurd"),
    "uitgebracht": _l("uitgebracht"),
}
# Case fields holding a code, with the labels of their codes.
CODE_FIELDS: dict[str, dict[str, str]] = {
    "labour_market_scan": LABOUR_MARKET_OUTCOMES,
    "change_kind": CHANGE_KINDS,
}
FTE_FIELDS = frozenset({"fte_change"})
DATE_FIELDS = frozenset({"talk_date"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class TimelineEntry:
    """An audit event as the user is shown it (states as ``permissions.shown_state``), with
    its data as (label, readable value) pairs and its field changes resolved to names."""

    at: datetime
    actor_name: str
    kind: str
    action: str
    from_state: str
    to_state: str
    comment: str
    data: dict[str, Any]
    details: list[tuple[str, str]]
    changes: list[FieldChange]


def timeline(user: User, case: Case) -> list[TimelineEntry]:
    """The events of the case the user may read: no BZK-internal steps for a ministry, and
    no trace of documents it may not see."""
    return entries(user, case_timeline(user, case, documents.documents_of(case)))


def entries(user: User, found: CaseTimeline) -> list[TimelineEntry]:
    """The timeline as the user reads it: names, labels and dates the Dutch way."""
    return [_entry(user, e, found.names) for e in found.events]


def _name(found: str | None, key: Any) -> str:
    if key is None or key == "":
        return NONE
    # A row that no longer exists: say so rather than show its number.
    return found if found is not None else _("(onbekend)")


def _entry(user: User, e: CaseEvent, names: Names) -> TimelineEntry:
    shown = permissions.shown_state
    data = e.data or {}
    return TimelineEntry(
        e.at,
        _name(names.user(e.actor_id), e.actor_id) if e.actor_id is not None else _("Systeem"),
        e.kind,
        e.action,
        shown(user, e.from_state) if e.from_state else "",
        shown(user, e.to_state) if e.to_state else "",
        e.comment,
        data,
        [(_label(k), _detail(user, k, v, names)) for k, v in data.items() if k not in HIDDEN_KEYS],
        [_change(name, change, names) for name, change in field_changes(data)],
    )


def _label(key: str) -> str:
    label = EVENT_DATA_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def _detail(user: User, key: str, value: Any, names: Names) -> str:
    if key == "behandelaar" and isinstance(value, int):
        return _name(names.user(value), value)
    if key in DATE_KEYS:
        return _date(value)
    if key == "status" and value in ADVICE_STATUS:
        return str(ADVICE_STATUS[value])
    if key == "uitkomst":
        return str(OUTCOMES[value]) if value in OUTCOMES else _plain(value)
    if key == "soort" and value in KINDS:
        return str(_(KINDS[value]))
    if key == "grootte" and isinstance(value, int):
        return file_size(value)
    return _plain(value)


def _change(name: str, change: list[Any], names: Names) -> FieldChange:
    label = _(FIELD_LABELS[name]) if name in FIELD_LABELS else name.replace("_", " ").capitalize()
    old, new = change
    return FieldChange(label, _field_value(name, old, names), _field_value(name, new, names))


def _field_value(name: str, value: Any, names: Names) -> str:
    if value is None or value == "":
        return NONE
    if refers_to_row(name):
        return _name(names.of_field(name, value), value)
    labels = CODE_FIELDS.get(name, {})
    if value in labels:
        return str(_(labels[value]))
    if name in DATE_FIELDS:
        return _date(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return signed_fte(value) if name in FTE_FIELDS else number_text(value)
    return _plain(value)


def _date(value: Any) -> str:
    if isinstance(value, date):
        return date_text(value)
    try:
        return date_text(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return _plain(value)


def _plain(value: Any) -> str:
    """A yes/no shows ja/nee, never Python's True/False; nothing shows as a dash."""
    if value is None:
        return NONE
    if value is True:
        return str(_("ja"))
    if value is False:
        return str(_("nee"))
    return str(value)


# -- export ------------------------------------------------------------------------------------

CSV_HEADERS = ("Moment", "Door", "Gebeurtenis", "Van", "Naar", "Toelichting", "Gegevens")
KIND_TEXTS = {"aanmaak": "zaak aangemaakt", "wijziging": "gegevens gewijzigd"}
DOCUMENT_TEXTS = {
    "document_toevoegen": "document toegevoegd",
    "document_delen": "document gedeeld met het ministerie",
    "document_downloaden": "document gedownload",
}


def csv_export(user: User, case: Case) -> bytes:
    """The timeline as the user may read it, as the case page shows it (names, labels,
    Dutch dates), for an auditor or a Woo request, written by the one tabular writer."""
    definition = lifecycle.definition_of(case)
    rows: list[tabular.Row] = [tabular.Heading(CSV_HEADERS)]
    rows += [_csv_row(e, definition) for e in timeline(user, case)]
    return tabular.csv_document(rows)


def _csv_row(e: TimelineEntry, definition: WorkflowDefinition) -> tuple[str, ...]:
    return (
        datetime_text(e.at),
        e.actor_name,
        _event_text(e, definition),
        definition.state_label(e.from_state) if e.from_state else "",
        definition.state_label(e.to_state) if e.to_state else "",
        e.comment,
        "; ".join(
            [f"{label}: {value}" for label, value in e.details]
            + [f"{c.label}: {c.old} → {c.new}" for c in e.changes]
        ),
    )


def _event_text(e: TimelineEntry, definition: WorkflowDefinition) -> str:
    if e.kind in KIND_TEXTS:
        return KIND_TEXTS[e.kind]
    if e.action in DOCUMENT_TEXTS:
        return DOCUMENT_TEXTS[e.action]
    found = definition.action(e.action)
    return found.label if found else e.action.replace("_", " ")
