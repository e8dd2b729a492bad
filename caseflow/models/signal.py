"""Early signals of a housing need (issue #12, item 2): an opportunity or expected change in
a ministry's staff that BZK or the ministry records before there is a case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Ministry, Province
from caseflow.models.talk import Talk
from caseflow.models.user import User


class Signal(Base):
    __tablename__ = "signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    ministry_id: Mapped[int] = mapped_column(ForeignKey("ministries.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # Signed: growth is positive, shrinkage negative (bounded like a case's fte change).
    fte_change: Mapped[int] = mapped_column(Integer)
    horizon_year: Mapped[int] = mapped_column(Integer)
    horizon_quarter: Mapped[int | None] = mapped_column(Integer)  # 1-4, or the whole year
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    region: Mapped[str] = mapped_column(String(120), default="")
    talk_id: Mapped[int | None] = mapped_column(ForeignKey("talks.id"), index=True)
    # open / omgezet (became a case) / vervallen
    status: Mapped[str] = mapped_column(String(20), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Optimistic lock, as on cases and talks.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    ministry: Mapped[Ministry] = relationship()
    province: Mapped[Province | None] = relationship()
    talk: Mapped[Talk | None] = relationship()
    recorded_by: Mapped[User] = relationship()
