"""Who may see which cases. A ministry user sees only its own ministry's cases; to anyone
who may not see a case it does not exist (404, never 403), and it is left out of every
list and count. The application administrator sees no case content.

A case keeps the ministry it was filed under, also after a cabinet renames, merges or folds
that ministry: its successor (``Ministry.successor_id``, transitively) holds the case and
its users see and handle it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true

from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Case, Ministry, User
from workflows.base import BEHEERDER, MINISTERIE

CASE_NOT_FOUND = "Deze zaak bestaat niet of u heeft er geen toegang toe."


def visible_to(user: User) -> ColumnElement[bool]:
    """The WHERE clause that every case query goes through."""
    if user.role == MINISTERIE:
        held = held_by(user.ministry_id)
        if len(held) == 1:
            return Case.ministry_id == user.ministry_id  # the common case: one index range
        return Case.ministry_id.in_(sorted(held))
    if user.role == BEHEERDER:
        return false()
    return true()


def _successors() -> dict[int, int]:
    """Ministry id -> successor id, read once per session (reference data, a few rows)."""
    cached: dict[int, int] | None = db.session.info.get("ministry_successors")
    if cached is None:
        links = db.session.execute(
            select(Ministry.id, Ministry.successor_id).where(Ministry.successor_id.is_not(None))
        )
        cached = {ministry: successor for ministry, successor in links if successor is not None}
        db.session.info["ministry_successors"] = cached
    return cached


def held_by(ministry_id: int | None) -> set[int]:
    """The ministries whose cases ``ministry_id`` holds: itself and every ministry it
    succeeded, directly or through others."""
    if ministry_id is None:
        return set()
    held, grew = {ministry_id}, True
    successors = _successors()
    while grew:
        before = len(held)
        held |= {ministry for ministry, successor in successors.items() if successor in held}
        grew = len(held) > before
    return held


def holding_ministries(case: Case) -> set[int]:
    """The ministries that hold ``case``: the one it was filed under and its successors."""
    holding, current = {case.ministry_id}, case.ministry_id
    successors = _successors()
    while current in successors and successors[current] not in holding:
        current = successors[current]
        holding.add(current)
    return holding


def get_case(user: User, case_id: int, *, for_update: bool = False) -> Case:
    query = select(Case).where(Case.id == case_id, visible_to(user))
    if for_update:
        # Serialises concurrent transitions of one case on PostgreSQL (a no-op on SQLite,
        # which serialises writers anyway); the version check catches the rest.
        query = query.with_for_update()
    case = db.session.scalars(query).first()
    if case is None:
        raise NotFound(CASE_NOT_FOUND)
    return case
