"""The state's office locations and rijksontmoetingspleinen (issue #12, item 3)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Masterplan, Province


class Office(Base):
    """A government office location, or a place with only a rijksontmoetingsplein.

    Capacity in workplaces and how many are occupied; either may be unknown. The opening of
    a meeting place is known to the year, the month or the day (``opening_*``)."""

    __tablename__ = "offices"
    __table_args__ = (Index("ix_offices_province_place", "province_id", "place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    place: Mapped[str] = mapped_column(String(80))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"))
    name: Mapped[str] = mapped_column(String(160), default="", server_default="")
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    workplaces: Mapped[int | None] = mapped_column(Integer)
    occupied: Mapped[int | None] = mapped_column(Integer)
    masterplan_id: Mapped[int | None] = mapped_column(ForeignKey("masterplans.id"))
    project: Mapped[str] = mapped_column(String(160), default="", server_default="")
    meeting_place: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # open / announced / uncertain (caseflow.domain.offices.MEETING_STATUSES); "" without one.
    meeting_status: Mapped[str] = mapped_column(String(12), default="", server_default="")
    opening_year: Mapped[int | None] = mapped_column(Integer)
    opening_month: Mapped[int | None] = mapped_column(Integer)
    opening_day: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source: Mapped[str] = mapped_column(String(300))
    # Shipped reference data (caseflow/data/rijksontmoetingspleinen.csv) is matched on this
    # key when loaded again, so an office BZK added in the same place is never overwritten.
    reference_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Optimistic lock: the edit form carries the version it was shown with.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    province: Mapped[Province] = relationship()
    masterplan: Mapped[Masterplan | None] = relationship()
