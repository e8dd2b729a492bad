"""The case timeline as a person reads it: names instead of ids, labels instead of codes and
dates the Dutch way. The audit events keep their raw values (they are hash-chained and never
change); only this read side translates them. Every kind of reference is looked up once for
the whole timeline (users, organisations, provinces, masterplans), never per event."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

import workflows
from caseflow.domain.impact import CHANGE_KINDS
from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Masterplan, Organisation, Province, User
from caseflow.models.document import KINDS
from caseflow.services import permissions
from caseflow.services.audit import trail
from caseflow.services.cases import documents
from caseflow.services.cases.filing import FIELD_LABELS, LABOUR_MARKET_OUTCOMES
from caseflow.services.reporting import tabular
from caseflow.web.documents import file_size
from caseflow.web.filters import NONE, OUTCOMES, date_text, datetime_text, number_text, signed_fte
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
# Case fields that refer to another row, and the kind of row; every "…_province_id" is a
# province (current, proposed, agreed, a second location).
REFERENCE_FIELDS: dict[str, type[Organisation | Province | Masterplan | User]] = {
    "organisation_id": Organisation,
    "masterplan_id": Masterplan,
    "assignee_id": User,
}
# Case fields holding a code, with the labels of their codes.
CODE_FIELDS: dict[str, dict[str, str]] = {
    "labour_market_scan": LABOUR_MARKET_OUTCOMES,
    "change_kind": CHANGE_KINDS,
}
FTE_FIELDS = frozenset({"fte_change"})
DATE_FIELDS = frozenset({"talk_date"})


def _reference_model(name: str) -> type[Organisation | Province | Masterplan | User] | None:
    return Province if name.endswith("_province_id") else REFERENCE_FIELDS.get(name)


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
    events = permissions.visible_events(user, trail.timeline(case.id), documents.documents_of(case))
    names = Names.for_events(events)
    return [_entry(user, e, names) for e in events]


class Names:
    """The names behind the ids in a set of events, one query per kind of row."""

    def __init__(self, by_kind: dict[type[Any], dict[int, str]]) -> None:
        self.by_kind = by_kind

    @classmethod
    def for_events(cls, events: Sequence[CaseEvent]) -> Names:
        wanted: dict[type[Any], set[int]] = {}
        for e in events:
            if e.actor_id is not None:
                wanted.setdefault(User, set()).add(e.actor_id)
            data = e.data or {}
            if isinstance(data.get("behandelaar"), int):  # intake: the adviser's id
                wanted.setdefault(User, set()).add(data["behandelaar"])
            for name, change in _field_changes(data):
                model = _reference_model(name)
                if model is not None:
                    ids = wanted.setdefault(model, set())
                    ids.update(v for v in change if isinstance(v, int))
        return cls({model: _names(model, ids) for model, ids in wanted.items()})

    def name(self, model: type[Any], key: Any) -> str:
        if key is None or key == "":
            return NONE
        found = self.by_kind.get(model, {}).get(key) if isinstance(key, int) else None
        # A row that no longer exists: say so rather than show its number.
        return found if found is not None else _("(onbekend)")


def _names(model: type[Any], ids: Iterable[int]) -> dict[int, str]:
    if model is Masterplan:
        rows = db.session.execute(
            select(Masterplan.id, Masterplan.name, Masterplan.period).where(
                Masterplan.id.in_(sorted(ids))
            )
        )
        return {key: f"{name} ({period})" for key, name, period in rows}
    query = select(model.id, model.name).where(model.id.in_(sorted(ids)))
    names: dict[int, str] = {}
    for key, name in db.session.execute(query):
        names[key] = name
    return names


def _field_changes(data: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    fields = data.get("velden")
    if not isinstance(fields, dict):
        return []
    return [(n, list(c)) for n, c in fields.items() if isinstance(c, list | tuple) and len(c) == 2]


def _entry(user: User, e: CaseEvent, names: Names) -> TimelineEntry:
    shown = permissions.shown_state
    data = e.data or {}
    return TimelineEntry(
        e.at,
        names.name(User, e.actor_id) if e.actor_id is not None else _("Systeem"),
        e.kind,
        e.action,
        shown(user, e.from_state) if e.from_state else "",
        shown(user, e.to_state) if e.to_state else "",
        e.comment,
        data,
        [(_label(k), _detail(user, k, v, names)) for k, v in data.items() if k not in HIDDEN_KEYS],
        [_change(name, change, names) for name, change in _field_changes(data)],
    )


def _label(key: str) -> str:
    label = EVENT_DATA_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ").capitalize()


def _detail(user: User, key: str, value: Any, names: Names) -> str:
    if key == "behandelaar" and isinstance(value, int):
        return names.name(User, value)
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
    model = _reference_model(name)
    if model is not None:
        return names.name(model, value)
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
    definition = workflows.definition(case.case_type, case.workflow_version)
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
