"""The wide case row: one case with the names of everything it refers to, read in one
query without loading ORM objects. Shared by the case list export and the annual overview,
so the columns, joins and the way organisation and location read are written once.

``wide_select`` labels every column after a field of :class:`CaseLine`; ``lines`` turns
the result rows into CaseLines by name, never by position.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select
from sqlalchemy.orm import aliased

import workflows
from caseflow.models import Case, Ministry, Organisation, Province, User


@dataclass(frozen=True)
class CaseLine:
    id: int
    reference: str
    title: str
    case_type: str
    workflow_version: int
    state: str  # as the query chose to read it: shown to the user, or on a peildatum
    outcome: str
    ministry: str  # the abbreviation
    organisation_name: str | None
    organisation_abbreviation: str | None
    unit_name: str
    fte_current: int | None
    fte_change: int | None
    current_province: str | None
    current_place: str
    proposed_province: str | None
    proposed_place: str
    agreed_province: str | None
    agreed_place: str
    assignee: str | None
    next_due_on: date | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None

    @property
    def organisation(self) -> str:
        """'IND' or, for a unit of it, 'Meldpunt (IND)'; as ``Case.organisation_label``."""
        if self.organisation_name and self.unit_name:
            return f"{self.unit_name} ({self.organisation_abbreviation})"
        return self.organisation_name or self.unit_name

    @property
    def current_location(self) -> str:
        return _location(self.current_province, self.current_place)

    @property
    def proposed_location(self) -> str:
        return _location(self.proposed_province, self.proposed_place)

    @property
    def agreed_location(self) -> str:
        return _location(self.agreed_province, self.agreed_place)

    @property
    def type_label(self) -> str:
        return labels(self.case_type, self.workflow_version, self.state)[0]

    @property
    def state_label(self) -> str:
        return labels(self.case_type, self.workflow_version, self.state)[1]


FIELDS = tuple(f.name for f in fields(CaseLine))


def _location(province: str | None, place: str) -> str:
    if province and place:
        return f"{place} ({province})"
    return place or province or ""


def labels(case_type: str, version: int, state: str) -> tuple[str, str]:
    """The labels of type and state; the stored codes for a workflow this version lacks."""
    try:
        definition = workflows.definition(case_type, version)
    except KeyError:
        return case_type, state
    return definition.label, definition.state_label(state)


def wide_select(state: ColumnElement[str] | None = None) -> Select[Any]:
    """Every CaseLine column, labelled with its field name, from cases joined to their
    ministry, organisation, provinces and assignee. ``state``: how to read the state
    (default ``cases.state``). Callers add their own WHERE and ORDER BY."""
    current, proposed, agreed = aliased(Province), aliased(Province), aliased(Province)
    assignee = aliased(User)
    columns: dict[str, Any] = {
        "id": Case.id,
        "reference": Case.reference,
        "title": Case.title,
        "case_type": Case.case_type,
        "workflow_version": Case.workflow_version,
        "state": Case.state if state is None else state,
        "outcome": Case.outcome,
        "ministry": Ministry.abbreviation,
        "organisation_name": Organisation.name,
        "organisation_abbreviation": Organisation.abbreviation,
        "unit_name": Case.unit_name,
        "fte_current": Case.fte_current,
        "fte_change": Case.fte_change,
        "current_province": current.name,
        "current_place": Case.current_place,
        "proposed_province": proposed.name,
        "proposed_place": Case.proposed_place,
        "agreed_province": agreed.name,
        "agreed_place": Case.agreed_place,
        "assignee": assignee.name,
        "next_due_on": Case.next_due_on,
        "created_at": Case.created_at,
        "updated_at": Case.updated_at,
        "closed_at": Case.closed_at,
    }
    return (
        select(*(column.label(name) for name, column in columns.items()))
        .select_from(Case)
        .join(Ministry, Ministry.id == Case.ministry_id)
        .outerjoin(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(current, current.id == Case.current_province_id)
        .outerjoin(proposed, proposed.id == Case.proposed_province_id)
        .outerjoin(agreed, agreed.id == Case.agreed_province_id)
        .outerjoin(assignee, assignee.id == Case.assignee_id)
    )


def line(row: Row[Any]) -> CaseLine:
    return CaseLine(**row._asdict())


def lines(rows: Iterable[Row[Any]]) -> Iterator[CaseLine]:
    return (line(row) for row in rows)
