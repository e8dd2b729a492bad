"""Read side: case lists with search, filters, sorting and keyset pagination, and the work
queues per role. Every query starts from ``access.visible_to`` so nothing leaks into
lists, counts or exports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, false, func, literal, or_, select, union
from sqlalchemy.orm import joinedload

import workflows
from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import Advice, AssigneeCount, Case, CaseCount, Deadline, User
from caseflow.models.deadline import PAUSED, RUNNING
from caseflow.services import permissions
from caseflow.services.caselists.case_counts import NOBODY
from caseflow.services.caselists.case_search import search_clause
from caseflow.services.caselists.case_sort import (
    EMPTY_LAST,
    NEWEST,
    Sort,
    after_clause,
    decode_cursor,
    encode_cursor,
    sort_key,
)
from caseflow.services.caselists.columns import list_relations
from caseflow.services.cases.access import held_by, holder_of, visible_to
from caseflow.services.deadlines.tracking import calendar
from workflows.base import ADVISEUR, BEHEERDER, COORDINATOR, MINISTERIE, SECRETARIAAT

Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
__all__ = ["NEWEST", "Sort"]  # re-exported: views import the whole read side from here

TE_DOEN, BIJNA_VERLOPEN = "te_doen", "bijna_verlopen"
VERLOPEN, MIJN_ZAKEN = "verlopen", "mijn_zaken"
QUEUES: tuple[str, ...] = (TE_DOEN, BIJNA_VERLOPEN, VERLOPEN, MIJN_ZAKEN)
QUEUE_LABELS = {
    TE_DOEN: "Te doen",
    BIJNA_VERLOPEN: "Bijna verlopen",
    VERLOPEN: "Verlopen",
    MIJN_ZAKEN: "Mijn zaken",
}
# "Bijna verlopen": a running deadline due within this many working days.
SOON_WORKING_DAYS = 5
# Whose deadlines a role watches (Deadline.responsible_role); the coordinator leads the
# advisers, so BZK's deadlines are his too.
RESPONSIBLE: dict[str, tuple[str, ...]] = {
    MINISTERIE: (MINISTERIE,),
    ADVISEUR: (ADVISEUR,),
    COORDINATOR: (ADVISEUR, COORDINATOR),
    SECRETARIAAT: (SECRETARIAAT,),
}


def queues_for(role: str) -> tuple[str, ...]:
    """The work queues a role has; the secretariat has no cases of its own (its board is
    /ministerraad) and the administrator sees no cases at all."""
    if role == BEHEERDER:
        return ()
    if role == SECRETARIAAT:
        return (TE_DOEN, BIJNA_VERLOPEN, VERLOPEN)
    return QUEUES


@dataclass(frozen=True)
class CaseFilter:
    case_type: str = ""
    state: str = ""
    ministry_id: int | None = None
    province_id: int | None = None
    assignee_id: int | None = None
    waiting_for: str = ""  # a role: only cases waiting for an action of that role
    overdue: bool = False  # only cases with a running deadline past its due date (any role)
    queue: str = ""  # one of QUEUES: the user's own work queue
    q: str = ""  # free text: reference, title, organisation, unit, place
    publication: str = ""  # Woo decision of closed cases; "nog_niet": closed, undecided
    masterplan_id: int | None = None  # the cases of one masterplan (its page)


UNDECIDED = "nog_niet"


@dataclass(frozen=True)
class Page:
    cases: Sequence[Case]
    next_after: int | None  # the last id on this page when there is a next page
    next_cursor: str | None = None  # the ``na`` value that continues after this page


def conditions(user: User, f: CaseFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter: shared by lists, counts and exports."""
    where: list[ColumnElement[bool]] = [visible_to(user)]
    if f.case_type:
        where.append(Case.case_type == f.case_type)
    if f.state:
        # As the user is shown the states: a ministry's 'in behandeling' includes approval.
        where.append(Case.state.in_(permissions.states_shown_as(user, f.state)))
    if f.ministry_id:
        where.append(Case.ministry_id == f.ministry_id)
    if f.masterplan_id:
        where.append(Case.masterplan_id == f.masterplan_id)
    if f.province_id:
        where.append(
            or_(
                Case.current_province_id == f.province_id,
                Case.proposed_province_id == f.province_id,
            )
        )
    if f.assignee_id:
        where.append(Case.assignee_id == f.assignee_id)
    if f.waiting_for:
        where.append(waiting_clause(user, f.waiting_for))
    if f.overdue:
        where.append(overdue_clause(local_today()))
    if f.publication:
        where.extend(publication_clause(f.publication))
    if f.queue:
        where.append(queue_clause(user, f.queue))
    found = search_clause(f.q)
    if found is not None:
        where.append(found)
    return where


def filtered(user: User, f: CaseFilter) -> Select[Case]:
    return select(Case).where(*conditions(user, f))


def publication_clause(decision: str) -> list[ColumnElement[bool]]:
    """Closed cases with that Woo decision ("nog_niet": closed without one yet)."""
    if decision == UNDECIDED:
        return [Case.closed_at.is_not(None), Case.publication == ""]
    return [Case.publication == decision]


def overdue_clause(today: date) -> ColumnElement[bool]:
    """EXISTS a running deadline of the case due before ``today`` (on the deadline indexes)."""
    return (
        select(Deadline.id)
        .where(Deadline.case_id == Case.id, Deadline.status == RUNNING, Deadline.due_on < today)
        .exists()
    )


def queue_clause(user: User, queue: str) -> ColumnElement[bool]:
    """The work queue ``queue`` of ``user``; an unknown queue, or one the role does not
    have, is empty rather than an error."""
    if queue not in queues_for(user.role):
        return false()
    if queue == TE_DOEN:
        return own_tasks_clause(user)
    if queue == MIJN_ZAKEN:
        if user.role == MINISTERIE:
            return Case.created_by_id == user.id
        return Case.assignee_id == user.id
    today = local_today()
    if queue == VERLOPEN:
        return responsible_deadline_clause(user, due_before=today)
    cutoff = calendar().add_working_days(today, SOON_WORKING_DAYS)
    soon = responsible_deadline_clause(user, due_from=today, due_until=cutoff)
    # The coordinator's almost-due terms are those of his own tasks, not every intake.
    return and_(soon, own_tasks_clause(user)) if user.role == COORDINATOR else soon


def own_tasks_clause(user: User) -> ColumnElement[bool]:
    """The user's own work: the cases waiting for his role. For the coordinator, who may do
    everything an adviser does, the handler's steps (intake, drafting) count only on the
    cases assigned to him; what only he does (approve, send back, close) counts on every
    case, except approving a draft he wrote himself (four-eyes)."""
    if user.role != COORDINATOR:
        return waiting_clause(user, user.role)
    own = actionable_states(COORDINATOR, without=ADVISEUR)
    handler = actionable_states(ADVISEUR)  # the handler's steps
    only_his = or_(false(), *(_in_states(code, states) for code, states in own.items() if states))
    as_handler = or_(
        false(), *(_in_states(code, states) for code, states in handler.items() if states)
    )
    own_draft = (
        select(Advice.id)
        .where(
            Advice.case_id == Case.id,
            Advice.status == "ter_goedkeuring",
            Advice.drafted_by_id == user.id,
        )
        .exists()
    )
    return or_(and_(only_his, ~own_draft), and_(as_handler, Case.assignee_id == user.id))


def _in_states(code: str, states: set[str]) -> ColumnElement[bool]:
    return and_(Case.case_type == code, Case.state.in_(sorted(states)))


def responsible_deadline_clause(
    user: User,
    *,
    due_before: date | None = None,
    due_from: date | None = None,
    due_until: date | None = None,
) -> ColumnElement[bool]:
    """The case has a running deadline, due in the given window, that the user's role answers
    for: ``cases.id IN (…)`` over the running deadlines' partial indexes, so the few
    matching deadlines lead instead of every case being checked for one.
    An adviser watches unassigned cases and his own, as in his "te doen" queue."""
    window = _due_window(due_before, due_from, due_until)
    return Case.id.in_(union(*_responsible_deadlines(user, window)))


def _due_window(
    due_before: date | None, due_from: date | None, due_until: date | None
) -> list[ColumnElement[bool]]:
    where = []
    if due_before is not None:
        where.append(Deadline.due_on < due_before)
    if due_from is not None:
        where.append(Deadline.due_on >= due_from)
    if due_until is not None:
        where.append(Deadline.due_on <= due_until)
    return where


def _responsible_deadlines(user: User, window: list[ColumnElement[bool]]) -> list[Select[Any]]:
    """The case ids of the running deadlines of the user's role in the window, of the cases
    he watches: an adviser's unassigned and his own, a ministry user's holder's (the case's
    handler and holder are copied onto the deadline: services.deadlines.case_facts). One
    range of a partial index each: the status is written into the SQL so that the planner
    may use them whatever the plan."""
    running = [
        Deadline.status == literal(RUNNING, literal_execute=True),
        Deadline.responsible_role.in_(RESPONSIBLE.get(user.role, ())),
        *window,
    ]
    found = select(Deadline.case_id).where(*running)
    if user.role == ADVISEUR:
        return [
            found.where(Deadline.case_assignee_id.is_(None)),
            found.where(Deadline.case_assignee_id == user.id),
        ]
    if user.role == MINISTERIE:
        if user.ministry_id is None:
            return [found.where(false())]
        return [found.where(Deadline.case_holder_id == holder_of(user.ministry_id))]
    return [found]


def _deadline_queue_count(user: User, queue: str) -> int:
    """The number of cases in a deadline queue, capped at COUNT_CAP + 1 as ``count`` is,
    from the deadlines alone (their cases' handler and holder are on them)."""
    cap = int(current_app.config["COUNT_CAP"])
    today = local_today()
    if queue == VERLOPEN:
        window = _due_window(today, None, None)
    else:
        cutoff = calendar().add_working_days(today, SOON_WORKING_DAYS)
        window = _due_window(None, today, cutoff)
    cases = union(*_responsible_deadlines(user, window)).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(cases)) or 0


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


def ordered(query: Q, sort: Sort, *, empty_last: bool = True) -> Q:
    """ORDER BY the sort key and then the id, in the same direction (keyset-friendly).
    Rows without a value (EMPTY_LAST columns) come last; ``empty_last=False`` leaves that
    out for a query that has excluded them, so a descending scan can use the index."""
    if not sort.column:
        return query.order_by(Case.id.desc() if sort.descending else Case.id.asc())
    key = sort_key(sort)
    by_key = key.desc() if sort.descending else key.asc()
    if empty_last and sort.column in EMPTY_LAST:
        by_key = by_key.nulls_last()
    return query.order_by(by_key, Case.id.desc() if sort.descending else Case.id.asc())


def page(user: User, f: CaseFilter, after: int | None, size: int) -> Page:
    """Newest first; ``after`` is the last id of the previous page (keyset, no OFFSET)."""
    return sorted_page(user, f, NEWEST, str(after) if after else None, size)


# A case and the value it is sorted on.
CaseRow = tuple[Case, Any]


def sorted_page(user: User, f: CaseFilter, sort: Sort, cursor: str | None, size: int) -> Page:
    """One page in ``sort`` order. ``cursor`` (the ``na`` parameter) holds the sort value
    and id of the last row shown; the next page starts strictly after that pair, which is
    a range scan on a (column, id) index instead of an OFFSET. A cursor that does not
    decode, or belongs to another sort, is ignored: the first page."""
    position = decode_cursor(sort, cursor)
    if sort.column in EMPTY_LAST:
        rows = _rows_empty_last(user, f, sort, position, size + 1)
    else:
        query = filtered(user, f).add_columns(sort_key(sort))
        if position is not None:
            query = query.where(after_clause(sort, *position))
        rows = _fetch(ordered(query, sort).limit(size + 1))
    if len(rows) <= size:
        return Page([case for case, _ in rows], None)
    rows = rows[:size]
    last_case, last_value = rows[-1]
    return Page(
        [case for case, _ in rows], last_case.id, encode_cursor(sort, last_value, last_case.id)
    )


def _rows_empty_last(
    user: User, f: CaseFilter, sort: Sort, position: tuple[Any, int] | None, limit: int
) -> list[CaseRow]:
    """The rows with a value in sort order, then those without one by id: two range scans
    on the (column, id) index, since NULL cannot take part in a row-value comparison."""
    key = sort_key(sort)
    rows: list[CaseRow] = []
    if position is None or position[0] is not None:
        valued = filtered(user, f).add_columns(key).where(key.is_not(None))
        if position is not None:
            valued = valued.where(after_clause(sort, *position))
        rows = _fetch(ordered(valued, sort, empty_last=False).limit(limit))
    if len(rows) < limit:
        empty = filtered(user, f).add_columns(key).where(key.is_(None))
        if position is not None and position[0] is None:
            empty = empty.where(after_clause(sort, *position))
        rows += _fetch(ordered(empty, sort, empty_last=False).limit(limit - len(rows)))
    return rows


def _fetch(query: Select[Any]) -> list[CaseRow]:
    """Execute a page query with the relations every case row shows, loaded in one go (the
    case-type columns' too: services.caselists.columns)."""
    shown = [joinedload(getattr(Case, name)) for name in list_relations()]
    loaded = query.options(
        joinedload(Case.ministry), joinedload(Case.organisation), joinedload(Case.assignee), *shown
    )
    return [(case, value) for case, value in db.session.execute(loaded)]


def count(user: User, f: CaseFilter) -> int:
    """The number of matches, exact up to ``COUNT_CAP``; beyond it ``COUNT_CAP + 1`` (the
    pages say "meer dan …"), so that counting never reads more rows than that."""
    cap = int(current_app.config["COUNT_CAP"])
    sub = filtered(user, f).with_only_columns(Case.id).limit(cap + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(sub)) or 0


def queue_counts(user: User) -> dict[str, int]:
    """One COUNT per queue of the user's role (each on its own index), never per case; the
    queues that are cases in given states (and of a handler) from the kept counts."""
    return {queue: _queue_count(user, queue) for queue in queues_for(user.role)}


def _kept(user: User, queue: str) -> bool:
    """Whether the kept counts answer the queue: "te doen" of everybody but the coordinator
    (his leaves out drafts he wrote himself) and an adviser's "mijn zaken"."""
    if queue == TE_DOEN:
        return user.role in (ADVISEUR, MINISTERIE, SECRETARIAAT)
    return queue == MIJN_ZAKEN and user.role == ADVISEUR


def _queue_count(user: User, queue: str) -> int:
    if _kept(user, queue):
        return _kept_queue_count(user, queue)
    # The coordinator's "bijna verlopen" holds only those of his own tasks.
    if queue == VERLOPEN or (queue == BIJNA_VERLOPEN and user.role != COORDINATOR):
        return _deadline_queue_count(user, queue)
    return count(user, CaseFilter(queue=queue))


def _kept_queue_count(user: User, queue: str) -> int:
    """As ``count`` gives it (capped at COUNT_CAP + 1), from case_counts or assignee_counts."""
    cap = int(current_app.config["COUNT_CAP"])
    if user.role == ADVISEUR:
        mine = AssigneeCount.assignee_id == user.id
        query = select(func.sum(AssigneeCount.n))
        if queue == MIJN_ZAKEN:
            query = query.where(mine)
        else:  # waiting for an adviser: unassigned or his own
            waiting = _in_counted_states(AssigneeCount, actionable_states(ADVISEUR))
            query = query.where(waiting, or_(AssigneeCount.assignee_id == NOBODY, mine))
    else:
        query = select(func.sum(CaseCount.n)).where(
            _in_counted_states(CaseCount, actionable_states(user.role))
        )
        if user.role == MINISTERIE:
            if user.ministry_id is None:
                return 0
            held = held_by(holder_of(user.ministry_id))
            query = query.where(CaseCount.ministry_id.in_(sorted(held)))
    return min(int(db.session.scalar(query) or 0), cap + 1)


def _in_counted_states(
    table: type[AssigneeCount] | type[CaseCount], per_type: dict[str, set[str]]
) -> ColumnElement[bool]:
    return or_(
        false(),
        *(
            and_(table.case_type == code, table.state.in_(sorted(states)))
            for code, states in per_type.items()
            if states
        ),
    )


def actionable_states(role: str, *, without: str = "") -> dict[str, set[str]]:
    """Per case type, the open states in which the case waits for an action of ``role``:
    derived from the workflows, leaving out side actions. Without that, every open case
    would be "waiting for" the ministry (it may withdraw) and 'aanvulling_gevraagd' for the
    coordinator (who may reassign). ``without``: leave out actions that role may take too."""
    result: dict[str, set[str]] = {}
    for code in workflows.CASE_TYPES:
        definition = workflows.latest(code)
        result[code] = {
            state
            for a in definition.actions
            if role in a.roles and not a.side and without not in a.roles
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
    """Visible cases counted per "case_type:state", from the kept counts (case_counts):
    the same cases as ``visible_to``, by the ministry they were filed under."""
    if user.role == BEHEERDER or (user.role == MINISTERIE and user.ministry_id is None):
        return {}
    total = func.sum(CaseCount.n)
    query = (
        select(CaseCount.case_type, CaseCount.state, total)
        .group_by(CaseCount.case_type, CaseCount.state)
        .having(total > 0)
    )
    if user.role == MINISTERIE and user.ministry_id is not None:
        held = held_by(holder_of(user.ministry_id))
        query = query.where(CaseCount.ministry_id.in_(sorted(held)))
    counts = {f"{t}:{state}": int(n) for t, state, n in db.session.execute(query)}
    return permissions.merged_counts(user, counts)


@dataclass(frozen=True)
class Listing:
    """What the case list shows: one page, its deadlines and the number of matches."""

    page: Page
    next_deadlines: dict[int, NextDeadline]
    total: int


def listing(user: User, f: CaseFilter, sort: Sort, cursor: str | None, size: int) -> Listing:
    found = sorted_page(user, f, sort, cursor, size)
    return Listing(found, nearest_deadlines(c.id for c in found.cases), count(user, f))
