"""Deadlines as rows: due date, stopped-clock intervals, extensions, and the reminders
planned for them. A reminder row is unique per deadline and step, so it is sent once."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base
from caseflow.models.user import User

RUNNING, PAUSED, DONE, LAPSED = "lopend", "gepauzeerd", "afgerond", "vervallen"


class Deadline(Base):
    __tablename__ = "deadlines"
    __table_args__ = (
        Index("ix_deadlines_case_id_kind", "case_id", "kind"),
        Index("ix_deadlines_status_due_on", "status", "due_on"),
        # Per-case EXISTS checks and the nearest deadline, answered from the index alone.
        Index("ix_deadlines_case_id_status_due_on", "case_id", "status", "due_on"),
        # The deadline queues ("bijna verlopen", "verlopen") from the deadline side: the
        # running deadlines of a role in a due window, with their case, from the index alone.
        Index(
            "ix_deadlines_status_role_due_on_case",
            "status",
            "responsible_role",
            "due_on",
            "case_id",
        ),
        # The same for one handler's cases (an adviser's: unassigned and his own) and for one
        # holding ministry's, so that neither reads the running deadlines of other cases.
        Index(
            "ix_deadlines_running_role_assignee",
            "responsible_role",
            "case_assignee_id",
            "due_on",
            "case_id",
            postgresql_where=text("status = 'lopend'"),
            sqlite_where=text("status = 'lopend'"),
        ),
        Index(
            "ix_deadlines_running_role_holder",
            "responsible_role",
            "case_holder_id",
            "due_on",
            "case_id",
            postgresql_where=text("status = 'lopend'"),
            sqlite_where=text("status = 'lopend'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str] = mapped_column(String(80))
    responsible_role: Mapped[str] = mapped_column(String(20))
    started_on: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=RUNNING)
    paused_on: Mapped[date | None] = mapped_column(Date)
    remaining_days: Mapped[int | None] = mapped_column(Integer)
    completed_on: Mapped[date | None] = mapped_column(Date)
    met: Mapped[bool | None] = mapped_column(Boolean)
    # Copies of the case's handler and holding ministry, kept by
    # services.deadlines.case_facts, for the deadline queues' partial indexes.
    case_assignee_id: Mapped[int | None] = mapped_column(Integer)
    case_holder_id: Mapped[int | None] = mapped_column(Integer)

    pauses: Mapped[list[DeadlinePause]] = relationship(order_by="DeadlinePause.id")
    extensions: Mapped[list[DeadlineExtension]] = relationship(order_by="DeadlineExtension.id")

    @property
    def open(self) -> bool:
        return self.status in (RUNNING, PAUSED)


class DeadlinePause(Base):
    """An interval in which the clock stood still (e.g. while information was requested)."""

    __tablename__ = "deadline_pauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"), index=True)
    paused_on: Mapped[date] = mapped_column(Date)
    resumed_on: Mapped[date | None] = mapped_column(Date)
    remaining_days: Mapped[int] = mapped_column(Integer)
    due_before: Mapped[date] = mapped_column(Date)
    due_after: Mapped[date | None] = mapped_column(Date)


class DeadlineExtension(Base):
    __tablename__ = "deadline_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"), index=True)
    old_due: Mapped[date] = mapped_column(Date)
    new_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    by: Mapped[User] = relationship()


PLANNED, SENT, CANCELLED = "gepland", "verstuurd", "vervallen"


class Reminder(Base):
    """One reminder moment. ``step`` names the moment and the due date it belongs to
    (e.g. ``vervaldag:2026-12-10``), so an extension plans new rows instead of reusing
    ones that were already sent."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("deadline_id", "step", name="deadline_step"),
        Index("ix_reminders_status_send_on", "status", "send_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deadline_id: Mapped[int] = mapped_column(ForeignKey("deadlines.id"))
    step: Mapped[str] = mapped_column(String(40))
    send_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=PLANNED)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)

    deadline: Mapped[Deadline] = relationship()
