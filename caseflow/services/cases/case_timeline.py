"""The events of a case's timeline that a user may read, and the names behind the ids in
them. Every kind of reference is looked up once for the whole timeline (users,
organisations, provinces, masterplans), never per event; turning them into readable text
(labels, Dutch dates) is the web layer's ``timeline``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models import Case, CaseEvent, Document, Masterplan, Organisation, Province, User
from caseflow.services import permissions
from caseflow.services.audit import trail

Reference = type[Organisation | Province | Masterplan | User]

# Case fields that refer to another row, and the kind of row; every "…_province_id" is a
# province (current, proposed, agreed, a second location).
REFERENCE_FIELDS: dict[str, Reference] = {
    "organisation_id": Organisation,
    "masterplan_id": Masterplan,
    "assignee_id": User,
}


def _reference_model(name: str) -> Reference | None:
    return Province if name.endswith("_province_id") else REFERENCE_FIELDS.get(name)


def refers_to_row(field: str) -> bool:
    """Whether a case field holds the id of another row (shown by its name)."""
    return _reference_model(field) is not None


def field_changes(data: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """The (field, [old, new]) pairs an event's data records; malformed entries left out."""
    fields = data.get("velden")
    if not isinstance(fields, dict):
        return []
    return [(n, list(c)) for n, c in fields.items() if isinstance(c, list | tuple) and len(c) == 2]


@dataclass(frozen=True)
class Names:
    """The names behind the ids in a set of events, one query per kind of row. A lookup
    gives None for an id without a row (the reader is told so, never shown the number)."""

    by_kind: dict[type[Any], dict[int, str]]

    @classmethod
    def for_events(cls, events: Sequence[CaseEvent]) -> Names:
        wanted: dict[type[Any], set[int]] = {}
        for e in events:
            if e.actor_id is not None:
                wanted.setdefault(User, set()).add(e.actor_id)
            data = e.data or {}
            if isinstance(data.get("behandelaar"), int):  # intake: the adviser's id
                wanted.setdefault(User, set()).add(data["behandelaar"])
            for name, change in field_changes(data):
                model = _reference_model(name)
                if model is not None:
                    ids = wanted.setdefault(model, set())
                    ids.update(v for v in change if isinstance(v, int))
        return cls({model: _names(model, ids) for model, ids in wanted.items()})

    def user(self, key: Any) -> str | None:
        return self._lookup(User, key)

    def of_field(self, field: str, key: Any) -> str | None:
        """The name behind the id in case field ``field`` (see ``refers_to_row``)."""
        model = _reference_model(field)
        return self._lookup(model, key) if model is not None else None

    def _lookup(self, model: type[Any], key: Any) -> str | None:
        if not isinstance(key, int):
            return None
        return self.by_kind.get(model, {}).get(key)


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


@dataclass(frozen=True)
class CaseTimeline:
    """The events of a case a user may read, oldest first, with the names they refer to."""

    events: list[CaseEvent]
    names: Names


def case_timeline(user: User, case: Case, documents: Iterable[Document]) -> CaseTimeline:
    """No BZK-internal steps for a ministry, and no trace of documents it may not see
    (``documents``: all documents of the case; the caller already checked case access)."""
    events = permissions.visible_events(user, trail.timeline(case.id), documents)
    return CaseTimeline(events, Names.for_events(events))
