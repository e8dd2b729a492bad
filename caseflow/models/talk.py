"""Talks BZK holds with regional administrators and with ministries (Kamerstuk 31 490 nr.
337, line e; annex action 1b), and the follow-up actions agreed in them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.reference import Ministry, Province
from caseflow.models.user import User


class Talk(Base):
    __tablename__ = "talks"

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    # caseflow.domain.talks.KINDS: regional administrators, a ministry, other.
    kind: Mapped[str] = mapped_column(String(20))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), index=True)
    region: Mapped[str] = mapped_column(String(120), default="")
    ministry_id: Mapped[int | None] = mapped_column(ForeignKey("ministries.id"), index=True)
    # The functions that took part (caseflow.domain.talks.FUNCTIONS); the yearly overview
    # reads them to find the provinces without a talk with their provincial executive.
    functions: Mapped[list[str]] = mapped_column(JSON, default=list)
    participants: Mapped[str] = mapped_column(Text, default="")  # names, optional
    topics: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Optimistic lock, as on cases: an edit form carries the version it was shown with.
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    province: Mapped[Province | None] = relationship()
    ministry: Mapped[Ministry | None] = relationship()
    recorded_by: Mapped[User] = relationship()
    follow_ups: Mapped[list[TalkFollowUp]] = relationship(
        back_populates="talk", order_by="TalkFollowUp.due_on, TalkFollowUp.id"
    )


class TalkFollowUp(Base):
    """An action agreed in a talk: who does it and by when; done once ``done_on`` is set."""

    __tablename__ = "talk_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    talk_id: Mapped[int] = mapped_column(ForeignKey("talks.id"), index=True)
    action: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(120))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)

    talk: Mapped[Talk] = relationship(back_populates="follow_ups")
