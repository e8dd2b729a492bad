"""Who may see which cases. A ministry user sees only its own ministry's cases; to anyone
who may not see a case it does not exist (404, never 403), and it is left out of every
list and count. The application administrator sees no case content."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true

from caseflow.domain.errors import NotFound
from caseflow.extensions import db
from caseflow.models import Case, User
from workflows.base import BEHEERDER, MINISTERIE

CASE_NOT_FOUND = "Deze zaak bestaat niet of u heeft er geen toegang toe."


def visible_to(user: User) -> ColumnElement[bool]:
    """The WHERE clause that every case query goes through."""
    if user.role == MINISTERIE:
        return Case.ministry_id == user.ministry_id
    if user.role == BEHEERDER:
        return false()
    return true()


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
