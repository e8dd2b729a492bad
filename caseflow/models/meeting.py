"""Ministerraad meetings and the escalated cases placed on them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.case import Case
from caseflow.models.reference import Province


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, unique=True)
    note: Mapped[str] = mapped_column(String(200), default="")


class AgendaItem(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    onderraad: Mapped[str] = mapped_column(String(80), default="")
    placed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    placed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decision_text: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    decided_place: Mapped[str] = mapped_column(String(80), default="")

    case: Mapped[Case] = relationship()
    meeting: Mapped[Meeting] = relationship()
    decided_province: Mapped[Province | None] = relationship()
