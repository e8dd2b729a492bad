"""Export jobs ("Mijn downloads"): a large file a user asked for, built by a background task
instead of inside the web request. The row is the task's outbox: written in the request's
transaction, claimed and built by the periodic task (services.reporting.exports), kept with
its file until it expires."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.domain.clock import utcnow
from caseflow.extensions import Base

WAITING, BUILDING, READY, FAILED = "wachtend", "bezig", "klaar", "mislukt"
STATUSES = (WAITING, BUILDING, READY, FAILED)
# What is exported (one kind so far): the annual overview's full lists as an Excel file.
ANNUAL_XLSX = "jaaroverzicht_xlsx"


class ExportJob(Base):
    __tablename__ = "export_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('wachtend', 'bezig', 'klaar', 'mislukt')", name="known_status"),
        Index("ix_export_jobs_user_id_id", "user_id", "id"),
        Index("ix_export_jobs_status_id", "status", "id"),
        Index("ix_export_jobs_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # The annual overview's parameters, as the screen chose them.
    year: Mapped[int] = mapped_column(Integer)
    peildatum: Mapped[date] = mapped_column(Date)
    basis: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default=WAITING)
    # Claims by a builder: one that dies leaves a claim that is taken again after a lease.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The file: a random name under EXPORTS_PATH, the name it is downloaded as, its size.
    file_key: Mapped[str] = mapped_column(String(64), default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    size: Mapped[int | None] = mapped_column(BigInteger)
    # Why it failed, in Dutch, for the user (details go to the log, not here).
    error: Mapped[str] = mapped_column(Text, default="")
    # The job and its file are removed after this moment.
    expires_at: Mapped[datetime] = mapped_column(DateTime)
