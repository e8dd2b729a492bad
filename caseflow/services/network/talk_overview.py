"""The yearly overview of talks per province: for a year, all 12 provinces, which
administrators were spoken with and when, and the provinces without a talk with their
provincial executive (caseflow.domain.talks explains the gap). Regional talks are BZK's:
the overview is for BZK and the secretariat."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from caseflow.domain.talks import ProvinceYear, TalkMark, yearly_overview
from caseflow.extensions import db
from caseflow.models import Province, User
from caseflow.models.talk import Talk
from caseflow.services import permissions


def province_overview(user: User, year: int) -> list[ProvinceYear]:
    permissions.require(user, "talk_overview.view")
    provinces = list(db.session.scalars(select(Province.name).order_by(Province.name)))
    rows = db.session.execute(
        select(Province.name, Talk.held_on, Talk.functions)
        .join(Province, Talk.province_id == Province.id)
        .where(Talk.held_on >= date(year, 1, 1), Talk.held_on <= date(year, 12, 31))
    )
    marks = (TalkMark(name, held_on, tuple(functions or ())) for name, held_on, functions in rows)
    return yearly_overview(provinces, marks, year)
