"""Reference lists for choice fields and filters."""

from __future__ import annotations

from sqlalchemy import select

from caseflow.domain.clock import local_today
from caseflow.extensions import db
from caseflow.models import FollowUp, Masterplan, Ministry, Organisation, Province, User
from caseflow.services import permissions
from caseflow.services.cases.access import holder_of
from workflows.base import ADVISEUR, COORDINATOR


def provinces() -> list[Province]:
    return list(db.session.scalars(select(Province).order_by(Province.name)))


def ministries(current_only: bool = True) -> list[Ministry]:
    found = db.session.scalars(select(Ministry).order_by(Ministry.name))
    today = local_today()
    return [m for m in found if not current_only or m.valid_on(today)]


def organisations(
    user: User, ministry: Ministry | None = None, *, zbo_only: bool = False
) -> list[Organisation]:
    """Organisations a user may file for: those of the ministry holding the case (a
    ministry user's own; a case filed under a folded ministry: its successor's). A zbo talk
    lists only confirmed zbo's; proposals (unconfirmed) only on location cases."""
    query = select(Organisation).order_by(Organisation.name)
    if zbo_only:
        query = query.where(Organisation.kind == "zbo", Organisation.confirmed.is_(True))
    found = list(db.session.scalars(query))
    owner = ministry if permissions.can(user, "ministry.choose") else user.ministry
    if owner is None:
        return found
    holder = holder_of(owner.id)
    return [o for o in found if holder_of(o.ministry_id) == holder]


def masterplans() -> list[Masterplan]:
    return list(db.session.scalars(select(Masterplan).order_by(Masterplan.name)))


def advisers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            # Role data, not a permission: who can be assigned a case (BZK's own people).
            .where(User.role.in_((ADVISEUR, COORDINATOR)), User.active.is_(True))
            .order_by(User.name)
        )
    )


def open_follow_ups(case_id: int) -> list[FollowUp]:
    return list(
        db.session.scalars(
            select(FollowUp)
            .where(FollowUp.case_id == case_id, FollowUp.done_at.is_(None))
            .order_by(FollowUp.id)
        )
    )


def follow_ups(case_id: int) -> list[FollowUp]:
    return list(
        db.session.scalars(
            select(FollowUp).where(FollowUp.case_id == case_id).order_by(FollowUp.id)
        )
    )
