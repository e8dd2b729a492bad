"""The case's handler and holding ministry, copied onto its deadlines
(``deadlines.case_assignee_id``, ``case_holder_id``) so that the deadline queues ("bijna
verlopen", "verlopen") count one handler's or one ministry's running deadlines on a partial
index instead of reading every running deadline and checking its case.

A ``before_flush`` hook fills them on every new deadline from its case and copies them to
all deadlines of a case whose handler or holder changes, in the same transaction; the
reference data's hand-over of cases to a successor ministry (a bulk UPDATE) calls
``copy_holder``. ``recopy()`` (``flask caseflow recount``) rebuilds them from the cases.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event, inspect, select, update
from sqlalchemy.orm import Session

from caseflow.extensions import db
from caseflow.models import Case, Deadline


def _follow(session: Session, _context: Any, _instances: Any) -> None:
    for deadline in (o for o in session.new if isinstance(o, Deadline)):
        case = session.get(Case, deadline.case_id) if deadline.case_id is not None else None
        if case is not None:
            deadline.case_assignee_id = case.assignee_id
            deadline.case_holder_id = case.holder_ministry_id
    for case in sorted((o for o in session.dirty if isinstance(o, Case)), key=lambda c: c.id):
        state = inspect(case)
        changed = (
            state.attrs[n].history.has_changes() for n in ("assignee_id", "holder_ministry_id")
        )
        if any(changed):
            session.connection().execute(
                update(Deadline)
                .where(Deadline.case_id == case.id)
                .values(case_assignee_id=case.assignee_id, case_holder_id=case.holder_ministry_id)
                .execution_options(synchronize_session=False)
            )


def init_app(_app: Flask) -> None:
    """Follow the cases from now on; registered once per process (on the session class)."""
    if not event.contains(Session, "before_flush", _follow):
        event.listen(Session, "before_flush", _follow)


def copy_holder(ministry_id: int) -> None:
    """After a bulk hand-over of the cases filed under ``ministry_id``: their deadlines too."""
    holder = select(Case.holder_ministry_id).where(Case.id == Deadline.case_id).scalar_subquery()
    db.session.execute(
        update(Deadline)
        .where(Deadline.case_id.in_(select(Case.id).where(Case.ministry_id == ministry_id)))
        .values(case_holder_id=holder)
        .execution_options(synchronize_session=False)
    )


def recopy() -> None:
    """Copy every case's handler and holder onto its deadlines again (no commit)."""
    of_case = select(Case).where(Case.id == Deadline.case_id)
    db.session.execute(
        update(Deadline)
        .values(
            case_assignee_id=of_case.with_only_columns(Case.assignee_id).scalar_subquery(),
            case_holder_id=of_case.with_only_columns(Case.holder_ministry_id).scalar_subquery(),
        )
        .execution_options(synchronize_session=False)
    )
