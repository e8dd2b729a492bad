"""Who may see which cases. A ministry user sees only its own ministry's cases; to anyone
who may not see a case it does not exist (404, never 403), and it is left out of every
list and count. The application administrator sees no case content.

A case keeps the ministry it was filed under, also after a cabinet renames, merges or folds
that ministry: its successor (``Ministry.successor_id``, transitively) holds the case and
its users see and handle it. ``cases.holder_ministry_id`` records that holder, so a ministry
user's lists are one equality on indexed columns; the reference data keeps it current."""

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
        if user.ministry_id is None:
            return false()
        return Case.holder_ministry_id == holder_of(user.ministry_id)
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


def holder_of(ministry_id: int) -> int:
    """The ministry that now holds what ``ministry_id`` held: itself, or the end of its
    chain of successors."""
    successors, seen = _successors(), {ministry_id}
    while ministry_id in successors and successors[ministry_id] not in seen:
        ministry_id = successors[ministry_id]
        seen.add(ministry_id)
    return ministry_id


def held_by(holder_id: int) -> set[int]:
    """The ministries whose cases ``holder_id`` holds (itself and all it succeeded): their
    users work for it."""
    return {m for m in (holder_id, *_successors()) if holder_of(m) == holder_id}


def forget_successors() -> None:
    """After the reference data changed the links: read them again."""
    db.session.info.pop("ministry_successors", None)


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
