"""Read side: case lists with filters and keyset pagination, and work queues per role.
Every query starts from ``access.visible_to`` so nothing leaks into lists or counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import joinedload

import workflows
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Case, Deadline, User
from caseflow.models.deadline import PAUSED, RUNNING
from caseflow.services.access import visible_to
from workflows.base import ADVISEUR


@dataclass(frozen=True)
class CaseFilter:
    case_type: str = ""
    state: str = ""
    ministry_id: int | None = None
    province_id: int | None = None
    assignee_id: int | None = None
    waiting_for: str = ""  # a role: only cases waiting for an action of that role
    overdue: bool = False  # only cases with a running deadline past its due date


@dataclass(frozen=True)
class Page:
    cases: Sequence[Case]
    next_after: int | None


def filtered(user: User, f: CaseFilter) -> Select[Case]:
    query = select(Case).where(visible_to(user))
    if f.case_type:
        query = query.where(Case.case_type == f.case_type)
    if f.state:
        query = query.where(Case.state == f.state)
    if f.ministry_id:
        query = query.where(Case.ministry_id == f.ministry_id)
    if f.province_id:
        query = query.where(
            or_(
                Case.current_province_id == f.province_id,
                Case.proposed_province_id == f.province_id,
            )
        )
    if f.assignee_id:
        query = query.where(Case.assignee_id == f.assignee_id)
    if f.waiting_for:
        query = query.where(waiting_clause(user, f.waiting_for))
    if f.overdue:
        query = query.where(overdue_clause(local_today()))
    return query


def overdue_clause(today: date) -> ColumnElement[bool]:
    """EXISTS a running deadline of the case due before ``today`` (on the deadline indexes)."""
    return (
        select(Deadline.id)
        .where(Deadline.case_id == Case.id, Deadline.status == RUNNING, Deadline.due_on < today)
        .exists()
    )


@dataclass(frozen=True)
class NextDeadline:
    """The nearest open deadline of a case, as a case list shows it."""

    label: str
    due_on: date
    paused: bool
    overdue: bool


def nearest_deadlines(
    case_ids: Iterable[int], today: date | None = None
) -> dict[int, NextDeadline]:
    """Per case id, its open deadline with the earliest due date: one query for a whole page.
    The ids come from a list the user may already see."""
    wanted = sorted(set(case_ids))
    if not wanted:
        return {}
    day = today or local_today()
    rows = db.session.execute(
        select(Deadline.case_id, Deadline.label, Deadline.due_on, Deadline.status)
        .where(Deadline.case_id.in_(wanted), Deadline.status.in_((RUNNING, PAUSED)))
        .order_by(Deadline.case_id, Deadline.due_on, Deadline.id)
    )
    result: dict[int, NextDeadline] = {}
    for case_id, label, due_on, status in rows:
        if case_id not in result:
            paused = status == PAUSED
            result[case_id] = NextDeadline(label, due_on, paused, not paused and due_on < day)
    return result


def page(user: User, f: CaseFilter, after: int | None, size: int) -> Page:
    """Newest first; ``after`` is the last id of the previous page (keyset, no OFFSET)."""
    query = filtered(user, f)
    if after:
        query = query.where(Case.id < after)
    query = (
        query.order_by(Case.id.desc())
        .limit(size + 1)
        .options(
            joinedload(Case.ministry), joinedload(Case.organisation), joinedload(Case.assignee)
        )
    )
    rows = list(db.session.scalars(query))
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, rows[-1].id if more and rows else None)


def count(user: User, f: CaseFilter) -> int:
    sub = filtered(user, f).with_only_columns(Case.id).subquery()
    return db.session.scalar(select(func.count()).select_from(sub)) or 0


def actionable_states(role: str) -> dict[str, set[str]]:
    """Per case type, the open states in which the case waits for an action of ``role``:
    derived from the workflows, leaving out side actions. Without that, every open case
    would be "waiting for" the ministry (it may withdraw) and 'aanvulling_gevraagd' for the
    coordinator (who may reassign)."""
    result: dict[str, set[str]] = {}
    for code in workflows.CASE_TYPES:
        definition = workflows.latest(code)
        result[code] = {
            state
            for a in definition.actions
            if role in a.roles and not a.side
            for state in a.sources
        } - definition.final_states
    return result


def waiting_clause(user: User, role: str) -> ColumnElement[bool]:
    """Cases in which ``role`` can act; an adviser only sees unassigned ones and his own."""
    per_type = [
        and_(Case.case_type == code, Case.state.in_(sorted(states)))
        for code, states in actionable_states(role).items()
        if states
    ]
    clause = or_(false(), *per_type)  # a role without actions (beheerder) waits for nothing
    if role == ADVISEUR:
        clause = and_(clause, or_(Case.assignee_id.is_(None), Case.assignee_id == user.id))
    return clause


def state_counts(user: User) -> dict[str, int]:
    """Visible cases counted per "case_type:state"."""
    rows = db.session.execute(
        select(Case.case_type, Case.state, func.count(Case.id))
        .where(visible_to(user))
        .group_by(Case.case_type, Case.state)
    )
    return {f"{case_type}:{state}": int(n) for case_type, state, n in rows}
